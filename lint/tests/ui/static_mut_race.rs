// static_mut_race: a `static mut` written while another thread can use it.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread;

static mut COUNTER: u32 = 0;
static mut TOTAL: u64 = 0;
static mut LAST_ID: usize = 0;
static mut DONE: u32 = 0;
static mut HITS: i64 = 0;
static mut STOCK: i32 = 100;
static mut SETTING: u32 = 1;
static mut PROGRESS: u8 = 0;

static mut LIMIT: u32 = 0;
static mut VERBOSE: bool = false;
static mut RUNS: u32 = 0;
static mut SCRATCH: u32 = 0;
static mut WORKERS: usize = 0;
static mut ROUND: u32 = 0;
static EVENTS: AtomicU32 = AtomicU32::new(0);
static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());
static NAME: OnceLock<String> = OnceLock::new();

// `+=` on a spawned thread.
fn add_in_threads() {
    let mut handles = Vec::new();
    for _ in 0..4 {
        handles.push(thread::spawn(|| {
            for _ in 0..1000 {
                unsafe {
                    COUNTER += 1; //~ static_mut_race
                }
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    println!("{}", unsafe { COUNTER });
}

// Through a helper function the thread calls.
fn record(amount: u64) {
    unsafe {
        TOTAL += amount; //~ static_mut_race
    }
}

fn helper_in_threads() {
    let a = thread::spawn(|| record(10));
    let b = thread::spawn(|| record(20));
    a.join().unwrap();
    b.join().unwrap();
}

// A plain assignment, with the full path to spawn.
fn assign_in_threads() {
    let handles: Vec<_> = (1..=3)
        .map(|id| {
            std::thread::spawn(move || unsafe {
                LAST_ID = id; //~ static_mut_race
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// A named function handed to `thread::Builder`.
fn worker() {
    unsafe {
        DONE += 1; //~ static_mut_race
    }
}

fn builder_named_fn() {
    let first = thread::Builder::new().spawn(worker).unwrap();
    let second = thread::Builder::new().spawn(worker).unwrap();
    first.join().unwrap();
    second.join().unwrap();
}

// Scoped threads.
fn scoped_threads() {
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| unsafe {
                HITS += 1; //~ static_mut_race
            });
        }
    });
}

// `-=` in one spawned thread while another thread reads the value.
fn one_writer_one_reader() {
    let seller = thread::spawn(|| unsafe {
        STOCK -= 1; //~ static_mut_race
    });
    let checker = thread::spawn(|| {
        let left = unsafe { STOCK };
        println!("{left} left");
    });
    seller.join().unwrap();
    checker.join().unwrap();
}

// The main thread writes while a spawned thread may be reading.
fn main_writes_while_thread_reads() {
    let reader = thread::spawn(|| {
        let s = unsafe { SETTING };
        println!("setting = {s}");
    });
    unsafe {
        SETTING = 2; //~ static_mut_race
    }
    reader.join().unwrap();
}

// Written two levels down: the thread calls `step`, which calls `advance`.
fn advance() {
    unsafe {
        PROGRESS += 10; //~ static_mut_race
    }
}

fn step() {
    advance();
}

fn nested_helper() {
    let t = thread::spawn(step);
    let u = thread::spawn(step);
    t.join().unwrap();
    u.join().unwrap();
}

// ---- near-misses: nothing below may fire ----

// Written before any thread starts, then only read.
fn configured_before_threads() {
    unsafe {
        LIMIT = 10;
        VERBOSE = true;
    }
    let handles: Vec<_> = (0..3)
        .map(|i| {
            thread::spawn(move || {
                let limit = unsafe { LIMIT };
                if unsafe { VERBOSE } {
                    println!("{i} works up to {limit}");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// Written by a helper that runs before any thread starts.
fn init_workers(n: usize) {
    unsafe {
        WORKERS = n;
    }
}

fn initialized_by_helper() {
    init_workers(3);
    let count = unsafe { WORKERS };
    let handles: Vec<_> = (0..count)
        .map(|i| thread::spawn(move || println!("worker {i} of {}", unsafe { WORKERS })))
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// Scoped threads read it; the write comes after the scope has joined them.
fn written_after_scope() {
    thread::scope(|s| {
        s.spawn(|| println!("round {}", unsafe { ROUND }));
        s.spawn(|| println!("still round {}", unsafe { ROUND }));
    });
    unsafe {
        ROUND += 1;
    }
}

// Read by a thread, written again only after that thread has been joined.
fn written_after_join() {
    let h = thread::spawn(|| {
        let runs = unsafe { RUNS };
        println!("run number {runs}");
    });
    h.join().unwrap();
    unsafe {
        RUNS += 1;
    }
}

// A `static mut` in code that never runs on another thread.
fn single_threaded() {
    for i in 0..3 {
        unsafe {
            SCRATCH += i;
        }
    }
    println!("{}", unsafe { SCRATCH });
}

// Statics that synchronize: an atomic, a Mutex, a OnceLock.
fn synchronized_statics() {
    NAME.set(String::from("demo")).unwrap();
    let handles: Vec<_> = (0..4)
        .map(|i| {
            thread::spawn(move || {
                EVENTS.fetch_add(1, Ordering::Relaxed);
                LOG.lock()
                    .unwrap()
                    .push(format!("{i} ran {}", NAME.get().unwrap()));
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    println!("{} events", EVENTS.load(Ordering::Relaxed));
}

// A local variable in each thread is not shared.
fn local_counts() {
    let handles: Vec<_> = (0..2)
        .map(|_| {
            thread::spawn(|| {
                let mut count = 0;
                for _ in 0..10 {
                    count += 1;
                }
                count
            })
        })
        .collect();
    let sum: i32 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    println!("{sum}");
}

fn main() {
    configured_before_threads();
    initialized_by_helper();
    add_in_threads();
    helper_in_threads();
    assign_in_threads();
    builder_named_fn();
    scoped_threads();
    one_writer_one_reader();
    main_writes_while_thread_reads();
    nested_helper();
    written_after_join();
    written_after_scope();
    single_threaded();
    synchronized_statics();
    local_counts();
}
