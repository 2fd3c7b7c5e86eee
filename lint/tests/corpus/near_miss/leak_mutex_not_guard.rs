use std::sync::Mutex;
use std::thread;

fn main() {
    // Leak the Mutex itself (not a guard) to get a `&'static` every thread can use.
    let log: &'static Mutex<Vec<String>> = Box::leak(Box::new(Mutex::new(Vec::new())));

    let handles: Vec<_> = (0..3)
        .map(|id| {
            thread::spawn(move || {
                log.lock().unwrap().push(format!("thread {id} was here"));
            })
        })
        .collect();

    for h in handles {
        h.join().unwrap();
    }

    let lines = log.lock().unwrap();
    println!("{} lines: {:?}", lines.len(), *lines);
}
