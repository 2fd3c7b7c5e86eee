use std::thread;
use std::time::{Duration, Instant};

fn download(name: &str, millis: u64) -> String {
    println!("starting {name}");
    thread::sleep(Duration::from_millis(millis)); // pretend the network is slow
    println!("finished {name}");
    format!("{name}: {millis} ms")
}

fn main() {
    let start = Instant::now();
    let jobs = [("one.zip", 300), ("two.zip", 200), ("three.zip", 100)];

    let handles: Vec<_> = jobs
        .iter()
        .map(|&(name, ms)| thread::spawn(move || download(name, ms)))
        .collect();

    for h in handles {
        println!("{}", h.join().unwrap());
    }
    println!("all done in {:?}", start.elapsed());
}
