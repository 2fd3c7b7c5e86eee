//! The lesson's exercises, end to end: `racelint --message-format json` on
//! every exercise in `examples/` finds exactly the intended mistakes in each
//! `mistake.rs`, and nothing at all in the fixed versions, nor in the crate of
//! idiomatic concurrent code (`examples/idiomatic`).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use cargo_metadata::diagnostic::Diagnostic;

/// Every exercise, with the findings its `src/bin/mistake.rs` must give:
/// (lint, line of the primary span).
const EXERCISES: &[(&str, &[(&str, usize)])] = &[
    ("counter", &[("lost_update", 23)]),
    ("squares_map", &[("lost_update", 25)]),
    ("read_before_join", &[("read_before_join", 24)]),
    ("forgot_join", &[("detached_thread", 16)]),
    ("squares_list", &[("double_lock", 18), ("double_lock", 21)]),
    ("slow_downloads", &[("serial_join", 21)]),
    ("download_pool", &[("swallowed_panic", 46)]),
];

/// Crates in `examples/` that are not exercises.
const NOT_EXERCISES: &[&str] = &["demos", IDIOMATIC];

/// Correct concurrent code written the way experienced programmers write it:
/// racelint must find nothing in it.
const IDIOMATIC: &str = "idiomatic";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("the workspace root exists")
}

/// What racelint said about one file (or directory).
struct Run {
    /// (lint, line) of every racelint finding, in output order.
    findings: Vec<(String, usize)>,
    /// `file:line: lint: message` of every finding, in output order.
    described: Vec<String>,
    status: i32,
    /// Problems with the output itself.
    problems: Vec<String>,
}

/// Runs `racelint --message-format json PATH` from the workspace root. When
/// `file` is a `.rs` file, every primary span must be in it.
fn racelint(file: &str) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_racelint"))
        .args(["--message-format", "json", file])
        .current_dir(workspace_root())
        .output()
        .expect("racelint runs");
    let stdout = String::from_utf8(output.stdout).expect("stdout is UTF-8");
    let mut findings = Vec::new();
    let mut described = Vec::new();
    let mut problems = Vec::new();
    for line in stdout.lines().filter(|line| !line.trim().is_empty()) {
        let diagnostic: Diagnostic = match serde_json::from_str(line) {
            Ok(diagnostic) => diagnostic,
            Err(error) => {
                problems.push(format!("not a rustc diagnostic ({error}): {line}"));
                continue;
            }
        };
        let Some(code) = diagnostic.code.as_ref().map(|code| code.code.as_str()) else {
            continue; // a summary line, not a finding
        };
        let Some(lint) = code.strip_prefix("racelint::") else {
            problems.push(format!("a code outside racelint: {code}"));
            continue;
        };
        let primary: Vec<_> = diagnostic.spans.iter().filter(|s| s.is_primary).collect();
        match primary.as_slice() {
            [span] => {
                if file.ends_with(".rs") && span.file_name != file {
                    problems.push(format!(
                        "{lint}: the primary span is in `{}`, not in `{file}`",
                        span.file_name
                    ));
                }
                findings.push((lint.to_string(), span.line_start));
                described.push(format!(
                    "{}:{}: {lint}: {}",
                    span.file_name, span.line_start, diagnostic.message
                ));
            }
            spans => problems.push(format!(
                "{lint}: {} primary spans, expected one: {}",
                spans.len(),
                diagnostic.message
            )),
        }
    }
    Run {
        findings,
        described,
        status: output.status.code().expect("racelint exited normally"),
        problems,
    }
}

fn bin_dir(exercise: &str) -> PathBuf {
    workspace_root()
        .join("examples")
        .join(exercise)
        .join("src")
        .join("bin")
}

/// The fixed versions of an exercise: every binary but `mistake.rs`.
fn fixed_files(exercise: &str) -> Vec<String> {
    let dir = bin_dir(exercise);
    let mut files: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".rs") && name != "mistake.rs")
        .map(|name| format!("examples/{exercise}/src/bin/{name}"))
        .collect();
    files.sort();
    files
}

