// Calls are resolved the way the compiler resolves them: a method call goes to
// the `impl` of its receiver's type (known from an annotation, a constructor,
// a field, a return type or a parameter), a path goes to the item it names
// through the module's `use` declarations, and a `static` is the one in scope
// where it is named. A call whose target cannot be known is left alone: no
// finding is built on a guess.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::spawn as go;

use crate::draw::Target;
use crate::settings::Settings;

mod draw {
    pub struct Target;
    impl Target {
        pub fn set_style(&mut self, _style: u8) {}
    }
}

mod settings {
    pub struct Settings;
    impl Settings {
        pub fn load() -> Vec<String> {
            Vec::new()
        }
    }
}

// ---- the mistakes, found through the receiver's type ----

struct Ledger {
    entries: Mutex<Vec<i64>>,
}

impl Ledger {
    fn total(&self) -> i64 {
        self.entries.lock().unwrap().iter().sum()
    }
}

struct Bank {
    ledger: Ledger,
}

impl Bank {
    // The field's declared type says which `total` this is: it locks `entries` again.
    fn audit(&self) -> i64 {
        let entries = self.ledger.entries.lock().unwrap();
        let total = self.ledger.total(); //~ double_lock
        total + entries.len() as i64
    }
}

// A parameter's type says which method runs.
fn audit_twice(ledger: &Ledger) -> i64 {
    let guard = ledger.entries.lock().unwrap();
    guard.len() as i64 + ledger.total() //~ double_lock
}

// A binding built by a constructor of the crate's type.
fn audit_new() -> i64 {
    let ledger = Ledger {
        entries: Mutex::new(vec![1, 2]),
    };
    let held = ledger.entries.lock().unwrap();
    let sum = ledger.total(); //~ double_lock
    sum + held.len() as i64
}

// `use std::thread::spawn as go`: `go` starts a thread.
static mut VISITS: u32 = 0;

