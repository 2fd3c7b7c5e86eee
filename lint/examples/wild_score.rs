//! Scores racelint's findings on real crates against a file of verdicts
//! (`lint/bench/wild/verdicts.tsv`): prints the findings per lint per crate,
//! how many are true, false or debatable, the precision, the deny-level
//! findings in library (non-test) code, and every finding without a verdict.
//! Run by `lint/bench/wild.sh`; by hand:
//!
//! ```text
//! cargo run --release -p racelint --example wild_score -- VERDICTS (CRATE DIR FINDINGS)...
//! ```
//!
//! `CRATE` is the crate's name and version as in the verdicts (`tokio-1.54.1`),
//! `DIR` its source folder, and `FINDINGS` racelint's `--message-format json`
//! output, run in `DIR` so that file names are relative to it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::{env, fs, process};

#[path = "../tests/support/library_code.rs"]
mod library_code;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Verdict {
    True,
    False,
    Debatable,
}

/// (crate, `file:line`, lint) -> the verdict, and the cause of a false alarm
/// when its reason starts with one in brackets (`[by-name] ...`).
type Verdicts = BTreeMap<(String, String, String), (Verdict, Option<String>)>;

struct Found {
    krate: String,
    location: String,
    lint: String,
    deny: bool,
    library: bool,
}

fn fail(message: String) -> ! {
    eprintln!("error: {message}");
    process::exit(2);
}

fn read_verdicts(path: &Path) -> Verdicts {
    let text = fs::read_to_string(path)
        .unwrap_or_else(|e| fail(format!("cannot read {}: {e}", path.display())));
    let mut verdicts = Verdicts::new();
    for (index, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let at = format!("{}:{}", path.display(), index + 1);
        let fields: Vec<&str> = line.split('\t').collect();
        let [krate, location, lint, verdict, reason] = fields[..] else {
            fail(format!(
                "{at}: expected 5 tab-separated fields (crate, file:line, lint, verdict, reason)"
            ));
        };
        let verdict = match verdict {
            "true" => Verdict::True,
            "false" => Verdict::False,
            "debatable" => Verdict::Debatable,
            other => fail(format!(
                "{at}: verdict `{other}` is not true, false or debatable"
            )),
        };
        if reason.trim().is_empty() {
            fail(format!("{at}: the verdict has no reason"));
        }
        let cause = reason
            .strip_prefix('[')
            .and_then(|rest| rest.split_once(']'))
            .map(|(cause, _)| cause.to_string());
        let key = (krate.to_string(), location.to_string(), lint.to_string());
        if verdicts.insert(key, (verdict, cause)).is_some() {
            fail(format!(
                "{at}: a second verdict for {krate} {location} {lint}"
            ));
        }
    }
    verdicts
}

/// The findings in one crate's racelint output (one JSON diagnostic a line).
fn read_findings(krate: &str, dir: &Path, findings: &Path, found: &mut Vec<Found>) {
    let text = fs::read_to_string(findings)
        .unwrap_or_else(|e| fail(format!("cannot read {}: {e}", findings.display())));
    let mut tests_of: BTreeMap<PathBuf, Vec<_>> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for line in text.lines() {
        let Ok(diagnostic) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(lint) = diagnostic["code"]["code"]
            .as_str()
            .and_then(|code| code.strip_prefix("racelint::"))
        else {
            continue;
        };
        let Some(span) = diagnostic["spans"]
            .as_array()
            .and_then(|spans| spans.iter().find(|s| s["is_primary"] == true))
        else {
            continue;
        };
        let file = PathBuf::from(span["file_name"].as_str().unwrap_or_default());
        let line_number = span["line_start"].as_u64().unwrap_or_default() as usize;
        let tests = tests_of.entry(file.clone()).or_insert_with(|| {
            fs::read_to_string(dir.join(&file))
                .map(|text| library_code::test_lines(&text))
                .unwrap_or_default()
        });
        let location = format!("{}:{line_number}", file.display());
        if !seen.insert((location.clone(), lint.to_string())) {
            continue;
        }
        found.push(Found {
            krate: krate.to_string(),
            library: library_code::is_library_line(&file, tests, line_number),
            location,
            lint: lint.to_string(),
            deny: diagnostic["level"] == "error",
        });
    }
}

#[derive(Default)]
struct Tally {
    findings: usize,
    deny: usize,
    library: usize,
    by_verdict: BTreeMap<Option<Verdict>, usize>,
}

impl Tally {
    fn add(&mut self, found: &Found, verdict: Option<Verdict>) {
        self.findings += 1;
        self.deny += usize::from(found.deny);
        self.library += usize::from(found.library);
        *self.by_verdict.entry(verdict).or_default() += 1;
    }

    fn count(&self, verdict: Option<Verdict>) -> usize {
        self.by_verdict.get(&verdict).copied().unwrap_or_default()
    }

