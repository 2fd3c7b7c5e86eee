use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;

struct Printer {
    history: Arc<Mutex<Vec<String>>>,
}

impl Printer {
    fn run(&self, jobs: Receiver<String>) {
        let mut history = self.history.lock().unwrap();
        loop {
            let job = match jobs.recv() {
                //~^ guard_across_blocking
                Ok(job) => job,
                Err(_) => break,
            };
            println!("printing {job}");
            history.push(job);
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
        let printed = history.lock().unwrap().len();
        println!("{printed} documents printed so far");
    }
    drop(tx);
    spooler.join().unwrap();
}
