//! A concurrent map split into independently locked shards, so threads that
//! touch different keys rarely contend. Each operation locks exactly one shard.

use std::collections::hash_map::{DefaultHasher, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Mutex;
use std::thread;

pub struct ShardedMap<K, V> {
    shards: Vec<Mutex<HashMap<K, V>>>,
}

impl<K: Hash + Eq, V: Clone> ShardedMap<K, V> {
    pub fn with_shards(n: usize) -> Self {
        ShardedMap {
            shards: (0..n.max(1)).map(|_| Mutex::new(HashMap::new())).collect(),
        }
    }

    fn shard(&self, key: &K) -> &Mutex<HashMap<K, V>> {
        let mut hasher = DefaultHasher::new();
        key.hash(&mut hasher);
        &self.shards[hasher.finish() as usize % self.shards.len()]
    }

    pub fn insert(&self, key: K, value: V) -> Option<V> {
        self.shard(&key).lock().unwrap().insert(key, value)
    }

    pub fn get(&self, key: &K) -> Option<V> {
        self.shard(key).lock().unwrap().get(key).cloned()
    }

    /// Read-modify-write of one entry under its shard's lock.
    pub fn update<F: FnOnce(Option<&V>) -> V>(&self, key: K, f: F) -> V {
        let mut shard = self.shard(&key).lock().unwrap();
        let new = f(shard.get(&key));
        shard.insert(key, new.clone());
        new
    }

    pub fn len(&self) -> usize {
        self.shards.iter().map(|s| s.lock().unwrap().len()).sum()
    }
}

fn main() {
    let visits: ShardedMap<String, u64> = ShardedMap::with_shards(8);
    let pages = ["/", "/a", "/b", "/", "/c", "/a", "/"];

    thread::scope(|s| {
        for t in 0..4 {
            let visits = &visits;
            s.spawn(move || {
                for page in pages.iter().cycle().skip(t).take(100) {
                    visits.update(page.to_string(), |old| old.copied().unwrap_or(0) + 1);
                }
            });
        }
    });

    let total: u64 = ["/", "/a", "/b", "/c"]
        .iter()
        .map(|p| visits.get(&p.to_string()).unwrap_or(0))
        .sum();
    assert_eq!(total, 400);
    println!("{} distinct pages, {total} visits", visits.len());
    visits.insert("/reset".to_string(), 0);
}
