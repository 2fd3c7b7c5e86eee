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
use std::path::{Path, PathBuf};
use std::{env, fs};

use racelint::analyze::{Edition, Unit, check_source};
use racelint::{Finding, REGISTRY};

/// A finding's place as the marks name it: 1-based line, lint name.
mod support;

use support::Mark;

struct Fixture {
    /// The name given to racelint, relative to the package root: `tests/ui/x.rs`.
    name: String,
    path: PathBuf,
    edition: Edition,
    text: String,
}

impl Fixture {
    fn stderr_path(&self) -> PathBuf {
        self.path.with_extension("stderr")
    }

    fn stderr_name(&self) -> String {
        self.name.replace(".rs", ".stderr")
    }

    fn check(&self) -> (Unit, Vec<Finding>) {
        check_source(&self.name, &self.text, self.edition)
    }
}

fn ui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("ui")
}

/// Every fixture, sorted by name.
fn fixtures() -> Vec<Fixture> {
    let dir = ui_dir();
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("cannot read a fixture directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());
    paths
        .into_iter()
        .map(|path| {
            let file_name = path.file_name().unwrap().to_str().unwrap().to_string();
            let stem = path.file_stem().unwrap().to_str().unwrap();
            let edition = if stem.ends_with("_2024") {
                Edition::E2024
            } else {
                Edition::E2021
            };
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            Fixture {
                name: format!("tests/ui/{file_name}"),
                path,
                edition,
                text,
            }
        })
        .collect()
}

/// The `//~` marks of a fixture.
fn parse_marks(text: &str) -> Result<BTreeSet<Mark>, String> {
    support::parse_marks(
        text,
        |name| racelint::lints::find(name).is_some_and(|lint| lint.name == name),
        "is not a lint name (write it without `racelint::`)",
    )
}

fn line_of(unit: &Unit, finding: &Finding) -> usize {
    let span = finding.primary.span;
    unit.file(span.file).line_col(span.lo as usize).line
}

fn found_marks(unit: &Unit, findings: &[Finding]) -> BTreeSet<Mark> {
    findings
        .iter()
        .map(|f| (line_of(unit, f), f.lint.name.to_string()))
        .collect()
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
        let found = found_marks(&unit, &findings);
        if found == expected {
            continue;
        }
        writeln!(report, "{}:", fixture.name).unwrap();
        for (line, lint) in expected.difference(&found) {
            writeln!(report, "    missing:    line {line} {lint}").unwrap();
        }
        for (line, lint) in found.difference(&expected) {
            let messages = findings
                .iter()
                .filter(|f| f.lint.name == lint && line_of(&unit, f) == *line)
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            writeln!(report, "    unexpected: line {line} {lint}: {messages}").unwrap();
        }
    }
    assert!(
        report.is_empty(),
        "findings differ from the `//~` marks:\n{report}"
    );
}

