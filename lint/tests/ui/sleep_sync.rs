// sleep_sync: `thread::sleep` used to wait for other threads, to let them
// finish or publish something. A sleep only makes the race rarer: on a busy
// machine the other thread is still not done after any number of
// milliseconds. `join`, a channel, a `Barrier` or a `Condvar` waits exactly
// as long as needed.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

fn fake_download(url: &str) -> usize {
    thread::sleep(Duration::from_millis(20));
    url.len() * 100
}

// "Give the threads a second to finish" before returning.
fn sleep_instead_of_join_at_the_end() {
    for url in ["a.com", "b.org", "c.net"] {
        thread::spawn(move || {
            //~^ detached_thread
            let size = fake_download(url);
            println!("{url}: {size} bytes");
        });
    }
    thread::sleep(Duration::from_secs(1)); //~ sleep_sync
}

// Sleep, then read the results: the join comes too late.
fn sleep_then_read_then_join() {
    let sizes = Arc::new(Mutex::new(Vec::new()));
    let mut handles = Vec::new();
    for url in ["a.com", "b.org"] {
        let sizes = Arc::clone(&sizes);
        handles.push(thread::spawn(move || {
            let size = fake_download(url);
            sizes.lock().unwrap().push(size);
        }));
    }
    thread::sleep(Duration::from_millis(100)); //~ sleep_sync
    let total: usize = sizes.lock().unwrap().iter().sum(); //~ read_before_join
    for h in handles {
        h.join().unwrap();
    }
    println!("{total} bytes");
}

// One scoped thread sleeps, hoping the other has published by then.
fn sleep_waiting_for_a_sibling() {
    let answer = Mutex::new(None);
    thread::scope(|s| {
        s.spawn(|| {
            let size = fake_download("answer.txt");
            *answer.lock().unwrap() = Some(size);
        });
        s.spawn(|| {
            thread::sleep(Duration::from_millis(50)); //~ sleep_sync
            match *answer.lock().unwrap() {
                Some(size) => println!("the answer has {size} bytes"),
                None => println!("no answer yet"),
            }
        });
    });
}

// A head start: sleep so that the first thread sets the config before the
// second thread is started and unwraps it.
fn sleep_for_a_head_start() {
    let config: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
    let loader = {
        let config = Arc::clone(&config);
        thread::spawn(move || {
            *config.lock().unwrap() = Some("retries=3".to_string());
        })
    };
    thread::sleep(Duration::from_millis(10)); //~ sleep_sync
    let user = {
        let config = Arc::clone(&config);
        thread::spawn(move || {
            let config = config.lock().unwrap().clone().unwrap();
            println!("using {config}");
        })
    };
    loader.join().unwrap();
    user.join().unwrap();
}

// A worker that sleeps "until main has filled the queue".
fn worker_sleeps_until_the_queue_is_filled() {
    let queue = Arc::new(Mutex::new(VecDeque::new()));
    let worker = {
        let queue = Arc::clone(&queue);
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(30)); //~ sleep_sync
            let mut done = 0;
            while let Some(job) = queue.lock().unwrap().pop_front() {
                println!("job {job}");
                done += 1;
            }
            done
        })
    };
    for job in 0..5 {
        queue.lock().unwrap().push_back(job);
    }
    println!("{} jobs done", worker.join().unwrap());
}

// A Builder thread that sleeps and then checks once whether the flag is set.
fn sleep_then_check_a_flag_once() {
    let ready = Arc::new(AtomicBool::new(false));
    let setup = thread::Builder::new()
        .name("setup".into())
        .spawn({
            let ready = ready.clone();
            move || {
                fake_download("setup.sh");
                ready.store(true, Ordering::Release);
            }
        })
        .unwrap();
    let checker = thread::Builder::new()
        .name("checker".into())
        .spawn({
            let ready = ready.clone();
            move || {
                thread::sleep(Duration::from_millis(100)); //~ sleep_sync
                assert!(ready.load(Ordering::Acquire), "setup did not finish");
            }
        })
        .unwrap();
    setup.join().unwrap();
    checker.join().unwrap();
}

// A sleep between two phases where a `Barrier` belongs: each worker hopes
// that all the others have written their part by the time it wakes up.
fn sleep_between_phases() {
    let parts = Mutex::new(vec![0u64; 4]);
    thread::scope(|s| {
        for id in 0..4 {
            let parts = &parts;
            s.spawn(move || {
                parts.lock().unwrap()[id] = (id as u64 + 1) * 10;
                thread::sleep(Duration::from_millis(20)); //~ sleep_sync
                let total: u64 = parts.lock().unwrap().iter().sum();
                println!("worker {id} sees total {total}");
            });
        }
    });
}

