//! A one-shot channel: the value is written once, then published with a
//! `Release` store and picked up after an `Acquire` load.

use std::cell::UnsafeCell;
use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Arc;
use std::thread::{self, Thread};

const EMPTY: u8 = 0;
const WRITING: u8 = 1;
const READY: u8 = 2;

struct Slot<T> {
    message: UnsafeCell<MaybeUninit<T>>,
    state: AtomicU8,
    taken: AtomicBool,
}

// Safety: the state machine above gives the writer and the reader exclusive
// access to `message` at different times.
unsafe impl<T: Send> Sync for Slot<T> {}

pub struct Sender<T> {
    slot: Arc<Slot<T>>,
    receiving_thread: Thread,
}

pub struct Receiver<T> {
    slot: Arc<Slot<T>>,
}

pub fn oneshot<T>() -> (Sender<T>, Receiver<T>) {
    let slot = Arc::new(Slot {
        message: UnsafeCell::new(MaybeUninit::uninit()),
        state: AtomicU8::new(EMPTY),
        taken: AtomicBool::new(false),
    });
    let sender = Sender {
        slot: Arc::clone(&slot),
        receiving_thread: thread::current(),
    };
    (sender, Receiver { slot })
}

impl<T> Sender<T> {
    pub fn send(self, message: T) {
        if self
            .slot
            .state
            .compare_exchange(EMPTY, WRITING, Ordering::Relaxed, Ordering::Relaxed)
            .is_err()
        {
            panic!("a oneshot can send only once");
        }
        unsafe { (*self.slot.message.get()).write(message) };
        self.slot.state.store(READY, Ordering::Release);
        self.receiving_thread.unpark();
    }
}

impl<T> Receiver<T> {
    pub fn is_ready(&self) -> bool {
        self.slot.state.load(Ordering::Relaxed) == READY
    }

    /// Blocks until the message arrives. Must be called on the thread that
    /// created the channel (that is the thread the sender unparks).
    pub fn receive(self) -> T {
        while self.slot.state.load(Ordering::Acquire) != READY {
            thread::park();
        }
        self.slot.taken.store(true, Ordering::Relaxed);
        unsafe { (*self.slot.message.get()).assume_init_read() }
    }
}

impl<T> Drop for Slot<T> {
    fn drop(&mut self) {
        if *self.state.get_mut() == READY && !*self.taken.get_mut() {
            unsafe { self.message.get_mut().assume_init_drop() };
        }
    }
}

fn main() {
    let (tx, rx) = oneshot();
    let worker = thread::spawn(move || {
        let answer: u64 = (1..=20).product();
        tx.send(answer);
    });
    let answer = rx.receive();
    worker.join().unwrap();
    println!("20! = {answer}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivers_a_string() {
        let (tx, rx) = oneshot();
        let t = thread::spawn(move || tx.send(String::from("hello")));
        assert_eq!(rx.receive(), "hello");
        t.join().unwrap();
    }

    #[test]
    fn unreceived_message_is_dropped() {
        let (tx, rx) = oneshot();
        tx.send(vec![1, 2, 3]);
        assert!(rx.is_ready());
        drop(rx);
    }
}
