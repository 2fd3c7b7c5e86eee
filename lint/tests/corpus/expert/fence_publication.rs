//! Publishing a batch of results with fences: the data and the flags are
//! `Relaxed`; `fence(Release)` before the flag stores and `fence(Acquire)`
//! after the flag loads give the happens-before edge.

use std::sync::atomic::{fence, AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::Duration;

const SLOTS: usize = 8;

static RESULTS: [AtomicU64; SLOTS] = [const { AtomicU64::new(0) }; SLOTS];
static READY: [AtomicBool; SLOTS] = [const { AtomicBool::new(false) }; SLOTS];

fn expensive(i: u64) -> u64 {
    (0..=i * 1000).fold(0u64, |acc, x| acc.wrapping_mul(31).wrapping_add(x))
}

fn produce(slot: usize) {
    let value = expensive(slot as u64);
    RESULTS[slot].store(value, Ordering::Relaxed);
    fence(Ordering::Release);
    READY[slot].store(true, Ordering::Relaxed);
}

/// Collects the results that are ready now, without blocking.
fn ready_results() -> Vec<(usize, u64)> {
    let ready: Vec<usize> = (0..SLOTS)
        .filter(|&i| READY[i].load(Ordering::Relaxed))
        .collect();
    fence(Ordering::Acquire);
    ready
        .into_iter()
        .map(|i| (i, RESULTS[i].load(Ordering::Relaxed)))
        .collect()
}

fn main() {
    thread::scope(|s| {
        for slot in 0..SLOTS {
            s.spawn(move || produce(slot));
        }

        loop {
            let ready = ready_results();
            println!("{} of {SLOTS} results ready", ready.len());
            if ready.len() == SLOTS {
                for (i, value) in ready {
                    println!("slot {i}: {value:#x}");
                }
                break;
            }
            thread::sleep(Duration::from_millis(1));
        }
    });
}
