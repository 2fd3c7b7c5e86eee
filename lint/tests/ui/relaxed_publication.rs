// relaxed_publication: data handed from one thread to another through a flag
// stored and loaded with `Ordering::Relaxed`. Relaxed orders nothing but the
// flag itself: the reader can see the flag set and still read the data as it
// was before the writer wrote it. Message passing needs `Release` on the store
// and `Acquire` on the load (or a fence pair).

use std::ptr;
use std::sync::atomic::Ordering;
use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};
use std::sync::atomic::{fence, AtomicBool, AtomicPtr, AtomicU32, AtomicU64, AtomicUsize};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

static DATA: AtomicU64 = AtomicU64::new(0);
static READY: AtomicBool = AtomicBool::new(false);

// Both sides Relaxed: the reader can see `READY` and an old `DATA`.
fn both_relaxed() {
    thread::scope(|s| {
        s.spawn(|| {
            DATA.store(42, Ordering::Relaxed);
            READY.store(true, Ordering::Relaxed);
        });
        s.spawn(|| {
            while !READY.load(Ordering::Relaxed) {
                //~^ relaxed_publication
                std::hint::spin_loop();
            }
            assert_eq!(DATA.load(Ordering::Relaxed), 42);
        });
    });
}

// A `Release` store is not enough when the load is Relaxed.
fn release_store_relaxed_load() {
    let answer = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let writer = {
        let answer = Arc::clone(&answer);
        let done = Arc::clone(&done);
        thread::spawn(move || {
            answer.store(6 * 7, Relaxed);
            done.store(true, Release);
        })
    };
    let reader = {
        let answer = Arc::clone(&answer);
        let done = Arc::clone(&done);
        thread::spawn(move || {
            while !done.load(Relaxed) {
                //~^ relaxed_publication
                thread::yield_now();
            }
            println!("the answer is {}", answer.load(Relaxed));
        })
    };
    writer.join().unwrap();
    reader.join().unwrap();
}

// An `Acquire` load is not enough when the store is Relaxed.
fn relaxed_store_acquire_load() {
    let temperature = AtomicU32::new(0);
    let measured = AtomicBool::new(false);
    thread::scope(|s| {
        s.spawn(|| {
            temperature.store(21, Relaxed);
            measured.store(true, Relaxed); //~ relaxed_publication
        });
        s.spawn(|| {
            if measured.load(Acquire) {
                println!("{} degrees", temperature.load(Relaxed));
            }
        });
    });
}

// A pointer published with Relaxed: the reader can see the pointer before
// the fields it points to.
struct Config {
    name: String,
    workers: usize,
}

static CURRENT: AtomicPtr<Config> = AtomicPtr::new(ptr::null_mut());

fn publish_pointer_relaxed() {
    let loader = thread::spawn(|| {
        let config = Box::new(Config {
            name: "prod".to_string(),
            workers: 8,
        });
        CURRENT.store(Box::into_raw(config), Ordering::Relaxed);
    });
    let user = thread::spawn(|| {
        let p = CURRENT.load(Ordering::Relaxed); //~ relaxed_publication
        if !p.is_null() {
            let config = unsafe { &*p };
            println!("{} with {} workers", config.name, config.workers);
        }
    });
    loader.join().unwrap();
    user.join().unwrap();
}

// A struct with a flag and a value, all Relaxed, used from Builder threads.
struct Mailbox {
    full: AtomicBool,
    letter: AtomicU64,
}

impl Mailbox {
    fn put(&self, letter: u64) {
        self.letter.store(letter, Relaxed);
        self.full.store(true, Relaxed);
    }

    fn take(&self) -> Option<u64> {
        if self.full.load(Relaxed) {
            //~^ relaxed_publication
            Some(self.letter.load(Relaxed))
        } else {
            None
        }
    }
}

