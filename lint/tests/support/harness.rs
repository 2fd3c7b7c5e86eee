//! What the two UI harnesses share, `tests/ui.rs` (Rust fixtures, `//~`
//! marks) and `tests/ui_py.rs` (Python fixtures, `#~` marks): listing the
//! fixtures, checking the findings against the marks, comparing output with
//! the `.stderr` and `.fixed` files beside each fixture (or writing them under
//! `RACELINT_BLESS=1`), and the teaching-voice check.
//!
//! Each test file is its own crate, so this file is included by path from
//! those two only (`#[path = "support/harness.rs"] mod harness;`) and every
//! item in it is used by both; `support/mod.rs` keeps what the corpus harness
//! needs as well.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

use racelint::Finding;
use racelint::analyze::{Edition, Unit, check_source};

use crate::support::Mark;

pub struct Fixture {
    /// The name given to racelint, relative to the package root: `tests/ui/x.rs`.
    pub name: String,
    pub path: PathBuf,
    pub edition: Edition,
    pub text: String,
}

impl Fixture {
    pub fn check(&self) -> (Unit, Vec<Finding>) {
        check_source(&self.name, &self.text, self.edition)
    }

    /// The name of the file beside the fixture with extension `ext`.
    pub fn name_with(&self, ext: &str) -> String {
        Path::new(&self.name)
            .with_extension(ext)
            .to_string_lossy()
            .into_owned()
    }
}

/// The folder of the fixtures: `tests/<folder>` in this package.
pub fn ui_dir(folder: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(folder)
}

/// Every fixture `tests/<folder>/*.<ext>`, sorted by name; `read` gives the
/// text of one (as racelint reads it) and the edition it is analyzed in.
pub fn fixtures(
    folder: &str,
    ext: &str,
    read: impl Fn(&Path) -> (String, Edition),
) -> Vec<Fixture> {
    let dir = ui_dir(folder);
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("cannot read a fixture directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == ext))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());
    paths
        .into_iter()
        .map(|path| {
            let file_name = path.file_name().unwrap().to_str().unwrap().to_string();
            let (text, edition) = read(&path);
            Fixture {
                name: format!("tests/{folder}/{file_name}"),
                path,
                edition,
                text,
            }
        })
        .collect()
}

pub fn line_of(unit: &Unit, finding: &Finding) -> usize {
    let span = finding.primary.span;
    unit.file(span.file).line_col(span.lo as usize).line
}

pub fn bless() -> bool {
    env::var_os("RACELINT_BLESS").is_some_and(|value| value == "1")
}

/// The `//~` marks of a text, each naming a lint (without `racelint::`).
pub fn lint_marks(text: &str) -> Result<BTreeSet<Mark>, String> {
    crate::support::parse_marks(
        text,
        |name| racelint::lints::find(name).is_some_and(|lint| lint.name == name),
        "is not a lint name (write it without `racelint::`)",
    )
}

/// Checks that the findings of every fixture start exactly on its marked
/// lines (`parse_marks` reads the marks written `mark`).
pub fn check_marks(
    fixtures: &[Fixture],
    parse_marks: impl Fn(&str) -> Result<BTreeSet<Mark>, String>,
    mark: &str,
) {
    let mut report = String::new();
    for fixture in fixtures {
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
        "findings differ from the `{mark}` marks:\n{report}"
    );
}

/// The lints marked in any fixture (a bad mark fails the test).
pub fn marked_lints(
    fixtures: &[Fixture],
    parse_marks: impl Fn(&str) -> Result<BTreeSet<Mark>, String>,
) -> BTreeSet<String> {
    let mut marked = BTreeSet::new();
    for fixture in fixtures {
        let marks = parse_marks(&fixture.text)
            .unwrap_or_else(|error| panic!("{}: bad mark: {error}", fixture.name));
        marked.extend(marks.into_iter().map(|(_, lint)| lint));
    }
    marked
}

/// Compares the rendered output of every fixture of `tests/<folder>` with
/// the `.stderr` file beside it (or writes it when blessing), and finds the
/// `.stderr` files without a fixture (of extension `fixture_ext`). Returns
/// what differs; the test target that blesses them is named `folder` too.
pub fn compare_rendered(fixtures: &[Fixture], folder: &str, fixture_ext: &str) -> String {
    let mut report = String::new();
    for fixture in fixtures {
        let (unit, findings) = fixture.check();
        let actual = racelint::render::human::to_string(&unit, &findings);
        let path = fixture.path.with_extension("stderr");
        let name = fixture.name_with("stderr");
        compare(&path, &name, "the output", &actual, folder, &mut report);
    }
    stray_files(folder, fixture_ext, "stderr", &mut report);
    report
}

/// Compares `actual` with the file at `path` (called `name` in the report),
/// or writes it when blessing. `what` says what `actual` is ("the output");
/// `test` is the test target that blesses it.
pub fn compare(path: &Path, name: &str, what: &str, actual: &str, test: &str, report: &mut String) {
    let expected = fs::read_to_string(path).ok();
    if expected.as_deref() == Some(actual) {
        return;
    }
    if bless() {
        fs::write(path, actual).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        println!("blessed {name}");
        return;
    }
    match expected {
        None => writeln!(
            report,
            "{name}: missing; run `RACELINT_BLESS=1 cargo test -p racelint --test {test}` \
             to write it, then review it"
        )
        .unwrap(),
        Some(expected) => writeln!(
            report,
            "{name} differs from {what} (- expected, + actual):\n{}",
            line_diff(&expected, actual)
        )
        .unwrap(),
    }
}

/// Reports the files of extension `ext` in `tests/<folder>` with no fixture
/// (of extension `fixture_ext`) beside them: left behind by a renamed or
/// removed fixture.
pub fn stray_files(folder: &str, fixture_ext: &str, ext: &str, report: &mut String) {
    for entry in fs::read_dir(ui_dir(folder)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == ext) && !path.with_extension(fixture_ext).exists()
        {
            writeln!(report, "{}: no fixture beside it", path.display()).unwrap();
        }
    }
}

/// Like clippy: messages, labels, notes, help and suggestions start lowercase
/// and end without a period.
pub fn check_voice(fixtures: &[Fixture]) {
    let mut report = String::new();
    let mut texts = 0;
    for fixture in fixtures {
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
