//! Interleaving counts and histograms against an independent brute-force
//! enumerator written here: a tiny interpreter of the same programs that
//! tries every order of their steps on plain memory, knowing nothing of
//! loom or of the runtime's classes.

use std::collections::BTreeMap;

use racelint_demo::__private::named;
use racelint_demo::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use racelint_demo::sync::{Arc, Mutex};
use racelint_demo::{Coverage, Outcome, Report, explore, thread};

mod support;

use support::{complete, mutex_counter, racy_counter};

/// One step of a thread on shared memory.
#[derive(Clone, Copy, Debug)]
enum Op {
    /// Read an object; the value joins the thread's history.
    Read(usize),
    /// Write a value.
    Write(usize, i64),
    /// Add in one step (`fetch_add`).
    Add(usize, i64),
    /// Take a lock (only when it is free).
    Lock(usize),
    /// Release it.
    Unlock(usize),
}

/// A thread: its next step, decided by the values it read so far and how
/// many steps it took; `None` when it is done.
type Program = fn(history: &[i64], done: usize) -> Option<Op>;

/// How one maximal run ended.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum End {
    Value(i64),
    Deadlock,
}

/// Every order of the steps: the number of maximal runs and how each
/// ended (`result` reads the memory of a finished run).
fn brute_force(
    programs: &[Program],
    objects: usize,
    result: fn(&[i64]) -> i64,
) -> (u64, BTreeMap<End, u64>) {
    struct State {
        memory: Vec<i64>,
        holders: Vec<Option<usize>>,
        history: Vec<Vec<i64>>,
        done: Vec<usize>,
    }
    fn go(
        programs: &[Program],
        state: &mut State,
        result: fn(&[i64]) -> i64,
        ends: &mut BTreeMap<End, u64>,
    ) {
        let mut moved = false;
        let mut all_done = true;
        for t in 0..programs.len() {
            let Some(op) = programs[t](&state.history[t], state.done[t]) else {
                continue;
            };
            all_done = false;
            let saved_memory = state.memory.clone();
            let saved_holders = state.holders.clone();
            let saved_history = state.history[t].len();
            match op {
                Op::Read(o) => state.history[t].push(state.memory[o]),
                Op::Write(o, v) => state.memory[o] = v,
                Op::Add(o, d) => state.memory[o] += d,
                Op::Lock(m) => {
                    if state.holders[m].is_some() {
                        continue;
                    }
                    state.holders[m] = Some(t);
                }
                Op::Unlock(m) => state.holders[m] = None,
            }
            moved = true;
            state.done[t] += 1;
            go(programs, state, result, ends);
            state.done[t] -= 1;
            state.memory = saved_memory;
            state.holders = saved_holders;
            state.history[t].truncate(saved_history);
        }
        if !moved {
            let end = if all_done {
                End::Value(result(&state.memory))
            } else {
                End::Deadlock
            };
            *ends.entry(end).or_default() += 1;
        }
    }
    let mut state = State {
        memory: vec![0; objects],
        holders: vec![None; objects],
        history: vec![Vec::new(); programs.len()],
        done: vec![0; programs.len()],
    };
    let mut ends = BTreeMap::new();
    go(programs, &mut state, result, &mut ends);
    (ends.values().sum(), ends)
}

/// The report's counts in the enumerator's terms.
fn counts(report: &Report) -> (u64, BTreeMap<End, u64>) {
    assert_eq!(report.coverage, Coverage::Complete);
    assert!(
        report.states > 0,
        "no exact count: {:?}",
        report.count_error
    );
    let ends: BTreeMap<End, u64> = report
        .outcomes
        .iter()
        .map(|g| {
            let end = match &g.outcome {
                Outcome::Value(v) if v == "()" => End::Value(0),
                Outcome::Value(v) => End::Value(v.parse().expect("a number")),
                Outcome::Deadlock => End::Deadlock,
                other => panic!("unexpected outcome {other:?}"),
            };
            (end, g.schedules)
        })
        .collect();
    for group in &report.outcomes {
        group.witness.replay().expect("every witness replays");
    }
    (report.schedules, ends)
}

/// `n!`
fn factorial(n: u64) -> u64 {
    (1..=n).product()
}

