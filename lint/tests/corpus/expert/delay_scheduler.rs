//! Runs jobs after a delay on one timer thread. The thread waits on a
//! `Condvar` with a timeout until the earliest deadline, and wakes early when
//! an earlier job is scheduled or the scheduler is dropped.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

type Job = Box<dyn FnOnce() + Send>;

struct Entry {
    due: Instant,
    seq: u64,
    job: Job,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        (self.due, self.seq) == (other.due, other.seq)
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.due, self.seq).cmp(&(other.due, other.seq))
    }
}

#[derive(Default)]
struct State {
    queue: BinaryHeap<Reverse<Entry>>,
    next_seq: u64,
    shutdown: bool,
}

pub struct Scheduler {
    shared: Arc<(Mutex<State>, Condvar)>,
    timer: Option<JoinHandle<()>>,
}

impl Scheduler {
    pub fn new() -> Self {
        let shared = Arc::new((Mutex::new(State::default()), Condvar::new()));
        let worker = Arc::clone(&shared);
        let timer = thread::spawn(move || run_timer(&worker));
        Scheduler {
            shared,
            timer: Some(timer),
        }
    }

    pub fn schedule(&self, delay: Duration, job: impl FnOnce() + Send + 'static) {
        let (lock, cvar) = &*self.shared;
        let mut state = lock.lock().unwrap();
        let seq = state.next_seq;
        state.next_seq += 1;
        state.queue.push(Reverse(Entry {
            due: Instant::now() + delay,
            seq,
            job: Box::new(job),
        }));
        cvar.notify_one();
    }
}

fn run_timer(shared: &(Mutex<State>, Condvar)) {
    let (lock, cvar) = shared;
    let mut state = lock.lock().unwrap();
    loop {
        let now = Instant::now();
        match state.queue.peek() {
            Some(Reverse(entry)) if entry.due <= now => {
                let Reverse(entry) = state.queue.pop().unwrap();
                drop(state);
                (entry.job)();
                state = lock.lock().unwrap();
            }
            Some(Reverse(entry)) => {
                let wait = entry.due - now;
                state = cvar.wait_timeout(state, wait).unwrap().0;
            }
            None if state.shutdown => return,
            None => state = cvar.wait(state).unwrap(),
        }
    }
}

impl Drop for Scheduler {
    fn drop(&mut self) {
        let (lock, cvar) = &*self.shared;
        lock.lock().unwrap().shutdown = true;
        cvar.notify_all();
        if let Some(timer) = self.timer.take() {
            timer.join().expect("a scheduled job panicked");
        }
    }
}

fn main() {
    let (tx, rx) = mpsc::channel();
    {
        let scheduler = Scheduler::new();
        for (name, ms) in [("third", 30), ("first", 10), ("second", 20)] {
            let tx = tx.clone();
            scheduler.schedule(Duration::from_millis(ms), move || {
                tx.send(name).unwrap();
            });
        }
    }
    drop(tx);
    let order: Vec<_> = rx.iter().collect();
    assert_eq!(order, ["first", "second", "third"]);
    println!("{order:?}");
}
