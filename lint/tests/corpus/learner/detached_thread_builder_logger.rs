use std::sync::mpsc;
use std::thread;

fn log_line(line: &str) {
    println!("[log] {line}");
}

fn main() {
    let (tx, rx) = mpsc::channel::<String>();

    let _ = thread::Builder::new().spawn(move || {
        //~^ detached_thread
        for line in rx {
            log_line(&line);
        }
    });

    for step in 1..=5 {
        tx.send(format!("step {step} done")).unwrap();
    }
    println!("main is done");
}
