//! A small thread-safe registry and the tests that hammer it from many threads.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

#[derive(Default)]
pub struct Registry {
    inner: Mutex<BTreeMap<String, u64>>,
}

impl Registry {
    fn entries(&self) -> MutexGuard<'_, BTreeMap<String, u64>> {
        // A panic while holding the lock cannot leave the map half-updated.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn register(&self, name: &str) -> bool {
        let mut entries = self.entries();
        if entries.contains_key(name) {
            return false;
        }
        let id = entries.len() as u64 + 1;
        entries.insert(name.to_string(), id);
        true
    }

    pub fn bump(&self, name: &str) -> Option<u64> {
        let mut entries = self.entries();
        let value = entries.get_mut(name)?;
        *value += 1;
        Some(*value)
    }

    pub fn snapshot(&self) -> Vec<(String, u64)> {
        self.entries()
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect()
    }
}

pub fn shared() -> Arc<Registry> {
    Arc::new(Registry::default())
}

fn main() {
    let registry = shared();
    registry.register("alpha");
    registry.bump("alpha");
    println!("{:?}", registry.snapshot());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;
    use std::thread;

    #[test]
    fn each_name_registers_once() {
        let registry = shared();
        let barrier = Arc::new(Barrier::new(8));
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let registry = Arc::clone(&registry);
                let barrier = Arc::clone(&barrier);
                thread::spawn(move || {
                    barrier.wait();
                    registry.register("same")
                })
            })
            .collect();
        let winners = handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .filter(|&won| won)
            .count();
        assert_eq!(winners, 1);
    }

    #[test]
    fn bumps_are_not_lost() {
        let registry = shared();
        registry.register("counter");
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..1000 {
                        registry.bump("counter").unwrap();
                    }
                });
            }
        });
        assert_eq!(registry.snapshot(), vec![("counter".to_string(), 4001)]);
    }

    #[test]
    fn survives_a_panicking_user() {
        let registry = shared();
        let r = Arc::clone(&registry);
        let result = thread::spawn(move || {
            let _guard = r.entries();
            panic!("boom");
        })
        .join();
        assert!(result.is_err());
        assert!(registry.register("after"));
    }
}
