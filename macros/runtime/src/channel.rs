//! A shadow of `std::sync::mpsc`: a channel built on the demo's own `Mutex`
//! and `Condvar`, so that every send and receive is made of visible steps
//! (lock the channel, change its queue, unlock, notify) on both backends.

use std::collections::VecDeque;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::atomic::Ordering::Relaxed;

pub use std::sync::mpsc::{RecvError, SendError, TryRecvError};

use crate::report::Value;
use crate::sync::{self, Condvar, Mutex, Named, Show};

struct Queue<T> {
    /// Each message with the state its sender was in when it sent it (on
    /// the driven backend): what a receiver can learn from it.
    items: VecDeque<(u64, T)>,
    senders: usize,
}

struct Shared<T> {
    queue: Mutex<Queue<T>>,
    arrived: Condvar,
    /// Whether the receiver is still there. Not a step: which thread drops
    /// the receiver often depends on who drops the last `Arc` holding it,
    /// which is not part of the model.
    receiving: AtomicBool,
}

/// What a step on the channel shows: how many messages wait in it.
fn describe<T>(queue: &Queue<T>) -> Value {
    Value::Text(match queue.items.len() {
        0 => "no message".to_string(),
        1 => "1 message".to_string(),
        n => format!("{n} messages"),
    })
}

impl<T> Shared<T> {
    fn lock(&self) -> sync::MutexGuard<'_, Queue<T>> {
        self.queue
            .lock_described(Show {
                display: describe,
                key: |q| {
                    let senders: Vec<u64> = q.items.iter().map(|(from, _)| *from).collect();
                    format!("{senders:?} {}", q.senders)
                },
            })
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A shadow of `std::sync::mpsc::Sender`.
pub struct Sender<T: 'static> {
    shared: Arc<Shared<T>>,
}

/// A shadow of `std::sync::mpsc::Receiver`.
pub struct Receiver<T: 'static> {
    shared: Arc<Shared<T>>,
}

/// A shadow of `std::sync::mpsc::channel`: an unbounded channel.
pub fn channel<T: 'static>() -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        queue: Mutex::new(Queue {
            items: VecDeque::new(),
            senders: 1,
        }),
        arrived: Condvar::new(),
        receiving: AtomicBool::new(true),
    });
    shared.queue.set_name("channel");
    shared.arrived.set_name("channel");
    (
        Sender {
            shared: Arc::clone(&shared),
        },
        Receiver { shared },
    )
}

impl<T: 'static> Sender<T> {
    /// Put a message in the channel; `Err` with it if the receiver is gone.
    pub fn send(&self, value: T) -> Result<(), SendError<T>> {
        let from = crate::drive::provenance();
        if !self.shared.receiving.load(Relaxed) {
            return Err(SendError(value));
        }
        let mut queue = self.shared.lock();
        queue.items.push_back((from, value));
        drop(queue);
        self.shared.arrived.notify_one();
        Ok(())
    }
}

impl<T: 'static> Clone for Sender<T> {
    fn clone(&self) -> Self {
        self.shared.lock().senders += 1;
        Sender {
            shared: Arc::clone(&self.shared),
        }
    }
}

/// The last sender going away wakes a waiting receiver: `recv` then fails.
struct SenderGone<T: 'static>(Arc<Shared<T>>);

impl<T: 'static> Drop for SenderGone<T> {
    fn drop(&mut self) {
        if crate::record::is_abandoned_here() {
            return;
        }
        let mut queue = self.0.lock();
        queue.senders -= 1;
        let last = queue.senders == 0;
        drop(queue);
        if last {
            self.0.arrived.notify_all();
        }
    }
}

impl<T: 'static> Drop for Sender<T> {
    fn drop(&mut self) {
        sync::release_soon(Box::new(SenderGone(Arc::clone(&self.shared))));
    }
}

impl<T: 'static> Receiver<T> {
    /// Wait for a message; `Err` once every sender is gone and the channel
    /// is empty.
    pub fn recv(&self) -> Result<T, RecvError> {
        let mut queue = self.shared.lock();
        loop {
            if let Some((_, value)) = queue.items.pop_front() {
                return Ok(value);
            }
            if queue.senders == 0 {
                return Err(RecvError);
            }
            queue = self
                .shared
                .arrived
                .wait(queue)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
    }

    /// Take a message if one is waiting, without waiting.
    pub fn try_recv(&self) -> Result<T, TryRecvError> {
        let mut queue = self.shared.lock();
        match queue.items.pop_front() {
            Some((_, value)) => Ok(value),
            None if queue.senders == 0 => Err(TryRecvError::Disconnected),
            None => Err(TryRecvError::Empty),
        }
    }

    /// Every message until every sender is gone.
    pub fn iter(&self) -> Iter<'_, T> {
        Iter { receiver: self }
    }
}

impl<T: 'static> Drop for Receiver<T> {
    /// Later sends fail.
    fn drop(&mut self) {
        self.shared.receiving.store(false, Relaxed);
    }
}

/// The messages of a receiver, as `std`'s `Iter`.
pub struct Iter<'a, T: 'static> {
    receiver: &'a Receiver<T>,
}

impl<T: 'static> Iterator for Iter<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.receiver.recv().ok()
    }
}

/// The messages of a receiver it owns, as `std`'s `IntoIter`.
pub struct IntoIter<T: 'static> {
    receiver: Receiver<T>,
}

impl<T: 'static> Iterator for IntoIter<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.receiver.recv().ok()
    }
}

impl<'a, T: 'static> IntoIterator for &'a Receiver<T> {
    type Item = T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T: 'static> IntoIterator for Receiver<T> {
    type Item = T;
    type IntoIter = IntoIter<T>;

    fn into_iter(self) -> IntoIter<T> {
        IntoIter { receiver: self }
    }
}

impl<T: 'static> Named for (Sender<T>, Receiver<T>) {
    fn set_name(&self, name: &str) {
        self.0.shared.queue.set_name(name);
        self.0.shared.arrived.set_name(name);
    }
}

impl<T: 'static> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender").finish_non_exhaustive()
    }
}

impl<T: 'static> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver").finish_non_exhaustive()
    }
}
