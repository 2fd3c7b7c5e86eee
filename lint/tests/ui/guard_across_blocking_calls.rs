// guard_across_blocking with read guards and with methods. A read guard of an
// `RwLock` stalls only the threads that write it: readers do not exclude
// readers. A method that sleeps holding a lock stalls the threads that want
// that lock when the spawning code calls it while they run; a method nobody
// calls, or one called after the join, stalls nobody.

use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::Duration;

// A read guard held across the join of a reader, while a writer runs: the
// writer stalls for the whole wait.
fn read_guard_while_a_writer_runs() {
    let settings = Arc::new(RwLock::new(1));
    let (s2, s3) = (Arc::clone(&settings), Arc::clone(&settings));
    let writer = thread::spawn(move || {
        *s2.write().unwrap() += 1;
    });
    let reader = thread::spawn(move || *s3.read().unwrap());
    let current = settings.read().unwrap();
    reader.join().unwrap(); //~ guard_across_blocking
    drop(current);
    writer.join().unwrap();
}

// Readers sleeping with a read guard, while a writer wants the lock.
fn readers_sleep_while_a_writer_waits() {
    let table = Arc::new(RwLock::new(vec![1, 2, 3]));
    let mut handles = Vec::new();
    for _ in 0..3 {
        let table = Arc::clone(&table);
        handles.push(thread::spawn(move || {
            let rows = table.read().unwrap();
            let n = rows.len();
            thread::sleep(Duration::from_millis(10)); //~ guard_across_blocking
            n
        }));
    }
    let t = Arc::clone(&table);
    let writer = thread::spawn(move || t.write().unwrap().push(4));
    for h in handles {
        h.join().unwrap();
    }
    writer.join().unwrap();
}

// A method that sleeps holding a lock, called by the spawning code while a
// thread that wants the lock runs.
struct Log {
    lines: Mutex<Vec<u32>>,
}

impl Log {
    fn push(&self, v: u32) {
        self.lines.lock().unwrap().push(v);
    }

    fn slow_push(&self, v: u32) {
        let mut g = self.lines.lock().unwrap();
        thread::sleep(Duration::from_millis(100)); //~ guard_across_blocking
        g.push(v);
    }
}

fn method_sleeps_while_a_thread_runs() {
    let log = Arc::new(Log {
        lines: Mutex::new(Vec::new()),
    });
    let l2 = Arc::clone(&log);
    let t = thread::spawn(move || l2.push(1));
    log.slow_push(2);
    t.join().unwrap();
}

// ---- near-misses: nothing below may fire ----

// A read guard held across the join of a thread that only reads.
fn read_guard_across_a_reader() {
    let config = Arc::new(RwLock::new(1));
    let c2 = Arc::clone(&config);
    let mine = config.read().unwrap();
    thread::spawn(move || assert_eq!(*c2.read().unwrap(), 1))
        .join()
        .unwrap();
    println!("{}", *mine);
}

// Readers sleeping with a read guard, and nobody writes.
fn readers_sleep_side_by_side() {
    let words = Arc::new(RwLock::new(vec!["a", "b"]));
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let words = Arc::clone(&words);
            thread::spawn(move || {
                let w = words.read().unwrap();
                let n = w.len();
                thread::sleep(Duration::from_millis(10));
                n
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// The sleeping methods are called only after the join, or never.
struct Journal {
    entries: Mutex<Vec<u32>>,
}

impl Journal {
    fn add(&self, v: u32) {
        self.entries.lock().unwrap().push(v);
    }

    fn slow_add(&self, v: u32) {
        let mut g = self.entries.lock().unwrap();
        thread::sleep(Duration::from_millis(100));
        g.push(v);
    }

    fn slow_clear(&self) {
        let mut g = self.entries.lock().unwrap();
        thread::sleep(Duration::from_millis(100));
        g.clear();
    }
}

fn method_sleeps_after_the_join() {
    let journal = Arc::new(Journal {
        entries: Mutex::new(Vec::new()),
    });
    journal.slow_add(0);
    let j2 = Arc::clone(&journal);
    let t = thread::spawn(move || j2.add(1));
    t.join().unwrap();
    journal.slow_add(2);
}

fn main() {
    read_guard_while_a_writer_runs();
    readers_sleep_while_a_writer_waits();
    method_sleeps_while_a_thread_runs();
    read_guard_across_a_reader();
    readers_sleep_side_by_side();
    method_sleeps_after_the_join();
}
