//! Three workers each process a file and say when they are done; the main
//! thread starts them and returns.
//!
//! Run it: most of the time no worker gets to say "done".

use std::thread;
use std::time::Duration;

fn process(name: &str) {
    thread::sleep(Duration::from_millis(20)); // pretend this is real work
    println!("{name}: done");
}

fn main() {
    for name in ["a.csv", "b.csv", "c.csv"] {
        thread::spawn(move || process(name));
    }
    println!("main: all workers started");
}
