// read_before_join when the spawner takes a turn of the work itself. A
// read-modify-write under one guard, like the threads' own (read the data,
// compute, write the result back into it), is the spawner's share of the
// work, not a read of the results: the lock form of its own `fetch_add`.
// Reading the results to use them (print them, check them) before the joins
// is still too early.

use std::sync::{Arc, Mutex};
use std::thread;

// The spawner takes its turn, then prints the results before the joins.
fn prints_after_its_own_turn() {
    let sums = Arc::new(Mutex::new(vec![1, 2]));
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let sums = Arc::clone(&sums);
            thread::spawn(move || {
                let mut v = sums.lock().unwrap();
                let s = v.iter().sum();
                v.push(s);
            })
        })
        .collect();
    let mut v = sums.lock().unwrap();
    let s: i32 = v.iter().sum();
    v.push(s);
    drop(v);
    println!("{:?}", sums.lock().unwrap()); //~ read_before_join
    for h in handles {
        h.join().unwrap();
    }
}

// A read under the guard whose value goes elsewhere (printed), next to a
// write that does not come from it: a look at the results, not a turn.
fn counts_under_its_own_guard() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let seen = Arc::clone(&seen);
            thread::spawn(move || seen.lock().unwrap().push(i))
        })
        .collect();
    let mut v = seen.lock().unwrap();
    let n = v.len(); //~ read_before_join
    v.push(100);
    drop(v);
    println!("{n} seen so far");
    for h in handles {
        h.join().unwrap();
    }
}

// ---- near-misses: nothing below may fire ----

// The spawner does the same work as the threads, under one guard, then
// joins them and reads the result.
fn spawner_takes_its_turn() {
    let data = Arc::new(Mutex::new(vec![1, 2, 3]));
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let d = Arc::clone(&data);
            thread::spawn(move || {
                let mut v = d.lock().unwrap();
                let s = v.iter().sum();
                v.push(s);
            })
        })
        .collect();
    let mut v = data.lock().unwrap();
    let s = v.iter().sum();
    v.push(s);
    drop(v);
    for h in handles {
        h.join().unwrap();
    }
    println!("{:?}", data.lock().unwrap());
}

// The same in a block, with a fold, and a second total updated in one step.
fn spawner_folds_in_a_block() {
    let items = Arc::new(Mutex::new(vec![2, 4]));
    let total = Arc::new(Mutex::new(0));
    let mut workers = Vec::new();
    for _ in 0..2 {
        let items = Arc::clone(&items);
        let total = Arc::clone(&total);
        workers.push(thread::spawn(move || {
            let doubled = {
                let mut v = items.lock().unwrap();
                let d = v.iter().fold(0, |acc, x| acc + x * 2);
                v.push(d);
                d
            };
            *total.lock().unwrap() += doubled;
        }));
    }
    let doubled = {
        let mut v = items.lock().unwrap();
        let d = v.iter().fold(0, |acc, x| acc + x * 2);
        v.push(d);
        d
    };
    *total.lock().unwrap() += doubled;
    for w in workers {
        w.join().unwrap();
    }
    assert!(*total.lock().unwrap() > 0);
}

fn main() {
    prints_after_its_own_turn();
    counts_under_its_own_guard();
    spawner_takes_its_turn();
    spawner_folds_in_a_block();
}
