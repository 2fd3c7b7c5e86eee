use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

struct Queue {
    jobs: Mutex<(VecDeque<u32>, bool)>,
    ready: Condvar,
}

fn worker(id: usize, queue: Arc<Queue>) -> u32 {
    let mut done = 0;
    loop {
        let mut state = queue.jobs.lock().unwrap();
        while state.0.is_empty() && !state.1 {
            state = queue.ready.wait(state).unwrap();
        }
        let Some(job) = state.0.pop_front() else {
            break;
        };
        drop(state);
        println!("worker {id} runs job {job}");
        done += 1;
    }
    done
}

fn main() {
    let queue = Arc::new(Queue {
        jobs: Mutex::new((VecDeque::new(), false)),
        ready: Condvar::new(),
    });

    let workers: Vec<_> = (0..3)
        .map(|id| {
            let queue = Arc::clone(&queue);
            thread::spawn(move || worker(id, queue))
        })
        .collect();

    for job in 0..10 {
        queue.jobs.lock().unwrap().0.push_back(job);
        queue.ready.notify_one();
    }
    queue.jobs.lock().unwrap().1 = true;
    queue.ready.notify_all();

    let total: u32 = workers.into_iter().map(|w| w.join().unwrap()).sum();
    println!("{total} jobs done");
}
