//! The attribute rewrites `std` paths however they are written: fully
//! qualified, through a module import, or as imported short names. If one
//! were missed, the demo would run on real threads inside loom and fail.

use std::sync::Mutex;
use std::sync::atomic;
use std::thread::spawn;

#[racelint_demo::demo(outcomes = [1, 2], intended = 2)]
fn fully_qualified_paths() -> usize {
    let counter = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let handles: Vec<std::thread::JoinHandle<()>> = (0..2)
        .map(|_| {
            let c = std::sync::Arc::clone(&counter);
            std::thread::spawn(move || {
                let v = c.load(std::sync::atomic::Ordering::SeqCst);
                c.store(v + 1, std::sync::atomic::Ordering::SeqCst);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    counter.load(std::sync::atomic::Ordering::SeqCst)
}

#[racelint_demo::demo(always = 2)]
fn imported_names_and_macros() -> usize {
    let counters = std::sync::Arc::new(vec![Mutex::new(0)]);
    let flag = std::sync::Arc::new(atomic::AtomicBool::new(false));
    let handles = vec![
        {
            let counters = std::sync::Arc::clone(&counters);
            spawn(move || *counters[0].lock().unwrap() += 1)
        },
        {
            let counters = std::sync::Arc::clone(&counters);
            let flag = std::sync::Arc::clone(&flag);
            spawn(move || {
                *counters[0].lock().unwrap() += 1;
                flag.store(true, atomic::Ordering::Relaxed);
            })
        },
    ];
    for h in handles {
        h.join().unwrap();
    }
    assert!(flag.load(atomic::Ordering::Relaxed));
    *counters[0].lock().unwrap()
}
