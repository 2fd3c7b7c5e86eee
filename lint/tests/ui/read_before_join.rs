// read_before_join: the spawning thread reads shared results before it has
// joined the threads that write them.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Barrier, Condvar, Mutex, RwLock};
use std::thread;
use std::time::Duration;

// A locked Vec printed while the threads may still be pushing.
fn locked_vec() {
    let results = Arc::new(Mutex::new(Vec::new()));
    let mut handles = Vec::new();
    for i in 0..5 {
        let results = Arc::clone(&results);
        handles.push(thread::spawn(move || results.lock().unwrap().push(i * i)));
    }
    println!("{:?}", results.lock().unwrap()); //~ read_before_join
    for h in handles {
        h.join().unwrap();
    }
}

// An atomic counter read before the join.
fn atomic_counter() {
    let done = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let done = done.clone();
            thread::spawn(move || {
                done.fetch_add(1, Ordering::SeqCst);
            })
        })
        .collect();
    let finished = done.load(Ordering::SeqCst); //~ read_before_join
    println!("{finished} of 4 workers finished");
    for w in workers {
        w.join().unwrap();
    }
}

// A sleep is not a wait.
fn sleep_is_not_a_wait() {
    let total = Arc::new(Mutex::new(0u64));
    let t = Arc::clone(&total);
    let handle = thread::spawn(move || {
        for i in 1..=100 {
            *t.lock().unwrap() += i;
        }
    });
    thread::sleep(Duration::from_millis(50)); //~ sleep_sync
    let sum = *total.lock().unwrap(); //~ read_before_join
    handle.join().unwrap();
    println!("sum = {sum}");
}

// A channel drained with `try_recv` while the senders may still be sending.
fn try_recv_drain() {
    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new();
    for i in 0..3 {
        let tx = tx.clone();
        handles.push(thread::spawn(move || tx.send(i * 10).unwrap()));
    }
    drop(tx);
    let mut got = Vec::new();
    while let Ok(v) = rx.try_recv() {
        //~^ read_before_join
        got.push(v);
    }
    for h in handles {
        h.join().unwrap();
    }
    println!("{got:?}");
}

// Only the first writer has been joined when the map is read.
fn joined_one_of_two() {
    let squares = Arc::new(Mutex::new(HashMap::new()));
    let low = {
        let squares = Arc::clone(&squares);
        thread::spawn(move || {
            for n in 1..=5 {
                squares.lock().unwrap().insert(n, n * n);
            }
        })
    };
    let high = {
        let squares = Arc::clone(&squares);
        thread::spawn(move || {
            for n in 6..=10 {
                squares.lock().unwrap().insert(n, n * n);
            }
        })
    };
    low.join().unwrap();
    let count = squares.lock().unwrap().len(); //~ read_before_join
    high.join().unwrap();
    println!("{count} squares");
}

// Inside `thread::scope`, the threads are joined only when the scope ends.
fn read_inside_scope() {
    let log = Mutex::new(Vec::new());
    thread::scope(|s| {
        for name in ["a", "b", "c"] {
            let log = &log;
            s.spawn(move || log.lock().unwrap().push(name));
        }
        println!("log so far: {:?}", log.lock().unwrap()); //~ read_before_join
    });
}

// An RwLock read by the spawner while the writer thread runs.
fn rwlock_read() {
    let table = Arc::new(RwLock::new(Vec::new()));
    let writer = thread::spawn({
        let table = Arc::clone(&table);
        move || table.write().unwrap().extend([1, 2, 3])
    });
    let rows = table.read().unwrap().len(); //~ read_before_join
    writer.join().unwrap();
    println!("{rows} rows");
}

// ---- near-misses: nothing below may fire ----

// Read after every join.
fn read_after_join() {
    let results = Arc::new(Mutex::new(Vec::new()));
    let mut handles = Vec::new();
    for i in 0..5 {
        let results = Arc::clone(&results);
        handles.push(thread::spawn(move || results.lock().unwrap().push(i * i)));
    }
    for h in handles {
        h.join().unwrap();
    }
    println!("{:?}", results.lock().unwrap());
}

// The results come back through `join`.
fn results_from_join() {
    let handles: Vec<_> = (1..=4u64).map(|i| thread::spawn(move || i * i)).collect();
    let total: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    println!("{total}");
}

// A blocking `for v in rx` that ends when every sender is gone.
fn drain_after_drop() {
    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new();
    for i in 0..3 {
        let tx = tx.clone();
        handles.push(thread::spawn(move || tx.send(i * 10).unwrap()));
    }
    drop(tx);
    for v in rx {
        println!("got {v}");
    }
    for h in handles {
        h.join().unwrap();
    }
}

// A Condvar wait on a predicate.
fn condvar_wait() {
    let pair = Arc::new((Mutex::new(0usize), Condvar::new()));
    let mut handles = Vec::new();
    for _ in 0..3 {
        let pair = Arc::clone(&pair);
        handles.push(thread::spawn(move || {
            let (count, cvar) = &*pair;
            *count.lock().unwrap() += 1;
            cvar.notify_all();
        }));
    }
    let (count, cvar) = &*pair;
    let finished = cvar.wait_while(count.lock().unwrap(), |n| *n < 3).unwrap();
    println!("{} workers finished", *finished);
    drop(finished);
    for h in handles {
        h.join().unwrap();
    }
}

// A Barrier that the writers reach after writing.
fn barrier_wait() {
    let barrier = Arc::new(Barrier::new(3));
    let values = Arc::new(Mutex::new(Vec::new()));
    let mut handles = Vec::new();
    for i in 0..2 {
        let barrier = Arc::clone(&barrier);
        let values = Arc::clone(&values);
        handles.push(thread::spawn(move || {
            values.lock().unwrap().push(i);
            barrier.wait();
        }));
    }
    barrier.wait();
    println!("{:?}", values.lock().unwrap());
    for h in handles {
        h.join().unwrap();
    }
}

// Reading before any thread is spawned.
fn read_before_spawn() {
    let queue = Arc::new(Mutex::new(vec![1, 2, 3]));
    println!("starting with {:?}", queue.lock().unwrap());
    let q = Arc::clone(&queue);
    let h = thread::spawn(move || q.lock().unwrap().push(4));
    h.join().unwrap();
    println!("now {:?}", queue.lock().unwrap());
}

// Reading state that the threads only read.
fn read_only_shared_config() {
    let config = Arc::new(Mutex::new(String::from("fast")));
    let handles: Vec<_> = (0..2)
        .map(|i| {
            let config = Arc::clone(&config);
            thread::spawn(move || println!("{i} runs in {} mode", config.lock().unwrap()))
        })
        .collect();
    println!("mode: {}", config.lock().unwrap());
    for h in handles {
        h.join().unwrap();
    }
}

// Read after the scope: every scoped thread is joined.
fn read_after_scope() {
    let log = Mutex::new(Vec::new());
    thread::scope(|s| {
        for name in ["a", "b", "c"] {
            let log = &log;
            s.spawn(move || log.lock().unwrap().push(name));
        }
    });
    println!("log: {:?}", log.lock().unwrap());
}

fn main() {
    locked_vec();
    atomic_counter();
    sleep_is_not_a_wait();
    try_recv_drain();
    joined_one_of_two();
    read_inside_scope();
    rwlock_read();
    read_after_join();
    results_from_join();
    drain_after_drop();
    condvar_wait();
    barrier_wait();
    read_before_spawn();
    read_only_shared_config();
    read_after_scope();
}
