// Flags, polling loops, condition variables, barriers and `Once` are waits:
// an `Acquire` load of a flag the writer stores with `Release` last (in
// `while`, `loop`/`if`/`break`, `if`, or a `Relaxed` load then
// `fence(Acquire)`); a loop whose condition is read under the writers' lock.

use std::sync::atomic::{fence, AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Condvar, Mutex, Once};
use std::thread;
use std::time::Duration;

struct Progress {
    done: u32,
}

// ---- mistakes: these must fire ----

// The loop waits for a different flag than the one the writer sets last.
fn waits_for_the_wrong_thing() {
    let started = Arc::new(AtomicBool::new(false));
    let total = Arc::new(Mutex::new(0));
    let (s, t) = (Arc::clone(&started), Arc::clone(&total));
    let h = thread::spawn(move || {
        s.store(true, Ordering::Release);
        for i in 0..10 {
            *t.lock().unwrap() += i;
        }
    });
    while !started.load(Ordering::Acquire) {
        thread::yield_now();
    }
    println!("{}", total.lock().unwrap()); //~ read_before_join
    h.join().unwrap();
}

// A sleep in place of any wait.
fn sleeps_instead() {
    let progress = Arc::new(Mutex::new(Progress { done: 0 }));
    let p = Arc::clone(&progress);
    let h = thread::spawn(move || {
        for _ in 0..10 {
            p.lock().unwrap().done += 1;
        }
    });
    thread::sleep(Duration::from_millis(100)); //~ sleep_sync
    println!("{}", progress.lock().unwrap().done); //~ read_before_join
    h.join().unwrap();
}

// ---- near-misses: nothing below may fire ----

// `loop { if flag.load(Acquire) { break } }`
fn acquire_flag_in_loop() {
    let ready = Arc::new(AtomicBool::new(false));
    let data = Arc::new(AtomicUsize::new(0));
    let (r, d) = (Arc::clone(&ready), Arc::clone(&data));
    let h = thread::spawn(move || {
        d.store(42, Ordering::Relaxed);
        r.store(true, Ordering::Release);
    });
    loop {
        if ready.load(Ordering::Acquire) {
            break;
        }
        std::hint::spin_loop();
    }
    println!("{}", data.load(Ordering::Relaxed));
    h.join().unwrap();
}

// `if flag.load(Acquire)`: the data is read only once the flag is seen.
fn acquire_flag_in_if() {
    let ready = Arc::new(AtomicBool::new(false));
    let data = Arc::new(AtomicUsize::new(0));
    let (r, d) = (Arc::clone(&ready), Arc::clone(&data));
    let h = thread::spawn(move || {
        d.store(7, Ordering::Relaxed);
        r.store(true, Ordering::Release);
    });
    thread::sleep(Duration::from_millis(10));
    if ready.load(Ordering::Acquire) {
        println!("{}", data.load(Ordering::Relaxed));
    }
    h.join().unwrap();
}

// A `Relaxed` spin, then `fence(Acquire)`.
fn relaxed_spin_then_fence() {
    let ready = Arc::new(AtomicBool::new(false));
    let data = Arc::new(AtomicUsize::new(0));
    let (r, d) = (Arc::clone(&ready), Arc::clone(&data));
    let h = thread::spawn(move || {
        d.store(9, Ordering::Relaxed);
        r.store(true, Ordering::Release);
    });
    while !ready.load(Ordering::Relaxed) {
        std::hint::spin_loop();
    }
    fence(Ordering::Acquire);
    println!("{}", data.load(Ordering::Relaxed));
    h.join().unwrap();
}

// Polling a counter until the work is done, reporting progress meanwhile.
fn progress_report() {
    let num_done = AtomicUsize::new(0);
    thread::scope(|s| {
        s.spawn(|| {
            for i in 0..100 {
                num_done.store(i + 1, Ordering::Relaxed);
            }
        });
        loop {
            let n = num_done.load(Ordering::Relaxed);
            if n == 100 {
                break;
            }
            println!("working.. {n}/100 done");
            thread::sleep(Duration::from_millis(100));
        }
    });
}

// A polling loop whose condition is read under the writer's lock.
fn polls_under_the_lock() {
    let status = Arc::new(Mutex::new(Progress { done: 0 }));
    let shared = Arc::clone(&status);
    let h = thread::spawn(move || {
        for _ in 0..10 {
            thread::sleep(Duration::from_millis(25));
            shared.lock().unwrap().done += 1;
        }
    });
    while status.lock().unwrap().done < 10 {
        println!("waiting...");
        thread::sleep(Duration::from_millis(50));
    }
    println!("done: {}", status.lock().unwrap().done);
    h.join().unwrap();
}

