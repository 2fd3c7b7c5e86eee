//! Three workers each process a file and say when they are done.
//!
//! Fixed with `thread::scope`: the scope joins every thread spawned in it
//! before it ends, so nothing can outlive it.

use std::thread;
use std::time::Duration;

fn process(name: &str) {
    thread::sleep(Duration::from_millis(20)); // pretend this is real work
    println!("{name}: done");
}

fn main() {
    thread::scope(|s| {
        for name in ["a.csv", "b.csv", "c.csv"] {
            s.spawn(move || process(name));
        }
        println!("main: all workers started");
    });
    println!("main: all workers done");
}
