//! Workers that search until one of them finds an answer or the caller gives
//! up. The `AtomicBool` only says "stop"; results travel through `join`.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;

fn hash(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

/// Finds a nonce whose hash has `zeros` leading zero bits.
pub fn mine(zeros: u32, threads: u64) -> Option<u64> {
    let stop = Arc::new(AtomicBool::new(false));
    let attempts = Arc::new(AtomicU64::new(0));

    let handles: Vec<thread::JoinHandle<Option<u64>>> = (0..threads)
        .map(|t| {
            let stop = Arc::clone(&stop);
            let attempts = Arc::clone(&attempts);
            thread::spawn(move || {
                let mut nonce = t;
                while !stop.load(Ordering::Relaxed) {
                    if hash(nonce).leading_zeros() >= zeros {
                        stop.store(true, Ordering::Relaxed);
                        return Some(nonce);
                    }
                    attempts.fetch_add(1, Ordering::Relaxed);
                    nonce += threads;
                    if nonce > 50_000_000 {
                        break;
                    }
                }
                None
            })
        })
        .collect();

    let found = handles
        .into_iter()
        .filter_map(|h| h.join().expect("miner panicked"))
        .min();
    println!("{} attempts", attempts.load(Ordering::Relaxed));
    found
}

fn main() {
    match mine(16, 4) {
        Some(nonce) => println!("nonce {nonce}: hash {:#018x}", hash(nonce)),
        None => println!("gave up"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn found_nonce_meets_the_target() {
        let nonce = mine(8, 2).expect("an 8-bit target is easy");
        assert!(hash(nonce).leading_zeros() >= 8);
    }
}
