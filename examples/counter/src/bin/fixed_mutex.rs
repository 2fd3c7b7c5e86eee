//! Two threads each add one to a shared counter 100 000 times.
//!
//! Fixed with a `Mutex`: one guard is held for the whole read-add-write, so
//! one thread at a time does the update.

use std::sync::{Arc, Mutex};
use std::thread;

const THREADS: usize = 2;
const INCREMENTS: usize = 100_000;

fn main() {
    let counter = Arc::new(Mutex::new(0));

    let mut handles = Vec::new();
    for _ in 0..THREADS {
        let counter = Arc::clone(&counter);
        handles.push(thread::spawn(move || {
            for _ in 0..INCREMENTS {
                let mut value = counter.lock().unwrap();
                *value += 1;
            }
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }

    let total = *counter.lock().unwrap();
    println!("counter = {total} (expected {})", THREADS * INCREMENTS);
    assert_eq!(total, THREADS * INCREMENTS);
}
