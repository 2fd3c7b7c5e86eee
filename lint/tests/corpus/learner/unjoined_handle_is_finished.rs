use std::thread;
use std::time::Duration;

fn backup(files: Vec<String>) -> usize {
    for f in &files {
        println!("copying {f}");
        thread::sleep(Duration::from_millis(20));
    }
    files.len()
}

fn main() {
    let files = vec!["a.txt".to_string(), "b.txt".to_string()];
    let backup_thread = thread::spawn(move || backup(files)); //~ unjoined_handle

    println!("doing other work...");
    thread::sleep(Duration::from_millis(10));

    if backup_thread.is_finished() {
        let copied = backup_thread.join().unwrap();
        println!("backup copied {copied} files");
    } else {
        println!("backup still running, bye");
    }
}
