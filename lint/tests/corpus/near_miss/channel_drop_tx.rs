use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new();

    for id in 0..3 {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            for step in 0..3 {
                thread::sleep(Duration::from_millis(10));
                tx.send(format!("worker {id} step {step}")).unwrap();
            }
        }));
    }
    drop(tx);

    for msg in rx {
        println!("{msg}");
    }

    for h in handles {
        h.join().unwrap();
    }
}
