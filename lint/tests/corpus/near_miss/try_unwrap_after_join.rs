use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let squares = Arc::new(Mutex::new(Vec::new()));

    let handles: Vec<_> = (1..=6)
        .map(|n| {
            let squares = Arc::clone(&squares);
            thread::spawn(move || squares.lock().unwrap().push(n * n))
        })
        .collect();

    for h in handles {
        h.join().unwrap();
    }

    let mut squares = Arc::try_unwrap(squares)
        .expect("all threads are joined")
        .into_inner()
        .unwrap();
    squares.sort_unstable();
    println!("{squares:?}");
}