fn spawn_through_an_alias() {
    let handles: Vec<_> = (0..4)
        .map(|_| {
            go(|| unsafe {
                VISITS += 1; //~ static_mut_race
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// A `static mut` declared inside a function is that function's own, even when
// another function declares a `static` of the same name.
fn local_static_mut() {
    static mut COUNTER: u32 = 0;
    let handles: Vec<_> = (0..2)
        .map(|_| {
            std::thread::spawn(|| unsafe {
                COUNTER += 1; //~ static_mut_race
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// ---- near-misses: nothing below may fire ----

// The same name on another type: `target` is a `draw::Target`, whose
// `set_style` takes no lock. It is not this method calling itself.
struct Bar {
    state: Mutex<BarState>,
}

struct BarState {
    target: Target,
}

impl Bar {
    fn set_style(&self, style: u8) {
        self.state.lock().unwrap().target.set_style(style);
    }
}

// A receiver whose type is not known (a value from elsewhere) is not sent to
// a method that merely has the same name.
struct Sink {
    buffer: Mutex<Vec<u8>>,
}

impl Sink {
    fn flush(&self) {
        self.buffer.lock().unwrap().clear();
    }

    fn write_through(&self, out: &mut dyn std::io::Write) {
        let buffer = self.buffer.lock().unwrap();
        out.write_all(&buffer).unwrap();
        out.flush().unwrap();
    }
}

// `Settings::load()` is the `load` of `Settings`, not this file's free `load`.
static CACHE: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn load() -> Vec<String> {
    CACHE.lock().unwrap().clone()
}

fn refresh() {
    let mut cache = CACHE.lock().unwrap();
    *cache = Settings::load();
}

// Another function's `static COUNTER` is an atomic: `fetch_add` is one step.
fn local_static_atomic() {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let handles: Vec<_> = (0..2)
        .map(|_| {
            std::thread::spawn(|| {
                COUNTER.fetch_add(1, Ordering::Relaxed);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// A module of the crate's own named `thread`: its `spawn` runs the closure
// right here, on this thread.
mod thread {
    pub fn spawn<F: FnOnce()>(f: F) {
        f()
    }
}

static mut STEPS: u32 = 0;

fn own_spawn_runs_inline() {
    for _ in 0..3 {
        thread::spawn(|| unsafe {
            STEPS += 1;
        });
    }
}

// `Arc::clone` keeps the type: the method is the crate's `total`, and no lock
// is held when it runs.
fn clone_keeps_the_type() {
    let ledger = Arc::new(Ledger {
        entries: Mutex::new(Vec::new()),
    });
    let other = Arc::clone(&ledger);
    let t = std::thread::spawn(move || other.total());
    let first = ledger.total();
    println!("{first} {}", t.join().unwrap());
}

// A lock its holder may take again, built or annotated.
fn reentrant_relock() {
    let m = parking_lot::ReentrantMutex::new(1);
    let a = m.lock();
    let b = m.lock();
    println!("{} {}", *a, *b);
    let shared: Arc<parking_lot::ReentrantMutex<u32>> = Default::default();
    let c = shared.lock();
    let d = shared.lock();
    println!("{} {}", *c, *d);
}

// `#[cfg]` alternatives: the compiler keeps one of the two `let`s.
struct Notifier {
    wakers: Mutex<Vec<u32>>,
}

impl Notifier {
    fn count(&self) -> usize {
        #[cfg(feature = "std")]
        let guard = self.wakers.lock().unwrap();
        #[cfg(not(feature = "std"))]
        let guard = self.wakers.lock().unwrap();
        guard.len()
    }
}

// A fallback for targets without atomics (one core, no threads).
#[cfg(not(target_has_atomic = "ptr"))]
struct Flag {
    v: std::cell::Cell<bool>,
}

#[cfg(not(target_has_atomic = "ptr"))]
impl Flag {
    fn set(&self) {
        self.v.set(true)
    }
}

#[cfg(not(target_has_atomic = "ptr"))]
unsafe impl Sync for Flag {}

// A guard handed to a method is the method's: it drops it before locking again.
struct Semaphore {
    waiters: Mutex<Vec<u32>>,
}

impl Semaphore {
    fn release_locked(&self, guard: std::sync::MutexGuard<'_, Vec<u32>>) {
        let mut slot = Some(guard);
        for _ in 0..2 {
            let mut w = slot.take().unwrap_or_else(|| self.waiters.lock().unwrap());
            w.pop();
            drop(w);
        }
    }

    fn release(&self) {
        self.release_locked(self.waiters.lock().unwrap());
    }
}

// A value of another crate's type has its own methods: this `join` is not
// `JoinHandle::join`, and its result is not a thread's panic.
fn executor_join() {
    let executor = Arc::new(pool::Executor::new());
    std::thread::scope(|s| {
        let e = Arc::clone(&executor);
        s.spawn(move || {
            e.submit(|| println!("job"));
            e.join();
        });
    });
}

// A type the crate defines is its own, even when its name starts with
// `Atomic`: its `load` and `store` are its methods, followed into their
// bodies. The tally's own `bump` reads and writes in two steps: that is the
// lost update, found inside the method.
struct AtomicTally {
    count: std::sync::atomic::AtomicUsize,
}

impl AtomicTally {
    fn load(&self, order: Ordering) -> usize {
        self.count.load(order)
    }

    fn store(&self, value: usize, order: Ordering) {
        self.count.store(value, order);
    }

    fn bump(&self) {
        let seen = self.count.load(Ordering::SeqCst);
        self.count.store(seen + 1, Ordering::SeqCst); //~ lost_update
    }
}

impl AtomicTally {
    const fn new() -> AtomicTally {
        AtomicTally {
            count: std::sync::atomic::AtomicUsize::new(0),
        }
    }
}

static TALLY: AtomicTally = AtomicTally::new();

fn own_atomic_type() {
    let workers: Vec<_> = (0..2)
        .map(|_| {
            go(move || {
                TALLY.bump();
                // A reset through the type's own methods: what `store` does
                // with its argument is the method's business.
                let now = TALLY.load(Ordering::Acquire);
                TALLY.store(now.min(10), Ordering::Release);
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
}

fn main() {
    own_atomic_type();
    reentrant_relock();
    let notifier = Notifier {
        wakers: Mutex::new(Vec::new()),
    };
    println!("{}", notifier.count());
    let sem = Semaphore {
        waiters: Mutex::new(vec![1, 2]),
    };
    sem.release();
    executor_join();
    let bank = Bank {
        ledger: Ledger {
            entries: Mutex::new(Vec::new()),
        },
    };
    println!("{}", bank.audit());
    println!("{}", audit_twice(&bank.ledger));
    println!("{}", audit_new());
    spawn_through_an_alias();
    local_static_mut();
    let bar = Bar {
        state: Mutex::new(BarState { target: Target }),
    };
    bar.set_style(1);
    let sink = Sink {
        buffer: Mutex::new(Vec::new()),
    };
    sink.write_through(&mut std::io::sink());
    sink.flush();
    let _ = load();
    refresh();
    local_static_atomic();
    own_spawn_runs_inline();
    clone_keeps_the_type();
}
