//! UI tests, in the manner of clippy's: every fixture `tests/ui/<name>.rs` is
//! linted, and
//!
//! - the findings must start exactly on the lines marked in the fixture with
//!   `//~ lint_name` (several: `//~ lint_a, lint_b`; `//~^ lint_name` marks the
//!   line above, one `^` per line). Every unmarked line says that nothing
//!   fires there;
//! - the rendered output must equal `tests/ui/<name>.stderr`. Run with
//!   `RACELINT_BLESS=1` to write the `.stderr` files, then review the diff.
//!
//! A fixture whose name ends in `_2024` is analyzed as edition 2024, every
//! other one as edition 2021.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;

use racelint::REGISTRY;
use racelint::analyze::{Edition, check_source};

/// A finding's place as the marks name it: 1-based line, lint name.
mod support;

#[path = "support/harness.rs"]
mod harness;

use harness::{Fixture, compare, stray_files};
use support::Mark;

/// Every fixture, sorted by name.
fn fixtures() -> Vec<Fixture> {
    harness::fixtures("ui", "rs", |path| {
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let edition = if stem.ends_with("_2024") {
            Edition::E2024
        } else {
            Edition::E2021
        };
        let text = fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        (text, edition)
    })
}

/// The `//~` marks of a fixture.
fn parse_marks(text: &str) -> Result<BTreeSet<Mark>, String> {
    harness::lint_marks(text)
}

#[test]
fn findings_start_on_the_marked_lines() {
    harness::check_marks(&fixtures(), parse_marks, "//~");
}

#[test]
fn rendered_output_matches_stderr_files() {
    let report = harness::compare_rendered(&fixtures(), "ui", "rs");
    assert!(
        report.is_empty(),
        "rendered output differs (run with RACELINT_BLESS=1 to update, then review):\n{report}"
    );
}

/// Like clippy's `.fixed` files: for a fixture whose findings carry
/// machine-applicable suggestions, the suggestions are taken from the rustc
/// JSON racelint prints, applied with rustfix the way `cargo fix` and
/// editors apply them, and the result must equal `tests/ui/<name>.fixed`
/// (written by `RACELINT_BLESS=1`). The fixed text must parse and lint again
/// without any machine-applicable suggestion left.
#[test]
fn machine_applicable_fixes_match_fixed_files() {
    let mut report = String::new();
    let mut fixed_any = false;
    for fixture in fixtures() {
        let (unit, findings) = fixture.check();
        let fixed_path = fixture.path.with_extension("fixed");
        let fixed_name = fixture.name_with("fixed");
        let suggestions: Vec<rustfix::Suggestion> = findings
            .iter()
            .flat_map(|finding| {
                let options = racelint::render::human::Options::default();
                let diagnostic = racelint::render::json::diagnostic(&unit, finding, options);
                let line = racelint::render::json::line(&diagnostic, None);
                rustfix::get_suggestions_from_json(
                    &line,
                    &std::collections::HashSet::<String>::new(),
                    rustfix::Filter::MachineApplicableOnly,
                )
                .expect("racelint's JSON reads as rustc diagnostics")
            })
            .collect();
        if suggestions.is_empty() {
            if fixed_path.exists() {
                writeln!(
                    report,
                    "{fixed_name}: the fixture has no machine-applicable suggestion; remove it"
                )
                .unwrap();
            }
            continue;
        }
        fixed_any = true;
        let fixed = match rustfix::apply_suggestions(&fixture.text, &suggestions) {
            Ok(fixed) => fixed,
            Err(error) => {
                writeln!(
                    report,
                    "{}: the suggestions do not apply: {error}",
                    fixture.name
                )
                .unwrap();
                continue;
            }
        };
        let (_, after) = check_source(&fixture.name, &fixed, fixture.edition);
        for finding in &after {
            let safe_fix = finding
                .suggestion
                .as_ref()
                .is_some_and(|s| s.applicability == racelint::Applicability::MachineApplicable);
            if finding.lint.name == "parse_error" || safe_fix {
                writeln!(
                    report,
                    "{fixed_name}: after the fixes, {} still fires: {}",
                    finding.lint.name, finding.message
                )
                .unwrap();
            }
        }
        compare(
            &fixed_path,
            &fixed_name,
            "the fixed fixture",
            &fixed,
            "ui",
            &mut report,
        );
    }
    stray_files("ui", "rs", "fixed", &mut report);
    assert!(
        fixed_any,
        "no fixture has a machine-applicable suggestion: nothing was checked"
    );
    assert!(
        report.is_empty(),
        "fixed fixtures differ (run with RACELINT_BLESS=1 to update, then review):\n{report}"
    );
}

#[test]
fn every_lint_has_a_marked_fixture() {
    let marked = harness::marked_lints(&fixtures(), parse_marks);
    let missing: Vec<&str> = REGISTRY
        .iter()
        .map(|lint| lint.name)
        .filter(|&name| {
            racelint::lints::find(name).is_some_and(|l| {
                l.group != racelint::Group::Input && racelint::lints::rust_check(l).is_some()
            }) && !marked.contains(name)
        })
        .collect();
    assert!(
        missing.is_empty(),
        "lints without a `//~` mark in any fixture under tests/ui: {missing:?}"
    );
}

/// Like clippy: messages, labels, notes, help and suggestions start lowercase
/// and end without a period.
#[test]
fn messages_keep_the_teaching_voice() {
    harness::check_voice(&fixtures());
}

#[test]
fn marks_are_read_as_written() {
    let text = "fn main() {\n    a(); //~ lost_update\n    b(); //~ serial_join, swallowed_panic\n    //~^ double_lock\n    c();\n}\n//~^^^^ detached_thread\n";
    let marks = parse_marks(text).unwrap();
    let expected: BTreeSet<Mark> = [
        (2, "lost_update"),
        (3, "serial_join"),
        (3, "swallowed_panic"),
        (3, "double_lock"),
        (3, "detached_thread"),
    ]
    .into_iter()
    .map(|(line, lint)| (line, lint.to_string()))
    .collect();
    assert_eq!(marks, expected);
    assert!(parse_marks("x(); //~ lost_updates\n").is_err());
    assert!(parse_marks("x(); //~ racelint::lost_update\n").is_err());
    assert!(parse_marks("x(); //~\n").is_err());
    assert!(parse_marks("//~^ lost_update\n").is_err());
}
