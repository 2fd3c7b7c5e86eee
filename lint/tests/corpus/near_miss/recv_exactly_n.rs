use std::sync::mpsc;
use std::thread;

fn main() {
    let words = vec!["alpha", "beta", "gamma", "delta"];
    let (tx, rx) = mpsc::channel();

    let handles: Vec<_> = words
        .iter()
        .enumerate()
        .map(|(i, &word)| {
            let tx = tx.clone();
            thread::spawn(move || {
                tx.send((i, word.to_uppercase())).unwrap();
            })
        })
        .collect();

    // one result per worker: wait for all of them
    let mut upper = vec![String::new(); words.len()];
    for _ in 0..words.len() {
        let (i, word) = rx.recv().unwrap();
        upper[i] = word;
    }

    for h in handles {
        h.join().unwrap();
    }
    println!("{upper:?}");
}
