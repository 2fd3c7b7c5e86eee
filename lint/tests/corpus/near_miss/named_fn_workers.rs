use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;

static PROCESSED: AtomicU32 = AtomicU32::new(0);

fn worker() {
    for _ in 0..50 {
        PROCESSED.fetch_add(1, Ordering::Relaxed);
    }
}

fn main() {
    let first = thread::spawn(worker);
    let second = thread::spawn(worker);
    let third = thread::spawn(worker);

    first.join().unwrap();
    second.join().unwrap();
    third.join().unwrap();

    println!("processed {}", PROCESSED.load(Ordering::Relaxed));
}
