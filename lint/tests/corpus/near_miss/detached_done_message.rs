use std::sync::mpsc;
use std::thread;

fn crunch(numbers: Vec<u64>) -> u64 {
    numbers.iter().map(|n| n * n).sum()
}

fn main() {
    let (done_tx, done_rx) = mpsc::channel();

    thread::spawn(move || {
        let result = crunch((1..=1000).collect());
        done_tx.send(result).expect("main is waiting");
    });

    println!("crunching in the background...");
    let result = done_rx.recv().expect("worker died before finishing");
    println!("result: {result}");
}
