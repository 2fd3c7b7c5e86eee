//! A lint that fails is an `internal_error` naming the file and the lint;
//! the other lints and files still report.

use std::process::Command;

use racelint::analyze::{Edition, Unit, check_unit_with};
use racelint::lints::CheckFn;
use racelint::model::Model;
use racelint::{Finding, LintLevels, SourceFile};
use tempfile::TempDir;

use crate::{CLEAN, assert_located, json_lines, lost_update_fixture, messages, text, write};

fn panicking_check(_: &Model, _: &mut Vec<Finding>) {
    panic!("this check always fails");
}

/// Fails only on models that have a function named `poison`.
fn picky_check(model: &Model, _: &mut Vec<Finding>) {
    if model.bodies.iter().any(|body| body.name.contains("poison")) {
        panic!("poisoned");
    }
}

fn serial_join() -> &'static racelint::Lint {
    racelint::lints::find("serial_join").unwrap()
}

/// The findings of `unit` with the `extra` lints, all located, and the one
/// `internal_error` among them.
fn check_with_failing_lint(
    unit: &Unit,
    extra: &[(&'static racelint::Lint, CheckFn)],
) -> (Vec<Finding>, Finding) {
    let findings = check_unit_with(unit, &LintLevels::default(), extra);
    assert_located(unit, &findings);
    let internal: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.lint.name == "internal_error")
        .collect();
    assert_eq!(internal.len(), 1, "{:?}", messages(&findings));
    let internal = internal[0].clone();
    (findings, internal)
}

#[test]
fn a_failing_lint_is_an_internal_error_and_the_other_lints_still_report() {
    let unit = Unit {
        files: vec![SourceFile::new("lost.rs", "lost.rs", lost_update_fixture())],
        edition: Edition::E2021,
    };
    let extra: [(&'static racelint::Lint, CheckFn); 1] = [(serial_join(), panicking_check)];
    let (findings, internal) = check_with_failing_lint(&unit, &extra);
    assert_eq!(
        internal.message,
        "racelint failed in lint `serial_join` while analyzing this file"
    );
    assert!(
        internal.primary.message.contains("this check always fails"),
        "{}",
        internal.primary.message
    );
    assert_eq!(internal.level, racelint::Level::Deny);
    assert!(findings.iter().any(|f| f.lint.name == "lost_update"));

    // Allowed, the failing lint does not run at all.
    let mut levels = LintLevels::default();
    levels.set(serial_join(), racelint::Level::Allow);
    let findings = check_unit_with(&unit, &levels, &extra);
    assert!(findings.iter().all(|f| f.lint.name != "internal_error"));
}

#[test]
fn in_a_package_the_file_a_lint_fails_on_is_named_and_the_others_are_linted() {
    let unit = Unit {
        files: vec![
            SourceFile::new("a.rs", "a.rs", lost_update_fixture()),
            SourceFile::new("b.rs", "b.rs", "fn poison() {}\n"),
            SourceFile::new("c.rs", "c.rs", CLEAN),
        ],
        edition: Edition::E2021,
    };
    let extra: [(&'static racelint::Lint, CheckFn); 1] = [(serial_join(), picky_check)];
    let (findings, internal) = check_with_failing_lint(&unit, &extra);
    assert_eq!(unit.file(internal.primary.span.file).name, "b.rs");
    assert!(
        internal
            .message
            .contains("with the other files of its package")
    );
    assert!(findings.iter().any(|f| f.lint.name == "lost_update"));
}

#[test]
fn a_lint_that_fails_in_the_binary_is_reported_and_the_run_goes_on() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(root, "a.rs", lost_update_fixture());
    write(root, "b.rs", "fn main() {\n    let x = ;\n}\n");
    let output = Command::new(env!("CARGO_BIN_EXE_racelint"))
        .args(["--message-format=short", "."])
        .current_dir(root)
        .env("RACELINT_FAIL_IN", "lost_update")
        .output()
        .unwrap();
    let out = text(&output.stdout);
    let err = text(&output.stderr);
    if !cfg!(debug_assertions) {
        // Release builds have no failure injection: nothing to see.
        assert!(!out.contains("internal_error"), "{out}");
        return;
    }
    assert_eq!(output.status.code(), Some(1), "{out}{err}");
    assert!(
        out.contains(
            "a.rs:1:1: error[racelint::internal_error]: racelint failed in lint `lost_update` while analyzing this file"
        ),
        "{out}"
    );
    assert!(
        out.contains("b.rs:2:13: error[racelint::parse_error]"),
        "{out}"
    );
    assert!(
        out.contains("racelint::detached_thread") || out.contains("racelint::"),
        "{out}"
    );
    assert!(
        !err.contains("panicked"),
        "the caught panic was printed: {err}"
    );

    // The model failing: every file is named, the run still ends normally.
    let output = Command::new(env!("CARGO_BIN_EXE_racelint"))
        .args(["--message-format=json", "."])
        .current_dir(root)
        .env("RACELINT_FAIL_IN", "model")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let lines = json_lines(&output);
    let codes: Vec<String> = lines
        .iter()
        .map(|d| d["code"]["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        codes,
        ["racelint::internal_error", "racelint::parse_error"],
        "{lines:?}"
    );
    assert_eq!(lines[0]["spans"][0]["file_name"], "a.rs");
    assert!(!text(&output.stderr).contains("panicked"));
}
