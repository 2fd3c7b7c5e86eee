use std::sync::Mutex;
use std::thread;

fn main() {
    let total = Mutex::new(0u64);
    let numbers: Vec<u64> = (1..=100).collect();

    let mut sum = total.lock().unwrap();
    thread::scope(|s| {
        for chunk in numbers.chunks(25) {
            let total = &total;
            s.spawn(move || {
                let part: u64 = chunk.iter().sum();
                *total.lock().unwrap() += part;
            });
        }
    }); //~ join_deadlock
    *sum += 0;
    println!("total: {}", *sum);
}
