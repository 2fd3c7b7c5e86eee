// check_then_act: a decision taken on a value read in one step and acted on in
// a later step, under a different guard or with a plain `store`. Another
// thread can act on the same decision in between: both see "not there yet",
// both insert; both see "enough money", both withdraw.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::thread;

// Two guards of one lock: `contains` under the first, `push` under the second.
fn two_guards_contains_then_push() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mut handles = vec![];
    for id in 0..4 {
        let seen = Arc::clone(&seen);
        handles.push(thread::spawn(move || {
            let k = id % 2;
            if !seen.lock().unwrap().contains(&k) {
                seen.lock().unwrap().push(k); //~ check_then_act
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    println!("{:?}", seen.lock().unwrap());
}

// A named function run by scoped threads: `contains` then `insert` on a set.
fn visit(visited: &Mutex<HashSet<String>>, url: &str) -> bool {
    if visited.lock().unwrap().contains(url) {
        return false;
    }
    visited.lock().unwrap().insert(url.to_string()); //~ check_then_act
    true
}

fn crawl() {
    let visited = Mutex::new(HashSet::new());
    let urls = ["/", "/about", "/", "/blog"];
    thread::scope(|s| {
        for url in urls {
            let visited = &visited;
            s.spawn(move || {
                if visit(visited, url) {
                    println!("fetching {url}");
                }
            });
        }
    });
}

// A `load` then a `store`: every thread can see `false` before any stores `true`.
fn init_once_with_load_and_store() {
    let initialized = Arc::new(AtomicBool::new(false));
    let inits = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..3)
        .map(|i| {
            let initialized = initialized.clone();
            let inits = inits.clone();
            thread::Builder::new()
                .name(format!("worker-{i}"))
                .spawn(move || {
                    if !initialized.load(Ordering::Acquire) {
                        initialized.store(true, Ordering::Release); //~ check_then_act
                        inits.fetch_add(1, Ordering::SeqCst);
                    }
                })
                .unwrap()
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    println!("initialized {} times", inits.load(Ordering::SeqCst));
}

// The check kept in a variable first, then the act under a new guard.
fn check_in_a_variable() {
    let scores: Arc<Mutex<HashMap<String, u32>>> = Arc::new(Mutex::new(HashMap::new()));
    let mut handles = Vec::new();
    for (name, score) in [("ann", 3), ("bob", 5), ("ann", 7)] {
        let scores = Arc::clone(&scores);
        handles.push(thread::spawn(move || {
            let exists = scores.lock().unwrap().contains_key(name);
            if !exists {
                scores.lock().unwrap().insert(name.to_string(), score); //~ check_then_act
            }
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("{:?}", scores.lock().unwrap());
}

// The bank account: both threads see enough money, both withdraw.
fn withdraw_twice() {
    let balance = Arc::new(Mutex::new(100i64));
    let a = {
        let balance = Arc::clone(&balance);
        thread::spawn(move || {
            if *balance.lock().unwrap() >= 80 {
                *balance.lock().unwrap() -= 80; //~ check_then_act
            }
        })
    };
    let b = {
        let balance = Arc::clone(&balance);
        thread::spawn(move || {
            if *balance.lock().unwrap() >= 50 {
                *balance.lock().unwrap() -= 50; //~ check_then_act
            }
        })
    };
    a.join().unwrap();
    b.join().unwrap();
    println!("balance: {}", balance.lock().unwrap());
}

// A struct with an `Arc<Mutex<..>>` field: the capacity check and the push
// take two guards.
struct Room {
    guests: Arc<Mutex<Vec<String>>>,
    capacity: usize,
}

impl Room {
    fn try_enter(&self, name: &str) -> bool {
        if self.guests.lock().unwrap().len() < self.capacity {
            self.guests.lock().unwrap().push(name.to_string()); //~ check_then_act
            true
        } else {
            false
        }
    }
}

fn room_capacity() {
    let room = Arc::new(Room {
        guests: Arc::new(Mutex::new(Vec::new())),
        capacity: 2,
    });
    let handles: Vec<_> = ["ada", "grace", "linus"]
        .into_iter()
        .map(|name| {
            let room = Arc::clone(&room);
            thread::spawn(move || room.try_enter(name))
        })
        .collect();
    let entered = handles
        .into_iter()
        .map(|h| h.join().unwrap())
        .filter(|&ok| ok)
        .count();
    println!("{entered} entered");
}

// Lazy initialisation with two guards: both threads can see `None`.
fn lazy_config_two_guards() {
    let config: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
    let mut handles = vec![];
    for i in 0..2 {
        let config = Arc::clone(&config);
        handles.push(thread::spawn(move || {
            if config.lock().unwrap().is_none() {
                *config.lock().unwrap() = Some(format!("loaded by {i}")); //~ check_then_act
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// "Not empty" checked, then `pop().unwrap()` under a second guard: another
// worker can take the last job in between, and this one panics.
fn pop_after_is_empty() {
    let queue = Arc::new(Mutex::new(vec![1, 2, 3]));
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                if !queue.lock().unwrap().is_empty() {
                    let job = queue.lock().unwrap().pop().unwrap(); //~ check_then_act
                    println!("job {job}");
                }
            });
        }
    });
}

// A method with an early return on the loaded flag, then a plain store.
struct Service {
    started: AtomicBool,
}

impl Service {
    fn start(&self) {
        if self.started.load(Ordering::SeqCst) {
            return;
        }
        self.started.store(true, Ordering::SeqCst); //~ check_then_act
        println!("starting the service");
    }
}

fn service_started_by_two_threads() {
    let service = Service {
        started: AtomicBool::new(false),
    };
    thread::scope(|s| {
        s.spawn(|| service.start());
        s.spawn(|| service.start());
    });
}

// A read guard for the check, a write guard for the act.
fn rwlock_register() {
    let ids: Arc<RwLock<HashMap<String, usize>>> = Arc::default();
    let next_id = Arc::new(AtomicUsize::new(1));
    let mut handles = Vec::new();
    for name in ["alice", "bob", "alice"] {
        let ids = Arc::clone(&ids);
        let next_id = Arc::clone(&next_id);
        handles.push(thread::spawn(move || {
            if !ids.read().unwrap().contains_key(name) {
                let id = next_id.fetch_add(1, Ordering::Relaxed);
                ids.write().unwrap().insert(name.to_string(), id); //~ check_then_act
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// ---- near-misses: nothing below may fire ----

// One guard for both the check and the act.
fn one_guard_is_fine() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mut handles = vec![];
    for id in 0..4 {
        let seen = Arc::clone(&seen);
        handles.push(thread::spawn(move || {
            let k = id % 2;
            let mut seen = seen.lock().unwrap();
            if !seen.contains(&k) {
                seen.push(k);
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    println!("{:?}", seen.lock().unwrap());
}

// `swap` reads the old value and writes the new one in one step.
fn swap_is_fine() {
    let initialized = Arc::new(AtomicBool::new(false));
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let initialized = Arc::clone(&initialized);
            thread::spawn(move || {
                if !initialized.swap(true, Ordering::AcqRel) {
                    println!("initializing");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// `compare_exchange` only stores when the value is still the one checked.
impl Service {
    fn start_once(&self) {
        if self
            .started
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            println!("starting the service");
        }
    }
}

fn compare_exchange_is_fine() {
    let service = Service {
        started: AtomicBool::new(false),
    };
    thread::scope(|s| {
        s.spawn(|| service.start_once());
        s.spawn(|| service.start_once());
    });
}

// `entry().or_insert` checks and inserts under the one guard.
fn entry_is_fine() {
    let scores: Arc<Mutex<HashMap<String, u32>>> = Arc::new(Mutex::new(HashMap::new()));
    let mut handles = Vec::new();
    for (name, score) in [("ann", 3), ("bob", 5), ("ann", 7)] {
        let scores = scores.clone();
        handles.push(thread::spawn(move || {
            scores
                .lock()
                .unwrap()
                .entry(name.to_string())
                .or_insert(score);
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
}

// `fetch_update` withdraws only if there is enough, in one atomic step.
fn fetch_update_is_fine() {
    let tickets = Arc::new(AtomicUsize::new(2));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let tickets = Arc::clone(&tickets);
            thread::spawn(move || {
                tickets
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok()
            })
        })
        .collect();
    let sold: Vec<bool> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    println!("{sold:?}");
}

// Double-checked: a cheap read-guard check, then the check is made again
// under the write guard that does the insert.
fn double_checked_under_write_guard() {
    let cache: Arc<RwLock<HashMap<u64, u64>>> = Arc::new(RwLock::new(HashMap::new()));
    let mut handles = Vec::new();
    for n in [3u64, 4, 3] {
        let cache = Arc::clone(&cache);
        handles.push(thread::spawn(move || {
            if let Some(v) = cache.read().unwrap().get(&n) {
                return *v;
            }
            let mut map = cache.write().unwrap();
            *map.entry(n).or_insert_with(|| n * n)
        }));
    }
    for h in handles {
        println!("{}", h.join().unwrap());
    }
}

// The same with an explicit second `contains_key` under the write guard.
fn double_checked_with_contains_key() {
    let ids: Arc<RwLock<HashMap<String, usize>>> = Arc::default();
    thread::scope(|s| {
        for name in ["alice", "bob", "alice"] {
            let ids = &ids;
            s.spawn(move || {
                if ids.read().unwrap().contains_key(name) {
                    return;
                }
                let mut ids = ids.write().unwrap();
                if !ids.contains_key(name) {
                    let next = ids.len() + 1;
                    ids.insert(name.to_string(), next);
                }
            });
        }
    });
}

// A `OnceLock` runs the initialisation exactly once.
static CONFIG: OnceLock<String> = OnceLock::new();

fn once_lock_is_fine() {
    thread::scope(|s| {
        for i in 0..3 {
            s.spawn(move || {
                let config = CONFIG.get_or_init(|| format!("loaded by {i}"));
                println!("{config}");
            });
        }
    });
}

// The checked value comes from one lock, the act is on another.
fn check_one_lock_act_on_another() {
    let verbose = Arc::new(Mutex::new(true));
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut handles = vec![];
    for i in 0..3 {
        let verbose = Arc::clone(&verbose);
        let log = Arc::clone(&log);
        handles.push(thread::spawn(move || {
            if *verbose.lock().unwrap() {
                log.lock().unwrap().push(format!("worker {i} done"));
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// The same check-then-act code, but no thread ever runs it.
fn single_threaded_is_fine() {
    let seen = Mutex::new(Vec::new());
    let flag = AtomicBool::new(false);
    for k in [1, 2, 1] {
        if !seen.lock().unwrap().contains(&k) {
            seen.lock().unwrap().push(k);
        }
        if !flag.load(Ordering::Relaxed) {
            flag.store(true, Ordering::Relaxed);
        }
    }
    println!("{:?}", seen.lock().unwrap());
}

fn main() {
    two_guards_contains_then_push();
    crawl();
    init_once_with_load_and_store();
    check_in_a_variable();
    withdraw_twice();
    room_capacity();
    lazy_config_two_guards();
    pop_after_is_empty();
    service_started_by_two_threads();
    rwlock_register();
    one_guard_is_fine();
    swap_is_fine();
    compare_exchange_is_fine();
    entry_is_fine();
    fetch_update_is_fine();
    double_checked_under_write_guard();
    double_checked_with_contains_key();
    once_lock_is_fine();
    check_one_lock_act_on_another();
    single_threaded_is_fine();
}
