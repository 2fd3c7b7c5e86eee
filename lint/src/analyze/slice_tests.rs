//! A file read a slice at a time gives the findings it gives read whole:
//! every Rust file of the lint's fixtures, the corpus and the lesson, cut
//! at every item that can start a slice.

use std::path::{Path, PathBuf};

use super::*;
use crate::unit::Syntax;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() && path.file_name().is_some_and(|n| n != "target") {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every finding of every lint on the model of these files, as text.
fn findings(files: &[ParsedFile<'_>], edition: Edition) -> Result<Vec<String>, FileId> {
    let model = Model::try_build(files, edition)?;
    let mut found = Vec::new();
    for entry in lints::RUST_CHECKS {
        (entry.check)(&model, &mut found);
    }
    let mut out: Vec<String> = found.iter().map(|f| format!("{f:?}")).collect();
    out.sort();
    Ok(out)
}

#[test]
fn slices_give_the_findings_of_the_whole_file() {
    // The analysis's stack, as racelint gives it.
    std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(compare)
        .unwrap()
        .join()
        .unwrap();
}

fn compare() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["tests/ui", "tests/corpus", "../examples"] {
        rust_files(&root.join(dir), &mut paths);
    }
    let (mut compared, mut cut) = (0, 0);
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        if let Some(pieces) = same_findings(path, &text) {
            compared += 1;
            cut += pieces;
        }
    }
    assert!(compared >= 100, "only {compared} files compared");
    assert!(cut >= 5 * compared, "only {cut} slices in {compared} files");
}

/// Checks that the file gives the same findings whole and cut at every
/// item; the number of slices, or `None` when it is not cut (it does not
/// parse, or a slice does not parse alone).
fn same_findings(path: &Path, text: &str) -> Option<usize> {
    let source = SourceFile::new(path, path.display().to_string(), text);
    let base = crate::parse::syntax_base(text);
    let whole = crate::parse::parse_text(text, Edition::E2021).ok()?;
    let slices = crate::parse::slices(text, base, 1)?;
    let file = |syntax| ParsedFile {
        id: FileId(0),
        source: &source,
        syntax,
        base,
    };
    let expected = findings(&[file(Syntax::Whole(whole))], Edition::E2021).unwrap();
    let pieces = slices.len();
    let got = findings(&[file(Syntax::Sliced(slices))], Edition::E2021);
    proc_macro2::extra::invalidate_current_thread_spans();
    // Code laid out so that a slice does not parse alone is read whole.
    let got = got.ok()?;
    assert_eq!(got, expected, "{}: {pieces} slices", path.display());
    Some(pieces)
}

/// The crate's own types are known in every slice, wherever they are defined.
#[test]
fn types_defined_in_a_later_slice_are_known_in_earlier_ones() {
    let text = "use std::thread;\n\nstatic EPOCH: AtomicEpoch = AtomicEpoch::new();\n\nfn bump() {\n    let e = EPOCH.load();\n    EPOCH.store(e + 1);\n}\n\nfn main() {\n    let hs: Vec<_> = (0..4).map(|_| thread::spawn(bump)).collect();\n    for h in hs {\n        h.join().unwrap();\n    }\n}\n\nstruct AtomicEpoch(std::sync::Mutex<u64>);\n\nimpl AtomicEpoch {\n    const fn new() -> Self {\n        AtomicEpoch(std::sync::Mutex::new(0))\n    }\n    fn load(&self) -> u64 {\n        *self.0.lock().unwrap()\n    }\n    fn store(&self, v: u64) {\n        *self.0.lock().unwrap() = v;\n    }\n}\n";
    let pieces = same_findings(Path::new("epoch.rs"), text);
    assert!(pieces.is_some_and(|n| n >= 5));
}

/// A program with one lost update, its function named after `k`.
fn program(k: usize) -> String {
    format!(
        "fn run{k}() {{\n    let c = Arc::new(AtomicUsize::new(0));\n    let mut hs = Vec::new();\n    for _ in 0..4 {{\n        let c = Arc::clone(&c);\n        hs.push(thread::spawn(move || {{\n            let v = c.load(Ordering::SeqCst);\n            c.store(v + 1, Ordering::SeqCst);\n        }}));\n    }}\n    for h in hs {{\n        h.join().unwrap();\n    }}\n}}\n\n"
    )
}

/// A file larger than [`crate::parse::SLICE_FROM`], with `middle` among
/// its functions; and how many lost updates it holds.
fn large_file(middle: &str) -> (String, usize) {
    let mut text =
        "use std::sync::atomic::{AtomicUsize, Ordering};\nuse std::sync::Arc;\nuse std::thread;\n\n"
            .to_string();
    let mut k = 0;
    while text.len() < crate::parse::SLICE_FROM + 1000 {
        if k == 300 {
            text.push_str(middle);
        }
        text.push_str(&program(k));
        k += 1;
    }
    (text, k)
}

fn lines_of(text: &str, findings: &[Finding], lint: &str) -> Vec<usize> {
    let source = SourceFile::new("big.rs", "big.rs", text);
    findings
        .iter()
        .filter(|f| f.lint.name == lint)
        .map(|f| source.line_index(f.primary.span.lo as usize) + 1)
        .collect()
}

#[test]
fn a_large_file_is_linted_in_slices_at_the_right_lines() {
    let (text, programs) = large_file("");
    let slices = crate::parse::slices(&text, 0, crate::parse::SLICE_BYTES);
    assert!(slices.is_some_and(|s| s.len() > 3));
    let (_, findings) = check_source("big.rs", &text, Edition::E2021);
    let lines = lines_of(&text, &findings, "lost_update");
    // The store of each program, 8 lines into it, after 4 lines of `use`s.
    let expected: Vec<usize> = (0..programs).map(|k| 4 + 15 * k + 8).collect();
    assert_eq!(lines, expected);
    assert_eq!(findings.len(), programs);
}

#[test]
fn a_large_file_with_a_syntax_error_is_read_whole() {
    let (text, programs) = large_file("fn broken() {\n    let = ;\n}\n\n");
    let (_, findings) = check_source("big.rs", &text, Edition::E2021);
    let errors = lines_of(&text, &findings, "parse_error");
    assert_eq!(errors, vec![4 + 15 * 300 + 2]);
    // The items around the broken one are still linted.
    assert_eq!(lines_of(&text, &findings, "lost_update").len(), programs);
}
