//! UI tests of the Python front-end, as `tests/ui.rs` does for Rust: every
//! fixture `tests/ui_py/<name>.py` is linted, and
//!
//! - the findings must start exactly on the lines marked `#~ lint_name`
//!   (`#~^ lint_name` marks the line above); every unmarked line says that
//!   nothing fires there;
//! - the rendered output must equal `tests/ui_py/<name>.stderr`;
//! - where there are machine-applicable suggestions, applying them must give
//!   `tests/ui_py/<name>.fixed`, which must parse and have none left.
//!
//! `RACELINT_BLESS=1` writes the `.stderr` and `.fixed` files; review the diff.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use racelint::REGISTRY;
use racelint::analyze::{Edition, check_source};

mod support;

#[path = "support/harness.rs"]
mod harness;

use harness::{Fixture, compare, stray_files};
use support::Mark;

/// Every fixture, sorted by name, in the encoding it declares, as racelint
/// reads it.
fn fixtures() -> Vec<Fixture> {
    harness::fixtures("ui_py", "py", |path| {
        let bytes =
            std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let (text, _) = racelint::python::encoding::decode(bytes)
            .unwrap_or_else(|e| panic!("cannot decode {}: {}", path.display(), e.reason));
        (text, Edition::E2021)
    })
}

/// The `#~` marks of a fixture (read as the Rust fixtures' `//~` marks).
fn parse_marks(text: &str) -> Result<BTreeSet<Mark>, String> {
    let as_rust: String = text
        .lines()
        .map(|line| line.replacen("#~", "//~", 1) + "\n")
        .collect();
    harness::lint_marks(&as_rust)
}

#[test]
fn findings_start_on_the_marked_lines() {
    harness::check_marks(&fixtures(), parse_marks, "#~");
}

#[test]
fn rendered_output_matches_stderr_files() {
    let mut report = harness::compare_rendered(&fixtures(), "ui_py", "py");
    stray_files("ui_py", "py", "fixed", &mut report);
    assert!(report.is_empty(), "rendered output differs:\n{report}");
}

#[test]
fn machine_applicable_fixes_match_fixed_files() {
    let mut report = String::new();
    let mut fixed_any = false;
    for fixture in fixtures() {
        let (unit, findings) = fixture.check();
        let suggestions: Vec<_> = findings
            .iter()
            .filter_map(|f| racelint::fix::rustfix_suggestion(&unit, f))
            .collect();
        let fixed_path = fixture.path.with_extension("fixed");
        if suggestions.is_empty() {
            if fixed_path.exists() {
                writeln!(
                    report,
                    "{}: no suggestion to apply; remove it",
                    fixed_path.display()
                )
                .unwrap();
            }
            continue;
        }
        fixed_any = true;
        let (fixed, applied) = racelint::fix::apply(&fixture.text, &suggestions);
        assert!(
            applied.iter().all(|&a| a),
            "{}: overlapping fixes",
            fixture.name
        );
        let broken_before = findings.iter().any(|f| f.lint.name == "parse_error");
        let (_, after) = check_source(&fixture.name, &fixed, fixture.edition);
        for finding in &after {
            let safe = finding
                .suggestion
                .as_ref()
                .is_some_and(|s| s.applicability == racelint::Applicability::MachineApplicable);
            if (finding.lint.name == "parse_error" && !broken_before) || safe {
                writeln!(
                    report,
                    "{}: after the fixes, {} still fires: {}",
                    fixture.name, finding.lint.name, finding.message
                )
                .unwrap();
            }
        }
        let fixed_name = fixture.name_with("fixed");
        compare(
            &fixed_path,
            &fixed_name,
            "the fixed fixture",
            &fixed,
            "ui_py",
            &mut report,
        );
    }
    assert!(fixed_any, "no fixture has a machine-applicable suggestion");
    assert!(report.is_empty(), "fixed fixtures differ:\n{report}");
}

#[test]
fn every_python_check_has_a_marked_fixture() {
    let marked = harness::marked_lints(&fixtures(), parse_marks);
    let missing: Vec<&str> = racelint::lints::python::PYTHON_CHECKS
        .iter()
        .map(|c| c.lint.name)
        .filter(|name| !marked.contains(*name))
        .collect();
    assert!(
        missing.is_empty(),
        "Python checks without a `#~` mark under tests/ui_py: {missing:?}"
    );
    assert!(REGISTRY.len() > racelint::lints::python::PYTHON_CHECKS.len());
}

/// Messages, labels, notes, help and suggestions start lowercase and end
/// without a period.
#[test]
fn messages_keep_the_teaching_voice() {
    harness::check_voice(&fixtures());
}
