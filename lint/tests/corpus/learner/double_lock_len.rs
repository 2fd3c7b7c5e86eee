use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let queue = Arc::new(Mutex::new(Vec::new()));
    let mut producers = Vec::new();

    for p in 0..3 {
        let queue = Arc::clone(&queue);
        producers.push(thread::spawn(move || {
            for i in 0..5 {
                let mut q = queue.lock().unwrap();
                q.push(p * 100 + i);
                let size = queue.lock().unwrap().len(); //~ double_lock
                println!("producer {p} pushed, queue has {size} items");
            }
        }));
    }

    for p in producers {
        p.join().unwrap();
    }
    println!("final queue: {:?}", queue.lock().unwrap());
}
