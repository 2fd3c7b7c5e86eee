//! Five slow "downloads" of 20 ms each, with one thread per download.
//!
//! Fixed: every thread is started first, and only then joined, so the
//! downloads overlap.

use std::thread;
use std::time::{Duration, Instant};

const FILES: [&str; 5] = ["a.html", "b.css", "c.js", "d.png", "e.svg"];

fn download(name: &str) -> usize {
    thread::sleep(Duration::from_millis(20)); // pretend the network is slow
    name.len() * 1024
}

fn main() {
    let start = Instant::now();
    let handles: Vec<_> = FILES
        .into_iter()
        .map(|name| (name, thread::spawn(move || download(name))))
        .collect();

    let mut total = 0;
    for (name, handle) in handles {
        let size = handle.join().unwrap();
        println!("{name}: {size} bytes");
        total += size;
    }
    println!("{total} bytes in {:?}", start.elapsed());
}
