//! A background flusher that sleeps with `park` until there is work, and is
//! woken with `unpark`. Parking can wake spuriously, so the worker re-checks
//! its queue each time.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

struct Shared {
    pending: Mutex<VecDeque<String>>,
    shutdown: AtomicBool,
}

pub struct Flusher {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<Vec<String>>>,
}

impl Flusher {
    pub fn start() -> Flusher {
        let shared = Arc::new(Shared {
            pending: Mutex::new(VecDeque::new()),
            shutdown: AtomicBool::new(false),
        });
        let worker_shared = Arc::clone(&shared);
        let thread = thread::spawn(move || run(&worker_shared));
        Flusher {
            shared,
            thread: Some(thread),
        }
    }

    pub fn write(&self, line: impl Into<String>) {
        self.shared.pending.lock().unwrap().push_back(line.into());
        if let Some(t) = &self.thread {
            t.thread().unpark();
        }
    }

    /// Stops the flusher and returns everything it wrote.
    pub fn finish(mut self) -> Vec<String> {
        self.stop().unwrap_or_default()
    }

    fn stop(&mut self) -> Option<Vec<String>> {
        let thread = self.thread.take()?;
        self.shared.shutdown.store(true, Ordering::Release);
        thread.thread().unpark();
        Some(thread.join().expect("flusher thread panicked"))
    }
}

impl Drop for Flusher {
    fn drop(&mut self) {
        self.stop();
    }
}

fn run(shared: &Shared) -> Vec<String> {
    let mut written = Vec::new();
    loop {
        let batch: Vec<String> = shared.pending.lock().unwrap().drain(..).collect();
        if batch.is_empty() {
            if shared.shutdown.load(Ordering::Acquire) {
                // Lines written before the shutdown flag are in the queue:
                // one last look, then stop.
                let rest: Vec<String> = shared.pending.lock().unwrap().drain(..).collect();
                written.extend(rest);
                return written;
            }
            thread::park();
            continue;
        }
        for line in &batch {
            println!("flush: {line}");
        }
        written.extend(batch);
    }
}

fn main() {
    let flusher = Flusher::start();
    for i in 0..5 {
        flusher.write(format!("line {i}"));
    }
    let written = flusher.finish();
    assert_eq!(written.len(), 5);
}
