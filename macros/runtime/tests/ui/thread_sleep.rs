use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

#[racelint_demo::demo]
fn sleep_to_make_it_work() -> usize {
    let counter = Arc::new(AtomicUsize::new(0));
    let c = Arc::clone(&counter);
    let handle = thread::spawn(move || c.fetch_add(1, Ordering::SeqCst));
    thread::sleep(Duration::from_millis(10));
    handle.join().unwrap();
    counter.load(Ordering::SeqCst)
}

fn main() {}
