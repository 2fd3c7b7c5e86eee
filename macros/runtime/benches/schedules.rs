//! How fast demos explore, and what the tracing costs.
//!
//! Run: `cargo bench -p racelint-demo --bench schedules`
//!
//! For each racy-counter model (threads x increments, each increment a read
//! step then a write step) it reports the interleavings the demo counts, the
//! loom executions, and the time and interleavings per second of (c) a
//! brute-force enumerator of the same model on plain memory, next to those of
//! (a) a demo: the shadow types, recording every step, and (b) plain loom
//! on the same model (the same read-modify-write operations, no
//! recording; `std`'s `Arc`, as in demos, since loom's own `Arc` adds
//! branch points). The ratio of the two is the cost of the tracing.
//!
//! loom 0.7 prints debugging lines on stderr for every `join`; the bench
//! runs itself again with stderr silenced so the table stays readable.

use std::process::{Command, Stdio};
use std::sync::Arc as StdArc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use racelint_demo::sync::atomic::Ordering::SeqCst;
use racelint_demo::{Bound, Settings, explore};

const ROUNDS: usize = 5;

#[path = "../tests/support/mod.rs"]
mod support;

use support::racy_counter as demo_model;

/// The same model on plain loom: returns the number of executions.
fn plain_loom(threads: usize, increments: usize, bound: Option<usize>) -> u64 {
    let executions = StdArc::new(AtomicU64::new(0));
    let counted = StdArc::clone(&executions);
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = bound;
    builder.check(move || {
        counted.fetch_add(1, Relaxed);
        let counter = StdArc::new(loom::sync::atomic::AtomicUsize::new(0));
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let c = StdArc::clone(&counter);
                loom::thread::spawn(move || {
                    for _ in 0..increments {
                        let v = c.fetch_add(0, SeqCst);
                        c.swap(v + 1, SeqCst);
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        std::hint::black_box(counter.fetch_add(0, SeqCst));
    });
    executions.load(Relaxed)
}

/// A brute-force enumerator of the same model on plain memory: every order
/// of the steps, one at a time. Returns the number of interleavings.
fn brute_force(threads: usize, increments: usize) -> u64 {
    let mut interleavings = 0;
    support::enumerate_racy_counter(threads, increments, |_| interleavings += 1);
    interleavings
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn row(threads: usize, increments: usize, bound: Option<usize>) {
    let settings = Settings {
        bound: bound.map_or(Bound::Complete, Bound::Preemptions),
        count: false,
        ..Settings::default()
    };
    let mut demo_times = Vec::new();
    let mut report = None;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        report = Some(explore("bench", &settings, demo_model(threads, increments)).unwrap());
        demo_times.push(start.elapsed());
    }
    let report = report.unwrap();
    let mut loom_times = Vec::new();
    let mut loom_executions = 0;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        loom_executions = plain_loom(threads, increments, bound);
        loom_times.push(start.elapsed());
    }
    let mut enum_times = Vec::new();
    let mut enumerated = 0;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        enumerated = std::hint::black_box(brute_force(threads, increments));
        enum_times.push(start.elapsed());
    }
    let enumerator = median(enum_times);
    let (demo, loom) = (median(demo_times), median(loom_times));
    let per_demo = demo.as_secs_f64() / report.executions as f64;
    let per_loom = loom.as_secs_f64() / loom_executions as f64;
    println!(
        "{:<6} {:<9} {:>9} {:>11} {:>10.3} {:>10.3} {:>10.5} {:>12.0} {:>12.0} {:>12.0} {:>8.2}",
        format!("{threads}x{increments}"),
        bound.map_or("complete".to_string(), |b| format!("bound {b}")),
        report.schedules,
        report.executions,
        demo.as_secs_f64(),
        loom.as_secs_f64(),
        enumerator.as_secs_f64(),
        report.schedules as f64 / demo.as_secs_f64(),
        report.schedules as f64 / loom.as_secs_f64(),
        enumerated as f64 / enumerator.as_secs_f64(),
        per_demo / per_loom,
    );
    if bound.is_none() {
        assert_eq!(
            report.schedules, enumerated,
            "the demo and the enumerator counted different interleavings"
        );
    }
    assert_eq!(
        report.executions, loom_executions,
        "the demo and plain loom explored different numbers of executions"
    );
}

/// The exact count with the default settings (the counter, and loom's
/// check within its budget), against the brute-force enumerator.
fn exact_row(threads: usize, increments: usize, rounds: usize) {
    let mut times = Vec::new();
    let mut report = None;
    for _ in 0..rounds {
        let start = Instant::now();
        report = Some(
            explore(
                "bench",
                &Settings::default(),
                demo_model(threads, increments),
            )
            .unwrap(),
        );
        times.push(start.elapsed());
    }
    let report = report.unwrap();
    let mut enum_times = Vec::new();
    let mut enumerated = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        enumerated = std::hint::black_box(brute_force(threads, increments));
        enum_times.push(start.elapsed());
    }
    let (demo, enumerator) = (median(times), median(enum_times));
    let loom = match &report.loom_coverage {
        Some(racelint_demo::Coverage::Complete) => "complete".to_string(),
        Some(racelint_demo::Coverage::Bounded { preemptions, .. }) => {
            format!("bound {preemptions}")
        }
        None => "-".to_string(),
    };
    println!(
        "{:<6} {:>12} {:>9} {:>7} {:>10} {:>9} {:>9.3} {:>12.0} {:>9.3} {:>12.0} {:>8.1}",
        format!("{threads}x{increments}"),
        report.schedules,
        report.states,
        report.driven_executions,
        report.executions + report.discarded_executions,
        loom,
        demo.as_secs_f64(),
        report.schedules as f64 / demo.as_secs_f64(),
        enumerator.as_secs_f64(),
        enumerated as f64 / enumerator.as_secs_f64(),
        demo.as_secs_f64() / enumerator.as_secs_f64(),
    );
    assert_eq!(
        report.schedules, enumerated,
        "the exact count and the enumerator disagree"
    );
}

fn main() {
    if std::env::var_os("RACELINT_BENCH_CHILD").is_none() {
        let me = std::env::current_exe().expect("the bench binary");
        let status = Command::new(me)
            .env("RACELINT_BENCH_CHILD", "1")
            .stdout(Stdio::inherit())
            .stderr(Stdio::null())
            .status()
            .expect("rerun the bench");
        std::process::exit(status.code().unwrap_or(1));
    }
    println!(
        "median of {ROUNDS} rounds; schedules/s = interleavings of the demo's count per second \
         of each\n\
         model  coverage  schedules  executions     demo s     loom s     enum s   demo sch/s   \
         loom sch/s   enum sch/s  tracing"
    );
    row(2, 1, None);
    row(2, 2, None);
    row(3, 1, None);
    row(2, 3, None);
    row(3, 2, Some(2));
    println!(
        "\nexact counts with the default settings (median of {ROUNDS} rounds, 1 for 4x2)\n\
         model  interleavings   states  driven  loom execs      loom   demo s   demo sch/s    \
         enum s   enum sch/s  demo/enum"
    );
    exact_row(2, 2, ROUNDS);
    exact_row(3, 1, ROUNDS);
    exact_row(3, 2, ROUNDS);
    exact_row(4, 1, ROUNDS);
    exact_row(4, 2, 1);
}
