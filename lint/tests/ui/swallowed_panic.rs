// swallowed_panic: the result of `join()` thrown away or turned into a
// default, so a panic in the thread disappears.

use std::sync::mpsc;
use std::thread;

fn parse_size(text: &str) -> u64 {
    text.trim().parse().expect("not a number")
}

// `let _ =`
fn let_underscore() {
    let h = thread::spawn(|| parse_size("12"));
    let _ = h.join(); //~ swallowed_panic
}

// `let _ =` in a join loop.
fn let_underscore_in_loop() {
    let mut handles = Vec::new();
    for text in ["1", "two", "3"] {
        handles.push(thread::spawn(move || parse_size(text)));
    }
    for handle in handles {
        let _ = handle.join(); //~ swallowed_panic
    }
}

// `.ok()`
fn ok() {
    let worker = std::thread::spawn(|| println!("working"));
    worker.join().ok(); //~ swallowed_panic
}

// `.ok()` in a `filter_map`: panicked threads just vanish from the results.
fn filter_map_ok() {
    let handles: Vec<_> = ["4", "x", "6"]
        .into_iter()
        .map(|t| thread::spawn(move || parse_size(t)))
        .collect();
    let sizes: Vec<u64> = handles.into_iter().filter_map(|h| h.join().ok()).collect(); //~ swallowed_panic
    println!("{sizes:?}");
}

// `.unwrap_or_default()`
fn unwrap_or_default() {
    let h = thread::Builder::new().spawn(|| parse_size("oops")).unwrap();
    let size = h.join().unwrap_or_default(); //~ swallowed_panic
    println!("size: {size}");
}

// The `Result` of `join` as a bare statement.
fn bare_statement() {
    let t = thread::spawn(|| parse_size("7"));
    t.join(); //~ swallowed_panic
}

// `if let Ok(..)` without an `else`.
fn if_let_ok_without_else() {
    let h = thread::spawn(|| parse_size("8"));
    if let Ok(size) = h.join() {
        //~^ swallowed_panic
        println!("size: {size}");
    }
}

// Scoped threads: the handle's `join` can swallow a panic too.
fn scoped() {
    thread::scope(|s| {
        let first = s.spawn(|| parse_size("9"));
        let second = s.spawn(|| parse_size("ten"));
        let a = first.join().unwrap_or_default(); //~ swallowed_panic
        let b = second.join().unwrap();
        println!("{a} {b}");
    });
}

// A handle passed in, known by its type: std's `JoinHandle`.
fn finish_download(download: thread::JoinHandle<Vec<u8>>) {
    let _ = download.join(); //~ swallowed_panic
}

// A worker that keeps its thread in a field, stopped by taking the handle out.
struct Worker {
    thread: Option<thread::JoinHandle<()>>,
}

fn stop(worker: &mut Worker) {
    if let Some(running) = worker.thread.take() {
        running.join().ok(); //~ swallowed_panic
    }
}

// ---- near-misses: nothing below may fire ----

// `unwrap` and `expect` pass the panic on.
fn unwrap_and_expect() {
    let a = thread::spawn(|| parse_size("1"));
    let b = thread::spawn(|| parse_size("2"));
    let x = a.join().unwrap();
    let y = b.join().expect("the second worker panicked");
    println!("{}", x + y);
}

// Both cases handled.
fn match_both_cases() {
    let h = thread::spawn(|| parse_size("3"));
    match h.join() {
        Ok(size) => println!("size: {size}"),
        Err(_) => eprintln!("the worker panicked"),
    }
}

// `if let Err` reports the panic.
fn if_let_err() {
    let h = thread::spawn(|| parse_size("4"));
    if let Err(panic) = h.join() {
        eprintln!("worker panicked: {panic:?}");
    }
}

// `if let Ok` with an `else` that reports the panic.
fn if_let_ok_with_else() {
    let h = thread::spawn(|| parse_size("5"));
    if let Ok(size) = h.join() {
        println!("size: {size}");
    } else {
        eprintln!("the worker panicked");
    }
}

// The panic is passed on with `resume_unwind`.
fn resume_unwind() {
    let h = thread::spawn(|| parse_size("6"));
    let size = h
        .join()
        .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
    println!("{size}");
}

// Every result collected into one `Result` that is checked.
fn collect_results() {
    let handles: Vec<_> = (1..=3u64).map(|i| thread::spawn(move || i * 2)).collect();
    let results: Result<Vec<u64>, _> = handles.into_iter().map(|h| h.join()).collect();
    match results {
        Ok(values) => println!("{values:?}"),
        Err(_) => eprintln!("a worker panicked"),
    }
}

// `let _ =` on something that is not a join.
fn let_underscore_send() {
    let (tx, rx) = mpsc::channel();
    let h = thread::spawn(move || {
        let _ = tx.send(parse_size("11"));
    });
    h.join().unwrap();
    println!("{:?}", rx.recv().ok());
}

// A model checker's threads: loom's `join` returns `Err` only if the model
// itself fails, and a panic in a loom thread fails the whole model.
fn loom_model_threads() {
    loom::model(|| {
        let mut workers = Vec::new();
        for _ in 0..2 {
            workers.push(loom::thread::spawn(|| 1 + 1));
        }
        for worker in workers {
            let _ = worker.join();
        }
    });
}

fn main() {
    finish_download(thread::spawn(Vec::new));
    let mut worker = Worker {
        thread: Some(thread::spawn(|| ())),
    };
    stop(&mut worker);
    loom_model_threads();
    let_underscore();
    let_underscore_in_loop();
    ok();
    filter_map_ok();
    unwrap_or_default();
    bare_statement();
    if_let_ok_without_else();
    scoped();
    unwrap_and_expect();
    match_both_cases();
    if_let_err();
    if_let_ok_with_else();
    resume_unwind();
    collect_results();
    let_underscore_send();
}
