// Port of the Python lesson:
//     temp = counter
//     temp += 1
//     counter = temp
use std::sync::{Arc, Mutex};
use std::thread;

fn increment(counter: &Mutex<i32>) {
    let mut temp = *counter.lock().unwrap();
    temp += 1;
    *counter.lock().unwrap() = temp; //~ lost_update
}

fn main() {
    let counter = Arc::new(Mutex::new(0));
    let mut threads = Vec::new();

    for _ in 0..5 {
        let c = Arc::clone(&counter);
        threads.push(thread::spawn(move || {
            for _ in 0..100_000 {
                increment(&c);
            }
        }));
    }

    for t in threads {
        t.join().unwrap();
    }

    let value = *counter.lock().unwrap();
    println!("counter: {value} (should be 500000)");
}
