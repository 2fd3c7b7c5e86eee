use std::sync::atomic::{AtomicUsize, Ordering};

#[racelint_demo::demo]
fn scoped_threads() -> usize {
    let counter = AtomicUsize::new(0);
    std::thread::scope(|s| {
        s.spawn(|| counter.fetch_add(1, Ordering::SeqCst));
        s.spawn(|| counter.fetch_add(1, Ordering::SeqCst));
    });
    counter.load(Ordering::SeqCst)
}

fn main() {}
