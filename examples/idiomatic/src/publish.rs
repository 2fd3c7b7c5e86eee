//! Handing data from one thread to another through a flag: `Release` on the
//! store that publishes, `Acquire` on the load that sees it; or the same
//! with a fence pair around `Relaxed` accesses.

use std::hint;
use std::sync::atomic::{fence, AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::thread;

/// One value handed from a producer to any number of readers.
#[derive(Debug, Default)]
pub struct Handoff {
    value: AtomicU64,
    ready: AtomicBool,
}

impl Handoff {
    pub const fn new() -> Self {
        Handoff {
            value: AtomicU64::new(0),
            ready: AtomicBool::new(false),
        }
    }

    pub fn publish(&self, value: u64) {
        self.value.store(value, Ordering::Relaxed);
        // Everything written before this store is visible to a thread whose
        // `Acquire` load sees `true`.
        self.ready.store(true, Ordering::Release);
    }

    pub fn try_get(&self) -> Option<u64> {
        if self.ready.load(Ordering::Acquire) {
            Some(self.value.load(Ordering::Relaxed))
        } else {
            None
        }
    }

    /// Waits (spinning politely) until the value is published.
    pub fn wait(&self) -> u64 {
        loop {
            if let Some(value) = self.try_get() {
                return value;
            }
            thread::yield_now();
        }
    }
}

/// Fills `slots`, then raises `ready`: the `Release` fence orders the slot
/// writes before the `Relaxed` store of the flag.
pub fn fill_then_signal(slots: &[AtomicU32], ready: &AtomicBool) {
    for (i, slot) in slots.iter().enumerate() {
        slot.store(i as u32 * 3, Ordering::Relaxed);
    }
    fence(Ordering::Release);
    ready.store(true, Ordering::Relaxed);
}

/// Waits for `ready`, then reads `slots`: the `Acquire` fence after the
/// `Relaxed` load pairs with the writer's `Release` fence.
pub fn wait_then_read(slots: &[AtomicU32], ready: &AtomicBool) -> Vec<u32> {
    while !ready.load(Ordering::Relaxed) {
        hint::spin_loop();
    }
    fence(Ordering::Acquire);
    slots
        .iter()
        .map(|slot| slot.load(Ordering::Relaxed))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_see_the_published_value() {
        let handoff = Handoff::new();
        assert_eq!(handoff.try_get(), None);
        let seen: Vec<u64> = thread::scope(|s| {
            let readers: Vec<_> = (0..3).map(|_| s.spawn(|| handoff.wait())).collect();
            s.spawn(|| handoff.publish(42));
            readers.into_iter().map(|r| r.join().unwrap()).collect()
        });
        assert_eq!(seen, vec![42, 42, 42]);
    }

    #[test]
    fn fences_publish_every_slot() {
        let slots: Vec<AtomicU32> = (0..8).map(|_| AtomicU32::new(0)).collect();
        let ready = AtomicBool::new(false);
        let read = thread::scope(|s| {
            let reader = s.spawn(|| wait_then_read(&slots, &ready));
            s.spawn(|| fill_then_signal(&slots, &ready));
            reader.join().unwrap()
        });
        assert_eq!(read, (0..8).map(|i| i * 3).collect::<Vec<u32>>());
    }
}
