// swallowed_panic and intent: a panic that is expected and checked is not
// swallowed (`assert!(h.join().is_err())`, a thread that always panics,
// `#[should_panic]`, `join()?`, `unwrap_or_else(|_| panic!(..))`).

use std::sync::{Arc, Mutex};
use std::thread;

fn parse(text: &str) -> u32 {
    text.parse().expect("a number")
}

// ---- mistakes: these must fire ----

// The thread panics only on bad input: ignoring that hides the failure.
fn may_panic_ignored() {
    let h = thread::spawn(|| parse("x1"));
    let _ = h.join(); //~ swallowed_panic
}

// A default in place of the panic.
fn defaulted_in_closure() {
    let h = thread::spawn(|| parse("12"));
    let n = h.join().unwrap_or_else(|_| 0); //~ swallowed_panic
    println!("{n}");
}

// A thread that panics only on one branch is not a poison test.
fn conditional_panic_ignored() {
    let input = "7";
    let h = thread::spawn(move || {
        if input.is_empty() {
            panic!("empty input");
        }
        parse(input)
    });
    h.join().ok(); //~ swallowed_panic
}

// ---- near-misses: nothing below may fire ----

// Poisoning a lock on purpose: the thread always panics.
fn poison_on_purpose() {
    let lock = Arc::new(Mutex::new(0));
    let lock2 = Arc::clone(&lock);
    let _ = thread::spawn(move || {
        let _guard = lock2.lock().unwrap();
        panic!("poison the lock");
    })
    .join();
    assert!(lock.is_poisoned());
}

// The same with a typed `let` and a closure kept in a variable.
fn poison_through_a_variable() {
    let lock = Arc::new(Mutex::new(0));
    let lock2 = Arc::clone(&lock);
    let poisoner = move || {
        let _guard = lock2.lock().unwrap();
        panic!("poison the lock");
    };
    let _: Result<(), _> = thread::spawn(poisoner).join();
    assert!(lock.lock().is_err());
}

// The panic is checked.
fn checked_is_err() {
    let h = thread::spawn(|| parse("not a number"));
    assert!(h.join().is_err());
}

// The panic is passed on with `?`.
fn passed_on() -> thread::Result<u32> {
    let h = thread::spawn(|| parse("5"));
    let n = h.join()?;
    Ok(n + 1)
}

// The panic becomes a panic with a message of its own.
fn repanics() -> u32 {
    let h = thread::spawn(|| parse("6"));
    h.join()
        .unwrap_or_else(|_| panic!("the parser thread panicked"))
}

// The panic is resumed in this thread.
fn resumes() -> u32 {
    let h = thread::spawn(|| parse("7"));
    h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
}

// Matching both arms reports the panic.
fn matched() {
    let h = thread::spawn(|| parse("8"));
    match h.join() {
        Ok(n) => println!("{n}"),
        Err(_) => eprintln!("the thread panicked"),
    }
}

// The panic is expected: only a success would be a surprise, and it panics.
fn success_is_the_surprise() {
    let h = thread::spawn(|| parse("not a number"));
    if let Ok(n) = h.join() {
        panic!("parsed {n}, but the input was not a number");
    }
}

fn main() {
    may_panic_ignored();
    defaulted_in_closure();
    conditional_panic_ignored();
    poison_on_purpose();
    poison_through_a_variable();
    checked_is_err();
    let _ = passed_on();
    repanics();
    resumes();
    matched();
    success_is_the_surprise();
}

#[cfg(test)]
mod tests {
    use super::*;

    // The test expects the panic.
    #[test]
    #[should_panic]
    fn bad_input_panics() {
        let h = thread::spawn(|| parse("x"));
        let _ = h.join();
        panic!("the worker failed");
    }
}
