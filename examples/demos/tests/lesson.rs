//! The threading lesson, model-checked: every demo runs over every
//! interleaving of its threads, prints what can happen, and fails if reality
//! differs from what its attribute claims.
//!
//! Run `cargo test -p demos` and read the reports.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Barrier, Condvar, Mutex, RwLock};
use std::thread;

use racelint_demo::SharedInt;

/// 1. The lost update: two threads each read the counter, add one, and
///    write it back. When both read before either writes, one update is
///    lost.
#[racelint_demo::demo(outcomes = [1, 2], intended = 2)]
fn two_threads_add_one() -> usize {
    let counter = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let c = Arc::clone(&counter);
            thread::spawn(move || {
                let v = c.load(Ordering::SeqCst); // read
                c.store(v + 1, Ordering::SeqCst); // add, write
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    counter.load(Ordering::SeqCst) // the outcome of one run
}

/// 2. Python's `counter += 1`, exactly: `+=` on a shared integer is a read
///    step and then a write step, and the same update gets lost.
#[racelint_demo::demo(outcomes = [1, 2], intended = 2)]
fn python_counter_plus_equals_one() -> i64 {
    let counter = SharedInt::new(0);
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let mut counter = counter.clone();
            thread::spawn(move || {
                counter += 1; // read, add, write: another thread can run in between
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    counter.get()
}

/// 3. The fix with a lock: the read and the write happen while the thread
///    holds the lock, so no other thread can run in between.
#[racelint_demo::demo(always = 2)]
fn mutex_fix() -> usize {
    let counter = Arc::new(Mutex::new(0));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let c = Arc::clone(&counter);
            thread::spawn(move || {
                let mut guard = c.lock().unwrap();
                *guard += 1; // read, add, write, with the lock held
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let total = *counter.lock().unwrap();
    total
}

/// 4. The fix with one indivisible step: `fetch_add` reads, adds and
///    writes at once.
#[racelint_demo::demo(always = 2)]
fn fetch_add_fix() -> usize {
    let counter = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let c = Arc::clone(&counter);
            thread::spawn(move || {
                c.fetch_add(1, Ordering::SeqCst); // read, add, write: one step
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    counter.load(Ordering::SeqCst)
}

/// 5. Reading the result before joining: the threads may still be running,
///    so the result is incomplete in some schedules.
#[racelint_demo::demo(outcomes = [0, 1, 2], intended = 2)]
fn read_before_join() -> usize {
    let counter = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let c = Arc::clone(&counter);
            thread::spawn(move || {
                c.fetch_add(1, Ordering::SeqCst);
            })
        })
        .collect();
    let seen = counter.load(Ordering::SeqCst); // too early: join first
    for h in handles {
        h.join().unwrap();
    }
    seen
}

/// 6. Two locks taken in opposite orders: each thread holds one and waits
///    for the other, forever.
#[racelint_demo::demo(outcomes = [(), deadlock])]
fn lock_order_deadlock() {
    let a = Arc::new(Mutex::new(()));
    let b = Arc::new(Mutex::new(()));
    let (a1, b1) = (Arc::clone(&a), Arc::clone(&b));
    let first = thread::spawn(move || {
        let _a = a1.lock().unwrap();
        let _b = b1.lock().unwrap();
    });
    let second = thread::spawn(move || {
        let _b = b.lock().unwrap();
        let _a = a.lock().unwrap();
    });
    first.join().unwrap();
    second.join().unwrap();
}

/// 7. The fix: every thread takes the locks in the same order.
#[racelint_demo::demo(always = ())]
fn lock_order_fixed() {
    let a = Arc::new(Mutex::new(()));
    let b = Arc::new(Mutex::new(()));
    let (a1, b1) = (Arc::clone(&a), Arc::clone(&b));
    let first = thread::spawn(move || {
        let _a = a1.lock().unwrap();
        let _b = b1.lock().unwrap();
    });
    let second = thread::spawn(move || {
        let _a = a.lock().unwrap();
        let _b = b.lock().unwrap();
    });
    first.join().unwrap();
    second.join().unwrap();
}

/// 8. A thread that panics: its panic reaches `main` through `join`, and
///    the run ends with it. Here it panics only when it finds the counter
///    already taken, so some schedules panic and some do not.
#[racelint_demo::demo(outcomes = [1, panic])]
fn panic_is_an_outcome() -> usize {
    let counter = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let c = Arc::clone(&counter);
            thread::spawn(move || {
                let v = c.load(Ordering::SeqCst);
                assert!(v == 0, "another thread took the counter first");
                c.store(v + 1, Ordering::SeqCst);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    counter.load(Ordering::SeqCst)
}

/// 9. Check-then-act: each thread checks a flag and, if nobody has claimed
///    the prize yet, claims it. Both can see the flag unset before either
///    sets it, and both win.
#[racelint_demo::demo(outcomes = [1, 2], intended = 1)]
fn check_then_act() -> usize {
    let claimed = Arc::new(AtomicBool::new(false));
    let winners = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let (claimed, winners) = (Arc::clone(&claimed), Arc::clone(&winners));
            thread::spawn(move || {
                if !claimed.load(Ordering::SeqCst) {
                    // check ...
                    claimed.store(true, Ordering::SeqCst); // ... then act
                    winners.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    winners.load(Ordering::SeqCst)
}

/// 10. Scoped threads borrow local data, and the scope joins them: no
///     `Arc`, no forgotten `join`.
#[racelint_demo::demo(always = 2)]
fn scoped_threads() -> usize {
    let counter = AtomicUsize::new(0);
    thread::scope(|s| {
        s.spawn(|| counter.fetch_add(1, Ordering::SeqCst));
        s.spawn(|| counter.fetch_add(1, Ordering::SeqCst));
    });
    counter.load(Ordering::SeqCst)
}

/// 11. A pool of workers (Python's `ThreadPoolExecutor`): jobs go down one
///     channel, results come back on another, and the total is the same in
///     every schedule.
#[racelint_demo::demo(always = 6)]
fn worker_pool() -> u64 {
    let (jobs, inbox) = mpsc::channel::<u64>();
    let (results, outbox) = mpsc::channel::<u64>();
    let inbox = Arc::new(Mutex::new(inbox));
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (inbox, results) = (Arc::clone(&inbox), results.clone());
            thread::spawn(move || {
                loop {
                    let job = inbox.lock().unwrap().recv();
                    match job {
                        Ok(n) => results.send(n * 2).unwrap(),
                        Err(_) => break, // every sender is gone
                    }
                }
            })
        })
        .collect();
    drop(results);
    jobs.send(1).unwrap();
    jobs.send(2).unwrap();
    drop(jobs);
    for w in workers {
        w.join().unwrap();
    }
    outbox.iter().sum()
}

/// 12. Waiting for a condition: the consumer sleeps on a `Condvar` until
///     the producer sets the flag. Checked under the lock and in a loop, the
///     wakeup is never lost.
#[racelint_demo::demo(always = true)]
fn condvar_wait_loop() -> bool {
    let pair = Arc::new((Mutex::new(false), Condvar::new()));
    let producer_pair = Arc::clone(&pair);
    let producer = thread::spawn(move || {
        let (ready, changed) = &*producer_pair;
        *ready.lock().unwrap() = true;
        changed.notify_one();
    });
    let (ready, changed) = &*pair;
    let mut seen = ready.lock().unwrap();
    while !*seen {
        seen = changed.wait(seen).unwrap();
    }
    let result = *seen;
    drop(seen);
    producer.join().unwrap();
    result
}

/// 13. A barrier: neither thread reads the other's value before both have
///     written their own.
#[racelint_demo::demo(always = (1, 1))]
fn barrier_then_read() -> (usize, usize) {
    let values = Arc::new((AtomicUsize::new(0), AtomicUsize::new(0)));
    let barrier = Arc::new(Barrier::new(2));
    let (v, b) = (Arc::clone(&values), Arc::clone(&barrier));
    let other = thread::spawn(move || {
        v.1.store(1, Ordering::SeqCst);
        b.wait();
        v.0.load(Ordering::SeqCst)
    });
    values.0.store(1, Ordering::SeqCst);
    barrier.wait();
    let seen = values.1.load(Ordering::SeqCst);
    (seen, other.join().unwrap())
}

/// 14. Readers and a writer: a reader sees the value before or after the
///     write, never half of it.
#[racelint_demo::demo(outcomes = [(0, 0), (10, 10)])]
fn readers_and_a_writer() -> (i32, i32) {
    let config = Arc::new(RwLock::new((0, 0)));
    let writer_config = Arc::clone(&config);
    let writer = thread::spawn(move || {
        let mut pair = writer_config.write().unwrap();
        pair.0 = 10;
        pair.1 = 10;
    });
    let read = *config.read().unwrap();
    writer.join().unwrap();
    read
}

/// 15. Publishing with `Relaxed`, on loom's weak memory model: the reader
///     can see the flag set and still read the old data, because nothing
///     orders the two writes for another thread.
#[racelint_demo::demo(
    memory = "weak",
    outcomes = [None, Some(0), Some(42)],
    intended = [None, Some(42)]
)]
fn relaxed_publication() -> Option<usize> {
    let data = Arc::new(AtomicUsize::new(0));
    let ready = Arc::new(AtomicBool::new(false));
    let (d, r) = (Arc::clone(&data), Arc::clone(&ready));
    let publisher = thread::spawn(move || {
        d.store(42, Ordering::Relaxed);
        r.store(true, Ordering::Relaxed); // may become visible first
    });
    let seen = if ready.load(Ordering::Relaxed) {
        Some(data.load(Ordering::Relaxed))
    } else {
        None
    };
    publisher.join().unwrap();
    seen
}

/// 16. The fix: the flag is written with `Release` and read with
///     `Acquire`, so whoever sees it set also sees the data.
#[racelint_demo::demo(memory = "weak", outcomes = [None, Some(42)], intended = [None, Some(42)])]
fn release_acquire_publication() -> Option<usize> {
    let data = Arc::new(AtomicUsize::new(0));
    let ready = Arc::new(AtomicBool::new(false));
    let (d, r) = (Arc::clone(&data), Arc::clone(&ready));
    let publisher = thread::spawn(move || {
        d.store(42, Ordering::Relaxed);
        r.store(true, Ordering::Release);
    });
    let seen = if ready.load(Ordering::Acquire) {
        Some(data.load(Ordering::Relaxed))
    } else {
        None
    };
    publisher.join().unwrap();
    seen
}
