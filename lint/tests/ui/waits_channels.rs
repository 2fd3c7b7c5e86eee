// A channel received from until every sender is gone waits for the senders:
// `for v in rx`, `rx.iter().sum()`, `.collect()`, `.take(n)` with n known, a
// counted `recv()` loop, a `drop(tx)` handshake, wherever the draining runs.
// One `recv()` waits for one message only.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;

// ---- mistakes: these must fire ----

// One message from one of several threads: the others may still be writing.
fn one_recv_for_many_threads() {
    let (tx, rx) = mpsc::channel();
    let total = Arc::new(Mutex::new(0));
    for i in 0..3 {
        let tx = tx.clone();
        let total = Arc::clone(&total);
        thread::spawn(move || { //~ detached_thread
            *total.lock().unwrap() += i;
            tx.send(i).unwrap();
        });
    }
    let first = rx.recv().unwrap();
    println!("{first} {}", total.lock().unwrap()); //~ read_before_join
}

// Fewer messages taken than threads send.
fn takes_too_few() {
    let (tx, rx) = mpsc::channel();
    let total = Arc::new(Mutex::new(0));
    for i in 0..4 {
        let tx = tx.clone();
        let total = Arc::clone(&total);
        thread::spawn(move || { //~ detached_thread
            *total.lock().unwrap() += i;
            tx.send(i).unwrap();
        });
    }
    let got: Vec<i32> = rx.iter().take(2).collect();
    println!("{got:?} {}", total.lock().unwrap()); //~ read_before_join
}

// ---- near-misses: nothing below may fire ----

// `rx.iter().sum()` ends when every sender is gone.
fn summed() {
    let (tx, rx) = mpsc::channel();
    for i in 0..4 {
        let tx = tx.clone();
        thread::spawn(move || tx.send(i).unwrap());
    }
    drop(tx);
    let total: i32 = rx.iter().sum();
    println!("{total}");
}

// `collect()` of the whole channel.
fn collected() {
    let (tx, rx) = mpsc::channel();
    for i in 0..4 {
        let tx = tx.clone();
        thread::spawn(move || tx.send(i * i).unwrap());
    }
    drop(tx);
    let squares: Vec<i32> = rx.into_iter().collect();
    println!("{squares:?}");
}

// As many messages taken as threads send, one each.
fn taken_one_per_thread() {
    let (tx, rx) = mpsc::channel();
    let total = Arc::new(Mutex::new(0));
    for i in 0..3 {
        let tx = tx.clone();
        let total = Arc::clone(&total);
        thread::spawn(move || {
            *total.lock().unwrap() += i;
            tx.send(i).unwrap();
        });
    }
    let got: Vec<i32> = rx.iter().take(3).collect();
    println!("{got:?} {}", total.lock().unwrap());
}

// A counted `recv()` loop: one message from each thread.
fn counted_recv_loop() {
    const WORKERS: usize = 4;
    let (tx, rx) = mpsc::channel();
    let log = Arc::new(Mutex::new(Vec::new()));
    for i in 0..WORKERS {
        let tx = tx.clone();
        let log = Arc::clone(&log);
        thread::spawn(move || {
            log.lock().unwrap().push(i);
            tx.send(()).unwrap();
        });
    }
    for _ in 0..WORKERS {
        rx.recv().unwrap();
    }
    println!("{:?}", log.lock().unwrap());
}

// The threads never send: `recv()` returns only when every sender is dropped.
fn drop_handshake() {
    let (tx, rx) = mpsc::channel::<()>();
    let hits = Arc::new(Mutex::new(0));
    for _ in 0..4 {
        let tx = tx.clone();
        let hits = Arc::clone(&hits);
        thread::spawn(move || {
            *hits.lock().unwrap() += 1;
            drop(tx);
        });
    }
    drop(tx);
    let _ = rx.recv();
    println!("{}", hits.lock().unwrap());
}

// The channel is drained by another thread, which is joined.
fn drained_by_a_joined_thread() {
    let (tx, rx) = mpsc::channel();
    for i in 0..3 {
        let tx = tx.clone();
        thread::spawn(move || tx.send(i).unwrap());
    }
    drop(tx);
    let out = Arc::new(Mutex::new(Vec::new()));
    let o = Arc::clone(&out);
    let collector = thread::spawn(move || {
        for v in rx {
            o.lock().unwrap().push(v);
        }
    });
    collector.join().unwrap();
    println!("{:?}", out.lock().unwrap());
}