fn mailbox_methods() {
    let mailbox = Arc::new(Mailbox {
        full: AtomicBool::new(false),
        letter: AtomicU64::new(0),
    });
    let postman = thread::Builder::new()
        .name("postman".into())
        .spawn({
            let mailbox = Arc::clone(&mailbox);
            move || mailbox.put(7)
        })
        .unwrap();
    let reader = thread::Builder::new()
        .name("reader".into())
        .spawn({
            let mailbox = Arc::clone(&mailbox);
            move || loop {
                if let Some(letter) = mailbox.take() {
                    break letter;
                }
            }
        })
        .unwrap();
    postman.join().unwrap();
    println!("got letter {}", reader.join().unwrap());
}

// Results in their own slots, a Relaxed "done" counter, and a reporter thread
// that waits for the counter before reading the slots.
fn relaxed_done_counter() {
    let results: Arc<Vec<AtomicU64>> = Arc::new((0..4).map(|_| AtomicU64::new(0)).collect());
    let finished = Arc::new(AtomicUsize::new(0));
    let mut handles = Vec::new();
    for i in 0..4 {
        let results = results.clone();
        let finished = finished.clone();
        handles.push(thread::spawn(move || {
            results[i].store((i * i) as u64, Relaxed);
            finished.fetch_add(1, Relaxed);
        }));
    }
    let reporter = {
        let results = results.clone();
        let finished = finished.clone();
        thread::spawn(move || {
            while finished.load(Relaxed) < 4 {
                //~^ relaxed_publication
                thread::sleep(Duration::from_millis(1));
            }
            let total: u64 = results.iter().map(|r| r.load(Relaxed)).sum();
            println!("total {total}");
        })
    };
    for h in handles {
        h.join().unwrap();
    }
    reporter.join().unwrap();
}

// Named producer and consumer functions.
fn produce(value: &AtomicU64, ready: &AtomicBool) {
    value.store(99, Relaxed);
    ready.store(true, Relaxed);
}

fn consume(value: &AtomicU64, ready: &AtomicBool) -> u64 {
    loop {
        if ready.load(Relaxed) {
            //~^ relaxed_publication
            return value.load(Relaxed);
        }
        std::hint::spin_loop();
    }
}

fn named_producer_consumer() {
    let value = AtomicU64::new(0);
    let ready = AtomicBool::new(false);
    let got = thread::scope(|s| {
        s.spawn(|| produce(&value, &ready));
        let consumer = s.spawn(|| consume(&value, &ready));
        consumer.join().unwrap()
    });
    println!("{got}");
}

// ---- near-misses: nothing below may fire ----

// Release on the store, Acquire on the load.
fn release_acquire_is_fine() {
    let answer = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let writer = {
        let answer = Arc::clone(&answer);
        let done = Arc::clone(&done);
        thread::spawn(move || {
            answer.store(42, Relaxed);
            done.store(true, Release);
        })
    };
    let reader = {
        let answer = Arc::clone(&answer);
        let done = Arc::clone(&done);
        thread::spawn(move || {
            while !done.load(Acquire) {
                std::hint::spin_loop();
            }
            println!("{}", answer.load(Relaxed));
        })
    };
    writer.join().unwrap();
    reader.join().unwrap();
}

// SeqCst on both sides.
fn seq_cst_is_fine() {
    let data = AtomicU32::new(0);
    let ready = AtomicBool::new(false);
    thread::scope(|s| {
        s.spawn(|| {
            data.store(5, Ordering::SeqCst);
            ready.store(true, Ordering::SeqCst);
        });
        s.spawn(|| {
            while !ready.load(Ordering::SeqCst) {
                thread::yield_now();
            }
            println!("{}", data.load(Ordering::SeqCst));
        });
    });
}

// A fence pair: Release fence before the Relaxed store, Acquire fence after
// the Relaxed load.
fn fence_pair_is_fine() {
    let data = AtomicU64::new(0);
    let ready = AtomicBool::new(false);
    thread::scope(|s| {
        s.spawn(|| {
            data.store(123, Relaxed);
            fence(Release);
            ready.store(true, Relaxed);
        });
        s.spawn(|| {
            while !ready.load(Relaxed) {
                std::hint::spin_loop();
            }
            fence(Acquire);
            assert_eq!(data.load(Relaxed), 123);
        });
    });
}

