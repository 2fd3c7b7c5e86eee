use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

fn fake_download(url: &str) -> String {
    format!("<html>{url}</html>")
}

fn main() {
    let pages = Arc::new(Mutex::new(Vec::new()));
    let urls = ["a.com", "b.com", "c.com", "d.com"];
    let mut handles = Vec::new();

    for url in urls {
        let pages = Arc::clone(&pages);
        handles.push(thread::spawn(move || {
            let mut pages = pages.lock().unwrap();
            // the download takes a while
            thread::sleep(Duration::from_millis(250)); //~ guard_across_blocking
            pages.push(fake_download(url));
        }));
    }

    for h in handles {
        h.join().unwrap();
    }
    println!("downloaded {} pages", pages.lock().unwrap().len());
}
