use std::sync::{Arc, Barrier, Mutex};
use std::thread;

const RUNNERS: usize = 3;

fn main() {
    let start_line = Arc::new(Barrier::new(RUNNERS));
    let results = Arc::new(Mutex::new(Vec::new()));

    let handles: Vec<_> = (0..RUNNERS)
        .map(|runner| {
            let start_line = Arc::clone(&start_line);
            let results = Arc::clone(&results);
            thread::spawn(move || {
                results
                    .lock()
                    .unwrap()
                    .push(format!("runner {runner} ready"));
                start_line.wait();
                results
                    .lock()
                    .unwrap()
                    .push(format!("runner {runner} finished"));
            })
        })
        .collect();

    for h in handles {
        h.join().expect("runner crashed");
    }
    for line in results.lock().unwrap().iter() {
        println!("{line}");
    }
}
