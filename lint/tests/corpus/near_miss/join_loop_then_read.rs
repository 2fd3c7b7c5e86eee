use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let results = Arc::new(Mutex::new(Vec::new()));
    let mut handles = Vec::new();

    for n in 1..=5u64 {
        let results = Arc::clone(&results);
        handles.push(thread::spawn(move || {
            let fact: u64 = (1..=n).product();
            results.lock().unwrap().push((n, fact));
        }));
    }

    for h in handles {
        h.join().unwrap();
    }

    let mut results = results.lock().unwrap();
    results.sort();
    println!("factorials: {:?}", *results);
}
