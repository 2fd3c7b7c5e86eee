// A thread is never cut off by its spawner's return when the spawner never
// returns past the spawn: it ends in a `loop` that nothing leaves, or it
// serves `for conn in listener.incoming()`, an iterator that never ends.
// A channel drained by hand (`next()` until `None`, `recv()` until `Err`)
// waits for every sender too; a `recv` that only takes the spawner's own
// message waits for nothing.

use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn handle(_stream: TcpStream) {}

fn tick(who: &str) -> bool {
    println!("{who}");
    who.is_empty()
}

// ---- mistakes: these must fire ----

// The loop can be left: after the `break` the function returns.
fn loop_with_break() {
    thread::spawn(|| tick("worker")); //~ detached_thread
    loop {
        if tick("main") {
            break;
        }
    }
}

// A `?` before the endless loop can return first.
fn exit_before_the_loop(port: &str) -> std::io::Result<()> {
    thread::spawn(|| tick("worker")); //~ detached_thread
    let listener = TcpListener::bind(port)?;
    loop {
        let (stream, _) = listener.accept()?;
        handle(stream);
    }
}

// `take(2)` ends: the function returns after two connections.
fn serves_two(listener: TcpListener) {
    for conn in listener.incoming().take(2) {
        let conn = conn.unwrap();
        thread::spawn(move || handle(conn)); //~ detached_thread
    }
}

// Any other iterator ends.
fn over_a_list(names: Vec<String>) {
    for name in names {
        thread::spawn(move || tick(&name)); //~ detached_thread
    }
}

// The spawner's own message fills the channel first: the one `recv` takes it,
// not the thread's. (The sleep is no `sleep_sync`: a blocking `recv` follows it.)
fn own_message_first() {
    let (tx, rx) = mpsc::sync_channel(1);
    tx.send("from main").unwrap();
    thread::spawn(move || { //~ detached_thread
        tx.send("from the thread").unwrap();
        println!("sent");
    });
    thread::sleep(Duration::from_millis(10));
    let got = rx.recv().unwrap();
    println!("{got}");
}

// `next()` twice, never until `None`: the thread may still be running.
fn next_without_end() {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || { //~ detached_thread
        tx.send(1).unwrap();
        tx.send(2).unwrap();
        println!("done sending");
    });
    let mut it = rx.iter();
    assert_eq!(it.next(), Some(1));
}

// ---- near-misses: nothing below may fire ----

// Ends in a loop that nothing leaves: it never returns.
fn beats_forever() {
    thread::spawn(|| loop {
        tick("worker");
    });
    loop {
        tick("main");
    }
}

// One thread per connection, over `incoming()`, which never ends.
fn serve(addr: &str) {
    let listener = TcpListener::bind(addr).unwrap();
    for conn in listener.incoming() {
        let conn = conn.unwrap();
        thread::spawn(move || handle(conn));
    }
}

// `next()` until it returns `None`: every sender is gone.
fn drained_by_next() {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        tx.send(1).unwrap();
        tx.send(2).unwrap();
    });
    let mut it = rx.iter();
    assert_eq!(it.next(), Some(1));
    assert_eq!(it.next(), Some(2));
    assert_eq!(it.next(), None);
}

// `recv()` until it fails: every sender is gone.
fn drained_by_recv_error() {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        tx.send("hi").unwrap();
    });
    assert_eq!(rx.recv().unwrap(), "hi");
    assert!(rx.recv().is_err());
}

// The spawner's own message is taken first, then the thread's.
fn own_message_then_the_threads() {
    let (tx, rx) = mpsc::sync_channel(1);
    tx.send("from main").unwrap();
    thread::spawn(move || {
        tx.send("from the thread").unwrap();
    });
    let first = rx.recv().unwrap();
    let second = rx.recv().unwrap();
    println!("{first} {second}");
}

fn main() {
    loop_with_break();
    let _ = exit_before_the_loop("127.0.0.1:0");
    serves_two(TcpListener::bind("127.0.0.1:0").unwrap());
    over_a_list(vec![String::from("a")]);
    own_message_first();
    next_without_end();
    drained_by_next();
    drained_by_recv_error();
    own_message_then_the_threads();
    serve("127.0.0.1:0");
    beats_forever();
}