    fn row(&self, krate: &str, lint: &str) {
        println!(
            "{krate:<32} {lint:<22} {:>8} {:>5} {:>8} {:>5} {:>6} {:>10} {:>11}",
            self.findings,
            self.deny,
            self.library,
            self.count(Some(Verdict::True)),
            self.count(Some(Verdict::False)),
            self.count(Some(Verdict::Debatable)),
            self.count(None),
        );
    }
}

fn ratio(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".to_string()
    } else {
        format!("{:.2}", part as f64 / whole as f64)
    }
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    if args.len() < 4 || (args.len() - 1) % 3 != 0 {
        eprintln!("usage: wild_score VERDICTS (CRATE DIR FINDINGS)...");
        process::exit(2);
    }
    let verdicts = read_verdicts(Path::new(&args[0]));
    let mut found = Vec::new();
    let mut crates = Vec::new();
    for triple in args[1..].chunks(3) {
        read_findings(
            &triple[0],
            Path::new(&triple[1]),
            Path::new(&triple[2]),
            &mut found,
        );
        crates.push(triple[0].clone());
    }

    let judged_as =
        |f: &Found| verdicts.get(&(f.krate.clone(), f.location.clone(), f.lint.clone()));
    let verdict_of = |f: &Found| judged_as(f).map(|(verdict, _)| *verdict);
    let mut per_lint: BTreeMap<(&str, &str), Tally> = BTreeMap::new();
    let mut total = Tally::default();
    let mut library = Tally::default();
    for f in &found {
        let verdict = verdict_of(f);
        per_lint
            .entry((&f.krate, &f.lint))
            .or_default()
            .add(f, verdict);
        total.add(f, verdict);
        if f.library {
            library.add(f, verdict);
        }
    }

    println!(
        "{:<32} {:<22} {:>8} {:>5} {:>8} {:>5} {:>6} {:>10} {:>11}",
        "crate", "lint", "findings", "deny", "library", "true", "false", "debatable", "no verdict"
    );
    for krate in &crates {
        let rows: Vec<_> = per_lint.iter().filter(|((k, _), _)| k == krate).collect();
        if rows.is_empty() {
            println!("{krate:<32} (no findings)");
        }
        for ((k, lint), tally) in rows {
            tally.row(k, lint);
        }
    }
    total.row("all crates", "all lints");
    library.row("library code only", "all lints");

    let judged = |t: &Tally| {
        t.count(Some(Verdict::True))
            + t.count(Some(Verdict::False))
            + t.count(Some(Verdict::Debatable))
    };
    let right = total.count(Some(Verdict::True));
    let arguable = total.count(Some(Verdict::Debatable));
    println!();
    println!(
        "precision: {} strict, {} counting debatable findings as correct ({} with a verdict)",
        ratio(right, judged(&total)),
        ratio(right + arguable, judged(&total)),
        judged(&total)
    );
    println!(
        "deny-level findings in library code: {} ({} false, {} true, {} debatable, {} without a verdict)",
        library.deny,
        count_deny(&found, &verdict_of, Some(Verdict::False)),
        count_deny(&found, &verdict_of, Some(Verdict::True)),
        count_deny(&found, &verdict_of, Some(Verdict::Debatable)),
        count_deny(&found, &verdict_of, None),
    );
    let mut causes: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &found {
        if let Some((Verdict::False, cause)) = judged_as(f) {
            *causes
                .entry(cause.as_deref().unwrap_or("no cause given"))
                .or_default() += 1;
        }
    }
    let mut causes: Vec<_> = causes.into_iter().collect();
    causes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let causes: Vec<String> = causes.iter().map(|(c, n)| format!("{c} {n}")).collect();
    println!("false findings by cause: {}", causes.join(", "));
    let unjudged: Vec<&Found> = found.iter().filter(|f| verdict_of(f).is_none()).collect();
    println!("findings without a verdict: {}", unjudged.len());
    for f in &unjudged {
        println!(
            "  {}\t{}\t{}\t({}, {})",
            f.krate,
            f.location,
            f.lint,
            if f.deny { "deny" } else { "warn" },
            if f.library { "library" } else { "test" }
        );
    }
    let present: BTreeSet<(&str, &str, &str)> = found
        .iter()
        .map(|f| (f.krate.as_str(), f.location.as_str(), f.lint.as_str()))
        .collect();
    let gone = verdicts
        .keys()
        .filter(|(k, _, _)| crates.contains(k))
        .filter(|(k, l, n)| !present.contains(&(k.as_str(), l.as_str(), n.as_str())))
        .count();
    println!("verdicts whose finding is no longer reported: {gone}");
}

/// Deny-level findings in library code with a given verdict.
fn count_deny(
    found: &[Found],
    verdict_of: &impl Fn(&Found) -> Option<Verdict>,
    verdict: Option<Verdict>,
) -> usize {
    found
        .iter()
        .filter(|f| f.deny && f.library && verdict_of(f) == verdict)
        .count()
}
