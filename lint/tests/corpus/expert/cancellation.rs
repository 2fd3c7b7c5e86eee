//! A cancellation token: cheap to clone, checked with `is_cancelled`, and
//! waited on with a timeout through a `Condvar`.

use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

#[derive(Clone, Default)]
pub struct CancellationToken {
    inner: Arc<(Mutex<bool>, Condvar)>,
}

impl CancellationToken {
    pub fn cancel(&self) {
        let (cancelled, changed) = &*self.inner;
        *cancelled.lock().unwrap() = true;
        changed.notify_all();
    }

    pub fn is_cancelled(&self) -> bool {
        *self.inner.0.lock().unwrap()
    }

    /// Sleeps for `timeout` unless cancelled first; true if cancelled.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let (cancelled, changed) = &*self.inner;
        let guard = cancelled.lock().unwrap();
        let (guard, _) = changed
            .wait_timeout_while(guard, timeout, |cancelled| !*cancelled)
            .unwrap();
        *guard
    }
}

fn poll_source(name: &str, token: &CancellationToken) -> usize {
    let mut polls = 0;
    while !token.wait_timeout(Duration::from_millis(10)) {
        polls += 1;
        println!("{name}: poll #{polls}");
    }
    polls
}

fn main() {
    let token = CancellationToken::default();
    let started = Instant::now();

    let pollers: Vec<_> = ["inbox", "feed"]
        .into_iter()
        .map(|name| {
            let token = token.clone();
            thread::spawn(move || (name, poll_source(name, &token)))
        })
        .collect();

    thread::sleep(Duration::from_millis(50));
    token.cancel();

    for poller in pollers {
        let (name, polls) = poller.join().expect("poller panicked");
        println!("{name} polled {polls} times");
    }
    assert!(token.is_cancelled());
    println!("stopped after {:?}", started.elapsed());
}
