use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::Duration;

// Simulated downloads: each one adds its size to a shared total.
fn fake_download(url: &str) -> u64 {
    thread::sleep(Duration::from_millis(20));
    url.len() as u64 * 100
}

fn main() {
    let urls = [
        "https://example.com/a",
        "https://example.com/bb",
        "https://example.com/ccc",
        "https://example.com/dddd",
    ];
    let total = AtomicU64::new(0);

    thread::scope(|s| {
        for url in &urls {
            let total = &total;
            s.spawn(move || {
                let size = fake_download(url);
                total.store(total.load(Ordering::Relaxed) + size, Ordering::Relaxed); //~ lost_update
                println!("downloaded {url}: {size} bytes");
            });
        }
    });

    println!("total: {} bytes", total.load(Ordering::Relaxed));
}
