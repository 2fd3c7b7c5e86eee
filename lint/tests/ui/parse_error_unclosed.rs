// parse_error: a bracket closed by the wrong one early in the file, and a
// function left open where the file ends (the learner is still typing):
// rustc reports both, and so does racelint; the function between them is
// linted.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

static HITS: AtomicUsize = AtomicUsize::new(0);

fn ids() -> Vec<usize> {
    let ids = [1, 2, 3); //~ parse_error
    ids.to_vec()
}

fn count_hits() {
    let handles: Vec<_> = (0..4)
        .map(|_| {
            thread::spawn(|| {
                let n = HITS.load(Ordering::SeqCst);
                HITS.store(n + 1, Ordering::SeqCst); //~ lost_update
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

fn main() {
    count_hits();
    for id in ids() {
        println!("{id}: {}", HITS.load(Ordering::SeqCst)); //~ parse_error
