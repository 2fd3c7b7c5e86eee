use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

fn crawl(url: String, seen: Arc<Mutex<HashSet<String>>>) {
    let first_time = {
        let mut seen = seen.lock().unwrap();
        if !seen.contains(&url) {
            seen.insert(url.clone());
            true
        } else {
            false
        }
    };
    if first_time {
        thread::sleep(Duration::from_millis(10)); // pretend to fetch
        println!("fetched {url}");
    }
}

fn main() {
    let seen = Arc::new(Mutex::new(HashSet::new()));
    let links = ["/index.html", "/about.html", "/index.html", "/about.html"];

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
