//! What a learner reads: the report, the swimlanes, the pictures, and the
//! failures of expectations.

use racelint_demo::expect::{self, Expectation};
use racelint_demo::sync::Arc;
use racelint_demo::{Bound, Outcome, Report, Settings, explore, thread};

mod support;

use support::{complete, racy_counter};

fn two_threads_add_one() -> usize {
    racy_counter(2, 1)()
}

fn lesson_report() -> Report {
    let mut report = explore("two_threads_add_one", &complete(), two_threads_add_one).unwrap();
    report.outcome_name = Some("counter".into());
    report.set_intended(vec![Outcome::value(&2usize)]);
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
        text.contains("6 interleavings of the visible steps, counted exactly over 16 states"),
        "{text}"
    );
    assert!(
        text.contains("counter = 2  in 2 of 6 interleavings"),
        "{text}"
    );
    assert!(
        text.contains("counter = 1  in 4 of 6 interleavings"),
        "{text}"
    );
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
         all did\ncounter = 1 happened in 4 of 6 interleavings but was not expected; for example:"
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
        failure.contains("counter = 3 was expected but never happened in 6 interleavings"),
        "{failure}"
    );

    let extra = Expectation::Exactly(vec![Outcome::value(&2usize)]);
    let failure = expect::check(&report, &extra).unwrap_err().message;
    assert!(
        failure.contains("counter = 1 happened in 4 of 6 interleavings but was not expected"),
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
            intended: Vec::new(),
            claim: racelint_demo::__private::Claim::Always(
                racelint_demo::__private::Expected::Value(2),
            ),
            preemption_bound: None,
            svg_dir: None,
            manifest_dir: env!("CARGO_MANIFEST_DIR"),
            weak_orderings: &[],
            weak_memory: false,
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
    // The outcome line, wrapped.
    assert!(svg.contains("thread 1&#x27;s update was") || svg.contains("thread 1's update was"));
    // A human title with the count, a legend, no bounded marker.
    assert!(
        svg.contains("Two threads add one: counter = 1, in 4 of 6 interleavings"),
        "{svg}"
    );
    assert!(svg.contains(">read and write in one step</text>"), "{svg}");
    assert!(!svg.contains("bounded"), "{svg}");
    // The witness for 2 has an arrow from thread 1's write to the read
    // that saw it.
    let two = std::fs::read_to_string(&paths[0]).unwrap();
    assert_eq!(two.matches("marker-end=\"url(#saw)\"").count(), 1, "{two}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_panic_while_holding_a_lock_is_drawn_before_the_unlock_it_poisons() {
    use racelint_demo::sync::Mutex;
    let report = explore("t", &complete(), || {
        let m = Arc::new(racelint_demo::__private::named(Mutex::new(0), "m"));
        let m1 = Arc::clone(&m);
        let h = thread::spawn(move || {
            let mut guard = m1.lock().unwrap();
            *guard += 1;
            panic!("gave up halfway");
        });
        let _ = h.join();
        m.is_poisoned()
    })
    .unwrap();
    let group = &report.outcomes[0];
    assert_eq!(group.outcome, Outcome::value(&true));
    let steps: Vec<String> = group
        .witness
        .steps
        .iter()
        .filter(|s| s.thread == 1)
        .map(|s| group.witness.describe_step(s))
        .collect();
    assert_eq!(
        steps,
        [
            "lock m (holds 0)",
            "panic: gave up halfway",
            "unlock m (leaves 1, poisoned)"
        ]
    );
}

#[test]
fn several_lost_updates_are_counted_and_named() {
    let mut report = explore("t", &complete(), racy_counter(3, 1)).unwrap();
    report.outcome_name = Some("counter".into());
    report.set_intended(vec![Outcome::value(&3usize)]);
    let one = report
        .outcomes
        .iter()
        .find(|g| g.outcome == Outcome::value(&1usize))
        .unwrap();
    assert_eq!(
        report.outcome_line(one),
        "outcome: counter = 1 (expected 3): 2 updates were lost: thread 1's and thread 3's",
        "{}",
        one.witness.swimlanes(),
    );
}

#[test]
fn intended_may_list_several_outcomes() {
    let mut report = lesson_report();
    report.set_intended(vec![Outcome::value(&3usize), Outcome::value(&2usize)]);
    let lost = group(&report, 1);
    assert!(
        report
            .outcome_line(lost)
            .starts_with("outcome: counter = 1 (expected 3 or 2)"),
        "{}",
        report.outcome_line(lost)
    );
    assert_eq!(
        report.outcome_line(group(&report, 2)),
        "outcome: counter = 2 (as expected)"
    );
}

#[test]
fn the_report_as_json() {
    let report = lesson_report();
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["interleavings"], 6);
    assert_eq!(json["coverage"]["complete"], true);
    assert_eq!(json["outcomes"][0]["outcome"], "counter = 2");
    assert_eq!(json["outcomes"][0]["interleavings"], 2);
    assert_eq!(json["outcomes"][1]["interleavings"], 4);
    assert_eq!(
        json["outcomes"][1]["witness"][0]["step"],
        "read counter = 0"
    );
}
