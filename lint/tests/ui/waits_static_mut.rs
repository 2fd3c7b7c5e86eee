// A `static mut` written by one thread is no race when every other use of it
// waits for that write first: a join, a flag stored with `Release` and
// loaded with `Acquire`, a `Relaxed` load followed by `fence(Acquire)`, a
// channel. Two writers, or a use that does not wait, still race.

use std::sync::atomic::{fence, AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;

static mut ANSWER: u32 = 0;
static ANSWER_READY: AtomicBool = AtomicBool::new(false);
static mut TOTAL: u64 = 0;
static mut REPORT: u32 = 0;
static REPORT_SET: AtomicBool = AtomicBool::new(false);
static mut GREETING: u32 = 0;
static mut LAST: u32 = 0;
static mut PEEKED: u32 = 0;
static mut SCORE: u32 = 0;
static SCORE_READY: AtomicBool = AtomicBool::new(false);
static mut BEST: u32 = 0;
static BEST_SET: AtomicBool = AtomicBool::new(false);

// ---- mistakes: these must fire ----

// Two threads write it, and nothing orders one write before the other.
fn two_writers() {
    let a = thread::spawn(|| unsafe {
        LAST = 1; //~ static_mut_race
    });
    let b = thread::spawn(|| unsafe {
        LAST = 2; //~ static_mut_race
    });
    a.join().unwrap();
    b.join().unwrap();
}

// Read before the join: the thread may still be writing.
fn read_before_the_join() {
    let h = thread::spawn(|| unsafe {
        PEEKED = 5; //~ static_mut_race
    });
    println!("{}", unsafe { PEEKED });
    h.join().unwrap();
}

// The flag is raised before the write: waiting for it orders nothing of the write.
fn flag_raised_too_early() {
    thread::spawn(|| {
        SCORE_READY.store(true, Ordering::Release);
        unsafe { SCORE = 10 }; //~ static_mut_race
    });
    while !SCORE_READY.load(Ordering::Acquire) {
        std::hint::spin_loop();
    }
    println!("{}", unsafe { SCORE });
}

// A read outside the `if` that checked the flag.
fn read_outside_the_check() {
    let h = thread::spawn(|| {
        unsafe { BEST = 3 }; //~ static_mut_race
        BEST_SET.store(true, Ordering::Release);
    });
    if BEST_SET.load(Ordering::Relaxed) {
        fence(Ordering::Acquire);
    }
    println!("{}", unsafe { BEST });
    h.join().unwrap();
}

// ---- near-misses: nothing below may fire ----

// Published by a flag: `Release` store after the write, `Acquire` spin before the read.
fn published_by_flag() {
    thread::spawn(|| {
        unsafe { ANSWER = 42 };
        ANSWER_READY.store(true, Ordering::Release);
    });
    while !ANSWER_READY.load(Ordering::Acquire) {
        std::hint::spin_loop();
    }
    println!("{}", unsafe { ANSWER });
}

// One writer, joined before the read.
fn joined_before_read() {
    let h = thread::spawn(|| unsafe {
        TOTAL += 10;
    });
    h.join().unwrap();
    println!("{}", unsafe { TOTAL });
}

// A `Relaxed` check, then `fence(Acquire)` before the read in the same arm.
fn fence_after_relaxed_check() {
    thread::spawn(|| {
        unsafe { REPORT = 7 };
        REPORT_SET.store(true, Ordering::Release);
    });
    if REPORT_SET.load(Ordering::Relaxed) {
        fence(Ordering::Acquire);
        println!("{}", unsafe { REPORT });
    }
}

// The thread sends when it is done; the one message is received before the read.
fn done_message() {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        unsafe { GREETING = 1 };
        tx.send(()).unwrap();
    });
    rx.recv().unwrap();
    println!("{}", unsafe { GREETING });
}

fn main() {
    two_writers();
    read_before_the_join();
    flag_raised_too_early();
    read_outside_the_check();
    published_by_flag();
    joined_before_read();
    fence_after_relaxed_check();
    done_message();
    slots::same_slot();
    slots::read_while_joining();
    slots::published_per_slot();
    slots::joined_then_read();
}

mod slots {
    // One slot per thread: thread `i` writes only `OUT[i]`.
    use std::sync::atomic::{fence, AtomicBool, Ordering};
    use std::thread;

    static mut OUT: [u32; 4] = [0; 4];
    static SET: [AtomicBool; 4] = [const { AtomicBool::new(false) }; 4];
    static mut SQUARES: [u64; 4] = [0; 4];
    static mut SHARED: [u32; 4] = [0; 4];
    static mut EARLY: [u32; 4] = [0; 4];
    static EARLY_SET: [AtomicBool; 4] = [const { AtomicBool::new(false) }; 4];

    // ---- mistakes: these must fire ----

    // Every thread writes the same slot.
    pub fn same_slot() {
        let hs: Vec<_> = (0..4)
            .map(|i| {
                thread::spawn(move || unsafe {
                    SHARED[0] = i; //~ static_mut_race
                })
            })
            .collect();
        for h in hs {
            h.join().unwrap();
        }
    }

    // The slot is read in the loop that joins: later threads may still be writing.
    pub fn read_while_joining() {
        let hs: Vec<_> = (0..4)
            .map(|i| {
                thread::spawn(move || unsafe {
                    EARLY[i] = i as u32; //~ static_mut_race
                    EARLY_SET[i].store(true, Ordering::Release);
                })
            })
            .collect();
        for h in hs {
            h.join().unwrap();
            println!("{}", unsafe { EARLY[3] });
        }
    }

    // ---- near-misses: nothing below may fire ----

    // Each thread publishes its own slot; the spawner reads a slot only after its flag.
    pub fn published_per_slot() {
        for i in 0..4 {
            thread::spawn(move || {
                unsafe { OUT[i] = i as u32 * 2 };
                SET[i].store(true, Ordering::Release);
            });
        }
        for i in 0..4 {
            if SET[i].load(Ordering::Relaxed) {
                fence(Ordering::Acquire);
                println!("{}", unsafe { OUT[i] });
            }
        }
    }

    // Each thread fills its own slot; every thread is joined before the reads.
    pub fn joined_then_read() {
        let hs: Vec<_> = (0..4)
            .map(|i| thread::spawn(move || unsafe { SQUARES[i] = (i * i) as u64 }))
            .collect();
        for h in hs {
            h.join().unwrap();
        }
        for i in 0..4 {
            println!("{}", unsafe { SQUARES[i] });
        }
    }
}
