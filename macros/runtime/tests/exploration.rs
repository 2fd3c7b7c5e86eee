//! The exploration against numbers worked out by hand.
//!
//! Each thread increments a shared counter by reading it and writing the
//! value plus one (two visible steps). With `t` threads of `k` increments,
//! every schedule is an interleaving of `t` sequences of `2k` steps, so
//! there are `(2kt)! / ((2k)!)^t` of them:
//!
//! - 2 threads x 1: 4!/(2!2!) = 6. The counter ends at 2 only when one
//!   thread's read-write pair runs entirely before the other's (2 orders);
//!   in the other 4 both read before one of them writes: counter = 1.
//! - 2 threads x 2: 8!/(4!4!) = 70. The counter ends at 4 only when all four
//!   increments run uninterrupted: choose which 2 of the 4 slots belong to
//!   thread 1, C(4,2) = 6.
//! - 3 threads x 1: 6!/(2!2!2!) = 90. The counter ends at 3 only when the
//!   three increments run one after the other: 3! = 6.
//!
//! The whole histograms are checked against `enumerate`, a brute-force
//! interpreter of the same programs that knows nothing of loom.

use std::collections::BTreeMap;

use racelint_demo::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use racelint_demo::sync::{Arc, Mutex};
use racelint_demo::{
    Bound, Coverage, Outcome, Report, Settings, SharedInt, explore, report::BoundReason, thread,
};

mod support;

use support::{complete, mutex_counter, racy_counter};

/// Every interleaving of the same programs on plain memory: the number of
/// schedules and the histogram of final counter values.
fn enumerate(threads: usize, increments: usize) -> (u64, BTreeMap<usize, u64>) {
    let mut histogram = BTreeMap::new();
    support::enumerate_racy_counter(threads, increments, |counter| {
        *histogram.entry(counter).or_default() += 1;
    });
    (histogram.values().sum(), histogram)
}

fn histogram(report: &Report) -> BTreeMap<usize, u64> {
    report
        .outcomes
        .iter()
        .map(|g| match &g.outcome {
            Outcome::Value(v) => (v.parse().expect("a number"), g.schedules),
            other => panic!("unexpected outcome {other:?}"),
        })
        .collect()
}

/// Every witness replays on plain memory and ends with its outcome.
fn assert_witnesses_replay(report: &Report) {
    for group in &report.outcomes {
        let memory = group
            .witness
            .replay()
            .unwrap_or_else(|e| panic!("witness for {:?} does not replay: {e}", group.outcome));
        if let Outcome::Value(v) = &group.outcome {
            let counter = memory.get("counter").expect("the counter was touched");
            assert_eq!(&counter.to_string(), v, "witness for {:?}", group.outcome);
        }
    }
}

#[test]
fn two_threads_one_increment_each() {
    let report = explore("t", &complete(), racy_counter(2, 1)).unwrap();
    assert_eq!(report.coverage, Coverage::Complete);
    assert_eq!(report.schedules, 6);
    assert_eq!(histogram(&report), BTreeMap::from([(1, 4), (2, 2)]));
    assert_eq!(enumerate(2, 1), (6, histogram(&report)));
    assert!(report.executions >= report.schedules);
    assert_witnesses_replay(&report);
}

#[test]
fn two_threads_two_increments_each() {
    let report = explore("t", &complete(), racy_counter(2, 2)).unwrap();
    assert_eq!(report.schedules, 70);
    assert_eq!(histogram(&report)[&4], 6);
    assert_eq!(enumerate(2, 2), (70, histogram(&report)));
    assert_witnesses_replay(&report);
}

#[test]
fn three_threads_one_increment_each() {
    let report = explore("t", &complete(), racy_counter(3, 1)).unwrap();
    assert_eq!(report.schedules, 90);
    assert_eq!(histogram(&report)[&3], 6);
    assert_eq!(enumerate(3, 1), (90, histogram(&report)));
    assert_witnesses_replay(&report);
}

#[test]
fn three_threads_two_increments_bounded_finds_every_outcome() {
    let settings = Settings {
        bound: Bound::Preemptions(2),
        ..Settings::default()
    };
    let report = explore("t", &settings, racy_counter(3, 2)).unwrap();
    assert!(matches!(
        report.coverage,
        Coverage::Bounded {
            preemptions: 2,
            reason: BoundReason::Requested
        }
    ));
    // Fewer schedules than the 12!/(4!4!4!) = 34650 that exist...
    assert!(report.schedules < 34_650);
    // ...but every final value the enumeration knows shows up.
    let (_, all) = enumerate(3, 2);
    let found: Vec<usize> = histogram(&report).into_keys().collect();
    assert_eq!(found, all.into_keys().collect::<Vec<_>>());
    assert!(report.coverage_text().contains("preemption bound 2"));
    assert_witnesses_replay(&report);
}

#[test]
fn auto_falls_back_to_a_bound_and_says_why() {
    let mut settings = Settings {
        bound: Bound::Auto,
        execution_budget: 50,
        fallback_preemptions: 1,
        count: false,
        weak_memory: false,
    };
    let report = explore("t", &settings, racy_counter(2, 2)).unwrap();
    let bounded = Coverage::Bounded {
        preemptions: 1,
        reason: BoundReason::TooManyExecutions(50),
    };
    assert_eq!(report.coverage, bounded);
    assert!(
        report
            .coverage_text()
            .contains("more than 50 loom executions")
    );
    assert_eq!(report.discarded_executions, 50);
    let text = report.render();
    assert!(text.contains("found in"), "{text}");
    assert!(text.contains("not how often"), "{text}");
    // With the exact count, the counts stay exact and only loom's check is
    // bounded.
    settings.count = true;
    let report = explore("t", &settings, racy_counter(2, 2)).unwrap();
    assert_eq!(report.coverage, Coverage::Complete);
    // (loom's budget is a tenth when the counts are exact: 5 executions)
    assert_eq!(
        report.loom_coverage,
        Some(Coverage::Bounded {
            preemptions: 1,
            reason: BoundReason::TooManyExecutions(5),
        })
    );
    assert_eq!(report.schedules, 70);
    assert_eq!(histogram(&report), enumerate(2, 2).1);
    assert!(
        report.render().contains("loom's check was bounded"),
        "{}",
        report.render()
    );
    // The default budget is enough for the lesson's sizes.
    let report = explore("t", &Settings::default(), racy_counter(2, 2)).unwrap();
    assert_eq!(report.coverage, Coverage::Complete);
    assert_eq!(report.schedules, 70);
}