#[test]
fn mistakes_give_exactly_the_intended_findings() {
    let mut report = String::new();
    for &(exercise, expected) in EXERCISES {
        let file = format!("examples/{exercise}/src/bin/mistake.rs");
        let run = racelint(&file);
        let mut expected: Vec<(String, usize)> = expected
            .iter()
            .map(|&(lint, line)| (lint.to_string(), line))
            .collect();
        expected.sort();
        let mut found = run.findings.clone();
        found.sort();
        if found != expected {
            writeln!(
                report,
                "{file}: expected {expected:?}, racelint found {found:?}"
            )
            .unwrap();
        }
        // Exit status 1 exactly when some finding is at deny level.
        let denied = expected.iter().any(|(lint, _)| {
            racelint::lints::find(lint).map(|l| l.default_level) == Some(racelint::Level::Deny)
        });
        let status = i32::from(denied);
        if run.status != status {
            writeln!(
                report,
                "{file}: exit status {}, expected {status}",
                run.status
            )
            .unwrap();
        }
        for problem in run.problems {
            writeln!(report, "{file}: {problem}").unwrap();
        }
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn fixed_versions_give_no_findings() {
    let mut report = String::new();
    for &(exercise, _) in EXERCISES {
        let files = fixed_files(exercise);
        if files.is_empty() {
            writeln!(report, "examples/{exercise}: no fixed version").unwrap();
        }
        for file in files {
            let run = racelint(&file);
            if !run.findings.is_empty() {
                writeln!(report, "{file}: unexpected findings {:?}", run.findings).unwrap();
            }
            if run.status != 0 {
                writeln!(report, "{file}: exit status {}, expected 0", run.status).unwrap();
            }
            for problem in run.problems {
                writeln!(report, "{file}: {problem}").unwrap();
            }
        }
    }
    assert!(report.is_empty(), "{report}");
}

/// The idiomatic crate is all correct code: no finding, exit status 0.
#[test]
fn idiomatic_code_gives_no_findings() {
    let dir = format!("examples/{IDIOMATIC}");
    assert!(
        workspace_root()
            .join(&dir)
            .join("src")
            .join("lib.rs")
            .is_file(),
        "{dir}/src/lib.rs is missing"
    );
    let run = racelint(&dir);
    let mut report = String::new();
    for finding in &run.described {
        writeln!(report, "unexpected finding: {finding}").unwrap();
    }
    if run.status != 0 {
        writeln!(report, "{dir}: exit status {}, expected 0", run.status).unwrap();
    }
    for problem in run.problems {
        writeln!(report, "{dir}: {problem}").unwrap();
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn every_exercise_is_in_the_table() {
    let listed: BTreeSet<&str> = EXERCISES.iter().map(|&(name, _)| name).collect();
    let mut on_disk = BTreeSet::new();
    for entry in fs::read_dir(workspace_root().join("examples")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if entry.path().join("Cargo.toml").is_file() && !NOT_EXERCISES.contains(&name.as_str()) {
            on_disk.insert(name);
        }
    }
    let on_disk: BTreeSet<&str> = on_disk.iter().map(String::as_str).collect();
    assert_eq!(
        listed, on_disk,
        "the exercises in examples/ and the EXERCISES table differ"
    );
    for exercise in listed {
        assert!(
            bin_dir(exercise).join("mistake.rs").is_file(),
            "examples/{exercise} has no src/bin/mistake.rs"
        );
    }
}

/// `cargo racelint` run inside an exercise crate, the way a learner runs it:
/// the crate is found through `cargo metadata`, every binary is linted, and
/// only the mistake gives findings.
#[test]
fn cargo_racelint_inside_an_exercise_crate() {
    for (exercise, expected) in EXERCISES {
        let dir = workspace_root().join("examples").join(exercise);
        let out = Command::new(env!("CARGO_BIN_EXE_cargo-racelint"))
            .args(["racelint", "--message-format", "json"])
            .current_dir(&dir)
            .output()
            .expect("cargo-racelint runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let mut found = BTreeSet::new();
        for line in stdout.lines() {
            let message: cargo_metadata::Message =
                serde_json::from_str(line).expect("every line is a cargo message");
            if let cargo_metadata::Message::CompilerMessage(msg) = message {
                let code = msg
                    .message
                    .code
                    .as_ref()
                    .map(|c| c.code.clone())
                    .unwrap_or_default();
                let span = msg
                    .message
                    .spans
                    .iter()
                    .find(|s| s.is_primary)
                    .expect("a primary span");
                assert!(
                    span.file_name.ends_with("mistake.rs"),
                    "{exercise}: a finding outside the mistake: {}:{} {code}",
                    span.file_name,
                    span.line_start
                );
                found.insert((
                    code.trim_start_matches("racelint::").to_string(),
                    span.line_start,
                ));
            }
        }
        let want: BTreeSet<(String, usize)> = expected
            .iter()
            .map(|(lint, line)| (lint.to_string(), *line))
            .collect();
        assert_eq!(found, want, "{exercise}: findings of `cargo racelint`");
        let denied = expected.iter().any(|(lint, _)| {
            racelint::lints::find(lint).is_some_and(|l| l.default_level == racelint::Level::Deny)
        });
        let status = if denied { 1 } else { 0 };
        assert_eq!(out.status.code(), Some(status), "{exercise}: exit status");
    }
}
