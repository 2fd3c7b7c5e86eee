use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::Arc;
use std::thread;

/// A one-slot mailbox between two threads.
struct Mailbox {
    full: AtomicBool,
    letter: AtomicI32,
}

impl Mailbox {
    fn post(&self, value: i32) {
        self.letter.store(value, Ordering::Relaxed);
        self.full.store(true, Ordering::Relaxed);
    }

    fn try_take(&self) -> Option<i32> {
        if self.full.load(Ordering::Relaxed) {
            //~^ relaxed_publication
            Some(self.letter.load(Ordering::Relaxed))
        } else {
            None
        }
    }
}

fn main() {
    let mailbox = Arc::new(Mailbox {
        full: AtomicBool::new(false),
        letter: AtomicI32::new(0),
    });

    let sender = Arc::clone(&mailbox);
    let postman = thread::spawn(move || sender.post(7));

    let receiver = Arc::clone(&mailbox);
    let reader = thread::spawn(move || loop {
        if let Some(letter) = receiver.try_take() {
            println!("got letter {letter}");
            break;
        }
    });

    postman.join().unwrap();
    reader.join().unwrap();
}