#[test]
fn shared_int_plus_equals_is_a_read_and_a_write() {
    let report = explore("t", &complete(), || {
        let counter = racelint_demo::__private::named(SharedInt::new(0), "counter");
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let mut counter = counter.clone();
                thread::spawn(move || counter += 1)
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        counter.get()
    })
    .unwrap();
    assert_eq!(report.schedules, 6);
    assert_eq!(histogram(&report), BTreeMap::from([(1, 4), (2, 2)]));
    assert_witnesses_replay(&report);
}

#[test]
fn fetch_add_and_mutex_never_lose_an_update() {
    let fetch_add = explore("t", &complete(), || {
        let counter = Arc::new(racelint_demo::__private::named(
            AtomicUsize::new(0),
            "counter",
        ));
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let c = Arc::clone(&counter);
                thread::spawn(move || {
                    c.fetch_add(1, SeqCst);
                    c.fetch_add(1, SeqCst);
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        counter.load(SeqCst)
    })
    .unwrap();
    // Four one-step increments, two per thread: C(4,2) = 6 orders.
    assert_eq!(fetch_add.schedules, 6);
    assert_eq!(histogram(&fetch_add), BTreeMap::from([(4, 6)]));
    assert_witnesses_replay(&fetch_add);

    let mutex = explore("t", &complete(), mutex_counter(2)).unwrap();
    assert_eq!(histogram(&mutex).keys().collect::<Vec<_>>(), [&2]);
    assert_witnesses_replay(&mutex);
}

#[test]
fn deadlock_is_an_outcome_with_its_schedule() {
    let report = explore("t", &complete(), || {
        let a = Arc::new(racelint_demo::__private::named(Mutex::new(()), "a"));
        let b = Arc::new(racelint_demo::__private::named(Mutex::new(()), "b"));
        let (a1, b1) = (Arc::clone(&a), Arc::clone(&b));
        let first = thread::spawn(move || {
            let _a = a1.lock().unwrap();
            let _b = b1.lock().unwrap();
        });
        let second = thread::spawn(move || {
            let _b = b.lock().unwrap();
            let _a = a.lock().unwrap();
        });
        first.join().unwrap();
        second.join().unwrap();
    })
    .unwrap();
    let outcomes: Vec<&Outcome> = report.outcomes.iter().map(|g| &g.outcome).collect();
    assert!(outcomes.contains(&&Outcome::Deadlock), "{outcomes:?}");
    assert!(outcomes.contains(&&Outcome::value(&())), "{outcomes:?}");
    let deadlock = report
        .outcomes
        .iter()
        .find(|g| g.outcome == Outcome::Deadlock)
        .unwrap();
    assert_eq!(
        deadlock.witness.explain().unwrap(),
        "thread 1 holds a and waits for b; thread 2 holds b and waits for a: neither can go on"
    );
    for group in &report.outcomes {
        group.witness.replay().unwrap();
    }
}

#[test]
fn a_thread_panic_is_an_outcome_and_exploration_goes_on() {
    let report = explore("t", &complete(), racy_counter_that_panics).unwrap();
    let panicked: Vec<&Outcome> = report
        .outcomes
        .iter()
        .map(|g| &g.outcome)
        .filter(|o| matches!(o, Outcome::Panicked { .. }))
        .collect();
    assert_eq!(
        panicked,
        [
            &Outcome::Panicked {
                thread: "thread 1".into(),
                message: "the counter was already taken".into()
            },
            &Outcome::Panicked {
                thread: "thread 2".into(),
                message: "the counter was already taken".into()
            }
        ]
    );
    // The schedules where both read 0 before either wrote do not panic.
    assert_eq!(report.count(&Outcome::value(&1usize)), 4);
}

fn racy_counter_that_panics() -> usize {
    let counter = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let c = Arc::clone(&counter);
            thread::spawn(move || {
                let v = c.load(SeqCst);
                assert!(v == 0, "the counter was already taken");
                c.store(v + 1, SeqCst);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    counter.load(SeqCst)
}

#[test]
fn too_many_threads_is_an_error_not_an_outcome() {
    let error = explore("t", &complete(), || {
        let handles: Vec<_> = (0..5).map(|_| thread::spawn(|| ())).collect();
        for h in handles {
            h.join().unwrap();
        }
    })
    .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("loom models at most 4 besides main"),
        "{error}"
    );
}

#[test]
fn a_tampered_witness_does_not_replay() {
    let report = explore("t", &complete(), racy_counter(2, 1)).unwrap();
    let mut witness = report.outcomes[0].witness.clone();
    let read = witness
        .steps
        .iter_mut()
        .rev()
        .find(|s| matches!(s.kind, racelint_demo::report::StepKind::Read { .. }))
        .unwrap();
    read.kind = racelint_demo::report::StepKind::Read {
        value: racelint_demo::report::Value::Int(7),
    };
    let error = witness.replay().unwrap_err();
    assert!(error.problem.contains("read counter = 7"), "{error}");
}
