use std::cell::UnsafeCell;
use std::sync::Arc;
use std::thread;

// "A Mutex is slow, I just want a counter that threads can bump."
struct FastCounter {
    value: UnsafeCell<u64>,
}

unsafe impl Sync for FastCounter {} //~ unsync_sharing

impl FastCounter {
    fn new() -> Self {
        FastCounter {
            value: UnsafeCell::new(0),
        }
    }

    fn bump(&self) {
        unsafe {
            *self.value.get() += 1;
        }
    }

    fn get(&self) -> u64 {
        unsafe { *self.value.get() }
    }
}

fn main() {
    let counter = Arc::new(FastCounter::new());
    let mut handles = Vec::new();
    for _ in 0..4 {
        let c = Arc::clone(&counter);
        handles.push(thread::spawn(move || {
            for _ in 0..10_000 {
                c.bump();
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    println!("count = {}", counter.get());
}
