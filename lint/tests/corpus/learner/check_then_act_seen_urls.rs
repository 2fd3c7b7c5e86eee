use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

// A tiny crawler: never fetch the same page twice.
fn crawl(url: String, seen: Arc<Mutex<Vec<String>>>) {
    if !seen.lock().unwrap().contains(&url) {
        seen.lock().unwrap().push(url.clone()); //~ check_then_act
        thread::sleep(Duration::from_millis(10)); // pretend to fetch
        println!("fetched {url}");
    }
}

fn main() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let links = vec![
        "/index.html",
        "/about.html",
        "/index.html",
        "/contact.html",
        "/about.html",
    ];

    let mut workers = Vec::new();
    for link in links {
        let seen = Arc::clone(&seen);
        workers.push(thread::spawn(move || crawl(link.to_string(), seen)));
    }
    for w in workers {
        w.join().unwrap();
    }

    println!("pages fetched: {}", seen.lock().unwrap().len());
}
