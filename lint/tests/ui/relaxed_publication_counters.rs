// relaxed_publication and what is not a handover. A counter that threads only
// change with `fetch_add` / `fetch_max`, read side by side with others for a
// progress line, hands nothing over: there is no flag and no payload. It
// becomes a flag when a reader waits for it before reading other data. And
// what the reader reads inside the loop that waits for the flag, before it
// sees it set, is not handed over: the handover is what it reads after, where
// a `fence(Release)` before the store and a `fence(Acquire)` after the load
// make a pair.

use std::sync::atomic::{fence, AtomicBool, AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::atomic::Ordering::{Acquire, Release};
use std::thread;
use std::time::Duration;

// A result, a Relaxed count of finished workers, and a reader that acts on
// the count: here the count is the flag.
fn count_gates_the_result() {
    let sum = AtomicU64::new(0);
    let finished = AtomicUsize::new(0);
    thread::scope(|s| {
        s.spawn(|| {
            sum.store((1..=10).sum(), Relaxed);
            finished.fetch_add(1, Relaxed);
        });
        s.spawn(|| {
            if finished.load(Relaxed) == 1 {
                //~^ relaxed_publication
                println!("{}", sum.load(Relaxed));
            }
        });
    });
}

// A flag set with a Relaxed store; the reader peeks at the data while it
// waits, then reads it once the flag is seen: that read is the handover.
static PAYLOAD: AtomicU64 = AtomicU64::new(0);
static POSTED: AtomicBool = AtomicBool::new(false);

fn flag_after_a_peek() {
    let writer = thread::spawn(|| {
        PAYLOAD.store(7, Relaxed);
        POSTED.store(true, Relaxed);
    });
    let reader = thread::spawn(|| {
        let mut peeks = 0;
        while !POSTED.load(Relaxed) {
            //~^ relaxed_publication
            peeks += PAYLOAD.load(Relaxed);
        }
        println!("{} after {peeks}", PAYLOAD.load(Relaxed));
    });
    writer.join().unwrap();
    reader.join().unwrap();
}

// ---- near-misses: nothing below may fire ----

// Statistics: workers add to several counters, a progress loop reads them
// all with Relaxed and stops when the work is counted.
fn progress_statistics() {
    let done = &AtomicUsize::new(0);
    let total_ms = &AtomicU64::new(0);
    let peak_ms = &AtomicU64::new(0);
    thread::scope(|s| {
        for t in 0..4 {
            s.spawn(move || {
                for i in 0..25u64 {
                    let took = (t * 25 + i) % 7;
                    done.fetch_add(1, Relaxed);
                    total_ms.fetch_add(took, Relaxed);
                    peak_ms.fetch_max(took, Relaxed);
                }
            });
        }
        loop {
            let total = total_ms.load(Relaxed);
            let peak = peak_ms.load(Relaxed);
            let n = done.load(Relaxed);
            if n == 100 {
                break;
            }
            if n > 0 {
                println!("{n}/100, {} average, {peak} peak", total / n as u64);
            }
            thread::sleep(Duration::from_millis(100));
        }
    });
}

// A fence pair: the reader's peeks inside the waiting loop are no handover,
// and the read after it is ordered by the fences.
static VALUE: AtomicU64 = AtomicU64::new(0);
static READY: AtomicBool = AtomicBool::new(false);

fn fence_pair_with_a_peek() {
    let writer = thread::spawn(|| {
        VALUE.store(7, Relaxed);
        fence(Release);
        READY.store(true, Relaxed);
    });
    let reader = thread::spawn(|| {
        while !READY.load(Relaxed) {
            println!("not yet: {}", VALUE.load(Relaxed));
        }
        fence(Acquire);
        println!("{}", VALUE.load(Relaxed));
    });
    writer.join().unwrap();
    reader.join().unwrap();
}

fn main() {
    count_gates_the_result();
    flag_after_a_peek();
    progress_statistics();
    fence_pair_with_a_peek();
}
