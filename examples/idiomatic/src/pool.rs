//! A fixed-size thread pool. Jobs go through one channel whose receiver the
//! workers share behind a `Mutex`; dropping the pool closes the channel and
//! joins every worker, so no job is cut off.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

type Job = Box<dyn FnOnce() + Send + 'static>;

pub struct ThreadPool {
    workers: Vec<JoinHandle<()>>,
    sender: Option<Sender<Job>>,
}

fn work(jobs: Arc<Mutex<Receiver<Job>>>) {
    loop {
        // The guard is a temporary of this statement: the lock is released
        // before the job runs, so other workers can take the next one.
        let message = jobs.lock().unwrap().recv();
        match message {
            Ok(job) => job(),
            // Every sender is gone: the pool is shutting down.
            Err(_) => break,
        }
    }
}

impl ThreadPool {
    pub fn new(size: usize) -> Self {
        assert!(size > 0, "a pool needs at least one worker");
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        let workers = (0..size)
            .map(|id| {
                let receiver = Arc::clone(&receiver);
                thread::Builder::new()
                    .name(format!("pool-worker-{id}"))
                    .spawn(move || work(receiver))
                    .expect("failed to spawn a pool worker")
            })
            .collect();
        ThreadPool {
            workers,
            sender: Some(sender),
        }
    }

    pub fn execute<F>(&self, job: F)
    where
        F: FnOnce() + Send + 'static,
    {
        self.sender
            .as_ref()
            .expect("the pool is running until it is dropped")
            .send(Box::new(job))
            .expect("the workers outlive the sender");
    }

    pub fn size(&self) -> usize {
        self.workers.len()
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        // Closing the channel ends each worker's loop once the queue is empty.
        drop(self.sender.take());
        for worker in self.workers.drain(..) {
            if let Err(panic) = worker.join() {
                if !thread::panicking() {
                    std::panic::resume_unwind(panic);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn dropping_the_pool_waits_for_every_job() {
        let done = Arc::new(AtomicUsize::new(0));
        {
            let pool = ThreadPool::new(4);
            assert_eq!(pool.size(), 4);
            for _ in 0..100 {
                let done = Arc::clone(&done);
                pool.execute(move || {
                    done.fetch_add(1, Ordering::Relaxed);
                });
            }
        }
        assert_eq!(done.load(Ordering::Relaxed), 100);
    }

    #[test]
    fn results_come_back_through_a_channel() {
        let pool = ThreadPool::new(3);
        let (tx, rx) = mpsc::channel();
        for i in 0..10u64 {
            let tx = tx.clone();
            pool.execute(move || tx.send(i * i).unwrap());
        }
        drop(tx);
        let mut squares: Vec<u64> = rx.iter().collect();
        squares.sort_unstable();
        assert_eq!(squares, (0..10).map(|i| i * i).collect::<Vec<_>>());
    }
}
