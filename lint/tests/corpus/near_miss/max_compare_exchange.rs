use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

// Keep the highest temperature any sensor has seen.
fn record_max(max: &AtomicU64, reading: u64) {
    let mut current = max.load(Ordering::Relaxed);
    while reading > current {
        match max.compare_exchange_weak(current, reading, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => break,
            Err(actual) => current = actual,
        }
    }
}

fn main() {
    let max = AtomicU64::new(0);
    let sensors: Vec<Vec<u64>> = vec![vec![12, 30, 18], vec![25, 7, 41], vec![9, 39, 40]];

    thread::scope(|s| {
        for readings in &sensors {
            let max = &max;
            s.spawn(move || {
                for &r in readings {
                    record_max(max, r);
                }
            });
        }
    });

    println!("highest reading: {}", max.load(Ordering::Relaxed));
}
