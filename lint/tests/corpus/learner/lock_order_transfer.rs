use std::sync::{Arc, Mutex};
use std::thread;

// Two accounts, money moves both ways at the same time.
fn main() {
    let alice = Arc::new(Mutex::new(100));
    let bob = Arc::new(Mutex::new(100));

    let (a1, b1) = (Arc::clone(&alice), Arc::clone(&bob));
    let pay_bob = thread::spawn(move || {
        for _ in 0..100 {
            let mut from = a1.lock().unwrap();
            let mut to = b1.lock().unwrap();
            *from -= 1;
            *to += 1;
        }
    });

    let (a2, b2) = (Arc::clone(&alice), Arc::clone(&bob));
    let pay_alice = thread::spawn(move || {
        for _ in 0..100 {
            let mut from = b2.lock().unwrap();
            let mut to = a2.lock().unwrap(); //~ lock_order
            *from -= 1;
            *to += 1;
        }
    });

    pay_bob.join().unwrap();
    pay_alice.join().unwrap();
    println!(
        "alice {} bob {}",
        alice.lock().unwrap(),
        bob.lock().unwrap()
    );
}
