use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

fn main() {
    let data = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicBool::new(false));

    let writer = {
        let data = Arc::clone(&data);
        let done = Arc::clone(&done);
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(30)); // simulate work
            data.store(4242, Ordering::Relaxed);
            done.store(true, Ordering::Relaxed);
        })
    };

    let reader = {
        let data = Arc::clone(&data);
        let done = Arc::clone(&done);
        thread::spawn(move || {
            loop {
                if done.load(Ordering::Relaxed) {
                    //~^ relaxed_publication
                    println!("reader got {}", data.load(Ordering::Relaxed));
                    break;
                }
                thread::yield_now();
            }
        })
    };

    writer.join().expect("writer panicked");
    reader.join().expect("reader panicked");
}
