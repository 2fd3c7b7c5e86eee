//! A fixed-size thread pool with graceful shutdown: dropping the pool closes
//! the job channel, and every worker finishes its queue and is joined.

use std::fmt;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

type Job = Box<dyn FnOnce() + Send + 'static>;

pub struct ThreadPool {
    workers: Vec<Worker>,
    sender: Option<Sender<Job>>,
}

struct Worker {
    id: usize,
    thread: JoinHandle<()>,
}

#[derive(Debug)]
pub struct PoolCreationError;

impl fmt::Display for PoolCreationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a thread pool needs at least one thread")
    }
}

impl std::error::Error for PoolCreationError {}

impl ThreadPool {
    pub fn build(size: usize) -> Result<ThreadPool, PoolCreationError> {
        if size == 0 {
            return Err(PoolCreationError);
        }
        let (sender, receiver) = mpsc::channel();
        let receiver = Arc::new(Mutex::new(receiver));
        let workers = (0..size)
            .map(|id| Worker::new(id, Arc::clone(&receiver)))
            .collect();
        Ok(ThreadPool {
            workers,
            sender: Some(sender),
        })
    }

    pub fn execute<F>(&self, f: F)
    where
        F: FnOnce() + Send + 'static,
    {
        self.sender
            .as_ref()
            .expect("the pool is shutting down")
            .send(Box::new(f))
            .expect("all workers have stopped");
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        drop(self.sender.take());
        for worker in self.workers.drain(..) {
            if let Err(panic) = worker.thread.join() {
                eprintln!("worker {} panicked: {panic:?}", worker.id);
            }
        }
    }
}

impl Worker {
    fn new(id: usize, receiver: Arc<Mutex<Receiver<Job>>>) -> Worker {
        let thread = thread::Builder::new()
            .name(format!("pool-worker-{id}"))
            .spawn(move || loop {
                let message = receiver.lock().unwrap().recv();
                match message {
                    Ok(job) => job(),
                    Err(_) => break,
                }
            })
            .expect("failed to spawn a worker thread");
        Worker { id, thread }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (results_tx, results_rx) = mpsc::channel();
    {
        let pool = ThreadPool::build(4)?;
        for n in 0..16u64 {
            let results_tx = results_tx.clone();
            pool.execute(move || {
                let fib = (0..n).fold((0u64, 1u64), |(a, b), _| (b, a + b)).0;
                results_tx.send((n, fib)).unwrap();
            });
        }
    }
    drop(results_tx);
    let mut results: Vec<_> = results_rx.iter().collect();
    results.sort();
    println!("{results:?}");
    Ok(())
}
