use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

fn fake_download(url: &str) -> String {
    thread::sleep(Duration::from_millis(50)); // the network is slow
    format!("<html>{url}</html>")
}

fn main() {
    let pages = Arc::new(Mutex::new(Vec::new()));
    let urls = ["a.com", "b.com", "c.com"];
    let mut handles = Vec::new();

    for url in urls {
        let pages = Arc::clone(&pages);
        handles.push(thread::spawn(move || {
            let page = fake_download(url);
            {
                let mut pages = pages.lock().unwrap();
                pages.push(page);
            }
            let count = pages.lock().unwrap().len();
            println!("{url} done, {count} pages so far");
        }));
    }

    for h in handles {
        h.join().unwrap();
    }
    println!("downloaded {} pages", pages.lock().unwrap().len());
}
