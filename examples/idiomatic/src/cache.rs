//! A cache shared as `Arc<RwLock<HashMap>>`: readers share the read lock;
//! a miss takes the write lock and checks again (`entry`) before inserting,
//! so each value is computed once even when threads miss together.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, RwLock};

pub struct Cache<K, V> {
    entries: Arc<RwLock<HashMap<K, V>>>,
}

impl<K, V> Clone for Cache<K, V> {
    fn clone(&self) -> Self {
        Cache {
            entries: Arc::clone(&self.entries),
        }
    }
}

impl<K, V> Default for Cache<K, V> {
    fn default() -> Self {
        Cache {
            entries: Arc::new(RwLock::new(HashMap::new())),
        }
    }
}

impl<K: Eq + Hash, V: Clone> Cache<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get(&self, key: &K) -> Option<V> {
        self.entries.read().unwrap().get(key).cloned()
    }

    /// The cached value for `key`, computing it (once) on a miss.
    pub fn get_or_insert_with(&self, key: K, compute: impl FnOnce() -> V) -> V {
        if let Some(value) = self.get(&key) {
            return value;
        }
        let mut entries = self.entries.write().unwrap();
        entries.entry(key).or_insert_with(compute).clone()
    }

    pub fn len(&self) -> usize {
        self.entries.read().unwrap().len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.read().unwrap().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;

    #[test]
    fn each_value_is_computed_once() {
        let cache: Cache<u64, u64> = Cache::new();
        let computed = Arc::new(AtomicUsize::new(0));
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let cache = cache.clone();
                let computed = Arc::clone(&computed);
                thread::spawn(move || {
                    let key = i % 2;
                    cache.get_or_insert_with(key, || {
                        computed.fetch_add(1, Ordering::Relaxed);
                        key * 100
                    })
                })
            })
            .collect();
        let values: Vec<u64> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert!(values.iter().all(|&v| v == 0 || v == 100));
        assert_eq!(computed.load(Ordering::Relaxed), 2);
        assert_eq!(cache.len(), 2);
        assert_eq!(cache.get(&1), Some(100));
    }

    #[test]
    fn empty_until_filled() {
        let cache: Cache<&str, usize> = Cache::default();
        assert!(cache.is_empty());
        assert_eq!(cache.get_or_insert_with("four", || 4), 4);
        assert_eq!(cache.get_or_insert_with("four", || unreachable!()), 4);
    }
}
