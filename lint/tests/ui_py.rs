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
use std::path::{Path, PathBuf};
use std::{env, fs};

use racelint::analyze::{Edition, Unit, check_source};
use racelint::{Finding, REGISTRY};

mod support;

use support::Mark;

struct Fixture {
    name: String,
    path: PathBuf,
    text: String,
}

impl Fixture {
    fn check(&self) -> (Unit, Vec<Finding>) {
        check_source(&self.name, &self.text, Edition::E2021)
    }
}

fn ui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("ui_py")
}

fn fixtures() -> Vec<Fixture> {
    let dir = ui_dir();
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a fixture directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());
    paths
        .into_iter()
        .map(|path| {
            let file_name = path.file_name().unwrap().to_str().unwrap().to_string();
            // In the encoding the fixture declares, as racelint reads it.
            let bytes =
                fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let (text, _) = racelint::python::encoding::decode(bytes)
                .unwrap_or_else(|e| panic!("cannot decode {}: {}", path.display(), e.reason));
            Fixture {
                name: format!("tests/ui_py/{file_name}"),
                path,
                text,
            }
        })
        .collect()
}

/// The `#~` marks of a fixture (read as the Rust fixtures' `//~` marks).
fn parse_marks(text: &str) -> Result<BTreeSet<Mark>, String> {
    let as_rust: String = text
        .lines()
        .map(|line| line.replacen("#~", "//~", 1) + "\n")
        .collect();
    support::parse_marks(
        &as_rust,
        |name| racelint::lints::find(name).is_some_and(|lint| lint.name == name),
        "is not a lint name (write it without `racelint::`)",
    )
}

fn line_of(unit: &Unit, finding: &Finding) -> usize {
    let span = finding.primary.span;
    unit.file(span.file).line_col(span.lo as usize).line
}

fn bless() -> bool {
    env::var_os("RACELINT_BLESS").is_some_and(|value| value == "1")
}

#[test]
fn findings_start_on_the_marked_lines() {
    let mut report = String::new();
    for fixture in fixtures() {
        let expected = match parse_marks(&fixture.text) {
            Ok(marks) => marks,
            Err(error) => {
                writeln!(report, "{}: bad mark: {error}", fixture.name).unwrap();
                continue;
            }
        };
        let (unit, findings) = fixture.check();
        let found: BTreeSet<Mark> = findings
            .iter()
            .map(|f| (line_of(&unit, f), f.lint.name.to_string()))
            .collect();
        if found == expected {
            continue;
        }
        writeln!(report, "{}:", fixture.name).unwrap();
        for (line, lint) in expected.difference(&found) {
            writeln!(report, "    missing:    line {line} {lint}").unwrap();
        }
        for (line, lint) in found.difference(&expected) {
            let messages: Vec<&str> = findings
                .iter()
                .filter(|f| f.lint.name == lint && line_of(&unit, f) == *line)
                .map(|f| f.message.as_str())
                .collect();
            writeln!(
                report,
                "    unexpected: line {line} {lint}: {}",
                messages.join("; ")
            )
            .unwrap();
        }
    }
    assert!(
        report.is_empty(),
        "findings differ from the `#~` marks:\n{report}"
    );
}

/// Compares `actual` with the file at `path`, or writes it when blessing.
fn compare(path: &Path, actual: &str, report: &mut String) {
    let expected = fs::read_to_string(path).ok();
    if expected.as_deref() == Some(actual) {
        return;
    }
    if bless() {
        fs::write(path, actual).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return;
    }
    match expected {
        None => writeln!(
            report,
            "{}: missing (run with RACELINT_BLESS=1)",
            path.display()
        )
        .unwrap(),
        Some(expected) => {
            writeln!(report, "{} differs from the output:", path.display()).unwrap();
            for (e, a) in expected
                .lines()
                .zip(actual.lines())
                .filter(|(e, a)| e != a)
                .take(5)
            {
                writeln!(report, "    - {e}\n    + {a}").unwrap();
            }
            if expected.lines().count() != actual.lines().count() {
                writeln!(
                    report,
                    "    ({} lines expected, {} found)",
                    expected.lines().count(),
                    actual.lines().count()
                )
                .unwrap();
            }
        }
    }
}

#[test]
fn rendered_output_matches_stderr_files() {
    let mut report = String::new();
    for fixture in fixtures() {
        let (unit, findings) = fixture.check();
        let actual = racelint::render::human::to_string(&unit, &findings);
        compare(&fixture.path.with_extension("stderr"), &actual, &mut report);
    }
    for entry in fs::read_dir(ui_dir()).unwrap() {
        let path = entry.unwrap().path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "stderr" | "fixed") && !path.with_extension("py").exists() {
            writeln!(report, "{}: no fixture beside it", path.display()).unwrap();
        }
    }
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
        let (_, after) = check_source(&fixture.name, &fixed, Edition::E2021);
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
        compare(&fixed_path, &fixed, &mut report);
    }
    assert!(fixed_any, "no fixture has a machine-applicable suggestion");
    assert!(report.is_empty(), "fixed fixtures differ:\n{report}");
}

#[test]
fn every_python_check_has_a_marked_fixture() {
    let mut marked = BTreeSet::new();
    for fixture in fixtures() {
        let marks = parse_marks(&fixture.text)
            .unwrap_or_else(|error| panic!("{}: bad mark: {error}", fixture.name));
        marked.extend(marks.into_iter().map(|(_, lint)| lint));
    }
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

/// Messages, labels, notes and help start lowercase and end without a period.
#[test]
fn messages_keep_the_teaching_voice() {
    let mut report = String::new();
    for fixture in fixtures() {
        let (unit, findings) = fixture.check();
        for finding in &findings {
            let mut texts = vec![finding.message.as_str(), finding.primary.message.as_str()];
            texts.extend(finding.labels.iter().map(|l| l.message.as_str()));
            texts.extend(finding.notes.iter().map(String::as_str));
            texts.extend(finding.help.as_deref());
            for text in texts.into_iter().filter(|t| !t.is_empty()) {
                if text.starts_with(char::is_uppercase)
                    || text.ends_with('.')
                    || text != text.trim()
                {
                    writeln!(
                        report,
                        "{}:{} {}: {text:?}",
                        fixture.name,
                        line_of(&unit, finding),
                        finding.lint.name
                    )
                    .unwrap();
                }
            }
        }
    }
    assert!(report.is_empty(), "messages out of voice:\n{report}");
}
