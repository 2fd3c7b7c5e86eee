// Ownership protocols: code that only one thread can be running, because that
// thread won a claim first. A `compare_exchange` (or `swap`) that succeeded,
// a spin lock held, a check that this thread is the owner, the closure of a
// `Once` or `OnceLock`: the writes inside are not races, and a plain `load`
// followed by a `store` inside them is not a check another thread can pass too.
// Code only ever called with a lock held, and an `unsafe fn` (whose callers
// promise its contract), are left alone the same way.
// A claim made with a plain `load` is no claim: those mistakes still fire.

use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Once, OnceLock};
use std::thread;

// ---- the mistakes ----

// Checked with a `load`, then written: two threads can both see 0.
struct Slot {
    state: AtomicUsize,
    value: UnsafeCell<Option<String>>,
}

unsafe impl Sync for Slot {} //~ unsync_sharing

impl Slot {
    fn fill(&self, v: String) {
        if self.state.load(Ordering::Acquire) == 0 {
            unsafe { *self.value.get() = Some(v) };
            self.state.store(1, Ordering::Release); //~ check_then_act
        }
    }
}

fn fill_from_threads() {
    let slot = Arc::new(Slot {
        state: AtomicUsize::new(0),
        value: UnsafeCell::new(None),
    });
    let handles: Vec<_> = (0..2)
        .map(|i| {
            let slot = Arc::clone(&slot);
            thread::spawn(move || slot.fill(i.to_string()))
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// Written outside the `call_once` closure: every thread writes it.
static INIT: Once = Once::new();
static mut LIMIT: usize = 0;

fn limit_outside_once() {
    let handles: Vec<_> = (0..3)
        .map(|i| {
            thread::spawn(move || {
                INIT.call_once(|| println!("setup"));
                unsafe { LIMIT = i }; //~ static_mut_race
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// Written under a lock, read without it by another thread.
static RESULTS_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
static mut RESULTS: u64 = 0;

fn results_read_without_the_lock() {
    let writer = thread::spawn(|| {
        let _g = RESULTS_LOCK.lock().unwrap();
        unsafe { RESULTS += 1 }; //~ static_mut_race
    });
    let reader = thread::spawn(|| unsafe { RESULTS });
    writer.join().unwrap();
    println!("{}", reader.join().unwrap());
}

// ---- near-misses: nothing below may fire ----

// Every use of the `static mut` is under one same lock.
static HITS_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
static mut HITS: u32 = 0;

fn hit() {
    let _g = HITS_LOCK.lock().unwrap();
    unsafe { HITS += 1 };
}

fn hits_under_one_lock() {
    let handles: Vec<_> = (0..3).map(|_| thread::spawn(hit)).collect();
    for h in handles {
        h.join().unwrap();
    }
    let _g = HITS_LOCK.lock().unwrap();
    println!("{}", unsafe { HITS });
}

// The closure of `call_once` runs on one thread, once; every other caller
// waits for it and then sees what it wrote.
static SETUP: Once = Once::new();
static mut TABLE: Option<Vec<u32>> = None;

fn table_once() {
    let handles: Vec<_> = (0..3)
        .map(|_| {
            thread::spawn(|| {
                SETUP.call_once(|| unsafe {
                    TABLE = Some(vec![1, 2, 3]);
                });
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

static NAME: OnceLock<String> = OnceLock::new();
static mut CALLS: u32 = 0;

fn name_once() {
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                NAME.get_or_init(|| {
                    unsafe { CALLS += 1 };
                    "racelint".to_string()
                });
            });
        }
    });
}

// A successful `compare_exchange` makes this thread the only one inside.
struct Cell1<T> {
    state: AtomicUsize,
    data: UnsafeCell<Option<T>>,
}

unsafe impl<T: Send + Sync> Sync for Cell1<T> {}

const EMPTY: usize = 0;
const RUNNING: usize = 1;
const READY: usize = 2;

impl<T> Cell1<T> {
    fn init(&self, make: impl FnOnce() -> T) {
        let status = self.state.load(Ordering::Acquire);
        if status == EMPTY {
            match self
                .state
                .compare_exchange(EMPTY, RUNNING, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => {
                    unsafe { *self.data.get() = Some(make()) };
                    self.state.store(READY, Ordering::Release);
                }
                Err(_) => {
                    while self.state.load(Ordering::Acquire) != READY {
                        std::hint::spin_loop();
                    }
                }
            }
        }
    }

    fn set_if_empty(&self, v: T) -> bool {
        let won = self
            .state
            .compare_exchange(EMPTY, RUNNING, Ordering::AcqRel, Ordering::Acquire)
            .is_ok();
        if won {
            unsafe { *self.data.get() = Some(v) };
            self.state.store(READY, Ordering::Release);
        }
        won
    }
}

fn cell_from_threads() {
    let cell = Arc::new(Cell1 {
        state: AtomicUsize::new(EMPTY),
        data: UnsafeCell::new(None),
    });
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let cell = Arc::clone(&cell);
            thread::spawn(move || {
                cell.init(|| i);
                cell.set_if_empty(i);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// `swap(true)` returning `false` is the claim: one thread runs the setup.
static STARTED: AtomicBool = AtomicBool::new(false);
static mut PORT: u16 = 0;

fn start_once() {
    let handles: Vec<_> = (0..2)
        .map(|_| {
            thread::spawn(|| {
                if !STARTED.swap(true, Ordering::AcqRel) {
                    unsafe { PORT = 8080 };
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// A pool whose owner thread takes a fast path: only the thread whose id is
// stored in `owner` passes the check, so the store after it is not a race.
thread_local! {
    static THREAD_ID: usize = next_id();
}

fn next_id() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

const IN_USE: usize = usize::MAX;

struct Pool {
    owner: AtomicUsize,
    owner_val: UnsafeCell<Vec<u8>>,
}

unsafe impl Sync for Pool {}

impl Pool {
    fn get(&self) -> usize {
        let caller = THREAD_ID.with(|id| *id);
        let owner = self.owner.load(Ordering::Acquire);
        if caller == owner {
            self.owner.store(IN_USE, Ordering::Release);
            unsafe { (*self.owner_val.get()).clear() };
            return caller;
        }
        0
    }
}

fn pool_from_threads() {
    let pool = Arc::new(Pool {
        owner: AtomicUsize::new(0),
        owner_val: UnsafeCell::new(Vec::new()),
    });
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let pool = Arc::clone(&pool);
            thread::spawn(move || pool.get())
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// A spin lock held around the write.
struct Spin {
    locked: AtomicBool,
    value: UnsafeCell<u64>,
}

unsafe impl Sync for Spin {}

impl Spin {
    fn add(&self, n: u64) {
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            std::hint::spin_loop();
        }
        unsafe { *self.value.get() += n };
        self.locked.store(false, Ordering::Release);
    }
}

fn spin_from_threads() {
    let spin = Arc::new(Spin {
        locked: AtomicBool::new(false),
        value: UnsafeCell::new(0),
    });
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let spin = Arc::clone(&spin);
            thread::spawn(move || spin.add(1))
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// A waker slot: the thread that finds the state `WAITING` (by the value a
// `compare_exchange` or a `fetch_or` returns) holds it until it stores back.
const WAITING: usize = 0;
const REGISTERING: usize = 1;
const WAKING: usize = 2;

struct WakerSlot {
    state: AtomicUsize,
    waker: UnsafeCell<Option<String>>,
}

unsafe impl Sync for WakerSlot {}

impl WakerSlot {
    fn register(&self, name: &str) {
        match self
            .state
            .compare_exchange(WAITING, REGISTERING, Ordering::Acquire, Ordering::Acquire)
            .unwrap_or_else(|x| x)
        {
            WAITING => {
                unsafe { *self.waker.get() = Some(name.to_string()) };
                self.state.store(WAITING, Ordering::Release);
            }
            _ => {}
        }
    }

    fn take(&self) -> Option<String> {
        match self.state.fetch_or(WAKING, Ordering::AcqRel) {
            WAITING => {
                let waker = unsafe { (*self.waker.get()).take() };
                self.state.swap(WAITING, Ordering::Release);
                waker
            }
            _ => None,
        }
    }
}

fn waker_from_threads() {
    let slot = Arc::new(WakerSlot {
        state: AtomicUsize::new(WAITING),
        waker: UnsafeCell::new(None),
    });
    let handles: Vec<_> = (0..2)
        .map(|i| {
            let slot = Arc::clone(&slot);
            thread::spawn(move || {
                slot.register(&i.to_string());
                slot.take()
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// A tree with a lock of its own (`lock_root`/`unlock_root`), and a helper
// that only ever runs while its caller holds a lock.
struct Tree {
    bin: std::sync::Mutex<()>,
    lock_state: AtomicBool,
    root: AtomicUsize,
    red: AtomicBool,
}

impl Tree {
    fn lock_root(&self) {
        while self
            .lock_state
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            std::hint::spin_loop();
        }
    }

    fn unlock_root(&self) {
        self.lock_state.store(false, Ordering::Release);
    }

    fn recolor(&self) {
        if !self.red.load(Ordering::Relaxed) {
            self.red.store(true, Ordering::Relaxed);
        }
    }

    fn insert(&self) {
        self.lock_root();
        let root = self.root.load(Ordering::Relaxed);
        self.root.store(root + 1, Ordering::Relaxed);
        self.unlock_root();
        let _bin = self.bin.lock().unwrap();
        self.recolor();
    }
}

fn tree_from_threads() {
    let tree = Arc::new(Tree {
        bin: std::sync::Mutex::new(()),
        lock_state: AtomicBool::new(false),
        root: AtomicUsize::new(0),
        red: AtomicBool::new(false),
    });
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let tree = Arc::clone(&tree);
            thread::spawn(move || tree.insert())
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// A reentrant lock: the owner thread's id is checked before the count is
// touched, the inner lock is taken through a `try_lock` callback, and
// `unlock` is an `unsafe fn` whose contract says only the owner calls it.
struct RawReentrant {
    owner: AtomicUsize,
    count: std::cell::Cell<usize>,
    inner: std::sync::Mutex<()>,
}

unsafe impl Sync for RawReentrant {}

fn current_thread_id() -> usize {
    THREAD_ID.with(|id| *id)
}

impl RawReentrant {
    fn lock_with(&self, try_lock: impl FnOnce() -> bool) -> bool {
        let id = current_thread_id();
        if self.owner.load(Ordering::Relaxed) == id {
            self.count.set(self.count.get() + 1);
        } else {
            if !try_lock() {
                return false;
            }
            self.owner.store(id, Ordering::Relaxed);
            self.count.set(1);
        }
        true
    }

    unsafe fn unlock(&self) {
        let count = self.count.get() - 1;
        self.count.set(count);
        if count == 0 {
            self.owner.store(0, Ordering::Relaxed);
        }
    }
}

fn reentrant_from_threads() {
    let lock = Arc::new(RawReentrant {
        owner: AtomicUsize::new(0),
        count: std::cell::Cell::new(0),
        inner: std::sync::Mutex::new(()),
    });
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let lock = Arc::clone(&lock);
            thread::spawn(move || {
                if lock.lock_with(|| lock.inner.try_lock().is_ok()) {
                    unsafe { lock.unlock() };
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// A check and its act in a closure handed to another crate's function: that
// function decides when the closure runs and what it holds meanwhile (a
// parking library runs such callbacks under its own queue lock).
struct Gate {
    waiting: AtomicBool,
}

impl Gate {
    fn wake_one(&self) {
        let key = self as *const Gate as usize;
        let validate = || {
            if !self.waiting.load(Ordering::Relaxed) {
                return false;
            }
            self.waiting.store(false, Ordering::Relaxed);
            true
        };
        parking::unpark_one_if(key, validate);
    }
}

fn gate_from_threads() {
    let gate = Arc::new(Gate {
        waiting: AtomicBool::new(true),
    });
    let wakers: Vec<_> = (0..2)
        .map(|_| {
            let gate = Arc::clone(&gate);
            thread::spawn(move || gate.wake_one())
        })
        .collect();
    for waker in wakers {
        waker.join().unwrap();
    }
}

// Slots reached through a raw pointer and an index the model cannot follow
// (one slot per thread, picked by the caller's thread number): which slot,
// and who else can reach it, is not known, so nothing is claimed.
struct Slots {
    base: *const AtomicBool,
}

unsafe impl Sync for Slots {}

impl Slots {
    fn mark(&self, me: usize) {
        let slot = unsafe { &*self.base.add(me) };
        if !slot.load(Ordering::Relaxed) {
            slot.store(true, Ordering::Release);
        }
    }
}

fn slots_from_threads() {
    let flags: &'static [AtomicBool] = Box::leak(Box::new([AtomicBool::new(false), AtomicBool::new(false)]));
    let slots = Arc::new(Slots {
        base: flags.as_ptr(),
    });
    let markers: Vec<_> = (0..2)
        .map(|me| {
            let slots = Arc::clone(&slots);
            thread::spawn(move || slots.mark(me))
        })
        .collect();
    for marker in markers {
        marker.join().unwrap();
    }
}

fn main() {
    gate_from_threads();
    slots_from_threads();
    fill_from_threads();
    reentrant_from_threads();
    tree_from_threads();
    results_read_without_the_lock();
    hits_under_one_lock();
    waker_from_threads();
    limit_outside_once();
    table_once();
    name_once();
    cell_from_threads();
    start_once();
    pool_from_threads();
    spin_from_threads();
}
