use std::thread;
use std::time::Duration;

fn download(id: u32) -> String {
    thread::sleep(Duration::from_millis(100));
    format!("file-{id}.dat")
}

fn main() {
    let mut handles = Vec::new();
    for id in 0..5 {
        let handle = thread::spawn(move || download(id));
        handles.push(handle);
    }

    let mut files = Vec::new();
    for handle in handles {
        let file = handle.join().unwrap();
        files.push(file);
    }
    println!("downloaded: {files:?}");
}
