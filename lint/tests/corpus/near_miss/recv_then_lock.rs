use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;

struct Printer {
    history: Arc<Mutex<Vec<String>>>,
}

impl Printer {
    fn run(&self, jobs: Receiver<String>) {
        while let Ok(job) = jobs.recv() {
            println!("printing {job}");
            self.history.lock().unwrap().push(job);
        }
    }
}

fn main() {
    let history = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = mpsc::channel();

    let printer = Printer {
        history: Arc::clone(&history),
    };
    let spooler = thread::spawn(move || printer.run(rx));

    for doc in ["report.pdf", "photo.jpg"] {
        tx.send(doc.to_string()).unwrap();
    }
    drop(tx);
    spooler.join().unwrap();
    println!("printed {:?}", history.lock().unwrap());
}
