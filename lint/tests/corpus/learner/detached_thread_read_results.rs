use std::sync::{Arc, Mutex};
use std::thread;

fn is_prime(n: u64) -> bool {
    n > 1 && (2..n).take_while(|d| d * d <= n).all(|d| n % d != 0)
}

fn main() {
    let primes = Arc::new(Mutex::new(Vec::new()));

    let worker_primes = Arc::clone(&primes);
    let _worker = thread::spawn(move || {
        //~^ detached_thread
        for n in 0..10_000 {
            if is_prime(n) {
                worker_primes.lock().unwrap().push(n);
            }
        }
    });

    let found = primes.lock().unwrap().len(); //~ read_before_join
    println!("found {found} primes below 10000");
}
