//! A work-stealing-lite job runner written for edition 2024: the temporary
//! guard in an `if let` scrutinee is dropped before the `else` block runs.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

struct Queues {
    local: Vec<Mutex<VecDeque<u64>>>,
    completed: AtomicUsize,
}

impl Queues {
    fn new(workers: usize, jobs: impl IntoIterator<Item = u64>) -> Self {
        let local: Vec<_> = (0..workers).map(|_| Mutex::new(VecDeque::new())).collect();
        for (i, job) in jobs.into_iter().enumerate() {
            local[i % workers].lock().unwrap().push_back(job);
        }
        Queues {
            local,
            completed: AtomicUsize::new(0),
        }
    }

    /// Takes from our own queue, or else steals from the back of another one.
    fn next_job(&self, me: usize) -> Option<u64> {
        if let Some(job) = self.local[me].lock().unwrap().pop_front() {
            Some(job)
        } else {
            let n = self.local.len();
            (1..n).find_map(|k| self.local[(me + k) % n].lock().unwrap().pop_back())
        }
    }
}

fn collatz_steps(mut n: u64) -> u64 {
    let mut steps = 0;
    while n != 1 {
        n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
        steps += 1;
    }
    steps
}

fn main() {
    let workers = 4;
    let queues = Arc::new(Queues::new(workers, 1..=2000));

    let handles: Vec<_> = (0..workers)
        .map(|me| {
            let queues = Arc::clone(&queues);
            thread::spawn(move || {
                let mut longest = (0, 0);
                while let Some(job) = queues.next_job(me) {
                    let steps = collatz_steps(job);
                    longest = longest.max((steps, job));
                    queues.completed.fetch_add(1, Ordering::Relaxed);
                }
                longest
            })
        })
        .collect();

    let longest = handles
        .into_iter()
        .map(|h| h.join().expect("worker panicked"))
        .max()
        .unwrap();
    assert_eq!(queues.completed.load(Ordering::Relaxed), 2000);
    println!("{} takes {} steps", longest.1, longest.0);
}
