// Every way a thread is joined counts as a wait: in a helper the handles are
// passed to, in an iterator chain, a `fold`, a `VecDeque`, inside a macro.
// Reads after such a join are complete; reads before it are not.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

fn wait_all(workers: Vec<JoinHandle<()>>) {
    for w in workers {
        w.join().unwrap();
    }
}

fn join_each<T>(handles: Vec<JoinHandle<T>>) -> Vec<T> {
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

fn count_running(handles: &[JoinHandle<()>]) -> usize {
    handles.iter().filter(|h| !h.is_finished()).count()
}

fn spawn_adders(total: &Arc<Mutex<u32>>, n: u32) -> Vec<JoinHandle<()>> {
    let mut handles = Vec::new();
    for _ in 0..n {
        let total = Arc::clone(total);
        handles.push(thread::spawn(move || *total.lock().unwrap() += 1));
    }
    handles
}

// ---- mistakes: these must fire ----

// The helper joins, but only after the read.
fn helper_joins_too_late() {
    let total = Arc::new(Mutex::new(0));
    let mut workers = Vec::new();
    for _ in 0..4 {
        let total = Arc::clone(&total);
        workers.push(thread::spawn(move || *total.lock().unwrap() += 1));
    }
    println!("{}", *total.lock().unwrap()); //~ read_before_join
    wait_all(workers);
}

// A helper that only looks at the handles does not wait.
fn helper_does_not_join() {
    let done = Arc::new(AtomicUsize::new(0));
    let mut handles = Vec::new();
    for _ in 0..4 {
        let done = Arc::clone(&done);
        handles.push(thread::spawn(move || {
            done.fetch_add(1, Ordering::SeqCst);
        }));
    }
    println!("{} running", count_running(&handles));
    println!("{} done", done.load(Ordering::SeqCst)); //~ read_before_join
    wait_all(handles);
}

// ---- near-misses: nothing below may fire ----

// The handles are passed to a helper that joins them.
fn joined_in_helper() {
    let total = Arc::new(Mutex::new(0));
    let mut workers = Vec::new();
    for _ in 0..4 {
        let total = Arc::clone(&total);
        workers.push(thread::spawn(move || *total.lock().unwrap() += 1));
    }
    wait_all(workers);
    println!("{}", *total.lock().unwrap());
}

// A generic helper that joins and returns the results.
fn joined_in_generic_helper() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let handles: Vec<_> = (0..3)
        .map(|i| {
            let seen = Arc::clone(&seen);
            thread::spawn(move || {
                seen.lock().unwrap().push(i);
                i * 2
            })
        })
        .collect();
    let doubled = join_each(handles);
    println!("{doubled:?} {:?}", seen.lock().unwrap());
}

// Handles made by one helper and joined by another.
fn spawned_and_joined_in_helpers() {
    let total = Arc::new(Mutex::new(0));
    let handles = spawn_adders(&total, 3);
    wait_all(handles);
    println!("{}", total.lock().unwrap());
}

// `for_each` on the collected handles.
fn joined_by_for_each() {
    let total = Arc::new(Mutex::new(0));
    let handles = (0..4)
        .map(|_| {
            let total = Arc::clone(&total);
            thread::spawn(move || *total.lock().unwrap() += 1)
        })
        .collect::<Vec<_>>();
    handles.into_iter().for_each(|h| h.join().unwrap());
    println!("{}", *total.lock().unwrap());
}

// `fold` over the handles.
fn joined_by_fold() {
    let total = Arc::new(Mutex::new(0));
    let mut handles = Vec::new();
    for _ in 0..4 {
        let total = Arc::clone(&total);
        handles.push(thread::spawn(move || {
            *total.lock().unwrap() += 1;
            1
        }));
    }
    let n = handles.into_iter().fold(0, |acc, h| acc + h.join().unwrap());
    println!("{n} {}", *total.lock().unwrap());
}

// A `VecDeque` of handles, popped and joined.
fn joined_from_deque() {
    let total = Arc::new(Mutex::new(0));
    let mut queue = VecDeque::new();
    for _ in 0..4 {
        let total = Arc::clone(&total);
        queue.push_back(thread::spawn(move || *total.lock().unwrap() += 1));
    }
    while let Some(h) = queue.pop_front() {
        h.join().unwrap();
    }
    println!("{}", *total.lock().unwrap());
}

// Joined inside `assert!` and `assert_eq!`.
fn joined_in_macros() {
    let total = Arc::new(Mutex::new(0));
    let t = Arc::clone(&total);
    let first = thread::spawn(move || *t.lock().unwrap() += 1);
    let t = Arc::clone(&total);
    let second = thread::spawn(move || {
        *t.lock().unwrap() += 1;
        2
    });
    assert!(first.join().is_ok());
    assert_eq!(second.join().unwrap(), 2);
    println!("{}", *total.lock().unwrap());
}

// Joined inside a macro of the crate's own.
macro_rules! assert_ok {
    ($e:expr) => {
        assert!($e.is_ok())
    };
}

fn joined_in_own_macro() {
    let total = Arc::new(Mutex::new(0));
    let t = Arc::clone(&total);
    let h = thread::spawn(move || *t.lock().unwrap() += 1);
    assert_ok!(h.join());
    println!("{}", *total.lock().unwrap());
}

// The spawner's own `fetch_add` is not a read of the threads' results.
fn spawner_takes_a_ticket() {
    let next = Arc::new(AtomicUsize::new(0));
    let n = Arc::clone(&next);
    let h = thread::spawn(move || n.fetch_add(1, Ordering::SeqCst));
    let mine = next.fetch_add(1, Ordering::SeqCst);
    println!("ticket {mine}");
    h.join().unwrap();
}

// A wait the analysis does not know (a wait group from a library): the read
// after it may well be complete, so nothing is said.
fn unknown_wait() {
    let total = Arc::new(Mutex::new(0));
    let wg = crossbeam_utils::sync::WaitGroup::new();
    for _ in 0..4 {
        let total = Arc::clone(&total);
        let wg = wg.clone();
        thread::spawn(move || {
            *total.lock().unwrap() += 1;
            drop(wg);
        });
    }
    wg.wait();
    println!("{}", *total.lock().unwrap());
}

fn main() {
    helper_joins_too_late();
    helper_does_not_join();
    joined_in_helper();
    joined_in_generic_helper();
    spawned_and_joined_in_helpers();
    joined_by_for_each();
    joined_by_fold();
    joined_from_deque();
    joined_in_macros();
    spawner_takes_a_ticket();
    unknown_wait();
    joined_in_own_macro();
}
