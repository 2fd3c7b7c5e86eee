use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

fn main() {
    let stop = Arc::new(AtomicBool::new(false));

    let spinner = {
        let stop = Arc::clone(&stop);
        thread::spawn(move || {
            let mut ticks = 0u64;
            while !stop.load(Ordering::Relaxed) {
                ticks += 1;
                thread::sleep(Duration::from_millis(5));
            }
            ticks
        })
    };

    // let the spinner run for a while, then ask it to stop
    thread::sleep(Duration::from_millis(100));
    stop.store(true, Ordering::Relaxed);

    let ticks = spinner.join().unwrap();
    println!("spinner ticked {ticks} times");
}
