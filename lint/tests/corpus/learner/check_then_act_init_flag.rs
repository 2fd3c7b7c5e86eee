use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;

struct Service {
    started: AtomicBool,
}

impl Service {
    fn connect(&self) {
        println!("opening the connection (must happen once)");
    }

    fn ensure_started(&self) {
        if !self.started.load(Ordering::SeqCst) {
            self.started.store(true, Ordering::SeqCst); //~ check_then_act
            self.connect();
        }
    }
}

fn main() {
    let service = Arc::new(Service {
        started: AtomicBool::new(false),
    });

    let handles: Vec<thread::JoinHandle<()>> = (0..4)
        .map(|_| {
            let service = service.clone();
            thread::spawn(move || {
                service.ensure_started();
            })
        })
        .collect();

    for handle in handles {
        handle.join().expect("worker panicked");
    }
}
