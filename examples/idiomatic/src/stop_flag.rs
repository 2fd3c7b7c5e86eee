//! Background work stopped through an `AtomicBool`. The flag carries no data
//! (the results come back through `join`), so `Relaxed` is enough for it.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// A background thread that ticks until it is stopped (or dropped).
pub struct Ticker {
    stop: Arc<AtomicBool>,
    ticks: Arc<AtomicU64>,
    handle: Option<JoinHandle<u64>>,
}

impl Ticker {
    pub fn start(period: Duration) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let ticks = Arc::new(AtomicU64::new(0));
        let handle = thread::spawn({
            let stop = Arc::clone(&stop);
            let ticks = Arc::clone(&ticks);
            move || {
                let mut own = 0;
                while !stop.load(Ordering::Relaxed) {
                    own += 1;
                    ticks.fetch_add(1, Ordering::Relaxed);
                    thread::sleep(period);
                }
                own
            }
        });
        Ticker {
            stop,
            ticks,
            handle: Some(handle),
        }
    }

    /// Ticks so far: a statistic, possibly a little behind.
    pub fn ticks(&self) -> u64 {
        self.ticks.load(Ordering::Relaxed)
    }

    /// Stops the thread, waits for it, and returns how often it ticked.
    pub fn stop(mut self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        let handle = self.handle.take().expect("the ticker runs until stopped");
        handle.join().unwrap()
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(handle) = self.handle.take() {
            if let Err(panic) = handle.join() {
                if !thread::panicking() {
                    std::panic::resume_unwind(panic);
                }
            }
        }
    }
}

/// The index of some occurrence of `needle`, searched by `workers` threads
/// that all stop as soon as one of them finds it.
pub fn find_any(haystack: &[u32], needle: u32, workers: usize) -> Option<usize> {
    let chunk_len = haystack.len().div_ceil(workers.max(1)).max(1);
    let found = AtomicBool::new(false);
    thread::scope(|s| {
        let handles: Vec<_> = haystack
            .chunks(chunk_len)
            .enumerate()
            .map(|(c, chunk)| {
                let found = &found;
                s.spawn(move || {
                    for (i, &value) in chunk.iter().enumerate() {
                        if found.load(Ordering::Relaxed) {
                            return None;
                        }
                        if value == needle {
                            found.store(true, Ordering::Relaxed);
                            return Some(c * chunk_len + i);
                        }
                    }
                    None
                })
            })
            .collect();
        let results: Vec<Option<usize>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        results.into_iter().flatten().next()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticker_stops_when_asked() {
        let ticker = Ticker::start(Duration::from_millis(1));
        while ticker.ticks() < 3 {
            thread::yield_now();
        }
        let ticks = ticker.stop();
        assert!(ticks >= 3);
    }

    #[test]
    fn dropping_a_ticker_stops_it() {
        let ticker = Ticker::start(Duration::from_millis(1));
        drop(ticker);
    }

    #[test]
    fn finds_the_needle() {
        let haystack: Vec<u32> = (0..10_000).collect();
        assert_eq!(find_any(&haystack, 7_777, 4), Some(7_777));
        assert_eq!(find_any(&haystack, 20_000, 4), None);
        assert_eq!(find_any(&[], 1, 4), None);
    }
}
