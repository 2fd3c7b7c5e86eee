// Suppression comments: the ones that hide a finding stay silent, the ones
// that hide nothing are reported.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

fn main() {
    let hits = Arc::new(AtomicUsize::new(0));
    let mut handles = Vec::new();
    for _ in 0..4 {
        let hits = Arc::clone(&hits);
        handles.push(thread::spawn(move || {
            // racelint: allow(lost_update)
            hits.store(hits.load(Ordering::SeqCst) + 1, Ordering::SeqCst);
            hits.store(hits.load(Ordering::SeqCst) + 1, Ordering::SeqCst); // racelint: allow(race)
            // racelint: allow(serial_join)
            //~^ unused_suppression
            hits.fetch_add(1, Ordering::SeqCst);
            hits.fetch_add(1, Ordering::SeqCst); // racelint: allow(lost_update, detached_thread)
            //~^ unused_suppression
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("{}", hits.load(Ordering::SeqCst));
}

// racelint: allow(double_lock)
//~^ unused_suppression
fn helper() {
    println!("nothing to hide here");
}

fn typo() {} // racelint: allow(lost_updat)
//~^ unused_suppression

fn unknown_directive() {} // racelint: deny(lost_update)
//~^ unused_suppression
