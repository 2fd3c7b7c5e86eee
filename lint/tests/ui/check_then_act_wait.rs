// check_then_act in a hand-made semaphore: the count is checked under one
// guard, the guard dropped, the method waits for another thread (a message,
// a condition variable), and the count changes under a new guard without a
// second look. The wait exists so that other threads act in between, so the
// check is stale by design. Checking again after the wait, under the guard
// that changes it, is the fix, and stays silent.

use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Condvar, Mutex};

pub struct Permits {
    left: Mutex<usize>,
    wake: Mutex<Sender<()>>,
    parked: Mutex<Receiver<()>>,
}

impl Permits {
    pub fn new(n: usize) -> Self {
        let (wake, parked) = channel();
        Permits {
            left: Mutex::new(n),
            wake: Mutex::new(wake),
            parked: Mutex::new(parked),
        }
    }

    // The mistake: checked, dropped, woken up, and taken without looking again.
    pub fn take(&self) {
        let left = self.left.lock().unwrap();
        if *left == 0 {
            drop(left);
            self.parked.lock().unwrap().recv().unwrap();
            let mut left = self.left.lock().unwrap();
            *left -= 1; //~ check_then_act
        } else {
            let mut left = left;
            *left -= 1;
        }
    }

    // Fix: look again after every wake-up, under the guard that takes the permit.
    pub fn take_checked(&self) {
        loop {
            let mut left = self.left.lock().unwrap();
            if *left > 0 {
                *left -= 1;
                return;
            }
            drop(left);
            self.parked.lock().unwrap().recv().unwrap();
        }
    }

    pub fn give(&self) {
        *self.left.lock().unwrap() += 1;
        self.wake.lock().unwrap().send(()).unwrap();
    }
}

pub struct Gate {
    busy: Mutex<bool>,
    free: Condvar,
}

impl Gate {
    // Fix: a condition variable in a `while` loop keeps one guard throughout.
    pub fn enter(&self) {
        let mut busy = self.busy.lock().unwrap();
        while *busy {
            busy = self.free.wait(busy).unwrap();
        }
        *busy = true;
    }

    pub fn leave(&self) {
        *self.busy.lock().unwrap() = false;
        self.free.notify_one();
    }
}

fn main() {
    let permits = Permits::new(1);
    permits.take();
    permits.give();
    permits.take_checked();
    permits.give();
    let gate = Gate {
        busy: Mutex::new(false),
        free: Condvar::new(),
    };
    gate.enter();
    gate.leave();
}
