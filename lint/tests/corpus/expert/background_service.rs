//! A periodic background task owned by a handle: the constructor spawns the
//! thread, `Drop` signals it with a `Condvar` and joins it, so it can never
//! outlive its owner.

use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

struct Control {
    stopped: Mutex<bool>,
    wake: Condvar,
}

pub struct Ticker {
    control: Arc<Control>,
    handle: Option<JoinHandle<u64>>,
}

impl Ticker {
    pub fn spawn<F>(period: Duration, mut tick: F) -> Ticker
    where
        F: FnMut(u64) + Send + 'static,
    {
        let control = Arc::new(Control {
            stopped: Mutex::new(false),
            wake: Condvar::new(),
        });
        let worker = Arc::clone(&control);
        let handle = thread::Builder::new()
            .name("ticker".to_string())
            .spawn(move || {
                let mut ticks = 0;
                let mut next = Instant::now() + period;
                let mut stopped = worker.stopped.lock().unwrap();
                loop {
                    let now = Instant::now();
                    if now >= next {
                        ticks += 1;
                        drop(stopped);
                        tick(ticks);
                        stopped = worker.stopped.lock().unwrap();
                        next += period;
                        continue;
                    }
                    if *stopped {
                        return ticks;
                    }
                    let (guard, _) = worker.wake.wait_timeout(stopped, next - now).unwrap();
                    stopped = guard;
                }
            })
            .expect("failed to spawn the ticker thread");
        Ticker {
            control,
            handle: Some(handle),
        }
    }

    /// Stops the ticker and returns how many times it ticked.
    pub fn stop(mut self) -> u64 {
        self.shutdown()
    }

    fn shutdown(&mut self) -> u64 {
        *self.control.stopped.lock().unwrap() = true;
        self.control.wake.notify_all();
        match self.handle.take() {
            Some(handle) => handle.join().expect("the tick callback panicked"),
            None => 0,
        }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        if self.handle.is_some() {
            self.shutdown();
        }
    }
}

fn main() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let ticker = Ticker::spawn(Duration::from_millis(5), move |n| {
        sink.lock().unwrap().push(n);
    });
    thread::sleep(Duration::from_millis(30));
    let ticks = ticker.stop();
    println!("ticked {ticks} times: {:?}", seen.lock().unwrap());
}