#[test]
fn independent_counters_are_a_multinomial() {
    // Three threads, each adding to its own counter twice by a read and a
    // write: nothing conflicts, one class, and every shuffle of the three
    // sequences of 4 steps is an interleaving: 12!/(4!4!4!) = 34650.
    let report = explore("t", &complete(), || {
        let counters: Vec<_> = (0..3).map(|_| Arc::new(AtomicUsize::new(0))).collect();
        let handles: Vec<_> = counters
            .iter()
            .map(|c| {
                let c = Arc::clone(c);
                thread::spawn(move || {
                    for _ in 0..2 {
                        let v = c.load(SeqCst);
                        c.store(v + 1, SeqCst);
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        counters.iter().map(|c| c.load(SeqCst)).sum::<usize>()
    })
    .unwrap();
    let multinomial = factorial(12) / factorial(4).pow(3);
    assert_eq!(multinomial, 34_650);
    fn counter0(h: &[i64], done: usize) -> Option<Op> {
        increments(0, 2, h, done)
    }
    fn counter1(h: &[i64], done: usize) -> Option<Op> {
        increments(1, 2, h, done)
    }
    fn counter2(h: &[i64], done: usize) -> Option<Op> {
        increments(2, 2, h, done)
    }
    let enumerated = brute_force(&[counter0, counter1, counter2], 3, |m| m.iter().sum());
    assert_eq!(enumerated.0, multinomial);
    assert_eq!(counts(&report), enumerated);
    assert_eq!(report.classes, 1);
}

/// `k` increments of `object` as a read then a write of the value plus one.
fn increments(object: usize, k: usize, history: &[i64], done: usize) -> Option<Op> {
    if done >= 2 * k {
        return None;
    }
    Some(if done % 2 == 0 {
        Op::Read(object)
    } else {
        Op::Write(object, history[done / 2] + 1)
    })
}

#[test]
fn a_shared_counter_matches_the_enumerator() {
    fn two(h: &[i64], done: usize) -> Option<Op> {
        increments(0, 2, h, done)
    }
    fn one(h: &[i64], done: usize) -> Option<Op> {
        increments(0, 1, h, done)
    }
    for (threads, k, program) in [(2, 2, two as Program), (3, 1, one as Program)] {
        let report = explore("t", &complete(), racy_counter(threads, k)).unwrap();
        let programs = vec![program; threads];
        assert_eq!(counts(&report), brute_force(&programs, 1, |m| m[0]));
    }
}

#[test]
fn a_mutex_counter_matches_the_enumerator() {
    // lock, add inside, unlock.
    fn locked(_: &[i64], done: usize) -> Option<Op> {
        [Op::Lock(0), Op::Add(1, 1), Op::Unlock(0)]
            .get(done)
            .copied()
    }
    let report = explore("t", &complete(), mutex_counter(3)).unwrap();
    // The add inside the lock never interleaves with another thread's
    // steps: 3! = 6 orders of the three critical sections.
    let enumerated = brute_force(&[locked, locked, locked], 2, |m| m[1]);
    assert_eq!(enumerated, (6, BTreeMap::from([(End::Value(3), 6)])));
    assert_eq!(counts(&report), enumerated);
}

#[test]
fn a_flag_publication_matches_the_enumerator() {
    // thread 1: data = 42, then ready = true. thread 2: read ready, and if
    // it is set, read data. The outcome: 1 when thread 2 saw the data.
    fn writer(_: &[i64], done: usize) -> Option<Op> {
        [Op::Write(0, 42), Op::Write(1, 1)].get(done).copied()
    }
    fn reader(history: &[i64], done: usize) -> Option<Op> {
        match done {
            0 => Some(Op::Read(1)),
            1 if history[0] == 1 => Some(Op::Read(0)),
            1 => Some(Op::Write(2, 0)),
            2 if history[0] == 1 => Some(Op::Write(2, i64::from(history[1] == 42))),
            _ => None,
        }
    }
    let report = explore("t", &complete(), || {
        let data = Arc::new(AtomicUsize::new(0));
        let ready = Arc::new(AtomicBool::new(false));
        let saw = Arc::new(AtomicUsize::new(0));
        let (d, r) = (Arc::clone(&data), Arc::clone(&ready));
        let writer = thread::spawn(move || {
            d.store(42, SeqCst);
            r.store(true, SeqCst);
        });
        let (d, r, s) = (Arc::clone(&data), Arc::clone(&ready), Arc::clone(&saw));
        let reader = thread::spawn(move || {
            if r.load(SeqCst) {
                s.store(usize::from(d.load(SeqCst) == 42), SeqCst);
            } else {
                s.store(0, SeqCst);
            }
        });
        writer.join().unwrap();
        reader.join().unwrap();
        saw.load(SeqCst)
    })
    .unwrap();
    assert_eq!(counts(&report), brute_force(&[writer, reader], 3, |m| m[2]));
}

#[test]
fn check_then_act_matches_the_enumerator() {
    // Each thread: read `claimed`; if it was not set, set it and add one
    // to `winners`. The outcome: how many threads won.
    fn claimant(history: &[i64], done: usize) -> Option<Op> {
        match done {
            0 => Some(Op::Read(0)),
            1 if history[0] == 0 => Some(Op::Write(0, 1)),
            2 if history[0] == 0 => Some(Op::Add(1, 1)),
            _ => None,
        }
    }
    let report = explore("t", &complete(), || {
        let claimed = Arc::new(named(AtomicBool::new(false), "claimed"));
        let winners = Arc::new(AtomicUsize::new(0));
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let (c, w) = (Arc::clone(&claimed), Arc::clone(&winners));
                thread::spawn(move || {
                    if !c.load(SeqCst) {
                        c.store(true, SeqCst);
                        w.fetch_add(1, SeqCst);
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        winners.load(SeqCst)
    })
    .unwrap();
    let enumerated = brute_force(&[claimant, claimant], 2, |m| m[1]);
    assert_eq!(counts(&report), enumerated);
    let two_winners = report
        .outcomes
        .iter()
        .find(|g| g.outcome == Outcome::value(&2usize))
        .unwrap();
    assert_eq!(
        two_winners.witness.explain().unwrap(),
        "thread 1 and thread 2 both read claimed before either wrote it, so both went ahead"
    );
}

fn lock_pair(first: usize, second: usize) -> [Op; 4] {
    [
        Op::Lock(first),
        Op::Lock(second),
        Op::Unlock(second),
        Op::Unlock(first),
    ]
}

/// For the enumerator: a thread that takes lock 0, then lock 1.
fn ab(_: &[i64], done: usize) -> Option<Op> {
    lock_pair(0, 1).get(done).copied()
}

/// For the enumerator: a thread that takes lock 1, then lock 0.
fn ba(_: &[i64], done: usize) -> Option<Op> {
    lock_pair(1, 0).get(done).copied()
}

/// A thread that takes `first`, then `second`, and releases both.
fn take_in_order(first: Arc<Mutex<()>>, second: Arc<Mutex<()>>) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let _first = first.lock().unwrap();
        let _second = second.lock().unwrap();
    })
}

#[test]
fn lock_order_deadlock_is_6_interleavings_4_finish_2_deadlock() {
    let enumerated = brute_force(&[ab, ba], 2, |_| 0);
    assert_eq!(
        enumerated,
        (6, BTreeMap::from([(End::Value(0), 4), (End::Deadlock, 2)]))
    );
    let report = explore("t", &complete(), || {
        let a = Arc::new(named(Mutex::new(()), "a"));
        let b = Arc::new(named(Mutex::new(()), "b"));
        let first = take_in_order(Arc::clone(&a), Arc::clone(&b));
        let second = take_in_order(b, a);
        first.join().unwrap();
        second.join().unwrap();
    })
    .unwrap();
    assert_eq!(counts(&report), enumerated);
    // The picture shows every thread's wait.
    let deadlock = report
        .outcomes
        .iter()
        .find(|g| g.outcome == Outcome::Deadlock)
        .unwrap();
    let waits: Vec<String> = deadlock
        .witness
        .shown_steps()
        .filter(|s| {
            matches!(
                s.kind,
                racelint_demo::report::StepKind::WaitForLock { .. }
                    | racelint_demo::report::StepKind::WaitForJoin { .. }
            )
        })
        .map(|s| deadlock.witness.thread_labels[s.thread].clone())
        .collect();
    for thread in ["main", "thread 1", "thread 2"] {
        assert!(waits.iter().any(|w| w == thread), "{waits:?}");
    }
}

#[test]
fn lock_order_fixed_is_symmetric() {
    let enumerated = brute_force(&[ab, ab], 2, |_| 0);
    let report = explore("t", &complete(), || {
        let a = Arc::new(Mutex::new(()));
        let b = Arc::new(Mutex::new(()));
        let first = take_in_order(Arc::clone(&a), Arc::clone(&b));
        let second = take_in_order(a, b);
        first.join().unwrap();
        second.join().unwrap();
    })
    .unwrap();
    assert_eq!(counts(&report), enumerated);
    assert_eq!(enumerated.0, 2);
}

#[test]
fn equal_values_are_one_outcome_whatever_their_text() {
    use std::collections::HashMap;
    // Two threads insert their squares into a map behind a lock: the map
    // is the same in every schedule, though its `Debug` order is not.
    let report = explore("t", &complete(), || {
        let squares = Arc::new(Mutex::new(HashMap::new()));
        let handles: Vec<_> = (1..=2u64)
            .map(|n| {
                let s = Arc::clone(&squares);
                thread::spawn(move || {
                    s.lock().unwrap().insert(n, n * n);
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        squares.lock().unwrap().clone()
    })
    .unwrap();
    assert_eq!(report.outcomes.len(), 1, "{}", report.render());
    assert_eq!(report.schedules, 2);
}

#[test]
fn scoped_threads_borrow_and_count_like_spawned_ones() {
    fn one(h: &[i64], done: usize) -> Option<Op> {
        increments(0, 1, h, done)
    }
    let report = explore("t", &complete(), || {
        let counter = AtomicUsize::new(0);
        thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| {
                    let v = counter.load(SeqCst);
                    counter.store(v + 1, SeqCst);
                });
            }
        });
        counter.load(SeqCst)
    })
    .unwrap();
    assert_eq!(counts(&report), brute_force(&[one, one], 1, |m| m[0]));
}

#[test]
fn a_scoped_thread_joined_by_hand_gives_its_value() {
    let report = explore("t", &complete(), || {
        let counter = AtomicUsize::new(0);
        thread::scope(|s| {
            let first = s.spawn(|| counter.fetch_add(1, SeqCst));
            let second = s.spawn(|| counter.fetch_add(1, SeqCst));
            first.join().unwrap() + second.join().unwrap()
        })
    })
    .unwrap();
    // One thread saw 0 and the other 1, whichever went first: 0 + 1.
    fn adder(_: &[i64], done: usize) -> Option<Op> {
        [Op::Add(0, 1)].get(done).copied()
    }
    let enumerated = brute_force(&[adder, adder], 1, |_| 1);
    assert_eq!(counts(&report), enumerated);
}

/// Worked out by hand: the consumer locks, reads `ready`, and if it is not
/// set waits; the producer sets `ready` (without the lock) and notifies.
/// When the notification comes before the wait, nobody wakes the consumer:
/// of the 10 interleavings, 1 deadlocks (a lost wakeup) and 9 finish.
#[test]
fn a_lost_wakeup_is_one_deadlock_in_ten() {
    use racelint_demo::sync::Condvar;
    let report = explore("t", &complete(), || {
        let m = Arc::new(named(Mutex::new(()), "m"));
        let cv = Arc::new(named(Condvar::new(), "cv"));
        let ready = Arc::new(named(AtomicBool::new(false), "ready"));
        let (m1, cv1, ready1) = (Arc::clone(&m), Arc::clone(&cv), Arc::clone(&ready));
        let consumer = thread::spawn(move || {
            let guard = m1.lock().unwrap();
            if !ready1.load(SeqCst) {
                let _guard = cv1.wait(guard).unwrap();
            }
        });
        let producer = thread::spawn(move || {
            ready.store(true, SeqCst);
            cv.notify_one();
        });
        consumer.join().unwrap();
        producer.join().unwrap();
    })
    .unwrap();
    assert_eq!(
        counts(&report),
        (10, BTreeMap::from([(End::Value(0), 9), (End::Deadlock, 1)]))
    );
    assert_eq!(report.loom_coverage, Some(Coverage::Complete));
    let deadlock = report
        .outcomes
        .iter()
        .find(|g| g.outcome == Outcome::Deadlock)
        .unwrap();
    let note = deadlock.witness.explain().unwrap();
    assert!(
        note.contains("thread 1 waits for a notification on cv"),
        "{note}"
    );
}

/// With the check under the lock and a loop, the wakeup cannot be lost.
#[test]
fn waiting_in_a_loop_under_the_lock_always_finishes() {
    use racelint_demo::sync::Condvar;
    let report = explore("t", &complete(), || {
        let pair = Arc::new((Mutex::new(false), Condvar::new()));
        let pair1 = Arc::clone(&pair);
        let consumer = thread::spawn(move || {
            let (m, cv) = &*pair1;
            let mut ready = m.lock().unwrap();
            while !*ready {
                ready = cv.wait(ready).unwrap();
            }
        });
        let producer = thread::spawn(move || {
            let (m, cv) = &*pair;
            *m.lock().unwrap() = true;
            cv.notify_one();
        });
        consumer.join().unwrap();
        producer.join().unwrap();
    })
    .unwrap();
    let (total, ends) = counts(&report);
    assert_eq!(ends.keys().collect::<Vec<_>>(), [&End::Value(0)]);
    assert!(total > 1);
}

/// A message sent by one thread and received by `main`: the counter and
/// loom (complete here) must agree on every count, or `explore` fails.
#[test]
fn a_channel_message_is_counted_the_same_by_both() {
    use racelint_demo::sync::mpsc;
    let report = explore("t", &complete(), || {
        let (tx, rx) = mpsc::channel();
        let sender = thread::spawn(move || tx.send(7).unwrap());
        let got = rx.recv().unwrap();
        sender.join().unwrap();
        got
    })
    .unwrap();
    assert_eq!(report.loom_coverage, Some(Coverage::Complete));
    assert!(report.states > 0, "{:?}", report.count_error);
    assert_eq!(report.outcomes.len(), 1);
    assert_eq!(report.outcomes[0].outcome, Outcome::value(&7));
}

/// Dropping every sender ends `recv` with an error instead of a wait.
#[test]
fn a_receiver_learns_that_every_sender_is_gone() {
    use racelint_demo::sync::mpsc;
    let report = explore("t", &complete(), || {
        let (tx, rx) = mpsc::channel::<i32>();
        let sender = thread::spawn(move || drop(tx));
        let got = rx.recv().is_err();
        sender.join().unwrap();
        got
    })
    .unwrap();
    assert_eq!(report.loom_coverage, Some(Coverage::Complete));
    assert!(report.states > 0, "{:?}", report.count_error);
    assert_eq!(report.outcomes.len(), 1, "{}", report.render());
    assert_eq!(report.outcomes[0].outcome, Outcome::value(&true));
}

/// Two threads deadlock on two locks while a third, independent thread
/// still has steps to take: it takes them, in every order, before the run
/// ends. 6 interleavings of the pair times the ways to fit the third
/// thread's 2 steps in: the enumerator and both counts must agree.
#[test]
fn a_deadlock_lets_the_other_threads_finish() {
    fn bystander(_: &[i64], done: usize) -> Option<Op> {
        [Op::Write(2, 1), Op::Write(2, 2)].get(done).copied()
    }
    let enumerated = brute_force(&[ab, ba, bystander], 3, |_| 0);
    let report = explore("t", &complete(), || {
        let a = Arc::new(Mutex::new(()));
        let b = Arc::new(Mutex::new(()));
        let first = take_in_order(Arc::clone(&a), Arc::clone(&b));
        let second = take_in_order(b, a);
        let third = thread::spawn(|| {
            let c = AtomicUsize::new(0);
            c.store(1, SeqCst);
            c.store(2, SeqCst);
        });
        third.join().unwrap();
        first.join().unwrap();
        second.join().unwrap();
    })
    .unwrap();
    assert_eq!(counts(&report), enumerated);
    assert_eq!(report.loom_coverage, Some(Coverage::Complete));
}

/// Threads that create their own objects: equivalent runs must be one
/// class whichever thread created its object first.
#[test]
fn objects_made_by_threads_are_counted_once() {
    fn own(object: usize) -> Op {
        Op::Write(object, 1)
    }
    fn first(_: &[i64], done: usize) -> Option<Op> {
        [own(0), own(0)].get(done).copied()
    }
    fn second(_: &[i64], done: usize) -> Option<Op> {
        [own(1), own(1)].get(done).copied()
    }
    let enumerated = brute_force(&[first, second], 2, |_| 0);
    let report = explore("t", &complete(), || {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                thread::spawn(|| {
                    let mine = AtomicUsize::new(0);
                    mine.store(1, SeqCst);
                    mine.store(1, SeqCst);
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    })
    .unwrap();
    assert_eq!(counts(&report), enumerated);
    assert_eq!(report.loom_coverage, Some(Coverage::Complete));
}
