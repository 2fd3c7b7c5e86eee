// double_lock: a lock taken again by the thread that already holds it.
// Edition 2021: a temporary guard in an `if let` scrutinee lives until the
// end of the whole `if let ... else`, including the `else` block.
//
// A value read through a guard and written back under a second `lock()`
// while that first guard is still alive is a double_lock only, not a
// lost_update: no other thread can get in between, this one waits forever.

use std::sync::{Arc, Mutex, RwLock};
use std::thread;

#[derive(Debug, PartialEq)]
enum State {
    Idle,
    Busy,
}

fn push_job(jobs: &Mutex<Vec<u32>>, job: u32) {
    jobs.lock().unwrap().push(job);
}

// A `let` guard is still alive when the same lock is taken again.
fn live_guard() {
    let list = Arc::new(Mutex::new(vec![1, 2, 3]));
    let worker = {
        let list = Arc::clone(&list);
        thread::spawn(move || {
            let guard = list.lock().unwrap();
            if guard.len() < 5 {
                list.lock().unwrap().push(4); //~ double_lock
            }
        })
    };
    worker.join().unwrap();
}

// The guard of a `match` scrutinee lives until the end of the `match`.
fn match_scrutinee() {
    let queue = Arc::new(Mutex::new(vec![1, 2, 3]));
    let q = queue.clone();
    let handle = thread::spawn(move || match q.lock().unwrap().pop() {
        Some(job) => q.lock().unwrap().push(job * 2), //~ double_lock
        None => println!("nothing to do"),
    });
    handle.join().unwrap();
}

// The same with a multi-line arm.
fn match_scrutinee_block_arm() {
    let tasks = Mutex::new(vec!["a", "b"]);
    match tasks.lock().unwrap().last() {
        Some(task) => {
            println!("last task: {task}");
            tasks.lock().unwrap().clear(); //~ double_lock
        }
        None => {}
    }
}

// Matching on the value behind the guard keeps the guard alive too.
fn match_on_deref() {
    let state = Arc::new(Mutex::new(State::Idle));
    let s = Arc::clone(&state);
    let h = thread::spawn(move || match *s.lock().unwrap() {
        State::Idle => *s.lock().unwrap() = State::Busy, //~ double_lock
        State::Busy => {}
    });
    h.join().unwrap();
    println!("{:?}", state.lock().unwrap());
}

