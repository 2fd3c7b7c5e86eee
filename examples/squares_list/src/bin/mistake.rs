//! Five threads each append the square of their number to a shared list.
//! Before adding its square, each thread says what the list ends with.
//!
//! Run it: it hangs. Press Ctrl-C to stop it.

use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let squares = Arc::new(Mutex::new(Vec::new()));

    let mut handles = Vec::new();
    for i in 1..=5u64 {
        let squares = Arc::clone(&squares);
        handles.push(thread::spawn(move || {
            if let Some(last) = squares.lock().unwrap().last() {
                println!("thread {i}: the list ends with {last}");
                squares.lock().unwrap().push(i * i);
            } else {
                println!("thread {i}: the list is empty");
                squares.lock().unwrap().push(i * i);
            }
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }

    let mut squares = squares.lock().unwrap().clone();
    squares.sort();
    println!("{squares:?}");
}