// A Condvar wait on a predicate.
fn condvar_predicate() {
    let pair = Arc::new((Mutex::new(0), Condvar::new()));
    for _ in 0..3 {
        let pair = Arc::clone(&pair);
        thread::spawn(move || {
            let (count, cvar) = &*pair;
            *count.lock().unwrap() += 1;
            cvar.notify_all();
        });
    }
    let (count, cvar) = &*pair;
    let mut n = count.lock().unwrap();
    while *n < 3 {
        n = cvar.wait(n).unwrap();
    }
    println!("{} finished", *n);
}

// The writers reach the barrier after writing.
fn barrier() {
    let out = Arc::new(Mutex::new(Vec::new()));
    let barrier = Arc::new(Barrier::new(4));
    for i in 0..3 {
        let out = Arc::clone(&out);
        let barrier = Arc::clone(&barrier);
        thread::spawn(move || {
            out.lock().unwrap().push(i);
            barrier.wait();
        });
    }
    barrier.wait();
    println!("{:?}", out.lock().unwrap());
}

// `Once::call_once` runs the initializer once; every caller waits for it.
static INIT: Once = Once::new();
static CONFIG: Mutex<Vec<u8>> = Mutex::new(Vec::new());

fn once() {
    let handles: Vec<_> = (0..3)
        .map(|_| thread::spawn(|| INIT.call_once(|| CONFIG.lock().unwrap().push(1))))
        .collect();
    INIT.call_once(|| CONFIG.lock().unwrap().push(1));
    println!("{:?}", CONFIG.lock().unwrap());
    for h in handles {
        h.join().unwrap();
    }
}

// Statistics read while polling for the end: snapshots, on purpose.
fn progress_statistics() {
    let done = AtomicUsize::new(0);
    let total = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for i in 0..25 {
                    total.fetch_add(i, Ordering::Relaxed);
                    done.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
        loop {
            let sum = total.load(Ordering::Relaxed);
            let n = done.load(Ordering::Relaxed);
            if n == 100 {
                break;
            }
            println!("{n} done, {sum} so far");
            thread::sleep(Duration::from_millis(100));
        }
    });
}

// Looking at whether a worker has raised its flag is not reading its results.
fn peek_at_the_flag() {
    let ready = Arc::new(AtomicBool::new(false));
    let r = Arc::clone(&ready);
    let h = thread::spawn(move || {
        thread::sleep(Duration::from_millis(5));
        r.store(true, Ordering::Release);
    });
    println!("ready yet? {}", ready.load(Ordering::Acquire));
    h.join().unwrap();
}

// One method starts the worker, another waits on its condition variable.
struct Job {
    state: Arc<(Mutex<bool>, Condvar)>,
}

impl Job {
    fn start(&self) {
        let state = Arc::clone(&self.state);
        thread::spawn(move || {
            let (done, cvar) = &*state;
            *done.lock().unwrap() = true;
            cvar.notify_all();
        });
    }

    fn wait(&self) {
        let (done, cvar) = &*self.state;
        let mut finished = done.lock().unwrap();
        while !*finished {
            finished = cvar.wait(finished).unwrap();
        }
    }
}

fn main() {
    waits_for_the_wrong_thing();
    sleeps_instead();
    acquire_flag_in_loop();
    acquire_flag_in_if();
    relaxed_spin_then_fence();
    progress_report();
    polls_under_the_lock();
    condvar_predicate();
    barrier();
    once();
    progress_statistics();
    peek_at_the_flag();
    let job = Job {
        state: Arc::new((Mutex::new(false), Condvar::new())),
    };
    job.start();
    job.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    // The test checks on purpose that the worker has not finished yet.
    #[test]
    fn not_done_before_the_signal() {
        let go = Arc::new(Barrier::new(2));
        let done = Arc::new(AtomicBool::new(false));
        let (g, d) = (Arc::clone(&go), Arc::clone(&done));
        let h = thread::spawn(move || {
            g.wait();
            d.store(true, Ordering::Relaxed);
        });
        assert!(!done.load(Ordering::Relaxed));
        go.wait();
        h.join().unwrap();
        assert!(done.load(Ordering::Relaxed));
    }
}
