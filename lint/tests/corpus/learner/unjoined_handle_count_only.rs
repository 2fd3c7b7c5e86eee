use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new(); //~ unjoined_handle

    for i in 0..4 {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            let square = i * i;
            tx.send(square).unwrap();
        }));
    }

    println!("started {} workers", handles.len());

    let first = rx.recv().unwrap();
    println!("first result: {first}");
}
