//! A read-mostly memoizing cache: lookups take the read lock; a miss computes
//! the value without any lock, then inserts it under the write lock with
//! `entry`, so a value computed twice by racing threads is stored once.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, RwLock};
use std::thread;

pub struct Cache<K, V> {
    map: RwLock<HashMap<K, Arc<V>>>,
}

impl<K: Eq + Hash + Clone, V> Cache<K, V> {
    pub fn new() -> Self {
        Cache {
            map: RwLock::new(HashMap::new()),
        }
    }

    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        self.map.read().unwrap().get(key).cloned()
    }

    pub fn get_or_insert_with(&self, key: K, compute: impl FnOnce(&K) -> V) -> Arc<V> {
        if let Some(hit) = self.get(&key) {
            return hit;
        }
        let value = Arc::new(compute(&key));
        let mut map = self.map.write().unwrap();
        Arc::clone(map.entry(key).or_insert(value))
    }

    pub fn invalidate(&self, key: &K) -> bool {
        self.map.write().unwrap().remove(key).is_some()
    }

    pub fn len(&self) -> usize {
        self.map.read().unwrap().len()
    }
}

impl<K: Eq + Hash + Clone, V> Default for Cache<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

fn render_page(path: &String) -> String {
    format!("<h1>{path}</h1>")
}

fn main() {
    let cache: Arc<Cache<String, String>> = Arc::new(Cache::new());
    let paths = ["/", "/about", "/", "/blog", "/about", "/"];

    let handles: Vec<_> = paths
        .iter()
        .map(|&p| {
            let cache = Arc::clone(&cache);
            thread::spawn(move || cache.get_or_insert_with(p.to_string(), render_page))
        })
        .collect();

    for h in handles {
        let page = h.join().expect("renderer panicked");
        println!("{page}");
    }
    assert_eq!(cache.len(), 3);
    assert!(cache.invalidate(&"/blog".to_string()));
    println!("{} pages cached", cache.len());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn racing_threads_store_one_value() {
        let cache = Cache::new();
        let computed = AtomicUsize::new(0);
        let values: Vec<Arc<u64>> = thread::scope(|s| {
            let hs: Vec<_> = (0..8)
                .map(|_| {
                    s.spawn(|| {
                        cache.get_or_insert_with(1u32, |_| {
                            computed.fetch_add(1, Ordering::Relaxed);
                            42
                        })
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(computed.load(Ordering::Relaxed) >= 1);
        assert!(values.iter().all(|v| Arc::ptr_eq(v, &values[0])));
    }
}
