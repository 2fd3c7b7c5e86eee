use std::sync::mpsc;
use std::thread;

// Remember the last message any worker handled.
static mut LAST_ID: usize = 0;

fn handle_message(id: usize, text: &str) -> usize {
    println!("worker handles #{id}: {text}");
    text.len()
}

fn main() {
    let (tx, rx) = mpsc::channel::<(usize, String)>();
    let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));

    let mut workers = Vec::new();
    for _ in 0..3 {
        let rx = rx.clone();
        workers.push(thread::spawn(move || loop {
            let next = rx.lock().unwrap().recv();
            match next {
                Ok((id, text)) => {
                    handle_message(id, &text);
                    unsafe { LAST_ID = id }; //~ static_mut_race
                }
                Err(_) => break,
            }
        }));
    }

    for (i, word) in ["alpha", "beta", "gamma", "delta"].iter().enumerate() {
        tx.send((i, word.to_string())).unwrap();
    }
    drop(tx);

    for w in workers {
        w.join().unwrap();
    }
    println!("last handled: {}", unsafe { LAST_ID });
}
