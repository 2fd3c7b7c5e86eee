//! Two threads each add one to a shared counter 100 000 times.
//!
//! Fixed with `fetch_add`: the read, the add and the write happen as one
//! atomic step, so no other thread can run in between.

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
                counter.fetch_add(1, Ordering::SeqCst);
            }
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }

    let total = counter.load(Ordering::SeqCst);
    println!("counter = {total} (expected {})", THREADS * INCREMENTS);
    assert_eq!(total, THREADS * INCREMENTS);
}
