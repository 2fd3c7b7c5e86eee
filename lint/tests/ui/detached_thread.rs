// detached_thread: a thread's `JoinHandle` is thrown away, so nothing waits
// for the thread before `main` returns.

use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

fn download(name: &str) -> usize {
    thread::sleep(Duration::from_millis(5));
    name.len() * 1000
}

fn log_line(line: String) {
    println!("[log] {line}");
}

// The spawn as a statement, in a loop.
fn spawn_statement_in_loop() {
    for name in ["a.txt", "b.txt", "c.txt"] {
        thread::spawn(move || {
            //~^ detached_thread
            let size = download(name);
            println!("{name}: {size} bytes");
        });
    }
    println!("all downloads started");
}

// `let _ =` drops the handle at once.
fn let_underscore() {
    let _ = thread::spawn(|| println!("hello from a thread")); //~ detached_thread
}

// A handle bound to a name that is never used. This is detached_thread, not
// unjoined_handle: a handle that is never used was never really kept.
fn unused_binding() {
    let _worker = thread::spawn(|| download("report.pdf")); //~ detached_thread
    println!("main is done");
}

// With the full path and a named function.
fn full_path_named_fn() {
    std::thread::spawn(background_cleanup); //~ detached_thread
}

fn background_cleanup() {
    thread::sleep(Duration::from_millis(5));
    println!("cleaned up");
}

// Through `thread::Builder`.
fn builder() {
    thread::Builder::new().spawn(background_cleanup).unwrap(); //~ detached_thread
}

// A helper that starts a thread and forgets it.
fn start_logger() {
    thread::spawn(|| {
        //~^ detached_thread
        for i in 0..3 {
            log_line(format!("tick {i}"));
        }
    });
}

// An iterator chain whose handles are thrown away.
fn for_each_spawn() {
    (0..4).for_each(|i| {
        thread::spawn(move || println!("worker {i}")); //~ detached_thread
    });
}

// A channel the main thread never waits on does not help.
fn channel_never_read() {
    let (tx, _rx) = mpsc::channel::<usize>();
    thread::spawn(move || {
        //~^ detached_thread
        tx.send(download("big.iso")).unwrap();
    });
}

// ---- near-misses: nothing below may fire ----

// The handle is joined.
fn joined() {
    let h = thread::spawn(|| download("a.txt"));
    let size = h.join().unwrap();
    println!("{size}");
}

// Scoped threads are joined when the scope ends.
fn scoped() {
    let names = vec!["a.txt", "b.txt"];
    thread::scope(|s| {
        for name in &names {
            s.spawn(move || download(name));
        }
    });
}

// The main thread waits for the work through a channel: the loop ends when
// every sender is gone, so every thread has sent its result.
fn waited_for_through_channel() {
    let (tx, rx) = mpsc::channel();
    for name in ["a.txt", "b.txt", "c.txt"] {
        let tx = tx.clone();
        thread::spawn(move || {
            tx.send((name, download(name))).unwrap();
        });
    }
    drop(tx);
    for (name, size) in rx {
        println!("{name}: {size}");
    }
}

// A single worker that sends a done message the main thread waits for.
fn done_message() {
    let (done_tx, done_rx) = mpsc::channel();
    thread::spawn(move || {
        let size = download("one.zip");
        done_tx.send(size).unwrap();
    });
    let size = done_rx.recv().unwrap();
    println!("{size}");
}

// The handle is returned to the caller, who joins it.
fn start_download(name: &'static str) -> JoinHandle<usize> {
    thread::spawn(move || download(name))
}

fn caller_joins() {
    let handle = start_download("video.mp4");
    println!("downloaded {} bytes", handle.join().unwrap());
}

// Handles pushed into a Vec and joined.
fn pushed_and_joined() {
    let mut handles = Vec::new();
    for i in 0..3 {
        handles.push(thread::spawn(move || println!("worker {i}")));
    }
    for handle in handles {
        handle.join().unwrap();
    }
}

// A builder thread whose handle is kept and joined.
fn builder_joined() {
    let cleaner = thread::Builder::new()
        .name(String::from("cleaner"))
        .spawn(background_cleanup)
        .unwrap();
    cleaner.join().unwrap();
}

// Handles kept in (name, handle) pairs, then joined.
fn kept_in_pairs() {
    let pairs: Vec<_> = ["a.txt", "b.txt"]
        .into_iter()
        .map(|name| (name, thread::spawn(move || download(name))))
        .collect();
    for (name, handle) in pairs {
        println!("{name}: {}", handle.join().unwrap());
    }
}

// Handles kept in a map by name, then joined.
fn kept_in_map() {
    let mut jobs = std::collections::HashMap::new();
    for name in ["x.bin", "y.bin"] {
        jobs.insert(name, thread::spawn(move || download(name)));
    }
    for (name, job) in jobs {
        println!("{name}: {}", job.join().unwrap());
    }
}

fn main() {
    spawn_statement_in_loop();
    let_underscore();
    unused_binding();
    full_path_named_fn();
    builder();
    start_logger();
    for_each_spawn();
    channel_never_read();
    joined();
    scoped();
    waited_for_through_channel();
    done_message();
    caller_joins();
    pushed_and_joined();
    builder_joined();
    kept_in_pairs();
    kept_in_map();
}
