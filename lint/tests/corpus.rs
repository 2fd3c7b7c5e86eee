//! An evaluation corpus, written from the lint catalogue (`LINTS.md`) and from
//! how people write threaded Rust, not from the analyzer:
//!
//! - `tests/corpus/learner/*.rs`: small programs with one or two classic
//!   mistakes each, every finding's line marked `//~ lint_name` (or
//!   `//~^ lint_name` for the line above, one `^` per line up);
//! - `tests/corpus/near_miss/*.rs`: correct programs that look like the
//!   mistakes; no marks, any finding is a false alarm;
//! - `tests/corpus/expert/*.rs`: correct, idiomatic concurrent code; no marks.
//!
//! A file whose name ends in `_2024.rs` is analyzed as edition 2024, every
//! other one as edition 2021. Marks for lints that are not implemented yet
//! are skipped and listed.
//!
//! The bars: learner recall at least 90%, at most 1 near-miss program in 20
//! with any finding, at most 5 findings across the expert files, and at least
//! 2 marked learner mistakes for every implemented lint.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use racelint::analyze::{Edition, Unit, check_source};
use racelint::{Finding, REGISTRY};

/// Every lint name of the catalogue: the public contract.
const CATALOGUE: &[&str] = &[
    "lost_update",
    "check_then_act",
    "static_mut_race",
    "unsync_sharing",
    "relaxed_publication",
    "detached_thread",
    "unjoined_handle",
    "read_before_join",
    "serial_join",
    "swallowed_panic",
    "double_lock",
    "lock_order",
    "join_deadlock",
    "guard_across_blocking",
    "leaked_guard",
    "sleep_sync",
];

const RECALL_BAR: f64 = 0.90;
const NEAR_MISS_BAR: f64 = 0.05;
const EXPERT_BAR: usize = 5;
const MIN_MARKS_PER_LINT: usize = 2;

/// A finding's place as the marks name it: 1-based line, lint name.
mod support;

use support::Mark;

struct CorpusFile {
    /// The name given to racelint: `tests/corpus/learner/x.rs`.
    name: String,
    text: String,
    edition: Edition,
}

fn corpus_dir(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("corpus")
        .join(kind)
}

fn corpus(kind: &str) -> Vec<CorpusFile> {
    let dir = corpus_dir(kind);
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("cannot read a corpus entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let file_name = path.file_name().unwrap().to_str().unwrap().to_string();
            let edition = if file_name.ends_with("_2024.rs") {
                Edition::E2024
            } else {
                Edition::E2021
            };
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            CorpusFile {
                name: format!("tests/corpus/{kind}/{file_name}"),
                text,
                edition,
            }
        })
        .collect()
}

/// The `//~` marks of a file, as in `tests/ui.rs`, but any catalogue name is
/// accepted (implemented or not).
fn parse_marks(text: &str) -> Result<BTreeSet<Mark>, String> {
    support::parse_marks(
        text,
        |name| CATALOGUE.contains(&name),
        "is not a lint name of the catalogue",
    )
}

/// The lints that have a check (the others are listed as not implemented yet).
fn implemented() -> BTreeSet<&'static str> {
    REGISTRY
        .iter()
        .filter(|lint| racelint::lints::rust_check(lint).is_some())
        .map(|lint| lint.name)
        .collect()
}

fn line_of(unit: &Unit, finding: &Finding) -> usize {
    let span = finding.primary.span;
    unit.file(span.file).line_col(span.lo as usize).line
}

fn describe(unit: &Unit, finding: &Finding) -> String {
    format!(
        "{} at line {}: {}",
        finding.lint.name,
        line_of(unit, finding),
        finding.message
    )
}

#[derive(Default)]
struct LintRow {
    marked: usize,
    found: usize,
    learner_extra: usize,
    near_miss: usize,
    expert: usize,
}

struct Outcome {
    report: String,
    failures: Vec<String>,
}