// The senders are started by a helper and drained by its caller.
fn send_halves(values: Vec<u32>, tx: mpsc::Sender<u32>) {
    let (low, high) = values.split_at(values.len() / 2);
    let (low, high) = (low.to_vec(), high.to_vec());
    let tx2 = tx.clone();
    thread::spawn(move || {
        for v in low {
            tx.send(v).unwrap();
        }
    });
    thread::spawn(move || {
        for v in high {
            tx2.send(v).unwrap();
        }
    });
}

fn drained_by_the_caller() {
    let (tx, rx) = mpsc::channel();
    send_halves((1..=10).collect(), tx);
    let mut received = 0;
    for v in rx {
        println!("got {v}");
        received += 1;
    }
    assert_eq!(received, 10);
}

// The sender kept in a lock and shared; the caller drains the channel.
fn send_through_a_lock(tx: mpsc::Sender<u32>) {
    let tx = Arc::new(Mutex::new(tx));
    for part in 0..2 {
        let tx = Arc::clone(&tx);
        thread::spawn(move || {
            for v in part * 5..part * 5 + 5 {
                tx.lock().unwrap().send(v).unwrap();
            }
        });
    }
}

fn drained_after_sending_through_a_lock() {
    let (tx, rx) = mpsc::channel();
    send_through_a_lock(tx);
    let total: u32 = rx.iter().sum();
    println!("{total}");
}

// `Sender::clone(&tx)` is a clone of the same channel.
fn sender_clone_by_path() {
    let (tx, rx) = mpsc::channel();
    for i in 0..2 {
        let tx = mpsc::Sender::clone(&tx);
        thread::spawn(move || tx.send(i).unwrap());
    }
    drop(tx);
    for v in rx {
        println!("got {v}");
    }
}

// The thread that finishes the work sends one "done" message.
fn done_message() {
    const N: usize = 4;
    let done = Arc::new(Mutex::new(0));
    let (tx, rx) = mpsc::channel();
    for _ in 0..N {
        let (done, tx) = (Arc::clone(&done), tx.clone());
        thread::spawn(move || {
            let mut n = done.lock().unwrap();
            *n += 1;
            if *n == N {
                tx.send(()).unwrap();
            }
        });
    }
    rx.recv().unwrap();
    println!("{}", done.lock().unwrap());
}

// The receiver is handed back; whoever drains it waits for the workers.
fn start_workers(jobs: Vec<u32>) -> mpsc::Receiver<u32> {
    let (tx, rx) = mpsc::channel();
    for job in jobs {
        let tx = tx.clone();
        thread::spawn(move || tx.send(job * 2).unwrap());
    }
    rx
}

// Polling with `try_recv` until the worker has said it started.
fn polls_until_started() {
    let (tx, rx) = mpsc::channel();
    let log = Arc::new(Mutex::new(Vec::new()));
    let l = Arc::clone(&log);
    let h = thread::spawn(move || {
        l.lock().unwrap().push("started");
        tx.send(()).unwrap();
    });
    while rx.try_recv().is_err() {
        thread::yield_now();
    }
    println!("{:?}", log.lock().unwrap());
    h.join().unwrap();
}

fn main() {
    one_recv_for_many_threads();
    takes_too_few();
    summed();
    collected();
    taken_one_per_thread();
    counted_recv_loop();
    drop_handshake();
    drained_by_a_joined_thread();
    drained_by_the_caller();
    drained_after_sending_through_a_lock();
    sender_clone_by_path();
    done_message();
    let doubled: Vec<u32> = start_workers(vec![1, 2]).iter().collect();
    println!("{doubled:?}");
    polls_until_started();
}

#[cfg(test)]
mod tests {
    use super::*;

    // The test drains what the function's threads send.
    #[test]
    fn all_values_arrive() {
        let (tx, rx) = mpsc::channel();
        send_halves(vec![1, 2, 3, 4], tx);
        let mut got: Vec<u32> = rx.iter().collect();
        got.sort();
        assert_eq!(got, [1, 2, 3, 4]);
    }
}
