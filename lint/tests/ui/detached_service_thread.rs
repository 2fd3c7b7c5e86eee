// detached_thread and service threads: a thread spawned by a constructor
// that hands out the channel, lock or condition variable the thread works
// through belongs to the value it returns. Whoever holds that value talks to
// the thread and can wait for it, so its handle being dropped is not a
// mistake of the spawner. A thread that shares nothing with what the
// function returns is still cut off when `main` returns.

use std::collections::VecDeque;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

// ---- still reported ----

// The function returns a number: the thread keeps nothing the caller gets.
fn start_and_count() -> usize {
    let (tx, rx) = channel::<u32>();
    thread::spawn(move || { //~ detached_thread
        for n in rx {
            println!("got {n}");
        }
    });
    tx.send(1).unwrap();
    1
}

// ---- near-misses: nothing below may fire ----

// A logger that owns its writer thread through the sender it keeps.
pub struct Logger {
    lines: Sender<String>,
}

impl Logger {
    pub fn new() -> Self {
        let (lines, incoming) = channel::<String>();
        thread::spawn(move || {
            for line in incoming {
                println!("[log] {line}");
            }
        });
        Logger { lines }
    }

    pub fn log(&self, line: &str) {
        self.lines.send(line.to_string()).unwrap();
    }
}

// A queue whose worker waits on a condition variable kept in the struct;
// `finish` waits until the worker reports that the queue is empty.
pub struct WorkQueue {
    state: Arc<(Mutex<(VecDeque<u32>, bool)>, Condvar)>,
}

impl WorkQueue {
    pub fn new() -> WorkQueue {
        let state = Arc::new((Mutex::new((VecDeque::new(), false)), Condvar::new()));
        let shared = Arc::clone(&state);
        thread::spawn(move || {
            let (lock, ready) = &*shared;
            let mut queue = lock.lock().unwrap();
            loop {
                while queue.0.is_empty() && !queue.1 {
                    queue = ready.wait(queue).unwrap();
                }
                match queue.0.pop_front() {
                    Some(job) => println!("job {job}"),
                    None => break,
                }
            }
            ready.notify_all();
        });
        WorkQueue { state }
    }

    pub fn push(&self, job: u32) {
        let (lock, ready) = &*self.state;
        lock.lock().unwrap().0.push_back(job);
        ready.notify_one();
    }

    pub fn finish(self) {
        let (lock, ready) = &*self.state;
        let mut queue = lock.lock().unwrap();
        queue.1 = true;
        ready.notify_all();
        while !queue.0.is_empty() {
            queue = ready.wait(queue).unwrap();
        }
    }
}

// A pair of channels handed back as a tuple-like struct: requests go in,
// answers come out of the server thread.
pub struct Squarer {
    requests: Sender<u64>,
    answers: Mutex<Receiver<u64>>,
}

pub fn squarer() -> Squarer {
    let (requests, incoming) = channel::<u64>();
    let (outgoing, answers) = channel::<u64>();
    thread::spawn(move || {
        for n in incoming {
            if outgoing.send(n * n).is_err() {
                return;
            }
        }
    });
    Squarer {
        requests,
        answers: Mutex::new(answers),
    }
}

fn main() {
    start_and_count();
    let logger = Logger::new();
    logger.log("ready");
    let queue = WorkQueue::new();
    queue.push(7);
    queue.finish();
    let s = squarer();
    s.requests.send(3).unwrap();
    println!("{}", s.answers.lock().unwrap().recv().unwrap());
}
