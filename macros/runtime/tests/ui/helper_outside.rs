use std::sync::{Arc, Mutex};
use std::thread;

fn add_in_threads(counter: &Arc<Mutex<i32>>) {
    let c = Arc::clone(counter);
    thread::spawn(move || *c.lock().unwrap() += 1).join().unwrap();
}

#[racelint_demo::demo(always = 1)]
fn calls_a_helper() -> i32 {
    let counter = Arc::new(Mutex::new(0));
    add_in_threads(&counter);
    let total = *counter.lock().unwrap();
    total
}

fn main() {}
