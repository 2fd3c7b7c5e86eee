//! Five threads each append the square of their number to a shared list.
//! Before adding its square, each thread says what the list ends with.
//!
//! Fixed: each thread takes the lock once and does everything through that
//! one guard, so it never waits for a lock it already holds.

use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let squares = Arc::new(Mutex::new(Vec::new()));

    let mut handles = Vec::new();
    for i in 1..=5u64 {
        let squares = Arc::clone(&squares);
        handles.push(thread::spawn(move || {
            let mut list = squares.lock().unwrap();
            match list.last() {
                Some(last) => println!("thread {i}: the list ends with {last}"),
                None => println!("thread {i}: the list is empty"),
            }
            list.push(i * i);
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }

    let mut squares = squares.lock().unwrap().clone();
    squares.sort();
    println!("{squares:?}");
    assert_eq!(squares, [1, 4, 9, 16, 25]);
}