#[test]
fn rendered_output_matches_stderr_files() {
    let bless = bless();
    let mut report = String::new();
    let fixtures = fixtures();
    for fixture in &fixtures {
        let (unit, findings) = fixture.check();
        let actual = racelint::render::human::to_string(&unit, &findings);
        let stderr_path = fixture.stderr_path();
        let expected = fs::read_to_string(&stderr_path).ok();
        if expected.as_deref() == Some(actual.as_str()) {
            continue;
        }
        if bless {
            fs::write(&stderr_path, &actual)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", stderr_path.display()));
            println!("blessed {}", fixture.stderr_name());
            continue;
        }
        match expected {
            None => writeln!(
                report,
                "{}: missing; run `RACELINT_BLESS=1 cargo test -p racelint --test ui` \
                 to write it, then review it",
                fixture.stderr_name()
            )
            .unwrap(),
            Some(expected) => writeln!(
                report,
                "{} differs from the output (- expected, + actual):\n{}",
                fixture.stderr_name(),
                line_diff(&expected, &actual)
            )
            .unwrap(),
        }
    }
    // A `.stderr` left behind by a renamed or removed fixture.
    for entry in fs::read_dir(ui_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "stderr")
            && !path.with_extension("rs").exists()
        {
            writeln!(report, "{}: no fixture beside it", path.display()).unwrap();
        }
    }
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
    let bless = bless();
    let mut report = String::new();
    let mut fixed_any = false;
    for fixture in fixtures() {
        let (unit, findings) = fixture.check();
        let fixed_path = fixture.path.with_extension("fixed");
        let fixed_name = fixture.name.replace(".rs", ".fixed");
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
        let expected = fs::read_to_string(&fixed_path).ok();
        if expected.as_deref() == Some(fixed.as_str()) {
            continue;
        }
        if bless {
            fs::write(&fixed_path, &fixed)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", fixed_path.display()));
            println!("blessed {fixed_name}");
            continue;
        }
        match expected {
            None => writeln!(
                report,
                "{fixed_name}: missing; run `RACELINT_BLESS=1 cargo test -p racelint --test ui` \
                 to write it, then review it"
            )
            .unwrap(),
            Some(expected) => writeln!(
                report,
                "{fixed_name} differs from the fixed fixture (- expected, + actual):\n{}",
                line_diff(&expected, &fixed)
            )
            .unwrap(),
        }
    }
    for entry in fs::read_dir(ui_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "fixed") && !path.with_extension("rs").exists()
        {
            writeln!(report, "{}: no fixture beside it", path.display()).unwrap();
        }
    }
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
    let mut marked = BTreeSet::new();
    for fixture in fixtures() {
        let marks = parse_marks(&fixture.text)
            .unwrap_or_else(|error| panic!("{}: bad mark: {error}", fixture.name));
        marked.extend(marks.into_iter().map(|(_, lint)| lint));
    }
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

/// Like clippy: messages, labels, notes and help start lowercase and end without a period.
#[test]
fn messages_keep_the_teaching_voice() {
    let mut report = String::new();
    let mut texts = 0;
    for fixture in fixtures() {
        let (unit, findings) = fixture.check();
        for finding in &findings {
            let line = line_of(&unit, finding);
            let mut check = |what: &str, text: &str, may_be_empty: bool| {
                texts += 1;
                let problem = match text.chars().next() {
                    None if may_be_empty => return,
                    None => "is empty",
                    Some(c) if c.is_uppercase() => "starts with a capital letter",
                    Some(_) if text.ends_with('.') => "ends with a period",
                    Some(_) if text != text.trim() => "starts or ends with whitespace",
                    Some(_) => return,
                };
                writeln!(
                    report,
                    "{}:{line} {}: the {what} {problem}: {text:?}",
                    fixture.name, finding.lint.name
                )
                .unwrap();
            };
            check("message", &finding.message, false);
            check("primary label", &finding.primary.message, true);
            for label in &finding.labels {
                check("label", &label.message, true);
            }
            for note in &finding.notes {
                check("note", note, false);
            }
            if let Some(help) = &finding.help {
                check("help", help, false);
            }
            if let Some(suggestion) = &finding.suggestion {
                check("suggestion", &suggestion.message, false);
            }
        }
    }
    assert!(texts > 0, "no findings in any fixture: nothing was checked");
    assert!(report.is_empty(), "messages out of voice:\n{report}");
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

/// A line diff of two texts (longest common subsequence): `-` lines only in
/// `expected`, `+` lines only in `actual`, two lines of context around changes.
fn line_diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.lines().collect();
    let new: Vec<&str> = actual.lines().collect();
    // lcs[i][j]: length of the longest common subsequence of old[i..] and new[j..].
    let mut lcs = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            ops.push((' ', old[i]));
            i += 1;
            j += 1;
        } else if j < new.len() && (i == old.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            ops.push(('+', new[j]));
            j += 1;
        } else {
            ops.push(('-', old[i]));
            i += 1;
        }
    }
    if expected.ends_with('\n') != actual.ends_with('\n') {
        ops.push(('!', "(the texts differ in their final newline)"));
    }
    let near_change = |k: usize| {
        let lo = k.saturating_sub(2);
        let hi = (k + 2).min(ops.len() - 1);
        ops[lo..=hi].iter().any(|&(op, _)| op != ' ')
    };
    let mut out = String::new();
    let mut skipped = false;
    for (k, &(op, text)) in ops.iter().enumerate() {
        if near_change(k) {
            if skipped {
                out.push_str("    ...\n");
                skipped = false;
            }
            writeln!(out, "    {op} {text}").unwrap();
        } else {
            skipped = true;
        }
    }
    out
}
