// check_then_act after a spin: `while locked.load(..) {}` waits until the flag
// is clear, and `locked.store(true, ..)` takes it. Two threads can leave the
// loop at the same moment and both store: both are "inside". A `swap` or
// `compare_exchange` tests and sets in one atomic step, and stays silent, as
// does a handshake where one side waits and the other only sets the flag.

use std::hint;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;

struct SpinLock {
    locked: AtomicBool,
}

impl SpinLock {
    // The mistake: the load and the store are two steps.
    fn lock(&self) {
        while self.locked.load(Ordering::Acquire) {
            hint::spin_loop();
        }
        self.locked.store(true, Ordering::Release); //~ check_then_act
    }

    // Fix: `swap` tests and sets in one step.
    fn lock_swap(&self) {
        while self.locked.swap(true, Ordering::Acquire) {
            hint::spin_loop();
        }
    }

    // Fix: `compare_exchange`, after spinning on plain loads (test and test-and-set).
    fn lock_cas(&self) {
        loop {
            while self.locked.load(Ordering::Relaxed) {
                hint::spin_loop();
            }
            if self
                .locked
                .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
            {
                return;
            }
        }
    }

    fn unlock(&self) {
        self.locked.store(false, Ordering::Release);
    }
}

static BUSY: AtomicBool = AtomicBool::new(false);

// The mistake on a static flag.
fn enter() {
    while BUSY.load(Ordering::SeqCst) {}
    BUSY.store(true, Ordering::SeqCst); //~ check_then_act
}

fn leave() {
    BUSY.store(false, Ordering::SeqCst);
}

// One thread sets the flag, one waits for it and resets it: a handshake, no race.
fn handshake() {
    let ready = Arc::new(AtomicBool::new(false));
    let r = Arc::clone(&ready);
    let worker = thread::spawn(move || {
        r.store(true, Ordering::Release);
    });
    while !ready.load(Ordering::Acquire) {
        hint::spin_loop();
    }
    ready.store(false, Ordering::Relaxed);
    worker.join().unwrap();
}

fn main() {
    let lock = Arc::new(SpinLock {
        locked: AtomicBool::new(false),
    });
    let total = Arc::new(AtomicU64::new(0));
    let mut handles = Vec::new();
    for _ in 0..4 {
        let lock = Arc::clone(&lock);
        let total = Arc::clone(&total);
        handles.push(thread::spawn(move || {
            lock.lock();
            total.fetch_add(1, Ordering::Relaxed);
            lock.unlock();
            lock.lock_swap();
            lock.unlock();
            lock.lock_cas();
            lock.unlock();
            enter();
            leave();
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    handshake();
}
