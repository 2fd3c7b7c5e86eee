use std::sync::mpsc::channel;
use std::thread;

#[racelint_demo::demo]
fn pool() -> i32 {
    let (tx, rx) = channel();
    let h = thread::spawn(move || tx.send(1).unwrap());
    h.join().unwrap();
    rx.recv().unwrap()
}

fn main() {}
