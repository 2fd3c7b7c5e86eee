use std::thread;
use std::time::Duration;

fn download(url: &str) {
    println!("starting {url}");
    thread::sleep(Duration::from_millis(200)); // the network is slow
    println!("finished {url}");
}

fn main() {
    let urls = vec![
        "https://example.org/one.zip",
        "https://example.org/two.zip",
        "https://example.org/three.zip",
    ];

    for url in urls {
        thread::spawn(move || download(url)); //~ detached_thread
    }

    println!("all downloads started");
}
