// guard_across_blocking, edition 2024: the temporary guard of an `if let`
// scrutinee is dropped before the `else` block runs (in 2021 it lived
// through the whole `if let ... else`). It still lives through the `then`
// block, and a `match` or `while let` scrutinee's guard still lives through
// the arms and the body.

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

// Backing off in the `else` block: the guard is already gone in 2024.
fn if_let_else_backoff_is_fine() {
    let jobs = Arc::new(Mutex::new(vec![1u64, 2, 3]));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let jobs = Arc::clone(&jobs);
            thread::spawn(move || {
                for _ in 0..5 {
                    if let Some(job) = jobs.lock().unwrap().pop() {
                        println!("job {job}");
                    } else {
                        thread::sleep(Duration::from_millis(1));
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// Sleeping in the `then` block: the guard is alive there in every edition.
fn if_let_then_sleep() {
    let jobs = Arc::new(Mutex::new(vec![1u64, 2, 3]));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let jobs = Arc::clone(&jobs);
            thread::spawn(move || {
                if let Some(job) = jobs.lock().unwrap().pop() {
                    thread::sleep(Duration::from_millis(job)); //~ guard_across_blocking
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// A `while let` scrutinee's guard lives through the body.
fn while_let_body_sleep() {
    let queue = Arc::new(Mutex::new(vec![5u64, 3]));
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                while let Some(ms) = queue.lock().unwrap().pop() {
                    thread::sleep(Duration::from_millis(ms)); //~ guard_across_blocking
                }
            });
        }
    });
}

// The value taken out in its own statement: no guard across the sleep.
fn let_then_sleep_is_fine() {
    let queue = Arc::new(Mutex::new(vec![5u64, 3]));
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let next = queue.lock().unwrap().pop();
                    let Some(ms) = next else { break };
                    thread::sleep(Duration::from_millis(ms));
                }
            });
        }
    });
}

fn main() {
    if_let_else_backoff_is_fine();
    if_let_then_sleep();
    while_let_body_sleep();
    let_then_sleep_is_fine();
}
