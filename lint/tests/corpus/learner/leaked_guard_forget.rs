use std::mem;
use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let scores = Arc::new(Mutex::new(vec![0u32; 4]));
    let mut handles = Vec::new();

    for player in 0..4 {
        let scores = Arc::clone(&scores);
        handles.push(thread::spawn(move || {
            let mut guard = scores.lock().unwrap();
            guard[player] += 10;
            // we are done with it, throw it away
            mem::forget(guard); //~ leaked_guard
        }));
    }

    for h in handles {
        h.join().unwrap();
    }
    println!("scores: {:?}", scores.lock().unwrap());
}
