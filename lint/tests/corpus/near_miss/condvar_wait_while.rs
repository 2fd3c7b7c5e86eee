use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

struct Countdown {
    remaining: Mutex<usize>,
    zero: Condvar,
}

impl Countdown {
    fn done_one(&self) {
        let mut left = self.remaining.lock().unwrap();
        *left -= 1;
        if *left == 0 {
            self.zero.notify_all();
        }
    }

    fn wait(&self) {
        let left = self.remaining.lock().unwrap();
        let _left = self.zero.wait_while(left, |n| *n > 0).unwrap();
    }
}

fn main() {
    let tasks = 4;
    let countdown = Arc::new(Countdown {
        remaining: Mutex::new(tasks),
        zero: Condvar::new(),
    });
    let results = Arc::new(Mutex::new(Vec::new()));

    for i in 0..tasks {
        let countdown = Arc::clone(&countdown);
        let results = Arc::clone(&results);
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(10 * i as u64));
            results.lock().unwrap().push(i * i);
            countdown.done_one();
        });
    }

    countdown.wait();
    println!("all {} results: {:?}", tasks, results.lock().unwrap());
}
