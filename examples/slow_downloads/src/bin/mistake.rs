//! Five slow "downloads" of 20 ms each. With one thread per download they
//! should overlap and take about 20 ms in all.
//!
//! Run it: it takes as long as downloading one file after the other.

use std::thread;
use std::time::{Duration, Instant};

const FILES: [&str; 5] = ["a.html", "b.css", "c.js", "d.png", "e.svg"];

fn download(name: &str) -> usize {
    thread::sleep(Duration::from_millis(20)); // pretend the network is slow
    name.len() * 1024
}

fn main() {
    let start = Instant::now();
    let mut total = 0;
    for name in FILES {
        let handle = thread::spawn(move || download(name));
        let size = handle.join().unwrap();
        println!("{name}: {size} bytes");
        total += size;
    }
    println!("{total} bytes in {:?}", start.elapsed());
}
