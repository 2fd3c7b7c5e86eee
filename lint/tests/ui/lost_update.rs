// lost_update: a read-modify-write on shared state split into two steps that
// another thread can run between.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;

static HITS: AtomicUsize = AtomicUsize::new(0);
static VISITS: AtomicUsize = AtomicUsize::new(0);

// The counter from the lesson, in one expression.
fn one_expression() {
    let counter = Arc::new(AtomicUsize::new(0));
    let mut handles = vec![];
    for _ in 0..4 {
        let n = Arc::clone(&counter);
        handles.push(thread::spawn(move || {
            for _ in 0..1000 {
                n.store(n.load(Ordering::SeqCst) + 1, Ordering::SeqCst); //~ lost_update
            }
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("{}", counter.load(Ordering::SeqCst));
}

// The same counter, read and written in two statements.
fn two_statements() {
    let count = Arc::new(AtomicU64::new(0));
    let a = {
        let count = count.clone();
        std::thread::spawn(move || {
            for _ in 0..1000 {
                let current = count.load(Ordering::Relaxed);
                count.store(current + 1, Ordering::Relaxed); //~ lost_update
            }
        })
    };
    let b = {
        let count = count.clone();
        std::thread::spawn(move || {
            for _ in 0..1000 {
                let current = count.load(Ordering::Relaxed);
                count.store(current + 1, Ordering::Relaxed); //~ lost_update
            }
        })
    };
    a.join().unwrap();
    b.join().unwrap();
    println!("count = {}", count.load(Ordering::Relaxed));
}

// A new value computed over several statements before it is written back.
fn computed_in_steps() {
    let total = Arc::new(AtomicU64::new(0));
    let workers: Vec<_> = (1..=4u64)
        .map(|id| {
            let total = Arc::clone(&total);
            thread::spawn(move || {
                let old = total.load(Ordering::SeqCst);
                let bonus = id * 10;
                let new = old + bonus;
                total.store(new, Ordering::SeqCst); //~ lost_update
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    println!("total: {}", total.load(Ordering::SeqCst));
}

// A static atomic, updated from scoped threads.
fn static_atomic_in_scope() {
    thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| {
                let seen = HITS.load(Ordering::SeqCst);
                HITS.store(seen + 1, Ordering::SeqCst); //~ lost_update
            });
        }
    });
    println!("hits: {}", HITS.load(Ordering::SeqCst));
}

// A value read under one guard and written back under a later guard.
fn two_guards() {
    let balance = Arc::new(Mutex::new(100i64));
    let mut handles = Vec::new();
    for _ in 0..2 {
        let balance = Arc::clone(&balance);
        handles.push(thread::spawn(move || {
            let b = *balance.lock().unwrap();
            *balance.lock().unwrap() = b - 10; //~ lost_update
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    println!("balance: {}", balance.lock().unwrap());
}

// The same mistake with named guards: the first guard is dropped before the
// second one is taken, so another thread can run in between.
fn two_named_guards() {
    let score = Arc::new(Mutex::new(0u32));
    let handles: Vec<thread::JoinHandle<()>> = (0..3)
        .map(|_| {
            let score = Arc::clone(&score);
            thread::spawn(move || {
                let guard = score.lock().unwrap();
                let before = *guard;
                drop(guard);
                let mut guard = score.lock().unwrap();
                *guard = before + 1; //~ lost_update
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
}

// A map entry read with one guard and written with another.
fn map_entry_two_guards() {
    let counts: Arc<Mutex<HashMap<String, u32>>> = Arc::new(Mutex::new(HashMap::new()));
    let words = ["apple", "pear", "apple", "fig"];
    let mut handles = Vec::new();
    for word in words {
        let counts = Arc::clone(&counts);
        handles.push(thread::spawn(move || {
            let n = counts.lock().unwrap().get(word).copied().unwrap_or(0);
            counts.lock().unwrap().insert(word.to_string(), n + 1); //~ lost_update
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("{:?}", counts.lock().unwrap());
}

// An RwLock read guard for the read, then a write guard for the update.
fn rwlock_read_then_write() {
    let version = Arc::new(RwLock::new(1u32));
    let mut threads = vec![];
    for _ in 0..4 {
        let version = Arc::clone(&version);
        threads.push(thread::spawn(move || {
            let v = *version.read().unwrap();
            *version.write().unwrap() = v + 1; //~ lost_update
        }));
    }
    for t in threads {
        t.join().unwrap();
    }
    println!("version {}", version.read().unwrap());
}

// Builder-spawned threads running a named function.
fn builder_named_fn() {
    let jobs = Arc::new(AtomicUsize::new(0));
    let mut handles = Vec::new();
    for i in 0..2 {
        let jobs = Arc::clone(&jobs);
        let handle = thread::Builder::new()
            .name(format!("worker-{i}"))
            .spawn(move || count_job(&jobs))
            .unwrap();
        handles.push(handle);
    }
    for handle in handles {
        handle.join().unwrap();
    }
}

fn count_job(jobs: &AtomicUsize) {
    let done = jobs.load(Ordering::Acquire);
    jobs.store(done + 1, Ordering::Release); //~ lost_update
}

// A named function passed to spawn, run by two threads.
fn record_visit() {
    let n = VISITS.load(Ordering::SeqCst);
    VISITS.store(n + 1, Ordering::SeqCst); //~ lost_update
}

fn named_fn_spawned_twice() {
    let first = thread::spawn(record_visit);
    let second = thread::spawn(record_visit);
    first.join().unwrap();
    second.join().unwrap();
    println!("{} visits", VISITS.load(Ordering::SeqCst));
}

// ---- near-misses: nothing below may fire ----

// One atomic step.
fn fetch_add_is_fine() {
    let counter = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let c = Arc::clone(&counter);
            thread::spawn(move || {
                for _ in 0..1000 {
                    c.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    println!("{}", counter.load(Ordering::SeqCst));
}

// fetch_update and a compare_exchange loop do the read and the write as one step.
fn fetch_update_and_cas_are_fine() {
    let max = Arc::new(AtomicU64::new(0));
    let doubled = Arc::new(AtomicU64::new(1));
    let mut handles = Vec::new();
    for i in 0..4u64 {
        let max = Arc::clone(&max);
        let doubled = Arc::clone(&doubled);
        handles.push(thread::spawn(move || {
            max.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |m| Some(m.max(i)))
                .unwrap();
            let mut current = doubled.load(Ordering::Relaxed);
            loop {
                match doubled.compare_exchange(
                    current,
                    current * 2,
                    Ordering::SeqCst,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => break,
                    Err(actual) => current = actual,
                }
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// One guard held for the whole update.
fn one_guard_is_fine() {
    let total = Arc::new(Mutex::new(0u64));
    let mut handles = vec![];
    for i in 1..=4 {
        let total = Arc::clone(&total);
        handles.push(thread::spawn(move || {
            let mut t = total.lock().unwrap();
            let before = *t;
            *t = before + i;
        }));
    }
    for i in 5..=8 {
        let total = Arc::clone(&total);
        handles.push(thread::spawn(move || {
            *total.lock().unwrap() += i;
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    println!("{}", total.lock().unwrap());
}

// One write guard for the whole update of an RwLock, and readers that only read.
fn rwlock_write_guard_is_fine() {
    let config = Arc::new(RwLock::new(vec![1, 2, 3]));
    let writer = {
        let config = Arc::clone(&config);
        thread::spawn(move || {
            let mut c = config.write().unwrap();
            let last = *c.last().unwrap();
            c.push(last + 1);
        })
    };
    let reader = {
        let config = Arc::clone(&config);
        thread::spawn(move || {
            let len = config.read().unwrap().len();
            println!("{len} entries");
        })
    };
    writer.join().unwrap();
    reader.join().unwrap();
}

// Read from one lock, write to another: nothing is read back and overwritten.
fn two_different_locks_are_fine() {
    let input = Arc::new(Mutex::new(vec![3, 4, 5]));
    let output = Arc::new(Mutex::new(Vec::new()));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let input = Arc::clone(&input);
            let output = Arc::clone(&output);
            thread::spawn(move || {
                let next = input.lock().unwrap().pop();
                if let Some(n) = next {
                    output.lock().unwrap().push(n * n);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// Storing a value that is not computed from the load is not a read-modify-write.
fn store_not_computed_from_load_is_fine() {
    let last_worker = Arc::new(AtomicUsize::new(0));
    let mut handles = Vec::new();
    for id in 1..=3 {
        let last_worker = Arc::clone(&last_worker);
        handles.push(thread::spawn(move || {
            let previous = last_worker.load(Ordering::SeqCst);
            println!("worker {id} starts after worker {previous}");
            last_worker.store(id, Ordering::SeqCst);
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// A split load and store in code that never runs on another thread.
fn single_threaded_is_fine() {
    let counter = AtomicUsize::new(0);
    for _ in 0..10 {
        let v = counter.load(Ordering::SeqCst);
        counter.store(v + 1, Ordering::SeqCst);
    }
    println!("{}", counter.load(Ordering::SeqCst));
}

// Set up before any thread is spawned, updated with fetch_add afterwards,
// and read-modify-written again only after every thread is joined.
fn before_spawn_and_after_join_are_fine() {
    let counter = Arc::new(AtomicUsize::new(0));
    let start = counter.load(Ordering::SeqCst);
    counter.store(start + 100, Ordering::SeqCst);
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                counter.fetch_add(1, Ordering::SeqCst);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let end = counter.load(Ordering::SeqCst);
    counter.store(end * 2, Ordering::SeqCst);
    println!("{}", counter.load(Ordering::SeqCst));
}

// Each thread adds into its own local sum and publishes it in one step.
fn local_sums_are_fine() {
    let sum = Arc::new(AtomicU64::new(0));
    thread::scope(|s| {
        for chunk in [1u64..=50, 51..=100] {
            let sum = &sum;
            s.spawn(move || {
                let mut local = 0;
                for n in chunk {
                    local += n;
                }
                sum.fetch_add(local, Ordering::Relaxed);
            });
        }
    });
    println!("{}", sum.load(Ordering::Relaxed));
}

fn main() {
    one_expression();
    two_statements();
    computed_in_steps();
    static_atomic_in_scope();
    two_guards();
    two_named_guards();
    map_entry_two_guards();
    rwlock_read_then_write();
    builder_named_fn();
    named_fn_spawned_twice();
    fetch_add_is_fine();
    fetch_update_and_cas_are_fine();
    one_guard_is_fine();
    rwlock_write_guard_is_fine();
    two_different_locks_are_fine();
    store_not_computed_from_load_is_fine();
    single_threaded_is_fine();
    before_spawn_and_after_join_are_fine();
    local_sums_are_fine();
}
