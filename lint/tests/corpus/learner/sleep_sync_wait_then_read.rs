use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

fn main() {
    let results = Arc::new(Mutex::new(Vec::new()));
    let mut handles = Vec::new();

    for n in 1..=5u64 {
        let results = Arc::clone(&results);
        handles.push(thread::spawn(move || {
            let fact: u64 = (1..=n).product();
            results.lock().unwrap().push(fact);
        }));
    }

    // give the workers a second to finish
    thread::sleep(Duration::from_secs(1)); //~ sleep_sync
    println!("factorials: {:?}", results.lock().unwrap()); //~ read_before_join

    for h in handles {
        h.join().unwrap();
    }
}