fn evaluate() -> Outcome {
    let implemented = implemented();
    let mut rows: BTreeMap<&'static str, LintRow> = CATALOGUE
        .iter()
        .map(|&name| (name, LintRow::default()))
        .collect();
    let mut bad_marks = Vec::new();
    let mut misses = Vec::new();
    let mut extras = Vec::new();
    let mut skipped: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut near_miss_alarms = Vec::new();
    let mut expert_findings = Vec::new();

    // Learner programs: recall, and findings nobody marked.
    let learner = corpus("learner");
    for file in &learner {
        let marks = match parse_marks(&file.text) {
            Ok(marks) => marks,
            Err(error) => {
                bad_marks.push(format!("{}: {error}", file.name));
                continue;
            }
        };
        let (unit, findings) = check_source(&file.name, &file.text, file.edition);
        let found: BTreeSet<Mark> = findings
            .iter()
            .map(|f| (line_of(&unit, f), f.lint.name.to_string()))
            .collect();
        for (line, lint) in &marks {
            let name = CATALOGUE.iter().copied().find(|&n| n == lint).unwrap();
            if !implemented.contains(name) {
                *skipped.entry(name).or_default() += 1;
                continue;
            }
            let row = rows.get_mut(name).unwrap();
            row.marked += 1;
            if found.contains(&(*line, lint.clone())) {
                row.found += 1;
                continue;
            }
            let instead: Vec<String> = findings
                .iter()
                .filter(|f| line_of(&unit, f) == *line || f.lint.name == name)
                .map(|f| describe(&unit, f))
                .collect();
            let instead = if instead.is_empty() {
                "nothing fired on this line or for this lint".to_string()
            } else {
                instead.join("; ")
            };
            misses.push(format!("{}:{line} {lint}: instead: {instead}", file.name));
        }
        for finding in &findings {
            let mark = (line_of(&unit, finding), finding.lint.name.to_string());
            if marks.contains(&mark) {
                continue;
            }
            if let Some(row) = rows.get_mut(finding.lint.name) {
                row.learner_extra += 1;
            }
            extras.push(format!(
                "{}:{} {}: {}",
                file.name, mark.0, mark.1, finding.message
            ));
        }
    }

    // Near misses: a program with any finding is a false alarm.
    let near_miss = corpus("near_miss");
    let mut near_miss_files_alarmed = 0;
    for file in &near_miss {
        if file.text.contains("//~") {
            bad_marks.push(format!("{}: a near-miss program has a mark", file.name));
        }
        let (unit, findings) = check_source(&file.name, &file.text, file.edition);
        if !findings.is_empty() {
            near_miss_files_alarmed += 1;
        }
        for finding in &findings {
            if let Some(row) = rows.get_mut(finding.lint.name) {
                row.near_miss += 1;
            }
            near_miss_alarms.push(format!(
                "{}:{} {}: {}",
                file.name,
                line_of(&unit, finding),
                finding.lint.name,
                finding.message
            ));
        }
    }

    // Expert code: every finding counts.
    let expert = corpus("expert");
    for file in &expert {
        if file.text.contains("//~") {
            bad_marks.push(format!("{}: an expert file has a mark", file.name));
        }
        let (unit, findings) = check_source(&file.name, &file.text, file.edition);
        for finding in &findings {
            if let Some(row) = rows.get_mut(finding.lint.name) {
                row.expert += 1;
            }
            expert_findings.push(format!(
                "{}:{} {}: {}",
                file.name,
                line_of(&unit, finding),
                finding.lint.name,
                finding.message
            ));
        }
    }

    // The report.
    let mut report = String::new();
    let total_marked: usize = rows.values().map(|r| r.marked).sum();
    let total_found: usize = rows.values().map(|r| r.found).sum();
    let recall = if total_marked == 0 {
        0.0
    } else {
        total_found as f64 / total_marked as f64
    };
    let near_miss_rate = if near_miss.is_empty() {
        0.0
    } else {
        near_miss_files_alarmed as f64 / near_miss.len() as f64
    };
    writeln!(
        report,
        "racelint corpus: {} learner, {} near-miss, {} expert files",
        learner.len(),
        near_miss.len(),
        expert.len()
    )
    .unwrap();
    writeln!(report).unwrap();
    writeln!(
        report,
        "{:<22} {:>6} {:>6} {:>6} {:>7} {:>8} {:>9} {:>7}",
        "lint", "impl", "marked", "found", "recall", "l.extra", "near-miss", "expert"
    )
    .unwrap();
    for (name, row) in &rows {
        let is_impl = implemented.contains(name);
        let marked = if is_impl {
            row.marked
        } else {
            skipped.get(name).copied().unwrap_or(0)
        };
        let recall = if !is_impl {
            "-".to_string()
        } else if row.marked == 0 {
            "n/a".to_string()
        } else {
            format!("{:.0}%", 100.0 * row.found as f64 / row.marked as f64)
        };
        writeln!(
            report,
            "{:<22} {:>6} {:>6} {:>6} {:>7} {:>8} {:>9} {:>7}",
            name,
            if is_impl { "yes" } else { "no" },
            marked,
            if is_impl {
                row.found.to_string()
            } else {
                "-".to_string()
            },
            recall,
            row.learner_extra,
            row.near_miss,
            row.expert
        )
        .unwrap();
    }
    writeln!(
        report,
        "{:<22} {:>6} {:>6} {:>6} {:>7} {:>8} {:>9} {:>7}",
        "total",
        "",
        total_marked,
        total_found,
        format!("{:.0}%", 100.0 * recall),
        extras.len(),
        near_miss_alarms.len(),
        expert_findings.len()
    )
    .unwrap();
    writeln!(report).unwrap();
    writeln!(
        report,
        "learner recall: {total_found}/{total_marked} = {:.1}% (bar: {:.0}%)",
        100.0 * recall,
        100.0 * RECALL_BAR
    )
    .unwrap();
    writeln!(
        report,
        "near-miss programs with any finding: {near_miss_files_alarmed}/{} = {:.1}% (bar: {:.0}%)",
        near_miss.len(),
        100.0 * near_miss_rate,
        100.0 * NEAR_MISS_BAR
    )
    .unwrap();
    writeln!(
        report,
        "expert findings: {} (bar: {EXPERT_BAR})",
        expert_findings.len()
    )
    .unwrap();
    let not_implemented: Vec<String> = CATALOGUE
        .iter()
        .filter(|name| !implemented.contains(*name))
        .map(|name| {
            format!(
                "{name} ({} marks skipped)",
                skipped.get(name).copied().unwrap_or(0)
            )
        })
        .collect();
    if !not_implemented.is_empty() {
        writeln!(
            report,
            "not implemented yet: {}",
            not_implemented.join(", ")
        )
        .unwrap();
    }
    let mut section = |title: &str, items: &[String]| {
        if items.is_empty() {
            return;
        }
        writeln!(report, "\n{title} ({}):", items.len()).unwrap();
        for item in items {
            writeln!(report, "    {item}").unwrap();
        }
    };
    section("bad marks", &bad_marks);
    section("learner misses", &misses);
    section("learner findings nobody marked", &extras);
    section("near-miss false alarms", &near_miss_alarms);
    section("expert findings", &expert_findings);

    // The bars.
    let mut failures = Vec::new();
    if !bad_marks.is_empty() {
        failures.push(format!("{} bad marks", bad_marks.len()));
    }
    if learner.is_empty() || near_miss.is_empty() || expert.is_empty() {
        failures.push("a corpus folder is empty".to_string());
    }
    if recall < RECALL_BAR {
        failures.push(format!(
            "learner recall {:.1}% is below {:.0}%",
            100.0 * recall,
            100.0 * RECALL_BAR
        ));
    }
    if near_miss_rate > NEAR_MISS_BAR {
        failures.push(format!(
            "{near_miss_files_alarmed} of {} near-miss programs have a finding ({:.1}% > {:.0}%)",
            near_miss.len(),
            100.0 * near_miss_rate,
            100.0 * NEAR_MISS_BAR
        ));
    }
    if expert_findings.len() > EXPERT_BAR {
        failures.push(format!(
            "{} findings in expert code (more than {EXPERT_BAR})",
            expert_findings.len()
        ));
    }
    for name in &implemented {
        if *name == "parse_error" {
            continue;
        }
        let marked = rows.get(name).map_or(0, |row| row.marked);
        if marked < MIN_MARKS_PER_LINT {
            failures.push(format!(
                "implemented lint `{name}` has {marked} marked learner mistakes (fewer than {MIN_MARKS_PER_LINT})"
            ));
        }
    }
    Outcome { report, failures }
}

#[test]
fn corpus_meets_the_bars() {
    let outcome = evaluate();
    println!("{}", outcome.report);
    assert!(
        outcome.failures.is_empty(),
        "the corpus bars are not met (the report is printed above):\n  - {}",
        outcome.failures.join("\n  - ")
    );
}

/// The mark syntax itself is tested in `tests/ui.rs`; here, only what the
/// corpus accepts differently: any name of the catalogue, nothing else.
#[test]
fn corpus_marks_accept_catalogue_names_only() {
    let marks = parse_marks("a(); //~ lock_order, sleep_sync\n").unwrap();
    assert_eq!(marks.len(), 2);
    assert!(parse_marks("x(); //~ lost_updates\n").is_err());
    assert!(parse_marks("x(); //~ parse_error\n").is_err());
}
