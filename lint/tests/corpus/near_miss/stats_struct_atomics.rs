use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;

#[derive(Default)]
struct Stats {
    requests: AtomicU64,
    bytes: AtomicU64,
}

impl Stats {
    fn record(&self, size: u64) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(size, Ordering::Relaxed);
    }

    fn summary(&self) -> (u64, u64) {
        (
            self.requests.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
        )
    }
}

fn main() {
    let stats = Arc::new(Stats::default());
    let servers: Vec<_> = (1..=4u64)
        .map(|id| {
            let stats = Arc::clone(&stats);
            thread::spawn(move || {
                for i in 0..100 {
                    stats.record(id * i);
                }
            })
        })
        .collect();

    for s in servers {
        s.join().unwrap();
    }
    let (requests, bytes) = stats.summary();
    println!("{requests} requests, {bytes} bytes");
}
