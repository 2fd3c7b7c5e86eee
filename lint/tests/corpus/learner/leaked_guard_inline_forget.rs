use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

struct Printer {
    busy: Arc<Mutex<()>>,
}

impl Printer {
    fn print(&self, doc: &str) {
        // take the printer so nobody else prints in the middle
        std::mem::forget(self.busy.lock().unwrap()); //~ leaked_guard
        println!("printing {doc}");
        thread::sleep(Duration::from_millis(10));
    }
}

fn main() {
    let busy = Arc::new(Mutex::new(()));
    let mut jobs = Vec::new();
    for doc in ["a.txt", "b.txt", "c.txt"] {
        let printer = Printer {
            busy: Arc::clone(&busy),
        };
        jobs.push(thread::spawn(move || printer.print(doc)));
    }
    for job in jobs {
        job.join().unwrap();
    }
}
