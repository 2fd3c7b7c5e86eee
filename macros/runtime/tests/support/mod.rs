//! The counters the runtime's tests and its bench explore, and what they
//! check the racy one against: shared by `tests/counts.rs`, `tests/exploration.rs`,
//! `tests/report.rs` (as `mod support;`) and `benches/schedules.rs` (by
//! path). Each of those files is its own crate, so an item here that one of
//! them does not use would be dead code there: those few carry a scoped
//! `#[allow(dead_code)]` that names their users.

use racelint_demo::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use racelint_demo::sync::{Arc, Mutex};
use racelint_demo::{Bound, Settings, thread};

/// `threads` threads each doing `increments` times: read the counter, then
/// write the value read plus one (two visible steps). Returns the counter.
pub fn racy_counter(
    threads: usize,
    increments: usize,
) -> impl Fn() -> usize + Send + Sync + 'static {
    move || {
        let counter = Arc::new(racelint_demo::__private::named(
            AtomicUsize::new(0),
            "counter",
        ));
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let c = Arc::clone(&counter);
                thread::spawn(move || {
                    for _ in 0..increments {
                        let v = c.load(SeqCst);
                        c.store(v + 1, SeqCst);
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        counter.load(SeqCst)
    }
}

/// `threads` threads each adding one to a counter behind a lock. Returns the
/// counter.
#[allow(dead_code)] // used by `tests/counts.rs` and `tests/exploration.rs` only
pub fn mutex_counter(threads: usize) -> impl Fn() -> usize + Send + Sync + 'static {
    move || {
        let counter = Arc::new(racelint_demo::__private::named(Mutex::new(0), "counter"));
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let c = Arc::clone(&counter);
                thread::spawn(move || *c.lock().unwrap() += 1)
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        *counter.lock().unwrap()
    }
}

/// Every schedule, no bound. (The bench sets its own bound.)
#[allow(dead_code)] // not used by the bench
pub fn complete() -> Settings {
    Settings {
        bound: Bound::Complete,
        ..Settings::default()
    }
}

/// Every interleaving of the racy counter's steps on plain memory, one at a
/// time, knowing nothing of loom: `at_end` gets the final value of the
/// counter of each one.
#[allow(dead_code)] // used by `tests/exploration.rs` and the bench only
pub fn enumerate_racy_counter(threads: usize, increments: usize, mut at_end: impl FnMut(usize)) {
    fn go(
        pcs: &mut [usize],
        regs: &mut [usize],
        memory: usize,
        steps: usize,
        at_end: &mut impl FnMut(usize),
    ) {
        let mut moved = false;
        for t in 0..pcs.len() {
            if pcs[t] == steps {
                continue;
            }
            moved = true;
            let saved = regs[t];
            let reading = pcs[t] % 2 == 0;
            pcs[t] += 1;
            if reading {
                regs[t] = memory;
                go(pcs, regs, memory, steps, at_end);
            } else {
                go(pcs, regs, regs[t] + 1, steps, at_end);
            }
            pcs[t] -= 1;
            regs[t] = saved;
        }
        if !moved {
            at_end(memory);
        }
    }
    go(
        &mut vec![0; threads],
        &mut vec![0; threads],
        0,
        2 * increments,
        &mut at_end,
    );
}
