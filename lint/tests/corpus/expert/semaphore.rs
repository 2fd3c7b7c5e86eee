//! A counting semaphore with RAII permits, built from a `Mutex` and a `Condvar`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

pub struct Semaphore {
    permits: Mutex<usize>,
    available: Condvar,
}

pub struct Permit<'a> {
    semaphore: &'a Semaphore,
}

impl Semaphore {
    pub fn new(permits: usize) -> Self {
        Semaphore {
            permits: Mutex::new(permits),
            available: Condvar::new(),
        }
    }

    pub fn acquire(&self) -> Permit<'_> {
        let mut permits = self
            .available
            .wait_while(self.permits.lock().unwrap(), |p| *p == 0)
            .unwrap();
        *permits -= 1;
        Permit { semaphore: self }
    }

    pub fn try_acquire(&self) -> Option<Permit<'_>> {
        let mut permits = self.permits.lock().unwrap();
        if *permits == 0 {
            return None;
        }
        *permits -= 1;
        Some(Permit { semaphore: self })
    }

    fn release(&self) {
        *self.permits.lock().unwrap() += 1;
        self.available.notify_one();
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.semaphore.release();
    }
}

fn main() {
    let downloads = Arc::new(Semaphore::new(2));
    let in_flight = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));

    let handles: Vec<_> = (0..6)
        .map(|i| {
            let downloads = Arc::clone(&downloads);
            let in_flight = Arc::clone(&in_flight);
            let peak = Arc::clone(&peak);
            thread::spawn(move || {
                let _permit = downloads.acquire();
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                thread::sleep(Duration::from_millis(20)); // the download itself
                in_flight.fetch_sub(1, Ordering::SeqCst);
                println!("download {i} done");
            })
        })
        .collect();

    for h in handles {
        h.join().unwrap();
    }
    let peak = peak.load(Ordering::SeqCst);
    assert!(peak <= 2, "at most two downloads at once, saw {peak}");
    assert!(downloads.try_acquire().is_some());
}
