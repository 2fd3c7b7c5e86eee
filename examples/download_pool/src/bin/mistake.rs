//! A pool of three workers "downloads" five files. Each worker takes the next
//! name from a shared queue, downloads it, and records its size in a shared
//! map; the main thread prints every size and the total.
//!
//! Run it: one download fails, and the program still reports success.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

const FILES: [&str; 5] = [
    "index.html",
    "style.css",
    "app.js",
    "logo.png",
    "broken.zip",
];
const WORKERS: usize = 3;

fn download(name: &str) -> u64 {
    thread::sleep(Duration::from_millis(5)); // pretend the network is slow
    if name.starts_with("broken") {
        panic!("connection reset while downloading {name}");
    }
    name.len() as u64 * 1000
}

fn main() {
    let queue = Arc::new(Mutex::new(FILES.to_vec()));
    let sizes = Arc::new(Mutex::new(HashMap::new()));

    let mut workers = Vec::new();
    for _ in 0..WORKERS {
        let queue = Arc::clone(&queue);
        let sizes = Arc::clone(&sizes);
        workers.push(thread::spawn(move || loop {
            let Some(name) = queue.lock().unwrap().pop() else {
                break;
            };
            let size = download(name);
            sizes.lock().unwrap().insert(name, size);
        }));
    }
    for worker in workers {
        let _ = worker.join();
    }

    let sizes = sizes.lock().unwrap();
    let mut names: Vec<_> = sizes.keys().collect();
    names.sort();
    for name in names {
        println!("{name}: {} bytes", sizes[name]);
    }
    let total: u64 = sizes.values().sum();
    println!("downloaded {} files, {total} bytes in total", sizes.len());
}
