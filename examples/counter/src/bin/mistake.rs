//! Two threads each add one to a shared counter 100 000 times.
//!
//! The counter is an atomic, so every `load` and every `store` is safe on its
//! own. But `counter += 1` is three steps here: read, add, write. Run it a few
//! times and compare the result with what you expect.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

const THREADS: usize = 2;
const INCREMENTS: usize = 100_000;

fn main() {
    let counter = Arc::new(AtomicUsize::new(0));

    let mut handles = Vec::new();
    for _ in 0..THREADS {
        let counter = Arc::clone(&counter);
        handles.push(thread::spawn(move || {
            for _ in 0..INCREMENTS {
                let value = counter.load(Ordering::SeqCst);
                counter.store(value + 1, Ordering::SeqCst);
            }
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }

    println!(
        "counter = {} (expected {})",
        counter.load(Ordering::SeqCst),
        THREADS * INCREMENTS
    );
}
