use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

#[racelint_demo::demo]
fn five_threads() -> usize {
    let counter = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..5)
        .map(|_| {
            let c = Arc::clone(&counter);
            thread::spawn(move || c.fetch_add(1, Ordering::SeqCst))
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    counter.load(Ordering::SeqCst)
}

fn main() {}
