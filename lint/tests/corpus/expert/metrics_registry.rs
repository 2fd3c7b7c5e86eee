//! Named counters registered on first use. The registry is a `LazyLock` of an
//! `RwLock<HashMap>`; the counters themselves are atomics handed out as `Arc`s
//! so the hot path never takes the registry lock.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, RwLock};
use std::thread;

static REGISTRY: LazyLock<RwLock<HashMap<&'static str, Arc<AtomicU64>>>> =
    LazyLock::new(|| RwLock::new(HashMap::new()));

pub fn counter(name: &'static str) -> Arc<AtomicU64> {
    if let Some(c) = REGISTRY.read().unwrap().get(name) {
        return Arc::clone(c);
    }
    let mut registry = REGISTRY.write().unwrap();
    Arc::clone(registry.entry(name).or_default())
}

pub fn snapshot() -> Vec<(&'static str, u64)> {
    let registry = REGISTRY.read().unwrap();
    let mut values: Vec<_> = registry
        .iter()
        .map(|(name, c)| (*name, c.load(Ordering::Relaxed)))
        .collect();
    values.sort_unstable();
    values
}

fn handle_request(path: &str) -> u16 {
    counter("requests").fetch_add(1, Ordering::Relaxed);
    if path.ends_with(".png") {
        counter("images").fetch_add(1, Ordering::Relaxed);
    }
    if path.contains("..") {
        counter("rejected").fetch_add(1, Ordering::Relaxed);
        return 400;
    }
    200
}

fn main() {
    let paths = ["/", "/logo.png", "/../etc/passwd", "/about", "/cat.png"];
    thread::scope(|s| {
        for chunk in paths.chunks(2) {
            s.spawn(move || {
                for p in chunk {
                    let status = handle_request(p);
                    println!("{status} {p}");
                }
            });
        }
    });
    for (name, value) in snapshot() {
        println!("{name:>10}: {value}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_name_same_counter() {
        let a = counter("test_same");
        let b = counter("test_same");
        a.fetch_add(2, Ordering::Relaxed);
        assert_eq!(b.load(Ordering::Relaxed), 2);
    }

    #[test]
    fn concurrent_registration_counts_everything() {
        thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..100 {
                        counter("test_concurrent").fetch_add(1, Ordering::Relaxed);
                    }
                });
            }
        });
        assert_eq!(counter("test_concurrent").load(Ordering::Relaxed), 800);
    }
}
