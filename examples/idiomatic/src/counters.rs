//! Lock-free counters: one atomic read-modify-write per update
//! (`fetch_add`, `fetch_max`, `fetch_update`, a `compare_exchange` loop).

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Request statistics, updated from any thread. The numbers are statistics
/// only: nothing else is published through them, so `Relaxed` is enough.
#[derive(Debug, Default)]
pub struct Stats {
    requests: AtomicU64,
    max_latency_ms: AtomicU64,
}

impl Stats {
    pub fn record(&self, latency_ms: u64) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.max_latency_ms.fetch_max(latency_ms, Ordering::Relaxed);
    }

    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    pub fn max_latency_ms(&self) -> u64 {
        self.max_latency_ms.load(Ordering::Relaxed)
    }
}

/// A counting semaphore that never blocks: `try_acquire` takes a permit only
/// if one is left, in one atomic step.
#[derive(Debug)]
pub struct Permits {
    available: AtomicUsize,
}

impl Permits {
    pub fn new(n: usize) -> Self {
        Permits {
            available: AtomicUsize::new(n),
        }
    }

    pub fn try_acquire(&self) -> bool {
        self.available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
            .is_ok()
    }

    pub fn release(&self) {
        self.available.fetch_add(1, Ordering::Release);
    }

    pub fn available(&self) -> usize {
        self.available.load(Ordering::Acquire)
    }
}

/// A counter that stops at a ceiling, updated with a `compare_exchange` loop.
#[derive(Debug)]
pub struct CappedCounter {
    value: AtomicU64,
    cap: u64,
}

impl CappedCounter {
    pub fn new(cap: u64) -> Self {
        CappedCounter {
            value: AtomicU64::new(0),
            cap,
        }
    }

    /// Adds `n` without going over the cap; returns the new value.
    pub fn add(&self, n: u64) -> u64 {
        let mut current = self.value.load(Ordering::Relaxed);
        loop {
            let new = current.saturating_add(n).min(self.cap);
            match self.value.compare_exchange_weak(
                current,
                new,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return new,
                Err(actual) => current = actual,
            }
        }
    }

    pub fn get(&self) -> u64 {
        self.value.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::thread;

    #[test]
    fn stats_count_every_request() {
        let stats = Arc::new(Stats::default());
        let handles: Vec<_> = (0..4u64)
            .map(|t| {
                let stats = Arc::clone(&stats);
                thread::spawn(move || {
                    for i in 0..250 {
                        stats.record(t * 1000 + i);
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        assert_eq!(stats.requests(), 1000);
        assert_eq!(stats.max_latency_ms(), 3249);
    }

    #[test]
    fn permits_are_never_oversold() {
        let permits = Permits::new(5);
        let granted: usize = thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| s.spawn(|| (0..10).filter(|_| permits.try_acquire()).count()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        assert_eq!(granted, 5);
        assert_eq!(permits.available(), 0);
        permits.release();
        assert!(permits.try_acquire());
    }

    #[test]
    fn capped_counter_stops_at_the_cap() {
        let counter = CappedCounter::new(1000);
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..100 {
                        counter.add(3);
                    }
                });
            }
        });
        assert_eq!(counter.get(), 1000);
        let small = CappedCounter::new(u64::MAX);
        assert_eq!(small.add(7), 7);
    }
}
