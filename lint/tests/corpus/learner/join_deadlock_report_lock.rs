use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let report = Arc::new(Mutex::new(String::new()));
    let mut out = report.lock().unwrap();
    out.push_str("summary:\n");

    let mut workers = Vec::new();
    for part in ["intro", "body", "end"] {
        let report = Arc::clone(&report);
        workers.push(thread::spawn(move || {
            let line = format!("{part}: {} chars\n", part.len());
            report.lock().unwrap().push_str(&line);
        }));
    }
    for w in workers {
        w.join().unwrap(); //~ join_deadlock
    }
    out.push_str("done\n");
    println!("{out}");
}
