use std::sync::mpsc::{self, Sender};
use std::thread::{self, JoinHandle};

/// Writes log lines on a background thread; joined when dropped.
struct Logger {
    tx: Option<Sender<String>>,
    thread: Option<JoinHandle<usize>>,
}

impl Logger {
    fn start() -> Logger {
        let (tx, rx) = mpsc::channel::<String>();
        let thread = thread::spawn(move || {
            let mut lines = 0;
            for line in rx {
                println!("[log] {line}");
                lines += 1;
            }
            lines
        });
        Logger {
            tx: Some(tx),
            thread: Some(thread),
        }
    }

    fn log(&self, line: &str) {
        if let Some(tx) = &self.tx {
            tx.send(line.to_string()).unwrap();
        }
    }
}

impl Drop for Logger {
    fn drop(&mut self) {
        self.tx.take();
        if let Some(thread) = self.thread.take() {
            let lines = thread.join().expect("logger thread panicked");
            println!("logger wrote {lines} lines");
        }
    }
}

fn main() {
    let logger = Logger::start();
    for step in 1..=3 {
        logger.log(&format!("step {step}"));
    }
}
