// leaked_guard: a guard that is never dropped, so the lock is never released.
// `mem::forget`, `Box::leak`, a `ManuallyDrop` that is kept, or a guard put
// somewhere that lives for the rest of the program: the Rust way of writing
// `acquire()` without `release()`. The next thread to lock waits forever.

use std::mem::{self, ManuallyDrop};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard};
use std::thread;

// "Keep it locked": `mem::forget` instead of a release.
fn forget_a_named_guard() {
    let counter = Arc::new(Mutex::new(0));
    let mut handles = vec![];
    for _ in 0..2 {
        let counter = Arc::clone(&counter);
        handles.push(thread::spawn(move || {
            let mut n = counter.lock().unwrap();
            *n += 1;
            mem::forget(n); //~ leaked_guard
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// Forgetting the guard straight from `lock()`.
fn forget_a_temporary_guard() {
    let ready = Arc::new(Mutex::new(false));
    let worker = {
        let ready = Arc::clone(&ready);
        thread::spawn(move || {
            std::mem::forget(ready.lock().unwrap()); //~ leaked_guard
            println!("worker holds the lock now");
        })
    };
    worker.join().unwrap();
    println!("ready: {}", ready.lock().unwrap());
}

// `Box::leak` gives a `&'static mut` to the guard, and the lock with it.
fn box_leak_a_guard() {
    let scores = Arc::new(Mutex::new(Vec::new()));
    let handles: Vec<_> = (0..3)
        .map(|i| {
            let scores = Arc::clone(&scores);
            thread::spawn(move || {
                let guard = Box::leak(Box::new(scores.lock().unwrap())); //~ leaked_guard
                guard.push(i);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// A `ManuallyDrop` around the guard that is never dropped.
fn manually_drop_kept() {
    let log = Arc::new(Mutex::new(String::new()));
    thread::scope(|s| {
        for word in ["a", "b"] {
            let log = &log;
            s.spawn(move || {
                let mut guard = ManuallyDrop::new(log.lock().unwrap()); //~ leaked_guard
                guard.push_str(word);
            });
        }
    });
}

// A write guard forgotten inside a helper that threads call.
fn bump_version(version: &RwLock<u64>) {
    let mut v = version.write().unwrap();
    *v += 1;
    mem::forget(v); //~ leaked_guard
}

fn forget_in_a_helper() {
    let version = Arc::new(RwLock::new(0));
    let a = {
        let version = version.clone();
        thread::spawn(move || bump_version(&version))
    };
    let b = {
        let version = version.clone();
        thread::spawn(move || bump_version(&version))
    };
    a.join().unwrap();
    b.join().unwrap();
}

// A struct method that "enters" by forgetting its guard: nothing ever leaves.
struct Turnstile {
    inside: Arc<Mutex<u32>>,
}

impl Turnstile {
    fn enter(&self) {
        let mut inside = self.inside.lock().unwrap();
        *inside += 1;
        std::mem::forget(inside); //~ leaked_guard
    }
}

fn forget_in_a_method() {
    let turnstile = Arc::new(Turnstile {
        inside: Arc::new(Mutex::new(0)),
    });
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let turnstile = Arc::clone(&turnstile);
            thread::spawn(move || turnstile.enter())
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// A guard stored in a `static`: held for the rest of the program.
static SETTINGS: Mutex<Vec<String>> = Mutex::new(Vec::new());
static mut SETTINGS_HELD: Option<MutexGuard<'static, Vec<String>>> = None;

fn guard_in_a_static() {
    unsafe {
        SETTINGS_HELD = Some(SETTINGS.lock().unwrap()); //~ leaked_guard
    }
    let reader = thread::spawn(|| SETTINGS.lock().unwrap().len());
    println!("{}", reader.join().unwrap());
}

// A read guard leaked to hand out a `&'static` view of the data: readers are
// fine, but no writer ever gets in again.
fn snapshot(table: &'static RwLock<Vec<i32>>) -> &'static [i32] {
    let guard: &'static RwLockReadGuard<'static, Vec<i32>> =
        Box::leak(Box::new(table.read().unwrap())); //~ leaked_guard
    guard.as_slice()
}

fn leak_a_read_guard() {
    let table: &'static RwLock<Vec<i32>> = Box::leak(Box::new(RwLock::new(vec![1, 2, 3])));
    let readers: Vec<_> = (0..2)
        .map(|_| thread::spawn(move || snapshot(table).len()))
        .collect();
    for r in readers {
        println!("{}", r.join().unwrap());
    }
    let writer = thread::spawn(move || table.write().unwrap().push(4));
    writer.join().unwrap();
}

// ---- near-misses: nothing below may fire ----

// `drop` releases the lock.
fn drop_is_fine() {
    let counter = Arc::new(Mutex::new(0));
    let mut handles = vec![];
    for _ in 0..2 {
        let counter = Arc::clone(&counter);
        handles.push(thread::spawn(move || {
            let mut n = counter.lock().unwrap();
            *n += 1;
            drop(n);
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// A guard returned from a function: the caller owns it and drops it.
fn lock_scores(scores: &Mutex<Vec<i32>>) -> MutexGuard<'_, Vec<i32>> {
    scores
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn returned_guard_is_fine() {
    let scores = Arc::new(Mutex::new(Vec::new()));
    let handles: Vec<_> = (0..3)
        .map(|i| {
            let scores = Arc::clone(&scores);
            thread::spawn(move || {
                let mut s = lock_scores(&scores);
                s.push(i);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    println!("{:?}", *lock_scores(&scores));
}

// A struct wrapping a guard, returned from a method and dropped by the caller.
struct Ledger {
    entries: Mutex<Vec<i64>>,
}

struct Transaction<'a> {
    entries: MutexGuard<'a, Vec<i64>>,
}

impl Ledger {
    fn begin(&self) -> Transaction<'_> {
        Transaction {
            entries: self.entries.lock().unwrap(),
        }
    }
}

impl Transaction<'_> {
    fn record(&mut self, amount: i64) {
        self.entries.push(amount);
    }
}

fn raii_wrapper_is_fine() {
    let ledger = Ledger {
        entries: Mutex::new(Vec::new()),
    };
    thread::scope(|s| {
        for amount in [10, -5, 7] {
            let ledger = &ledger;
            s.spawn(move || {
                let mut txn = ledger.begin();
                txn.record(amount);
            });
        }
    });
}

// `mem::forget` of things that are not guards.
fn forget_non_guards_is_fine() {
    let counter = Arc::new(Mutex::new(0));
    let buffer = vec![0u8; 16];
    let name = String::from("scratch");
    mem::forget(buffer);
    mem::forget(name);
    let worker = {
        let counter = Arc::clone(&counter);
        thread::spawn(move || *counter.lock().unwrap() += 1)
    };
    worker.join().unwrap();
}

// Leaking the `Mutex` itself (not a guard) is a common way to get a `'static` lock.
fn leak_the_mutex_is_fine() {
    let hits: &'static Mutex<u32> = Box::leak(Box::new(Mutex::new(0)));
    let handles: Vec<_> = (0..3)
        .map(|_| thread::spawn(move || *hits.lock().unwrap() += 1))
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    println!("{}", hits.lock().unwrap());
}

// A `ManuallyDrop` guard that is dropped by hand.
fn manually_drop_then_drop_is_fine() {
    let log = Arc::new(Mutex::new(String::new()));
    let worker = {
        let log = Arc::clone(&log);
        thread::spawn(move || {
            let mut guard = ManuallyDrop::new(log.lock().unwrap());
            guard.push_str("done");
            unsafe { ManuallyDrop::drop(&mut guard) };
        })
    };
    worker.join().unwrap();
    println!("{}", log.lock().unwrap());
}

// Guards collected in a `Vec` are released when the `Vec` is dropped.
fn guard_moved_into_a_vec_is_dropped() {
    let a = Mutex::new(1);
    let b = Mutex::new(2);
    let guards = vec![a.lock().unwrap(), b.lock().unwrap()];
    let sum: i32 = guards.iter().map(|g| **g).sum();
    drop(guards);
    thread::scope(|s| {
        s.spawn(|| *a.lock().unwrap() += sum);
    });
}

fn main() {
    forget_a_named_guard();
    forget_a_temporary_guard();
    box_leak_a_guard();
    manually_drop_kept();
    forget_in_a_helper();
    forget_in_a_method();
    guard_in_a_static();
    leak_a_read_guard();
    drop_is_fine();
    returned_guard_is_fine();
    raii_wrapper_is_fine();
    forget_non_guards_is_fine();
    leak_the_mutex_is_fine();
    manually_drop_then_drop_is_fine();
    guard_moved_into_a_vec_is_dropped();
}
