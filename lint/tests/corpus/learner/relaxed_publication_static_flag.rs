use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;

static RESULT: AtomicU64 = AtomicU64::new(0);
static READY: AtomicBool = AtomicBool::new(false);

fn slow_square(n: u64) -> u64 {
    (0..n).map(|_| n).sum()
}

fn main() {
    let producer = thread::spawn(|| {
        let value = slow_square(1200);
        RESULT.store(value, Ordering::Relaxed);
        READY.store(true, Ordering::Relaxed);
    });

    let consumer = thread::spawn(|| {
        while !READY.load(Ordering::Relaxed) {
            //~^ relaxed_publication
            std::hint::spin_loop();
        }
        let value = RESULT.load(Ordering::Relaxed);
        println!("the answer is {value}");
    });

    producer.join().unwrap();
    consumer.join().unwrap();
}
