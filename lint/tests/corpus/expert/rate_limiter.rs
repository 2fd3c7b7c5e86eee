//! A token-bucket rate limiter shared by worker threads. The bucket is
//! updated under a short lock; waiting happens after the guard is dropped.

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

struct Bucket {
    tokens: f64,
    last_refill: Instant,
}

pub struct RateLimiter {
    bucket: Mutex<Bucket>,
    capacity: f64,
    per_second: f64,
}

impl RateLimiter {
    pub fn new(capacity: u32, per_second: u32) -> Self {
        RateLimiter {
            bucket: Mutex::new(Bucket {
                tokens: capacity as f64,
                last_refill: Instant::now(),
            }),
            capacity: capacity as f64,
            per_second: per_second as f64,
        }
    }

    /// Takes a token if one is available, or says how long to wait for one.
    pub fn try_acquire(&self) -> Result<(), Duration> {
        let mut bucket = self.bucket.lock().unwrap();
        let now = Instant::now();
        let elapsed = now.duration_since(bucket.last_refill).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second).min(self.capacity);
        bucket.last_refill = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let missing = 1.0 - bucket.tokens;
            Err(Duration::from_secs_f64(missing / self.per_second))
        }
    }

    /// Blocks until a token is available. The lock is not held while sleeping.
    pub fn acquire(&self) {
        while let Err(wait) = self.try_acquire() {
            thread::sleep(wait);
        }
    }
}

fn main() {
    let limiter = Arc::new(RateLimiter::new(5, 50));
    let start = Instant::now();

    let clients: Vec<_> = (0..4)
        .map(|id| {
            let limiter = Arc::clone(&limiter);
            thread::spawn(move || {
                for request in 0..5 {
                    limiter.acquire();
                    println!("{:>6.3?} client {id} request {request}", start.elapsed());
                }
            })
        })
        .collect();

    for client in clients {
        client.join().expect("client panicked");
    }
    println!("20 requests in {:?}", start.elapsed());
}
