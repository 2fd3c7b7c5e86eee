//! A pool of three workers "downloads" five files. Each worker takes the next
//! name from a shared queue, downloads it, and records its size in a shared
//! map; the main thread prints every size and the total.
//!
//! Fixed: a failed download is a value (`Err`), recorded and reported, not a
//! panic; and `join` is checked, so if a worker does panic (a bug), the
//! program says so instead of printing a total that is silently short.

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

fn download(name: &str) -> Result<u64, String> {
    thread::sleep(Duration::from_millis(5)); // pretend the network is slow
    if name.starts_with("broken") {
        return Err(format!("connection reset while downloading {name}"));
    }
    Ok(name.len() as u64 * 1000)
}

fn main() {
    let queue = Arc::new(Mutex::new(FILES.to_vec()));
    let sizes = Arc::new(Mutex::new(HashMap::new()));
    let failures = Arc::new(Mutex::new(Vec::new()));

    let mut workers = Vec::new();
    for _ in 0..WORKERS {
        let queue = Arc::clone(&queue);
        let sizes = Arc::clone(&sizes);
        let failures = Arc::clone(&failures);
        workers.push(thread::spawn(move || loop {
            let Some(name) = queue.lock().unwrap().pop() else {
                break;
            };
            match download(name) {
                Ok(size) => {
                    sizes.lock().unwrap().insert(name, size);
                }
                Err(error) => failures.lock().unwrap().push(error),
            }
        }));
    }
    for worker in workers {
        worker.join().expect("a download worker panicked");
    }

    let sizes = sizes.lock().unwrap();
    let mut names: Vec<_> = sizes.keys().collect();
    names.sort();
    for name in names {
        println!("{name}: {} bytes", sizes[name]);
    }
    for error in failures.lock().unwrap().iter() {
        println!("failed: {error}");
    }
    let total: u64 = sizes.values().sum();
    println!(
        "downloaded {} of {} files, {total} bytes in total",
        sizes.len(),
        FILES.len()
    );
}
