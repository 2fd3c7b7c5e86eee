use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn download(url: &str) -> usize {
    thread::sleep(Duration::from_millis(50));
    url.len() * 10
}

fn main() {
    let urls = vec![
        "https://a.example",
        "https://bb.example",
        "https://ccc.example",
    ];
    let (tx, rx) = mpsc::channel();

    for url in urls {
        let tx = tx.clone();
        thread::spawn(move || {
            let size = download(url);
            tx.send((url, size)).unwrap();
        });
    }
    drop(tx);

    // The loop ends when every worker has sent its result and dropped its sender.
    let mut total = 0;
    for (url, size) in rx {
        println!("{url}: {size} bytes");
        total += size;
    }
    println!("total {total} bytes");
}
