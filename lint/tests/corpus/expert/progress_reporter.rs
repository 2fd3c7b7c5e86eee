//! Workers process files and bump a shared progress counter; a reporter
//! thread prints the progress every few milliseconds until the workers are
//! done. The reporter's sleep is its refresh rate, not a way to wait.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

struct Progress {
    done: AtomicUsize,
    total: usize,
    finished: AtomicBool,
}

fn process(file: usize) -> u64 {
    (0..(file as u64 + 1) * 10_000).fold(0, |acc, x| acc ^ x.rotate_left(7))
}

fn main() {
    let files: Vec<usize> = (0..40).collect();
    let progress = Arc::new(Progress {
        done: AtomicUsize::new(0),
        total: files.len(),
        finished: AtomicBool::new(false),
    });

    let reporter = {
        let progress = Arc::clone(&progress);
        thread::spawn(move || {
            while !progress.finished.load(Ordering::Acquire) {
                let done = progress.done.load(Ordering::Relaxed);
                eprint!("\r{done}/{} files", progress.total);
                thread::sleep(Duration::from_millis(5));
            }
            eprintln!("\r{0}/{0} files", progress.total);
        })
    };

    let checksum = thread::scope(|s| {
        let workers: Vec<_> = files
            .chunks(10)
            .map(|chunk| {
                let progress = &progress;
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|&f| {
                            let sum = process(f);
                            progress.done.fetch_add(1, Ordering::Relaxed);
                            sum
                        })
                        .fold(0, |a, b| a ^ b)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("worker panicked"))
            .fold(0, |a, b| a ^ b)
    });

    progress.finished.store(true, Ordering::Release);
    reporter.join().expect("reporter panicked");
    println!("checksum {checksum:#x}");
}
