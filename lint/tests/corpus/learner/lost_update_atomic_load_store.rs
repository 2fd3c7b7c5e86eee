// Lesson 3: counting page hits from several threads.
// In Python we wrote `hits += 1` under the GIL; here we use an atomic.
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
        let handle = thread::spawn(move || {
            for _ in 0..HITS_PER_THREAD {
                // read the current value, then write back one more
                let current = hits.load(Ordering::SeqCst);
                hits.store(current + 1, Ordering::SeqCst); //~ lost_update
            }
            println!("thread {} finished", id);
        });
        handles.push(handle);
    }

    for handle in handles {
        handle.join().unwrap();
    }

    let total = hits.load(Ordering::SeqCst);
    println!("expected {} hits, got {}", THREADS * HITS_PER_THREAD, total);
}
