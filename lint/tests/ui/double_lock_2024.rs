// double_lock under Rust 2024 (this file is analyzed as edition 2024): a
// temporary guard in an `if let` scrutinee is dropped before the `else`
// block runs, but still lives through the `then` block. `match` and
// `while let` scrutinees did not change.
//
// A value read through a guard and written back under a second `lock()`
// while that first guard is still alive is a double_lock only, not a
// lost_update: no other thread can get in between, this one waits forever.

use std::sync::{Arc, Mutex};
use std::thread;

// `else` after an `if let`: the scrutinee's guard is already gone in 2024,
// so there is no deadlock. The check ("the list is empty") and the act (the
// push) are two steps under two guards, though: that is `check_then_act`.
fn if_let_else_is_fine_in_2024() {
    let squares = Arc::new(Mutex::new(Vec::new()));
    let mut handles = Vec::new();
    for i in 0..5u64 {
        let squares = Arc::clone(&squares);
        handles.push(thread::spawn(move || {
            if let Some(last) = squares.lock().unwrap().last() {
                println!("{i}: the list ends with {last}");
            } else {
                squares.lock().unwrap().push(i * i); //~ check_then_act
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// An `else if let` on the same lock: the first guard is gone in 2024.
fn else_if_let_is_fine_in_2024() {
    let inbox = Mutex::new(vec![String::from("hi")]);
    let outbox = Mutex::new(Vec::<String>::new());
    if let Some(msg) = outbox.lock().unwrap().pop() {
        println!("sending {msg}");
    } else if let Some(msg) = inbox.lock().unwrap().pop() {
        outbox.lock().unwrap().push(msg);
    }
}

// The `then` block still runs while the guard is alive.
fn if_let_then_still_locks_twice() {
    let stack = Arc::new(Mutex::new(vec![1]));
    let s = Arc::clone(&stack);
    let h = thread::spawn(move || {
        if let Some(top) = s.lock().unwrap().last() {
            s.lock().unwrap().push(top + 1); //~ double_lock
        }
    });
    h.join().unwrap();
}

// A `match` scrutinee's guard still lives until the end of the `match`.
fn match_still_locks_twice() {
    let queue = Mutex::new(vec![1, 2, 3]);
    match queue.lock().unwrap().pop() {
        Some(job) => queue.lock().unwrap().push(job + 10), //~ double_lock
        None => {}
    }
}

// A `while let` scrutinee's guard still lives through the body.
fn while_let_still_locks_twice() {
    let work = Arc::new(Mutex::new(vec![9u32, 2]));
    let handle = thread::spawn({
        let work = Arc::clone(&work);
        move || {
            while let Some(n) = work.lock().unwrap().pop() {
                if n > 4 {
                    work.lock().unwrap().push(n - 4); //~ double_lock
                }
            }
        }
    });
    handle.join().unwrap();
}

// A `let` guard is as alive in 2024 as it always was.
fn live_guard_still_locks_twice() {
    let names = Mutex::new(Vec::<&str>::new());
    let guard = names.lock().unwrap();
    if guard.is_empty() {
        names.lock().unwrap().push("ada"); //~ double_lock
    }
}

fn main() {
    if_let_else_is_fine_in_2024();
    else_if_let_is_fine_in_2024();
    if_let_then_still_locks_twice();
    match_still_locks_twice();
    while_let_still_locks_twice();
    live_guard_still_locks_twice();
}