// ---- near-misses: nothing below may fire ----

// The sleep inside the worker is the slow work itself (the lesson's fake
// download); `main` joins.
fn sleep_as_simulated_work_is_fine() {
    let handles: Vec<_> = ["a.com", "b.org"]
        .into_iter()
        .map(|url| {
            thread::spawn(move || {
                thread::sleep(Duration::from_millis(20));
                url.len()
            })
        })
        .collect();
    let total: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    println!("{total}");
}

// A polling loop that checks a real condition between sleeps.
fn polling_loop_is_fine() {
    let done = Arc::new(AtomicBool::new(false));
    let worker = {
        let done = Arc::clone(&done);
        thread::spawn(move || {
            fake_download("big.iso");
            done.store(true, Ordering::Release);
        })
    };
    while !done.load(Ordering::Acquire) {
        thread::sleep(Duration::from_millis(5));
    }
    println!("download finished");
    worker.join().unwrap();
}

// Rate limiting in a single thread.
fn rate_limit_is_fine() {
    let mut total = 0;
    for url in ["a.com", "b.org", "c.net"] {
        total += url.len();
        thread::sleep(Duration::from_millis(10));
    }
    println!("{total}");
}

// A sleep, then a proper join before any result is read.
fn sleep_then_join_is_fine() {
    let sizes = Arc::new(Mutex::new(Vec::new()));
    let mut handles = Vec::new();
    for url in ["a.com", "b.org"] {
        let sizes = Arc::clone(&sizes);
        handles.push(thread::spawn(move || {
            sizes.lock().unwrap().push(fake_download(url));
        }));
    }
    thread::sleep(Duration::from_millis(10));
    println!("waiting for the downloads");
    for h in handles {
        h.join().unwrap();
    }
    println!("{:?}", sizes.lock().unwrap());
}

// A heartbeat loop in a worker, stopped through a flag and joined.
fn heartbeat_is_fine() {
    let stop = Arc::new(AtomicBool::new(false));
    let beats = thread::spawn({
        let stop = Arc::clone(&stop);
        move || {
            let mut beats = 0;
            while !stop.load(Ordering::Relaxed) {
                beats += 1;
                thread::sleep(Duration::from_millis(2));
            }
            beats
        }
    });
    fake_download("payload");
    stop.store(true, Ordering::Relaxed);
    println!("{} beats", beats.join().unwrap());
}

// A producer paced by a sleep; the consumer waits on the channel.
fn paced_producer_is_fine() {
    let (tx, rx) = mpsc::channel();
    let consumer = thread::spawn(move || rx.iter().sum::<u32>());
    for i in 0..5 {
        tx.send(i).unwrap();
        thread::sleep(Duration::from_millis(2));
    }
    drop(tx);
    println!("{}", consumer.join().unwrap());
}

// Backing off between `try_lock` attempts: the loop checks the real condition.
fn try_lock_backoff_is_fine() {
    let resource = Arc::new(Mutex::new(0));
    let holder = {
        let resource = Arc::clone(&resource);
        thread::spawn(move || {
            let mut r = resource.lock().unwrap();
            *r += 1;
        })
    };
    let mut backoff = Duration::from_millis(1);
    loop {
        match resource.try_lock() {
            Ok(mut r) => {
                *r += 10;
                break;
            }
            Err(_) => {
                thread::sleep(backoff);
                backoff *= 2;
            }
        }
    }
    holder.join().unwrap();
    println!("{}", resource.lock().unwrap());
}

// Two loops printing in turn, each pausing between lines: the sleeps pace
// the output. (That nothing joins the ticker is `detached_thread`'s to say.)
fn paced_output() {
    thread::spawn(|| { //~ detached_thread
        for step in 1..8 {
            println!("ticker {step}");
            thread::sleep(Duration::from_millis(2));
        }
    });
    for step in 1..4 {
        println!("main {step}");
        thread::sleep(Duration::from_millis(2));
    }
}

fn main() {
    paced_output();
    sleep_instead_of_join_at_the_end();
    sleep_then_read_then_join();
    sleep_waiting_for_a_sibling();
    sleep_for_a_head_start();
    worker_sleeps_until_the_queue_is_filled();
    sleep_then_check_a_flag_once();
    sleep_between_phases();
    sleep_as_simulated_work_is_fine();
    polling_loop_is_fine();
    rate_limit_is_fine();
    sleep_then_join_is_fine();
    heartbeat_is_fine();
    paced_producer_is_fine();
    try_lock_backoff_is_fine();
}
