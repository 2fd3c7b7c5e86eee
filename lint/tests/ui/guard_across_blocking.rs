// guard_across_blocking: a lock guard kept alive across a call that blocks
// (`join`, `recv`, `thread::sleep`, `Barrier::wait`, a `Condvar::wait` on
// another lock). Every other thread that wants the lock stalls for as long as
// this one waits, and if the thread being waited for needs the lock, nobody
// ever moves again.

use std::collections::VecDeque;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Barrier, Condvar, Mutex, RwLock};
use std::thread;
use std::time::Duration;

// `join` while holding a lock the worker needs: a deadlock.
fn guard_across_join() {
    let log = Arc::new(Mutex::new(Vec::<String>::new()));
    let worker = {
        let log = Arc::clone(&log);
        thread::spawn(move || {
            log.lock().unwrap().push("worker done".to_string());
        })
    };
    let mut entries = log.lock().unwrap();
    entries.push("main waits for the worker".to_string());
    worker.join().unwrap(); //~ guard_across_blocking
    entries.push("main done".to_string());
}

// `recv` while holding the state lock the producer takes before sending.
fn guard_across_recv() {
    let state = Arc::new(Mutex::new(0u64));
    let (tx, rx) = mpsc::channel();
    let producer = {
        let state = Arc::clone(&state);
        thread::spawn(move || {
            for i in 1..=3 {
                *state.lock().unwrap() += i;
                tx.send(i).unwrap();
            }
        })
    };
    let consumer = {
        let state = Arc::clone(&state);
        thread::spawn(move || {
            let mut total = state.lock().unwrap();
            while let Ok(n) = rx.recv() {
                //~^ guard_across_blocking
                *total += n;
            }
        })
    };
    producer.join().unwrap();
    consumer.join().unwrap();
}

