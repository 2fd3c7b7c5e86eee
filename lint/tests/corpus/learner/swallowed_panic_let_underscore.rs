use std::sync::{Arc, Mutex};
use std::thread;

fn parse_all(inputs: Vec<&'static str>, out: Arc<Mutex<Vec<i32>>>) {
    for text in inputs {
        let n: i32 = text.parse().unwrap(); // panics on bad input
        out.lock().unwrap().push(n);
    }
}

fn main() {
    let numbers = Arc::new(Mutex::new(Vec::new()));
    let batches = vec![vec!["1", "2", "3"], vec!["4", "five", "6"], vec!["7"]];

    let mut handles = Vec::new();
    for batch in batches {
        let numbers = Arc::clone(&numbers);
        handles.push(thread::spawn(move || parse_all(batch, numbers)));
    }

    for handle in handles {
        let _ = handle.join(); //~ swallowed_panic
    }

    let numbers = numbers.lock().unwrap();
    println!("parsed {} numbers: {:?}", numbers.len(), numbers);
}
