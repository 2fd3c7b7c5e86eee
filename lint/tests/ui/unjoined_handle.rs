// unjoined_handle: join handles kept but not joined on every path before the
// function returns.

use std::num::ParseIntError;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

fn work(i: u64) -> u64 {
    thread::sleep(Duration::from_millis(2));
    i * i
}

// Collected, counted, never joined.
fn collected_not_joined() {
    let handles: Vec<_> = (0..4).map(|i| thread::spawn(move || work(i))).collect(); //~ unjoined_handle
    println!("started {} threads", handles.len());
}

// Pushed into a Vec in a loop, never joined.
fn pushed_not_joined() {
    let mut workers = Vec::new(); //~ unjoined_handle
    for i in 0..3 {
        workers.push(thread::spawn(move || {
            println!("worker {i}: {}", work(i));
        }));
    }
    println!("{} workers running", workers.len());
}

// Joined only when `verbose` is set.
fn joined_in_one_branch(verbose: bool) {
    let h = thread::spawn(|| work(7)); //~ unjoined_handle
    if verbose {
        println!("result: {}", h.join().unwrap());
    }
}

// An early `return` skips the join.
fn early_return(names: &[&str]) {
    let handle = thread::spawn(|| work(3)); //~ unjoined_handle
    if names.is_empty() {
        return;
    }
    println!("{:?}", names);
    handle.join().unwrap();
}

// `?` returns early too.
fn question_mark(input: &str) -> Result<u64, ParseIntError> {
    let worker = thread::spawn(|| work(5)); //~ unjoined_handle
    let n: u64 = input.trim().parse()?;
    let squared = worker.join().unwrap();
    Ok(n + squared)
}

// The handle is used, but only to look at the thread.
fn only_looked_at() {
    let t = thread::Builder::new() //~ unjoined_handle
        .name(String::from("printer"))
        .spawn(|| println!("printing"))
        .unwrap();
    println!("started {:?}", t.thread().name());
}

// Handles stored, some joined in a `match` arm only.
fn joined_in_one_arm(mode: u8) {
    let results = Arc::new(Mutex::new(Vec::new()));
    let r = Arc::clone(&results);
    let job = std::thread::spawn(move || r.lock().unwrap().push(work(9))); //~ unjoined_handle
    match mode {
        0 => job.join().unwrap(),
        _ => println!("not waiting"),
    }
}

// ---- near-misses: nothing below may fire ----

// Joined in a loop.
fn joined_in_loop() {
    let mut handles = vec![];
    for i in 0..4 {
        handles.push(thread::spawn(move || work(i)));
    }
    for h in handles {
        println!("{}", h.join().unwrap());
    }
}

// Joined through an iterator chain.
fn joined_with_map() {
    let handles: Vec<_> = (1..=4).map(|i| thread::spawn(move || work(i))).collect();
    let total: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    println!("{total}");
}

// Joined with `for_each`.
fn joined_with_for_each() {
    let handles: Vec<thread::JoinHandle<()>> = (0..3)
        .map(|i| thread::spawn(move || println!("{i}")))
        .collect();
    handles.into_iter().for_each(|h| h.join().unwrap());
}

// Joined on both branches.
fn joined_on_both_branches(verbose: bool) {
    let h = thread::spawn(|| work(7));
    if verbose {
        println!("result: {}", h.join().unwrap());
    } else {
        h.join().unwrap();
    }
}

// The early return happens before the thread is started.
fn return_before_spawn(names: &[&str]) {
    if names.is_empty() {
        return;
    }
    let handle = thread::spawn(|| work(3));
    println!("{:?}", names);
    handle.join().unwrap();
}

// The handle goes back to the caller, who joins it.
fn spawn_worker(i: u64) -> thread::JoinHandle<u64> {
    let handle = thread::spawn(move || work(i));
    println!("worker {i} started");
    handle
}

fn caller_joins() {
    let h = spawn_worker(2);
    println!("{}", h.join().unwrap());
}

// Scoped handles are joined when the scope ends, even unused ones.
fn scoped_handles() {
    let data = vec![1, 2, 3];
    thread::scope(|s| {
        let first = s.spawn(|| data.iter().sum::<i32>());
        let _second = s.spawn(|| println!("{:?}", data));
        println!("sum: {}", first.join().unwrap());
    });
}

// The `?` comes after the join.
fn question_mark_after_join(input: &str) -> Result<u64, ParseIntError> {
    let worker = thread::spawn(|| work(5));
    let squared = worker.join().unwrap();
    let n: u64 = input.trim().parse()?;
    Ok(n + squared)
}

fn main() {
    collected_not_joined();
    pushed_not_joined();
    joined_in_one_branch(false);
    early_return(&[]);
    question_mark("4").unwrap();
    only_looked_at();
    joined_in_one_arm(1);
    joined_in_loop();
    joined_with_map();
    joined_with_for_each();
    joined_on_both_branches(true);
    return_before_spawn(&["a"]);
    caller_joins();
    scoped_handles();
    question_mark_after_join("4").unwrap();
}
