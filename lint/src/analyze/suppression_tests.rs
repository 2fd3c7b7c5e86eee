//! Suppression comments through the whole pipeline: the findings they hide,
//! and the `unused_suppression` findings they cause.
use super::*;
use crate::diagnostic::Applicability;

const SPLIT: &str = "use std::sync::atomic::{AtomicUsize, Ordering};\nuse std::sync::Arc;\nuse std::thread;\n\nfn main() {\n    let c = Arc::new(AtomicUsize::new(0));\n    let mut hs = Vec::new();\n    for _ in 0..4 {\n        let c = Arc::clone(&c);\n        hs.push(thread::spawn(move || {\n            STORE\n        }));\n    }\n    for h in hs {\n        h.join().unwrap();\n    }\n}\n";

fn lint(store: &str) -> Vec<Finding> {
    let text = SPLIT.replace("STORE", store);
    check_source("a.rs", &text, Edition::E2021).1
}

fn lint_names(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.lint.name).collect()
}

#[test]
fn a_finding_is_suppressed_on_its_line_or_from_the_line_above() {
    let plain = lint("c.store(c.load(Ordering::SeqCst) + 1, Ordering::SeqCst);");
    assert_eq!(lint_names(&plain), ["lost_update"]);
    let same_line = lint(
        "c.store(c.load(Ordering::SeqCst) + 1, Ordering::SeqCst); // racelint: allow(lost_update)",
    );
    assert!(same_line.is_empty(), "{:?}", lint_names(&same_line));
    let above = lint(
        "// racelint: allow(serial_join, race)\n            c.store(c.load(Ordering::SeqCst) + 1, Ordering::SeqCst);",
    );
    assert_eq!(lint_names(&above), ["unused_suppression"]);
    assert_eq!(
        above[0].message,
        "this suppression of `serial_join` suppresses nothing"
    );
}

#[test]
fn file_wide_suppression_and_unused_ones() {
    let text = SPLIT.replace(
        "STORE",
        "c.store(c.load(Ordering::SeqCst) + 1, Ordering::SeqCst);",
    );
    let text = format!("// racelint: allow-file(lost_update)\n{text}");
    let (_, findings) = check_source("a.rs", &text, Edition::E2021);
    assert!(findings.is_empty(), "{:?}", lint_names(&findings));

    let text = format!("// racelint: allow-file(double_lock)\n{SPLIT}").replace("STORE", "");
    let (_, findings) = check_source("a.rs", &text, Edition::E2021);
    assert_eq!(lint_names(&findings), ["unused_suppression"]);
    assert_eq!(findings[0].level, Level::Warn);
    let fix = findings[0].suggestion.as_ref().unwrap();
    assert_eq!(fix.applicability, Applicability::MachineApplicable);
    assert_eq!(fix.edits[0].span.range(), 0..37);
}

#[test]
fn a_suppression_with_a_typo_is_reported_with_the_comment_racelint_would_read() {
    let (_, findings) = check_source(
        "a.rs",
        "fn main() {} // racelint allow(double_lock)\n",
        Edition::E2021,
    );
    assert_eq!(lint_names(&findings), ["unused_suppression"]);
    let fix = findings[0].suggestion.as_ref().unwrap();
    assert_eq!(fix.edits[0].replacement, "// racelint: allow(double_lock)");
    assert_eq!(fix.applicability, Applicability::MaybeIncorrect);
}

#[test]
fn unknown_names_are_reported_with_the_closest_one() {
    let (_, findings) = check_source(
        "a.rs",
        "fn main() {} // racelint: allow(lost_updat)\n",
        Edition::E2021,
    );
    assert_eq!(lint_names(&findings), ["unused_suppression"]);
    assert_eq!(
        findings[0].message,
        "unknown lint `lost_updat` in a suppression comment"
    );
    let fix = findings[0].suggestion.as_ref().unwrap();
    assert_eq!(fix.edits[0].replacement, "lost_update");
    assert_eq!(fix.applicability, Applicability::MaybeIncorrect);
}

#[test]
fn allowed_lints_and_unparsed_files_report_nothing_unused() {
    let mut levels = LintLevels::default();
    levels.apply("double_lock", Level::Allow).unwrap();
    let unit = Unit {
        files: vec![SourceFile::new(
            "a.rs",
            "a.rs",
            "fn main() {} // racelint: allow(double_lock)\n",
        )],
        edition: Edition::E2021,
    };
    assert!(check_unit(&unit, &levels).is_empty());
    let (_, findings) = check_source(
        "a.rs",
        "fn main() { let = ; } // racelint: allow(double_lock)\n",
        Edition::E2021,
    );
    assert_eq!(lint_names(&findings), ["parse_error"]);
    let (_, findings) = check_source(
        "a.rs",
        "// racelint: allow-file(unused_suppression)\nfn main() {} // racelint: allow(double_lock)\n",
        Edition::E2021,
    );
    assert!(findings.is_empty(), "{:?}", lint_names(&findings));
}
