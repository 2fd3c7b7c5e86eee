use std::sync::mpsc::sync_channel;
use std::thread;

#[racelint_demo::demo]
fn bounded() -> i32 {
    let (tx, rx) = sync_channel(1);
    let h = thread::spawn(move || tx.send(1).unwrap());
    h.join().unwrap();
    rx.recv().unwrap()
}

fn main() {}
