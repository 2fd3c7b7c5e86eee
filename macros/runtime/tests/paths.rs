//! The attribute rewrites `std` paths however they are written: fully
//! qualified, through a module import, or as imported short names. If one
//! were missed, the demo would run on real threads inside loom and fail.

use std::sync::Mutex;
use std::sync::atomic;
use std::thread::spawn;

#[racelint_demo::demo(outcomes = [1, 2], intended = 2)]
fn fully_qualified_paths() -> usize {
    let counter = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let handles: Vec<std::thread::JoinHandle<()>> = (0..2)
        .map(|_| {
            let c = std::sync::Arc::clone(&counter);
            std::thread::spawn(move || {
                let v = c.load(std::sync::atomic::Ordering::SeqCst);
                c.store(v + 1, std::sync::atomic::Ordering::SeqCst);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    counter.load(std::sync::atomic::Ordering::SeqCst)
}

#[racelint_demo::demo(always = 2)]
fn imported_names_and_macros() -> usize {
    let counters = std::sync::Arc::new(vec![Mutex::new(0)]);
    let flag = std::sync::Arc::new(atomic::AtomicBool::new(false));
    let handles = vec![
        {
            let counters = std::sync::Arc::clone(&counters);
            spawn(move || *counters[0].lock().unwrap() += 1)
        },
        {
            let counters = std::sync::Arc::clone(&counters);
            let flag = std::sync::Arc::clone(&flag);
            spawn(move || {
                *counters[0].lock().unwrap() += 1;
                flag.store(true, atomic::Ordering::Relaxed);
            })
        },
    ];
    for h in handles {
        h.join().unwrap();
    }
    assert!(flag.load(atomic::Ordering::Relaxed));
    *counters[0].lock().unwrap()
}

/// The shape of the Rust book's thread pool: types and their `impl`s
/// defined inside the demo function are rewritten and modelled like the
/// rest (a type defined outside is a compile error: see `tests/ui`).
#[racelint_demo::demo(always = 3)]
fn a_book_style_thread_pool() -> usize {
    type Job = Box<dyn FnOnce() + Send + 'static>;

    struct Worker {
        thread: Option<std::thread::JoinHandle<()>>,
    }

    impl Worker {
        fn new(receiver: std::sync::Arc<Mutex<std::sync::mpsc::Receiver<Job>>>) -> Worker {
            let thread = spawn(move || {
                loop {
                    let message = receiver.lock().unwrap().recv();
                    match message {
                        Ok(job) => job(),
                        Err(_) => break,
                    }
                }
            });
            Worker {
                thread: Some(thread),
            }
        }
    }

    struct ThreadPool {
        workers: Vec<Worker>,
        sender: Option<std::sync::mpsc::Sender<Job>>,
    }

    impl ThreadPool {
        fn new(size: usize) -> ThreadPool {
            let (sender, receiver) = std::sync::mpsc::channel();
            let receiver = std::sync::Arc::new(Mutex::new(receiver));
            let workers = (0..size)
                .map(|_| Worker::new(std::sync::Arc::clone(&receiver)))
                .collect();
            ThreadPool {
                workers,
                sender: Some(sender),
            }
        }

        fn execute<F: FnOnce() + Send + 'static>(&self, f: F) {
            self.sender.as_ref().unwrap().send(Box::new(f)).unwrap();
        }
    }

    impl Drop for ThreadPool {
        fn drop(&mut self) {
            drop(self.sender.take());
            for worker in &mut self.workers {
                if let Some(thread) = worker.thread.take() {
                    thread.join().unwrap();
                }
            }
        }
    }

    let total = std::sync::Arc::new(atomic::AtomicUsize::new(0));
    {
        let pool = ThreadPool::new(2);
        for n in 1..=2 {
            let total = std::sync::Arc::clone(&total);
            pool.execute(move || {
                total.fetch_add(n, atomic::Ordering::SeqCst);
            });
        }
    }
    total.load(atomic::Ordering::SeqCst)
}
