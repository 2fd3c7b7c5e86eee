use std::sync::{Arc, Mutex};
use std::thread;

// Split big jobs into smaller ones until every job is small.
fn shrink(stack: &Mutex<Vec<u64>>, done: &Mutex<Vec<u64>>) {
    while let Some(job) = stack.lock().unwrap().pop() {
        if job > 10 {
            stack.lock().unwrap().extend([job / 2, job - job / 2]); //~ double_lock
        } else {
            done.lock().unwrap().push(job);
        }
    }
}

fn main() {
    let stack = Arc::new(Mutex::new(vec![100, 37, 8]));
    let done = Arc::new(Mutex::new(Vec::new()));

    let handles: Vec<_> = (0..2)
        .map(|_| {
            let stack = Arc::clone(&stack);
            let done = Arc::clone(&done);
            thread::spawn(move || shrink(&stack, &done))
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }

    let done = done.lock().unwrap();
    println!(
        "{} small jobs, total {}",
        done.len(),
        done.iter().sum::<u64>()
    );
}
