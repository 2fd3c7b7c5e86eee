// serial_join: a thread joined in the same loop iteration, or the same
// expression, that spawned it, so the threads run one at a time.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn download(url: &str) -> usize {
    thread::sleep(Duration::from_millis(5));
    url.len()
}

// Spawn, then join, in the same iteration.
fn join_in_loop() {
    let urls = vec!["a.com", "b.org", "c.net"];
    for url in urls {
        let h = thread::spawn(move || download(url));
        let size = h.join().unwrap(); //~ serial_join
        println!("{url}: {size}");
    }
}

// In the same expression.
fn join_in_same_expression() {
    for i in 0..4 {
        let square = thread::spawn(move || i * i).join().unwrap(); //~ serial_join
        println!("{square}");
    }
}

// In the same expression, with the full path and a discarded result: this is
// also a swallowed panic.
fn join_in_same_expression_ignored() {
    for name in ["x", "y"] {
        let _ = std::thread::spawn(move || download(name)).join(); //~ serial_join, swallowed_panic
    }
}

// Scoped threads joined right away.
fn scoped_join_in_loop() {
    let files = ["one", "two", "three"];
    thread::scope(|s| {
        for f in &files {
            let handle = s.spawn(move || download(f));
            println!("{f}: {}", handle.join().unwrap()); //~ serial_join
        }
    });
}

// A lazy iterator chain: each thread is joined before the next is spawned.
fn lazy_chain() {
    let total: usize = ["a", "bb", "ccc"]
        .into_iter()
        .map(|u| thread::spawn(move || download(u)))
        .map(|h| h.join().unwrap()) //~ serial_join
        .sum();
    println!("{total}");
}

// A `while let` loop over a work list, with a builder.
fn while_let_builder() {
    let mut queue = vec!["p", "q", "r"];
    while let Some(job) = queue.pop() {
        let worker = thread::Builder::new()
            .name(format!("job-{job}"))
            .spawn(move || download(job))
            .unwrap();
        worker.join().expect("worker panicked"); //~ serial_join
    }
}

// A named function, joined in a `loop`.
fn tick() {
    println!("tick");
}

fn named_fn_in_loop() {
    let mut n = 0;
    loop {
        let t = thread::spawn(tick);
        t.join().unwrap(); //~ serial_join
        n += 1;
        if n == 3 {
            break;
        }
    }
}

// ---- near-misses: nothing below may fire ----

// Spawn everything first, then join.
fn spawn_all_then_join() {
    let urls = vec!["a.com", "b.org", "c.net"];
    let mut handles = Vec::new();
    for url in urls {
        handles.push(thread::spawn(move || download(url)));
    }
    for h in handles {
        println!("{}", h.join().unwrap());
    }
}

// `collect` starts every thread before the joins begin.
fn collect_then_join() {
    let handles: Vec<_> = ["a", "bb", "ccc"]
        .into_iter()
        .map(|u| thread::spawn(move || download(u)))
        .collect();
    let total: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    println!("{total}");
}

// Scoped threads all start, and the scope joins them at its end.
fn scope_joins_at_end() {
    let files = ["one", "two", "three"];
    thread::scope(|s| {
        for f in &files {
            s.spawn(move || download(f));
        }
    });
}

// One thread, with other work done before the join.
fn one_thread_overlaps_main() {
    let h = thread::spawn(|| download("big.iso"));
    let local = download("small.txt");
    let remote = h.join().unwrap();
    println!("{local} {remote}");
}

// Scoped handles collected, then joined.
fn scoped_collect_then_join() {
    let inputs = [1u64, 2, 3];
    let squares: Vec<u64> = thread::scope(|s| {
        let handles: Vec<_> = inputs.iter().map(|&n| s.spawn(move || n * n)).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    println!("{squares:?}");
}

// Threads that report through a channel and are joined after the loop.
fn channel_then_join() {
    let (tx, rx) = mpsc::channel();
    let handles: Vec<_> = (0..3)
        .map(|i| {
            let tx = tx.clone();
            thread::spawn(move || tx.send(download(&i.to_string())).unwrap())
        })
        .collect();
    drop(tx);
    let sizes: Vec<usize> = rx.iter().collect();
    for h in handles {
        h.join().unwrap();
    }
    println!("{sizes:?}");
}

fn main() {
    join_in_loop();
    join_in_same_expression();
    join_in_same_expression_ignored();
    scoped_join_in_loop();
    lazy_chain();
    while_let_builder();
    named_fn_in_loop();
    spawn_all_then_join();
    collect_then_join();
    scope_joins_at_end();
    one_thread_overlaps_main();
    scoped_collect_then_join();
    channel_then_join();
}
