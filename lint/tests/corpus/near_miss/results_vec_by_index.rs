use std::thread;
use std::time::Duration;

fn fetch(url: &str) -> Result<String, String> {
    thread::sleep(Duration::from_millis(25));
    if url.starts_with("https://") {
        Ok(format!("{} bytes from {url}", url.len() * 7))
    } else {
        Err(format!("unsupported url {url}"))
    }
}

fn main() {
    let urls = vec!["https://a.org", "ftp://b.org", "https://c.org"];

    let mut handles = Vec::new();
    for url in urls.clone() {
        handles.push(thread::spawn(move || fetch(url)));
    }

    let results: Vec<Result<String, String>> =
        handles.into_iter().map(|h| h.join().unwrap()).collect();

    for (url, result) in urls.iter().zip(results) {
        match result {
            Ok(body) => println!("{url}: {body}"),
            Err(e) => println!("{url}: error: {e}"),
        }
    }
}
