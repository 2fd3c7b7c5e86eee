//! A bounded blocking queue: one `Mutex` around the items and two `Condvar`s,
//! each waited on with a predicate (`wait_while`), so that spurious wake-ups
//! and lost notifications cannot break it.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

pub struct BoundedQueue<T> {
    items: Mutex<VecDeque<T>>,
    not_empty: Condvar,
    not_full: Condvar,
    capacity: usize,
}

impl<T> BoundedQueue<T> {
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a bounded queue needs room for one item");
        BoundedQueue {
            items: Mutex::new(VecDeque::with_capacity(capacity)),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
            capacity,
        }
    }

    /// Adds an item, waiting while the queue is full.
    pub fn push(&self, item: T) {
        let mut items = self
            .not_full
            .wait_while(self.items.lock().unwrap(), |items| {
                items.len() >= self.capacity
            })
            .unwrap();
        items.push_back(item);
        drop(items);
        self.not_empty.notify_one();
    }

    /// Takes the oldest item, waiting while the queue is empty.
    pub fn pop(&self) -> T {
        let mut items = self
            .not_empty
            .wait_while(self.items.lock().unwrap(), |items| items.is_empty())
            .unwrap();
        let item = items.pop_front().expect("woken only when an item is there");
        drop(items);
        self.not_full.notify_one();
        item
    }

    /// Takes the oldest item if there is one, without waiting.
    pub fn try_pop(&self) -> Option<T> {
        let item = self.items.lock().unwrap().pop_front();
        if item.is_some() {
            self.not_full.notify_one();
        }
        item
    }

    pub fn len(&self) -> usize {
        self.items.lock().unwrap().len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.lock().unwrap().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn producers_and_consumers_exchange_everything() {
        let queue = BoundedQueue::new(3);
        let sums: Vec<u64> = thread::scope(|s| {
            for p in 0..2u64 {
                let queue = &queue;
                s.spawn(move || {
                    for i in 0..100 {
                        queue.push(p * 1000 + i);
                    }
                });
            }
            let consumers: Vec<_> = (0..2)
                .map(|_| s.spawn(|| (0..100).map(|_| queue.pop()).sum::<u64>()))
                .collect();
            consumers.into_iter().map(|c| c.join().unwrap()).collect()
        });
        let expected: u64 = (0..100).sum::<u64>() * 2 + 1000 * 100;
        assert_eq!(sums.iter().sum::<u64>(), expected);
        assert!(queue.is_empty());
    }

    #[test]
    fn keeps_fifo_order_and_capacity() {
        let queue = BoundedQueue::new(1);
        let received: Vec<u32> = thread::scope(|s| {
            s.spawn(|| {
                for i in 0..20 {
                    queue.push(i);
                    assert!(queue.len() <= 1);
                }
            });
            (0..20).map(|_| queue.pop()).collect()
        });
        assert_eq!(received, (0..20).collect::<Vec<_>>());
        assert_eq!(queue.try_pop(), None);
    }
}
