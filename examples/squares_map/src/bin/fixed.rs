//! Four threads square the numbers 1 to 1000 and count, in a shared map, how
//! many squares end in each digit.
//!
//! Fixed: one guard is held for the whole read-add-write of an entry, so no
//! other thread can update the same count in between.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread;

const THREADS: u64 = 4;
const NUMBERS: u64 = 1000;

fn main() {
    let counts: Arc<Mutex<HashMap<u64, u64>>> = Arc::new(Mutex::new(HashMap::new()));

    let mut handles = Vec::new();
    for t in 0..THREADS {
        let counts = Arc::clone(&counts);
        handles.push(thread::spawn(move || {
            // Thread t takes every fourth number, starting at t + 1.
            for n in (t + 1..=NUMBERS).step_by(THREADS as usize) {
                let digit = (n * n) % 10;
                *counts.lock().unwrap().entry(digit).or_insert(0) += 1;
            }
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }

    let counts = counts.lock().unwrap();
    let mut digits: Vec<_> = counts.iter().collect();
    digits.sort();
    for (digit, count) in digits {
        println!("squares ending in {digit}: {count}");
    }
    let total: u64 = counts.values().sum();
    println!("counted {total} squares (expected {NUMBERS})");
    assert_eq!(total, NUMBERS);
}
