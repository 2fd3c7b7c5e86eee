//! Globals initialised once, on first use, from whichever thread gets there
//! first: `OnceLock`, `LazyLock`, and a static atomic id generator.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, OnceLock};
use std::thread;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A process-wide unique id.
pub fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

static UNITS: LazyLock<HashMap<&'static str, u64>> =
    LazyLock::new(|| HashMap::from([("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30)]));

/// The size of a unit in bytes, from a table built on first use.
pub fn unit_size(unit: &str) -> Option<u64> {
    UNITS.get(unit).copied()
}

#[derive(Debug)]
pub struct Config {
    pub name: String,
    pub workers: usize,
}

static CONFIG: OnceLock<Config> = OnceLock::new();

/// The configuration, loaded exactly once.
pub fn config() -> &'static Config {
    CONFIG.get_or_init(|| Config {
        name: String::from("idiomatic"),
        workers: thread::available_parallelism().map_or(1, |n| n.get()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::ptr;

    #[test]
    fn ids_are_unique_across_threads() {
        let ids: Vec<u64> = thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| s.spawn(|| (0..100).map(|_| next_id()).collect::<Vec<_>>()))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        let unique: HashSet<u64> = ids.iter().copied().collect();
        assert_eq!(unique.len(), 400);
    }

    #[test]
    fn every_thread_sees_one_config() {
        let configs: Vec<&'static Config> = thread::scope(|s| {
            let handles: Vec<_> = (0..4).map(|_| s.spawn(config)).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(configs.iter().all(|c| ptr::eq(*c, configs[0])));
        assert_eq!(configs[0].name, "idiomatic");
        assert!(configs[0].workers >= 1);
    }

    #[test]
    fn units_table() {
        assert_eq!(unit_size("MiB"), Some(1 << 20));
        assert_eq!(unit_size("parsec"), None);
    }
}
