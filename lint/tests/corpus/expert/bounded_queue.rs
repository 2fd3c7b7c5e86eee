//! A bounded blocking queue: a `Mutex<VecDeque>` and two condition variables.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

pub struct BoundedQueue<T> {
    state: Mutex<State<T>>,
    not_empty: Condvar,
    not_full: Condvar,
    capacity: usize,
}

struct State<T> {
    items: VecDeque<T>,
    closed: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Closed;

impl<T> BoundedQueue<T> {
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "capacity must be positive");
        BoundedQueue {
            state: Mutex::new(State {
                items: VecDeque::with_capacity(capacity),
                closed: false,
            }),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
            capacity,
        }
    }

    /// Blocks while the queue is full.
    pub fn push(&self, item: T) -> Result<(), Closed> {
        let mut state = self.state.lock().unwrap();
        while state.items.len() == self.capacity && !state.closed {
            state = self.not_full.wait(state).unwrap();
        }
        if state.closed {
            return Err(Closed);
        }
        state.items.push_back(item);
        drop(state);
        self.not_empty.notify_one();
        Ok(())
    }

    /// Blocks while the queue is empty; `None` once it is closed and drained.
    pub fn pop(&self) -> Option<T> {
        let mut state = self
            .not_empty
            .wait_while(self.state.lock().unwrap(), |s| {
                s.items.is_empty() && !s.closed
            })
            .unwrap();
        let item = state.items.pop_front();
        drop(state);
        if item.is_some() {
            self.not_full.notify_one();
        }
        item
    }

    /// Like `pop`, but gives up after `timeout`.
    pub fn pop_timeout(&self, timeout: Duration) -> Option<T> {
        let guard = self.state.lock().unwrap();
        let (mut state, _timed_out) = self
            .not_empty
            .wait_timeout_while(guard, timeout, |s| s.items.is_empty() && !s.closed)
            .unwrap();
        let item = state.items.pop_front();
        if item.is_some() {
            self.not_full.notify_one();
        }
        item
    }

    pub fn close(&self) {
        self.state.lock().unwrap().closed = true;
        self.not_empty.notify_all();
        self.not_full.notify_all();
    }

    pub fn len(&self) -> usize {
        self.state.lock().unwrap().items.len()
    }
}

fn main() {
    let queue = BoundedQueue::new(4);
    let total: u64 = std::thread::scope(|s| {
        let consumers: Vec<_> = (0..3)
            .map(|_| {
                s.spawn(|| {
                    let mut sum = 0u64;
                    while let Some(v) = queue.pop() {
                        sum += v;
                    }
                    sum
                })
            })
            .collect();
        for v in 1..=1000u64 {
            queue.push(v).expect("queue closed early");
        }
        queue.close();
        consumers.into_iter().map(|c| c.join().unwrap()).sum()
    });
    assert_eq!(total, 500_500);
    println!("sum = {total}, left = {}", queue.len());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::thread;

    #[test]
    fn push_after_close_fails() {
        let q = BoundedQueue::new(1);
        q.close();
        assert_eq!(q.push(1), Err(Closed));
        assert_eq!(q.pop(), None);
    }

    #[test]
    fn producer_blocks_until_consumer_pops() {
        let q = Arc::new(BoundedQueue::new(1));
        let producer = {
            let q = Arc::clone(&q);
            thread::spawn(move || {
                for i in 0..10 {
                    q.push(i).unwrap();
                }
                q.close();
            })
        };
        let got: Vec<i32> = std::iter::from_fn(|| q.pop()).collect();
        producer.join().unwrap();
        assert_eq!(got, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn pop_timeout_on_empty_queue() {
        let q: BoundedQueue<u8> = BoundedQueue::new(2);
        assert_eq!(q.pop_timeout(Duration::from_millis(5)), None);
    }
}