// `if let`: the guard lives through the `then` block...
fn if_let_then() {
    let stack = Arc::new(Mutex::new(Vec::<i32>::new()));
    let handles: Vec<_> = (0..2)
        .map(|i| {
            let stack = Arc::clone(&stack);
            thread::spawn(move || {
                if let Some(top) = stack.lock().unwrap().last() {
                    println!("{i} sees {top}");
                    stack.lock().unwrap().push(top + 1); //~ double_lock
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// ...and, before Rust 2024, through the `else` block as well.
fn if_let_else() {
    let squares = Arc::new(Mutex::new(Vec::new()));
    let mut handles = Vec::new();
    for i in 0..5u64 {
        let squares = Arc::clone(&squares);
        handles.push(thread::spawn(move || {
            if let Some(last) = squares.lock().unwrap().last() {
                println!("{i}: the list ends with {last}");
            } else {
                squares.lock().unwrap().push(i * i); //~ double_lock
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// An `else if let` on another lock: the first guard is still alive in 2021.
fn else_if_let() {
    let inbox = Mutex::new(vec![String::from("hi")]);
    let outbox = Mutex::new(Vec::<String>::new());
    if let Some(msg) = outbox.lock().unwrap().pop() {
        println!("sending {msg}");
    } else if let Some(msg) = inbox.lock().unwrap().pop() {
        outbox.lock().unwrap().push(msg); //~ double_lock
    }
}

// `while let`: the guard lives through every turn of the body.
fn while_let() {
    let work = Arc::new(Mutex::new(vec![5u32, 3, 8]));
    let w = Arc::clone(&work);
    let handle = thread::spawn(move || {
        while let Some(n) = w.lock().unwrap().pop() {
            if n > 4 {
                w.lock().unwrap().push(n / 2); //~ double_lock
            }
        }
    });
    handle.join().unwrap();
}

// A helper that locks, called while the caller still holds the guard. The
// second lock happens inside `push_job`; the finding starts at the call,
// where this thread, holding `guard`, locks again.
fn helper_locks_again() {
    let jobs = Arc::new(Mutex::new(Vec::new()));
    let worker = thread::spawn({
        let jobs = Arc::clone(&jobs);
        move || {
            let guard = jobs.lock().unwrap();
            if guard.is_empty() {
                push_job(&jobs, 1); //~ double_lock
            }
        }
    });
    worker.join().unwrap();
}

// A guard taken before a loop is still alive inside it.
fn guard_outside_loop() {
    let log = Mutex::new(Vec::new());
    let mut entries = log.lock().unwrap();
    entries.push(String::from("start"));
    for i in 0..3 {
        log.lock().unwrap().push(format!("step {i}")); //~ double_lock
    }
}

// An RwLock written while a read guard is alive.
fn rwlock_write_while_reading() {
    let settings = Arc::new(RwLock::new(vec![1, 2]));
    let t = {
        let settings = Arc::clone(&settings);
        thread::spawn(move || {
            let current = settings.read().unwrap();
            if current.len() < 3 {
                settings.write().unwrap().push(3); //~ double_lock
            }
        })
    };
    t.join().unwrap();
}

// An RwLock read while this thread holds its write guard.
fn rwlock_read_while_writing() {
    let names = RwLock::new(vec![String::from("ada")]);
    let mut writer = names.write().unwrap();
    writer.push(String::from("grace"));
    let count = names.read().unwrap().len(); //~ double_lock
    println!("{count}");
}

// The lock's result kept in a binding, unwrapped into a guard that stays
// alive: the second lock waits for it.
fn unwrapped_result_kept() {
    let stock = Arc::new(Mutex::new(10u32));
    let pending = stock.lock();
    let mut left = pending.unwrap();
    *left -= 1;
    println!("{}", stock.lock().unwrap()); //~ double_lock
}

// ---- near-misses: nothing below may fire ----

// The first guard is dropped before the lock is taken again.
fn drop_before_relock() {
    let list = Arc::new(Mutex::new(vec![1, 2, 3]));
    let worker = {
        let list = Arc::clone(&list);
        thread::spawn(move || {
            let guard = list.lock().unwrap();
            let short = guard.len() < 5;
            drop(guard);
            if short {
                list.lock().unwrap().push(4);
            }
        })
    };
    worker.join().unwrap();
}

// The guard lived in an inner block that has ended.
fn inner_block_ended() {
    let counter = Mutex::new(0);
    {
        let mut n = counter.lock().unwrap();
        *n += 1;
    }
    let n = counter.lock().unwrap();
    println!("{n}");
}

// The value is taken out in its own statement: the guard is gone before the `match`.
fn bind_before_match() {
    let queue = Arc::new(Mutex::new(vec![1, 2, 3]));
    let q = Arc::clone(&queue);
    let handle = thread::spawn(move || {
        let next = q.lock().unwrap().pop();
        match next {
            Some(job) => q.lock().unwrap().push(job * 2),
            None => println!("nothing to do"),
        }
    });
    handle.join().unwrap();
}

// A `while let` whose body does not touch the lock, and a `let ... else`.
fn while_let_without_relock() {
    let work = Mutex::new(vec![1, 2, 3]);
    let done = Mutex::new(Vec::new());
    while let Some(n) = work.lock().unwrap().pop() {
        done.lock().unwrap().push(n * 10);
    }
    loop {
        let Some(n) = done.lock().unwrap().pop() else {
            break;
        };
        work.lock().unwrap().push(n);
    }
}

// Temporaries in an `if` condition are dropped before the block runs.
fn if_condition_temporary() {
    let log = Mutex::new(vec![String::from("boot")]);
    if log.lock().unwrap().len() < 10 {
        println!("last: {:?}", log.lock().unwrap().last());
    }
}

// One statement, one temporary guard, each.
fn one_guard_per_statement() {
    let items = Arc::new(Mutex::new(Vec::new()));
    let h = thread::spawn({
        let items = Arc::clone(&items);
        move || {
            items.lock().unwrap().push(1);
            items.lock().unwrap().push(2);
            let len = items.lock().unwrap().len();
            println!("{len}");
        }
    });
    h.join().unwrap();
}

// The helper locks only after the caller's guard has been dropped.
fn helper_after_drop() {
    let jobs = Mutex::new(Vec::new());
    let empty = {
        let guard = jobs.lock().unwrap();
        guard.is_empty()
    };
    if empty {
        push_job(&jobs, 1);
    }
}

// Two different locks held together (always in the same order).
fn two_different_locks() {
    let from = Mutex::new(vec![1, 2]);
    let to = Mutex::new(Vec::new());
    let mut a = from.lock().unwrap();
    let mut b = to.lock().unwrap();
    b.append(&mut a);
}

// Two read guards of one RwLock at a time are allowed.
fn two_read_guards() {
    let table = RwLock::new(vec![1, 2, 3]);
    let first = table.read().unwrap();
    let second = table.read().unwrap();
    println!("{} {}", first.len(), second.len());
}

// Another thread waiting for a lock that this thread holds is only waiting
// its turn: it is not waiting for itself.
fn other_thread_waits() {
    let shared = Arc::new(Mutex::new(0));
    let guard = shared.lock().unwrap();
    let other = Arc::clone(&shared);
    let h = thread::spawn(move || {
        *other.lock().unwrap() += 1;
    });
    drop(guard);
    h.join().unwrap();
}

// Use the guard you hold.
fn use_the_guard() {
    let list = Mutex::new(vec![1]);
    let mut guard = list.lock().unwrap();
    if guard.len() < 5 {
        guard.push(2);
    }
}

// The result of `lock()` kept in a binding and unwrapped in place: the guard
// moves out of `pending` into a temporary that ends with the statement.
fn unwrapped_in_place_then_locked() {
    let stock = Arc::new(Mutex::new(10u32));
    let pending = stock.lock();
    *pending.unwrap() -= 1;
    println!("{}", stock.lock().unwrap());
}

// A write guard handed by value to `downgrade`: `w` holds nothing after it,
// and the read guard it returns is dropped before the next lock.
fn downgraded_then_locked() {
    let config = RwLock::new(1u8);
    let w = config.write().unwrap();
    let r = std::sync::RwLockWriteGuard::downgrade(w);
    println!("{}", *r);
    drop(r);
    *config.write().unwrap() += 1;
}

fn main() {
    unwrapped_result_kept();
    unwrapped_in_place_then_locked();
    downgraded_then_locked();
    live_guard();
    match_scrutinee();
    match_scrutinee_block_arm();
    match_on_deref();
    if_let_then();
    if_let_else();
    else_if_let();
    while_let();
    helper_locks_again();
    guard_outside_loop();
    rwlock_write_while_reading();
    rwlock_read_while_writing();
    drop_before_relock();
    inner_block_ended();
    bind_before_match();
    while_let_without_relock();
    if_condition_temporary();
    one_guard_per_statement();
    helper_after_drop();
    two_different_locks();
    two_read_guards();
    other_thread_waits();
    use_the_guard();
}
