use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

const THREADS: usize = 8;
const HITS_PER_THREAD: usize = 1000;

fn main() {
    let hits = Arc::new(AtomicUsize::new(0));
    let mut handles = Vec::new();

    for id in 0..THREADS {
        let hits = Arc::clone(&hits);
        handles.push(thread::spawn(move || {
            for _ in 0..HITS_PER_THREAD {
                hits.fetch_add(1, Ordering::SeqCst);
            }
            println!("thread {} finished", id);
        }));
    }

    for handle in handles {
        handle.join().unwrap();
    }

    let total = hits.load(Ordering::SeqCst);
    println!("expected {} hits, got {}", THREADS * HITS_PER_THREAD, total);
}
