use std::sync::{Arc, Mutex};
use std::thread;

// The lock fixed the lost update... but the total is still wrong sometimes.
fn main() {
    let counter = Arc::new(Mutex::new(0));
    let mut handles = vec![];

    for _ in 0..10 {
        let counter = Arc::clone(&counter);
        let handle = thread::spawn(move || {
            for _ in 0..100 {
                let mut num = counter.lock().unwrap();
                *num += 1;
            }
        });
        handles.push(handle);
    }

    println!("Result: {}", *counter.lock().unwrap()); //~ read_before_join

    for handle in handles {
        handle.join().unwrap();
    }
}
