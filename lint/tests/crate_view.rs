//! The whole-crate view: helpers in other files of the crate are followed
//! from the threads that call them, and findings there say how the thread
//! gets to them.

use racelint::analyze::{Edition, Unit, check_unit};
use racelint::{LintLevels, SourceFile};

fn unit(files: &[(&str, &str)]) -> Unit {
    Unit {
        files: files
            .iter()
            .map(|(name, text)| SourceFile::new(*name, *name, *text))
            .collect(),
        edition: Edition::E2021,
    }
}

const MAIN: &str = r#"mod counter;
mod bank;

use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let hits = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let hits = Arc::clone(&hits);
            thread::spawn(move || counter::bump(&hits))
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }

    let account = Arc::new(bank::Account { balance: Mutex::new(10) });
    let a = Arc::clone(&account);
    let t = thread::spawn(move || a.deposit(5));
    t.join().unwrap();
}
"#;

const COUNTER: &str = r#"use std::sync::atomic::{AtomicUsize, Ordering};

pub fn bump(hits: &AtomicUsize) {
    let seen = hits.load(Ordering::SeqCst);
    hits.store(seen + 1, Ordering::SeqCst);
}
"#;

const BANK: &str = r#"use std::sync::Mutex;

pub struct Account {
    pub balance: Mutex<i64>,
}

impl Account {
    pub fn deposit(&self, amount: i64) {
        let mut balance = self.balance.lock().unwrap();
        *balance += amount;
        self.audit(*balance);
    }

    fn audit(&self, expected: i64) {
        let now = *self.balance.lock().unwrap();
        assert_eq!(now, expected);
    }
}
"#;

#[test]
fn findings_in_helper_files_reached_from_threads() {
    let unit = unit(&[
        ("src/main.rs", MAIN),
        ("src/counter.rs", COUNTER),
        ("src/bank.rs", BANK),
    ]);
    let findings = check_unit(&unit, &LintLevels::default());
    let at = |lint: &str| {
        findings
            .iter()
            .filter(|f| f.lint.name == lint)
            .map(|f| {
                let file = unit.file(f.primary.span.file);
                (
                    file.name.clone(),
                    file.line_col(f.primary.span.lo as usize).line,
                )
            })
            .collect::<Vec<_>>()
    };
    // The split update is in counter.rs; the threads that run it are spawned in main.rs.
    assert_eq!(at("lost_update"), vec![("src/counter.rs".to_string(), 5)]);
    let lost = findings
        .iter()
        .find(|f| f.lint.name == "lost_update")
        .unwrap();
    assert!(
        lost.labels
            .iter()
            .any(|l| unit.file(l.span.file).name == "src/main.rs"),
        "a label points at the spawn in main.rs: {lost:#?}"
    );
    assert!(
        lost.notes.iter().any(|n| n.contains("`bump`")),
        "a note names the helper the thread runs: {:?}",
        lost.notes
    );
    // `deposit` holds the guard while calling `audit`, which locks again.
    assert_eq!(at("double_lock"), vec![("src/bank.rs".to_string(), 11)]);
    assert_eq!(findings.len(), 2, "nothing else: {findings:#?}");
}
