//! What a learner reads: the report, the swimlanes, the pictures, and the
//! failures of expectations.

use racelint_demo::expect::{self, Expectation};
use racelint_demo::sync::Arc;
use racelint_demo::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use racelint_demo::{Bound, Outcome, Report, Settings, explore, thread};

fn two_threads_add_one() -> usize {
    let counter = Arc::new(racelint_demo::__private::named(
        AtomicUsize::new(0),
        "counter",
    ));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let c = Arc::clone(&counter);
            thread::spawn(move || {
                let v = c.load(SeqCst);
                c.store(v + 1, SeqCst);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    counter.load(SeqCst)
}

fn lesson_report() -> Report {
    let settings = Settings {
        bound: Bound::Complete,
        ..Settings::default()
    };
    let mut report = explore("two_threads_add_one", &settings, two_threads_add_one).unwrap();
    report.outcome_name = Some("counter".into());
    report.set_intended(Outcome::value(&2usize));
    report
}

fn group(report: &Report, value: usize) -> &racelint_demo::report::OutcomeGroup {
    report
        .outcomes
        .iter()
        .find(|g| g.outcome == Outcome::value(&value))
        .unwrap()
}

#[test]
fn the_lost_update_witness_reads_like_the_textbook() {
    let report = lesson_report();
    let lost = group(&report, 1);
    assert_eq!(
        lost.witness.swimlanes(),
        " step  thread 1            thread 2
   1   read counter = 0
   2                       read counter = 0
   3   write counter = 1
   4                       write counter = 1
"
    );
    assert_eq!(
        report.outcome_line(lost),
        "outcome: counter = 1 (expected 2): thread 1's update was lost"
    );
    let text = report.render();
    assert!(
        text.contains("6 distinct schedules of the visible steps"),
        "{text}"
    );
    assert!(text.contains("counter = 2  in 2 of 6 schedules"), "{text}");
    assert!(text.contains("counter = 1  in 4 of 6 schedules"), "{text}");
    assert!(text.contains("coverage: complete"), "{text}");
    assert!(text.contains("sequentially consistent"), "{text}");
}

#[test]
fn expectations_pass_when_they_hold() {
    let report = lesson_report();
    let both = Expectation::Exactly(vec![Outcome::value(&1usize), Outcome::value(&2usize)]);
    assert_eq!(expect::check(&report, &both), Ok(()));
    assert_eq!(expect::check(&report, &Expectation::Anything), Ok(()));
}

#[test]
fn always_fails_with_a_witness_of_what_else_happened() {
    let report = lesson_report();
    let failure = expect::check(&report, &Expectation::Always(Outcome::value(&2usize)))
        .unwrap_err()
        .message;
    assert!(
        failure.starts_with(
            "demo `two_threads_add_one`: expected every schedule to end with counter = 2, but not \
         all did\ncounter = 1 happened in 4 of 6 schedules but was not expected; for example:"
        ),
        "{failure}"
    );
    assert!(failure.contains("thread 1's update was lost"), "{failure}");
}

#[test]
fn outcomes_fail_on_a_missing_or_an_extra_outcome() {
    let report = lesson_report();
    let missing = Expectation::Exactly(vec![
        Outcome::value(&1usize),
        Outcome::value(&2usize),
        Outcome::value(&3usize),
    ]);
    let failure = expect::check(&report, &missing).unwrap_err().message;
    assert!(
        failure.contains("counter = 3 was expected but never happened in 6 schedules"),
        "{failure}"
    );

    let extra = Expectation::Exactly(vec![Outcome::value(&2usize)]);
    let failure = expect::check(&report, &extra).unwrap_err().message;
    assert!(
        failure.contains("counter = 1 happened in 4 of 6 schedules but was not expected"),
        "{failure}"
    );

    let deadlock = Expectation::Exactly(vec![
        Outcome::Deadlock,
        Outcome::value(&1usize),
        Outcome::value(&2usize),
    ]);
    let failure = expect::check(&report, &deadlock).unwrap_err().message;
    assert!(
        failure.contains("deadlock was expected but never happened"),
        "{failure}"
    );
}

#[test]
fn a_bounded_exploration_says_so_when_an_expectation_fails() {
    let settings = Settings {
        bound: Bound::Preemptions(0),
        ..Settings::default()
    };
    let mut report = explore("t", &settings, two_threads_add_one).unwrap();
    report.outcome_name = Some("counter".into());
    let failure = expect::check(
        &report,
        &Expectation::Exactly(vec![Outcome::value(&1usize)]),
    )
    .unwrap_err()
    .message;
    assert!(
        failure.contains("note: the exploration was bounded"),
        "{failure}"
    );
}

#[test]
#[should_panic(expected = "expected every schedule to end with counter = 2")]
fn a_demo_whose_expectation_fails_fails_its_test() {
    racelint_demo::__private::run_demo(
        racelint_demo::__private::DemoSpec {
            name: "two_threads_add_one",
            outcome_name: Some("counter"),
            intended: None,
            expectation: Expectation::Always(Outcome::value(&2usize)),
            preemption_bound: None,
            svg_dir: None,
            manifest_dir: env!("CARGO_MANIFEST_DIR"),
        },
        two_threads_add_one,
    );
}

#[test]
fn witnesses_become_svg_pictures() {
    let report = lesson_report();
    let dir = std::env::temp_dir().join(format!("racelint-demo-svg-{}", std::process::id()));
    let paths = racelint_demo::svg::write_witnesses(&report, &dir).unwrap();
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "two_threads_add_one-counter-2.svg",
            "two_threads_add_one-counter-1.svg"
        ]
    );
    let svg = std::fs::read_to_string(&paths[1]).unwrap();
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(svg.trim_end().ends_with("</svg>"));
    assert_eq!(svg.matches(">read counter = 0</text>").count(), 2, "{svg}");
    assert!(
        svg.contains("thread 1&#x27;s update was lost")
            || svg.contains("thread 1's update was lost")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
