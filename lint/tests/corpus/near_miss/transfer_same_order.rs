use std::sync::{Arc, Mutex};
use std::thread;

// Always lock alice first, then bob, whichever way the money goes.
fn main() {
    let alice = Arc::new(Mutex::new(100));
    let bob = Arc::new(Mutex::new(100));

    let (a1, b1) = (Arc::clone(&alice), Arc::clone(&bob));
    let pay_bob = thread::spawn(move || {
        for _ in 0..100 {
            let mut a = a1.lock().unwrap();
            let mut b = b1.lock().unwrap();
            *a -= 1;
            *b += 1;
        }
    });

    let (a2, b2) = (Arc::clone(&alice), Arc::clone(&bob));
    let pay_alice = thread::spawn(move || {
        for _ in 0..100 {
            let mut a = a2.lock().unwrap();
            let mut b = b2.lock().unwrap();
            *b -= 1;
            *a += 1;
        }
    });

    pay_bob.join().unwrap();
    pay_alice.join().unwrap();
    let a = *alice.lock().unwrap();
    let b = *bob.lock().unwrap();
    println!("alice {a} bob {b}");
}
