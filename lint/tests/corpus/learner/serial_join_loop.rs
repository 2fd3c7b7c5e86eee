use std::thread;
use std::time::Duration;

fn download(id: u32) -> String {
    thread::sleep(Duration::from_millis(100));
    format!("file-{id}.dat")
}

fn main() {
    let mut files = Vec::new();

    // Download five files "in parallel".
    for id in 0..5 {
        let handle = thread::spawn(move || download(id));
        let file = handle.join().unwrap(); //~ serial_join
        files.push(file);
    }

    println!("downloaded: {files:?}");
}
