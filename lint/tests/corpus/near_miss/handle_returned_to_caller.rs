use std::thread::{self, JoinHandle};
use std::time::Duration;

fn start_download(url: &'static str) -> JoinHandle<usize> {
    thread::spawn(move || {
        thread::sleep(Duration::from_millis(100));
        url.len() * 1000
    })
}

fn main() {
    let first = start_download("https://example.com/big.iso");
    let second = start_download("https://example.com/small.txt");

    println!("downloads started, doing something else");

    let a = first.join().expect("first download panicked");
    let b = second.join().expect("second download panicked");
    println!("got {} bytes", a + b);
}