// Slow work done while holding the lock: the other workers wait in line.
fn guard_across_sleep() {
    let downloads = Arc::new(Mutex::new(Vec::new()));
    let mut handles = vec![];
    for id in 0..4 {
        let downloads = Arc::clone(&downloads);
        handles.push(thread::spawn(move || {
            let mut list = downloads.lock().unwrap();
            thread::sleep(Duration::from_millis(50)); //~ guard_across_blocking
            list.push(format!("file {id}"));
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// A barrier reached while holding the lock the others need to reach it.
fn guard_across_barrier() {
    let barrier = Arc::new(Barrier::new(3));
    let board = Arc::new(Mutex::new(Vec::new()));
    let handles: Vec<_> = (0..3)
        .map(|i| {
            let barrier = Arc::clone(&barrier);
            let board = Arc::clone(&board);
            thread::spawn(move || {
                let mut board = board.lock().unwrap();
                board.push(i);
                barrier.wait(); //~ guard_across_blocking
                println!("phase two sees {} entries", board.len());
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// A `Condvar::wait` releases the guard it is given, not the other one held.
fn condvar_wait_on_another_lock() {
    let pair = Arc::new((Mutex::new(VecDeque::new()), Condvar::new()));
    let stats = Arc::new(Mutex::new(0u32));
    let consumer = {
        let pair = Arc::clone(&pair);
        let stats = Arc::clone(&stats);
        thread::spawn(move || {
            let (queue, ready) = &*pair;
            let mut served = stats.lock().unwrap();
            let mut queue = queue.lock().unwrap();
            while queue.is_empty() {
                queue = ready.wait(queue).unwrap(); //~ guard_across_blocking
            }
            queue.pop_front();
            *served += 1;
        })
    };
    let producer = {
        let pair = Arc::clone(&pair);
        let stats = Arc::clone(&stats);
        thread::spawn(move || {
            println!("served so far: {}", stats.lock().unwrap());
            let (queue, ready) = &*pair;
            queue.lock().unwrap().push_back("job");
            ready.notify_one();
        })
    };
    consumer.join().unwrap();
    producer.join().unwrap();
}

// The guard of a `match` scrutinee lives through the arms, sleep included.
fn match_scrutinee_across_sleep() {
    let jobs = Arc::new(Mutex::new(vec![3u64, 1, 2]));
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                match jobs.lock().unwrap().pop() {
                    Some(secs) => {
                        thread::sleep(Duration::from_millis(secs)); //~ guard_across_blocking
                    }
                    None => break,
                }
            });
        }
    });
}

// Before Rust 2024, the guard of an `if let` scrutinee lives through the
// `else` block too: this backoff sleeps while holding the lock.
fn if_let_else_backoff() {
    let jobs = Arc::new(Mutex::new(vec![1u64, 2, 3]));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let jobs = Arc::clone(&jobs);
            thread::spawn(move || {
                for _ in 0..5 {
                    if let Some(job) = jobs.lock().unwrap().pop() {
                        println!("job {job}");
                    } else {
                        thread::sleep(Duration::from_millis(1)); //~ guard_across_blocking
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// A write guard kept across the join of a thread that reads the same lock.
fn write_guard_across_scoped_join() {
    let config = RwLock::new(vec!["debug=false".to_string()]);
    thread::scope(|s| {
        let reader = s.spawn(|| config.read().unwrap().len());
        let mut settings = config.write().unwrap();
        settings.push("verbose=true".to_string());
        let seen = reader.join().unwrap(); //~ guard_across_blocking
        println!("reader saw {seen} settings");
    });
}

// A method that holds its own lock while it waits for the next message.
struct Tally {
    counts: Mutex<Vec<u32>>,
}

impl Tally {
    fn absorb(&self, rx: Receiver<u32>) {
        let mut counts = self.counts.lock().unwrap();
        while let Ok(n) = rx.recv() {
            //~^ guard_across_blocking
            counts.push(n);
        }
    }

    fn snapshot(&self) -> usize {
        self.counts.lock().unwrap().len()
    }
}

fn method_holds_guard_across_recv() {
    let tally = Arc::new(Tally {
        counts: Mutex::new(Vec::new()),
    });
    let (tx, rx) = mpsc::channel();
    let absorber = {
        let tally = Arc::clone(&tally);
        thread::spawn(move || tally.absorb(rx))
    };
    let watcher = {
        let tally = Arc::clone(&tally);
        thread::spawn(move || println!("{} so far", tally.snapshot()))
    };
    for n in 0..5 {
        tx.send(n).unwrap();
    }
    drop(tx);
    absorber.join().unwrap();
    watcher.join().unwrap();
}

// The handshake guard kept while sleeping: the first worker is done with
// the lock, but the second one, started after the handshake, still needs it.
fn handshake_guard_across_sleep() {
    let pair = Arc::new((Mutex::new(0u32), Condvar::new()));
    let theirs = Arc::clone(&pair);
    thread::spawn(move || {
        let (stage, changed) = &*theirs;
        *stage.lock().unwrap() = 1;
        changed.notify_one();
    });
    let (stage, changed) = &*pair;
    let mut seen = stage.lock().unwrap();
    while *seen == 0 {
        seen = changed.wait(seen).unwrap();
    }
    let theirs = Arc::clone(&pair);
    let second = thread::spawn(move || *theirs.0.lock().unwrap() += 1);
    thread::sleep(Duration::from_millis(10)); //~ guard_across_blocking
    drop(seen);
    second.join().unwrap();
}

// ---- near-misses: nothing below may fire ----

// `Condvar::wait` on its own guard releases the lock while it waits.
fn condvar_on_own_guard_is_fine() {
    let pair = Arc::new((Mutex::new(false), Condvar::new()));
    let pair2 = Arc::clone(&pair);
    let setter = thread::spawn(move || {
        let (lock, cvar) = &*pair2;
        *lock.lock().unwrap() = true;
        cvar.notify_all();
    });
    let (lock, cvar) = &*pair;
    let mut started = lock.lock().unwrap();
    while !*started {
        started = cvar.wait(started).unwrap();
    }
    drop(started);
    setter.join().unwrap();
}

// `wait_while` and `wait_timeout` on their own guard are fine too.
fn wait_while_and_timeout_are_fine() {
    let state = Arc::new((Mutex::new(0u32), Condvar::new()));
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let state = Arc::clone(&state);
            thread::spawn(move || {
                let (count, changed) = &*state;
                *count.lock().unwrap() += 1;
                changed.notify_all();
            })
        })
        .collect();
    {
        let (count, changed) = &*state;
        let guard = changed
            .wait_while(count.lock().unwrap(), |n| *n < 3)
            .unwrap();
        let (guard, _timeout) = changed
            .wait_timeout(guard, Duration::from_millis(1))
            .unwrap();
        println!("{}", *guard);
    }
    for h in handles {
        h.join().unwrap();
    }
}

// The guard is dropped before the join.
fn drop_before_join() {
    let log = Arc::new(Mutex::new(Vec::<String>::new()));
    let worker = {
        let log = Arc::clone(&log);
        thread::spawn(move || log.lock().unwrap().push("worker".to_string()))
    };
    let mut entries = log.lock().unwrap();
    entries.push("main".to_string());
    drop(entries);
    worker.join().unwrap();
    println!("{:?}", log.lock().unwrap());
}

// The guard lives in an inner block that ends before the sleep.
fn inner_block_before_sleep() {
    let downloads = Arc::new(Mutex::new(Vec::new()));
    let mut handles = vec![];
    for id in 0..4 {
        let downloads = Arc::clone(&downloads);
        handles.push(thread::spawn(move || {
            thread::sleep(Duration::from_millis(10));
            {
                let mut list = downloads.lock().unwrap();
                list.push(format!("file {id}"));
            }
            thread::sleep(Duration::from_millis(10));
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// Before any thread exists, nobody else can want the lock.
fn before_any_spawn_is_fine() {
    let config = Arc::new(Mutex::new(String::new()));
    let mut c = config.lock().unwrap();
    c.push_str("retries=3");
    thread::sleep(Duration::from_millis(5));
    drop(c);
    let reader = {
        let config = Arc::clone(&config);
        thread::spawn(move || println!("{}", config.lock().unwrap()))
    };
    reader.join().unwrap();
}

// The thread-pool worker: the guard is a temporary of the `let` statement,
// so it is gone before `job()` runs.
type Job = Box<dyn FnOnce() + Send + 'static>;

fn pool_worker_is_fine() {
    let (tx, rx) = mpsc::channel::<Job>();
    let rx = Arc::new(Mutex::new(rx));
    let workers: Vec<_> = (0..2)
        .map(|id| {
            let rx = Arc::clone(&rx);
            thread::spawn(move || loop {
                let message = rx.lock().unwrap().recv();
                match message {
                    Ok(job) => {
                        println!("worker {id} got a job");
                        job();
                    }
                    Err(_) => break,
                }
            })
        })
        .collect();
    for i in 0..4 {
        tx.send(Box::new(move || println!("job {i}"))).unwrap();
    }
    drop(tx);
    for w in workers {
        w.join().unwrap();
    }
}

// The same worker written with `let job = ... .unwrap();`.
fn pool_worker_let_unwrap_is_fine() {
    let (tx, rx) = mpsc::channel::<Job>();
    let rx = Arc::new(Mutex::new(rx));
    let worker = {
        let rx = Arc::clone(&rx);
        thread::spawn(move || {
            let job = rx.lock().unwrap().recv().unwrap();
            job();
        })
    };
    tx.send(Box::new(|| println!("one job"))).unwrap();
    worker.join().unwrap();
}

// A lock no other thread can reach, held across a join.
fn unshared_lock_is_fine() {
    let worker = thread::spawn(|| (1..=10).sum::<u32>());
    let scratch = Mutex::new(Vec::new());
    let mut notes = scratch.lock().unwrap();
    notes.push("waiting");
    let sum = worker.join().unwrap();
    notes.push("joined");
    println!("{sum} {:?}", *notes);
}

// The guard of a start-up handshake kept across a join: the thread that
// took the lock did so for the last time before it signalled, and the wait
// on the condition variable has seen that signal.
fn handshake_guard_across_join_is_fine() {
    let pair = Arc::new((Mutex::new(false), Condvar::new()));
    let theirs = Arc::clone(&pair);
    thread::spawn(move || {
        let (started, cvar) = &*theirs;
        *started.lock().unwrap() = true;
        cvar.notify_one();
    });
    let (started, cvar) = &*pair;
    let mut ready = started.lock().unwrap();
    while !*ready {
        ready = cvar.wait(ready).unwrap();
    }
    let counter = Arc::new(Mutex::new(5u32));
    let theirs = Arc::clone(&counter);
    let adder = thread::spawn(move || *theirs.lock().unwrap() += 4);
    adder.join().unwrap();
    println!("{}", *counter.lock().unwrap());
}

fn main() {
    handshake_guard_across_sleep();
    handshake_guard_across_join_is_fine();
    guard_across_join();
    guard_across_recv();
    guard_across_sleep();
    guard_across_barrier();
    condvar_wait_on_another_lock();
    match_scrutinee_across_sleep();
    if_let_else_backoff();
    write_guard_across_scoped_join();
    method_holds_guard_across_recv();
    condvar_on_own_guard_is_fine();
    wait_while_and_timeout_are_fine();
    drop_before_join();
    inner_block_before_sleep();
    before_any_spawn_is_fine();
    pool_worker_is_fine();
    pool_worker_let_unwrap_is_fine();
    unshared_lock_is_fine();
}
