use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

fn compress(name: &str) -> usize {
    name.bytes().map(usize::from).sum::<usize>() % 1000
}

fn main() {
    let verbose = std::env::args().any(|a| a == "--verbose");
    let sizes = Arc::new(Mutex::new(Vec::new()));
    let mut jobs: Vec<JoinHandle<()>> = Vec::new(); //~ unjoined_handle

    for name in ["a.log", "b.log", "c.log"] {
        let sizes = Arc::clone(&sizes);
        jobs.push(thread::spawn(move || {
            let size = compress(name);
            sizes.lock().unwrap().push((name, size));
        }));
    }

    if verbose {
        for job in jobs {
            job.join().unwrap();
        }
        println!("compressed: {:?}", sizes.lock().unwrap());
    }
}
