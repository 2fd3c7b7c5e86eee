//! Five threads each add up a thousand numbers and push their sum into a
//! shared list; the main thread prints the list and the grand total.
//!
//! Fixed: the main thread joins every thread first. `join` waits until the
//! thread is done, so after the last join every sum is in the list.

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

fn main() {
    let sums = Arc::new(Mutex::new(Vec::new()));

    let mut handles = Vec::new();
    for i in 0..5u64 {
        let sums = Arc::clone(&sums);
        handles.push(thread::spawn(move || {
            let start = i * 1000 + 1;
            let sum: u64 = (start..start + 1000).sum();
            thread::sleep(Duration::from_millis(5)); // pretend this took a while
            sums.lock().unwrap().push(sum);
        }));
    }

    for handle in handles {
        handle.join().unwrap();
    }

    let results = sums.lock().unwrap().clone();
    let total: u64 = results.iter().sum();
    let expected = (1..=5000u64).sum::<u64>();
    println!("sums: {results:?}");
    println!("total = {total} (expected {expected})");
    assert_eq!(total, expected);
}
