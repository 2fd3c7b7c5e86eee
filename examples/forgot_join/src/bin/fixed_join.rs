//! Three workers each process a file and say when they are done.
//!
//! Fixed by keeping every `JoinHandle` and joining it before `main` returns:
//! `join` waits until the thread is done.

use std::thread;
use std::time::Duration;

fn process(name: &str) {
    thread::sleep(Duration::from_millis(20)); // pretend this is real work
    println!("{name}: done");
}

fn main() {
    let mut handles = Vec::new();
    for name in ["a.csv", "b.csv", "c.csv"] {
        handles.push(thread::spawn(move || process(name)));
    }
    println!("main: all workers started");

    for handle in handles {
        handle.join().unwrap();
    }
    println!("main: all workers done");
}
