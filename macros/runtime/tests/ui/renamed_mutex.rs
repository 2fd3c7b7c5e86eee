use std::sync::Arc;
use std::sync::Mutex as Lock;
use std::thread;

#[racelint_demo::demo(always = 2)]
fn renamed() -> i32 {
    let counter = Arc::new(Lock::new(0));
    let c = Arc::clone(&counter);
    let h = thread::spawn(move || *c.lock().unwrap() += 1);
    *counter.lock().unwrap() += 1;
    h.join().unwrap();
    let total = *counter.lock().unwrap();
    total
}

fn main() {}