// A Relaxed counter used as a statistic: a monitor prints progress, nothing
// is published through it.
fn relaxed_statistic_is_fine() {
    let processed = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..3)
        .map(|_| {
            let processed = Arc::clone(&processed);
            thread::spawn(move || {
                for _ in 0..100 {
                    processed.fetch_add(1, Relaxed);
                }
            })
        })
        .collect();
    let monitor = {
        let processed = Arc::clone(&processed);
        let stop = Arc::clone(&stop);
        thread::spawn(move || {
            while !stop.load(Relaxed) {
                println!("progress: {}", processed.load(Relaxed));
                thread::sleep(Duration::from_millis(10));
            }
        })
    };
    for w in workers {
        w.join().unwrap();
    }
    stop.store(true, Relaxed);
    monitor.join().unwrap();
    println!("processed {}", processed.load(Relaxed));
}

// Relaxed writes read after a join: the join is the synchronisation.
fn join_instead_of_flag_is_fine() {
    let sum = AtomicU64::new(0);
    let finished = AtomicBool::new(false);
    thread::scope(|s| {
        let worker = s.spawn(|| {
            sum.store((1..=10).sum(), Relaxed);
            finished.store(true, Relaxed);
        });
        worker.join().unwrap();
    });
    if finished.load(Relaxed) {
        println!("{}", sum.load(Relaxed));
    }
}

// A Relaxed stop flag: it carries no data, the worker's result comes back
// through `join`.
fn relaxed_stop_flag_is_fine() {
    let stop = Arc::new(AtomicBool::new(false));
    let worker = {
        let stop = Arc::clone(&stop);
        thread::spawn(move || {
            let mut rounds = 0u64;
            while !stop.load(Relaxed) {
                rounds += 1;
                thread::sleep(Duration::from_millis(1));
            }
            rounds
        })
    };
    thread::sleep(Duration::from_millis(20));
    stop.store(true, Relaxed);
    let rounds = worker.join().unwrap();
    println!("{rounds} rounds");
}

// A pointer published with Release and read with Acquire.
static SETTINGS: AtomicPtr<Config> = AtomicPtr::new(ptr::null_mut());

fn publish_pointer_release_acquire() {
    let loader = thread::spawn(|| {
        let config = Box::new(Config {
            name: "test".to_string(),
            workers: 2,
        });
        SETTINGS.store(Box::into_raw(config), Release);
    });
    let user = thread::spawn(|| loop {
        let p = SETTINGS.load(Acquire);
        if !p.is_null() {
            let config = unsafe { &*p };
            break config.workers;
        }
        thread::yield_now();
    });
    loader.join().unwrap();
    println!("{} workers", user.join().unwrap());
}

// A pointer loaded with `Relaxed` only to compare it with one already read
// with `Acquire` (has the table been replaced meanwhile?): nothing is read
// through the `Relaxed` load, so it needs no ordering of its own.
static TABLE: AtomicPtr<Config> = AtomicPtr::new(ptr::null_mut());

fn still_the_same_table() {
    let grower = thread::spawn(|| {
        let bigger = Box::new(Config {
            name: "table".to_string(),
            workers: 16,
        });
        TABLE.store(Box::into_raw(bigger), Release);
    });
    let seen = TABLE.load(Acquire);
    if !seen.is_null() && TABLE.load(Relaxed) == seen {
        println!("{} slots", unsafe { &*seen }.workers);
    }
    grower.join().unwrap();
}

fn main() {
    still_the_same_table();
    both_relaxed();
    release_store_relaxed_load();
    relaxed_store_acquire_load();
    publish_pointer_relaxed();
    mailbox_methods();
    relaxed_done_counter();
    named_producer_consumer();
    release_acquire_is_fine();
    seq_cst_is_fine();
    fence_pair_is_fine();
    relaxed_statistic_is_fine();
    join_instead_of_flag_is_fine();
    relaxed_stop_flag_is_fine();
    publish_pointer_release_acquire();
}
