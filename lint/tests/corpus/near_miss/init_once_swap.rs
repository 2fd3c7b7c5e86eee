use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;

struct Service {
    started: AtomicBool,
}

impl Service {
    fn ensure_started(&self) {
        // swap reads and writes in one step: only one thread sees `false`
        if !self.started.swap(true, Ordering::AcqRel) {
            println!("opening the connection (happens once)");
        }
    }
}

fn main() {
    let service = Arc::new(Service {
        started: AtomicBool::new(false),
    });

    let handles: Vec<_> = (0..4)
        .map(|_| {
            let service = Arc::clone(&service);
            thread::spawn(move || service.ensure_started())
        })
        .collect();

    for handle in handles {
        handle.join().expect("worker panicked");
    }
}
