//! A bounded single-producer single-consumer ring buffer. The producer owns
//! `tail`, the consumer owns `head`; each publishes its index with `Release`
//! and reads the other's with `Acquire`.

use std::cell::UnsafeCell;
use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

struct Ring<T> {
    slots: Box<[UnsafeCell<MaybeUninit<T>>]>,
    head: AtomicUsize,
    tail: AtomicUsize,
}

// Safety: a slot is touched by the producer only while it is outside
// [head, tail) and by the consumer only while it is inside.
unsafe impl<T: Send> Sync for Ring<T> {}

pub struct Producer<T> {
    ring: Arc<Ring<T>>,
}

pub struct Consumer<T> {
    ring: Arc<Ring<T>>,
}

pub fn ring<T>(capacity: usize) -> (Producer<T>, Consumer<T>) {
    let slots = (0..capacity)
        .map(|_| UnsafeCell::new(MaybeUninit::uninit()))
        .collect();
    let ring = Arc::new(Ring {
        slots,
        head: AtomicUsize::new(0),
        tail: AtomicUsize::new(0),
    });
    (
        Producer {
            ring: Arc::clone(&ring),
        },
        Consumer { ring },
    )
}

impl<T> Producer<T> {
    pub fn push(&mut self, value: T) -> Result<(), T> {
        let ring = &*self.ring;
        let tail = ring.tail.load(Ordering::Relaxed);
        let head = ring.head.load(Ordering::Acquire);
        if tail - head == ring.slots.len() {
            return Err(value);
        }
        let slot = &ring.slots[tail % ring.slots.len()];
        unsafe { (*slot.get()).write(value) };
        ring.tail.store(tail + 1, Ordering::Release);
        Ok(())
    }
}

impl<T> Consumer<T> {
    pub fn pop(&mut self) -> Option<T> {
        let ring = &*self.ring;
        let head = ring.head.load(Ordering::Relaxed);
        let tail = ring.tail.load(Ordering::Acquire);
        if head == tail {
            return None;
        }
        let slot = &ring.slots[head % ring.slots.len()];
        let value = unsafe { (*slot.get()).assume_init_read() };
        ring.head.store(head + 1, Ordering::Release);
        Some(value)
    }
}

impl<T> Drop for Ring<T> {
    fn drop(&mut self) {
        let (head, tail) = (*self.head.get_mut(), *self.tail.get_mut());
        for i in head..tail {
            let len = self.slots.len();
            unsafe { self.slots[i % len].get_mut().assume_init_drop() };
        }
    }
}

fn main() {
    let (mut tx, mut rx) = ring::<String>(8);
    let producer = thread::spawn(move || {
        for i in 0..1000 {
            let mut item = format!("item {i}");
            while let Err(back) = tx.push(item) {
                item = back;
                thread::yield_now();
            }
        }
    });
    let consumer = thread::spawn(move || {
        let mut received = 0;
        while received < 1000 {
            match rx.pop() {
                Some(item) => {
                    assert_eq!(item, format!("item {received}"));
                    received += 1;
                }
                None => thread::yield_now(),
            }
        }
        received
    });
    producer.join().unwrap();
    println!("received {}", consumer.join().unwrap());
}
