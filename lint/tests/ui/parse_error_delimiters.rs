// parse_error: brackets closed by the wrong bracket in two functions, each
// reported on its own as rustc reports it; the function between them parses
// and is linted.

use std::sync::{Arc, Mutex};
use std::thread;

fn count(total: Arc<Mutex<u32>>) -> u32 {
    let handle = thread::spawn(move || { //~ parse_error
        *total.lock().unwrap() += 1;
    };
    handle.join().unwrap();
    *total.lock().unwrap()
}

fn log_in_background() {
    thread::spawn(|| println!("started")); //~ detached_thread
}

fn spawn_all(n: usize) -> Vec<thread::JoinHandle<()>> {
    let handles = (0..n).map(|i| thread::spawn(move || println!("{i}")).collect(); //~ parse_error
    handles
}

fn main() {
    let total = Arc::new(Mutex::new(0));
    println!("{}", count(total));
    log_in_background();
    for h in spawn_all(4) {
        h.join().unwrap();
    }
}
