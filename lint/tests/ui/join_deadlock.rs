// join_deadlock: a thread joined (or a channel received from) while this
// thread holds a lock that the awaited thread must take before it can
// finish. The lock is taken before the thread starts, so the thread always
// finds it held: each waits for the other, every run.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;

// ---- mistakes: these must fire ----

// The log is locked, then a worker that writes to the log is joined.
fn join_while_holding() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut entries = log.lock().unwrap();
    entries.push("start");
    let worker = {
        let log = Arc::clone(&log);
        thread::spawn(move || log.lock().unwrap().push("worker"))
    };
    worker.join().unwrap(); //~ join_deadlock
    entries.push("end");
}

// The end of a `thread::scope` joins every thread in it.
fn scope_end_while_holding() {
    let total = Mutex::new(0);
    let guard = total.lock().unwrap();
    thread::scope(|s| {
        s.spawn(|| *total.lock().unwrap() += 1);
    }); //~ join_deadlock
    println!("{}", *guard);
}

// The producer takes the lock before it sends: `recv` never gets a message.
fn recv_while_holding() {
    let state = Arc::new(Mutex::new(0));
    let (tx, rx) = mpsc::channel();
    let held = state.lock().unwrap();
    let producer = {
        let state = Arc::clone(&state);
        thread::spawn(move || {
            *state.lock().unwrap() += 1;
            tx.send(()).unwrap();
        })
    };
    rx.recv().unwrap(); //~ join_deadlock
    drop(held);
    producer.join().unwrap();
}

// ---- near-misses: no join_deadlock below ----

// The guard is dropped before the join.
fn dropped_before_join() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut entries = log.lock().unwrap();
    entries.push("start");
    let worker = {
        let log = Arc::clone(&log);
        thread::spawn(move || log.lock().unwrap().push("worker"))
    };
    drop(entries);
    worker.join().unwrap();
}

// The guard lives in a block that ends before the join.
fn block_ends_before_join() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let l = Arc::clone(&log);
    {
        let mut entries = log.lock().unwrap();
        entries.push("start");
    }
    let worker = thread::spawn(move || l.lock().unwrap().push("worker"));
    worker.join().unwrap();
}

// The worker takes a different lock.
fn different_lock() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let stats = Arc::new(Mutex::new(0));
    let entries = log.lock().unwrap();
    let worker = {
        let stats = Arc::clone(&stats);
        thread::spawn(move || *stats.lock().unwrap() += 1)
    };
    worker.join().unwrap();
    println!("{} entries, {}", entries.len(), stats.lock().unwrap());
}

// The worker takes the lock only on one branch: it may finish without it.
fn worker_locks_only_sometimes() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let entries = log.lock().unwrap();
    let verbose = std::env::args().count() > 3;
    let worker = {
        let log = Arc::clone(&log);
        thread::spawn(move || {
            if verbose {
                log.lock().unwrap().push("details");
            }
        })
    };
    worker.join().unwrap(); //~ guard_across_blocking
    println!("{}", entries.len());
}

// The guard is taken after the thread starts: the worker may be done with
// the lock already (a stall or a deadlock, depending on the timing).
fn guard_taken_after_spawn() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let worker = {
        let log = Arc::clone(&log);
        thread::spawn(move || log.lock().unwrap().push("worker"))
    };
    let entries = log.lock().unwrap();
    worker.join().unwrap(); //~ guard_across_blocking
    println!("{}", entries.len());
}

fn main() {
    join_while_holding();
    scope_end_while_holding();
    recv_while_holding();
    dropped_before_join();
    block_ends_before_join();
    different_lock();
    worker_locks_only_sometimes();
    guard_taken_after_spawn();
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Condvar, Mutex};
    use std::thread;

    // A test that waits wrongly on purpose, to see the panic.
    #[test]
    #[should_panic]
    fn waiting_with_two_mutexes_panics() {
        let first = Arc::new(Mutex::new(()));
        let second = Arc::new(Mutex::new(()));
        let cvar = Arc::new(Condvar::new());
        let (f, c) = (Arc::clone(&first), Arc::clone(&cvar));
        let t = thread::spawn(move || {
            let g = f.lock().unwrap();
            let _g = c.wait(g).unwrap();
        });
        let _held = first.lock().unwrap();
        let _g = cvar.wait(second.lock().unwrap()).unwrap();
        t.join().unwrap();
    }
}
