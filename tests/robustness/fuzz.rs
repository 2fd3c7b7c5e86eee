//! Every input the fuzzer found a crash with, kept in
//! `lint/tests/regressions/`.

use std::path::PathBuf;

use racelint::analyze::{Edition, check_source};

use crate::{assert_located, lint_dir, messages};

#[test]
fn saved_fuzz_inputs_do_not_crash() {
    let dir = lint_dir().join("tests/regressions");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none_or(|e| e != "md"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no inputs in {}", dir.display());
    for path in &paths {
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for edition in [Edition::E2021, Edition::E2024] {
            let (unit, findings) = check_source("input.rs", &text, edition);
            assert_located(&unit, &findings);
            assert!(
                findings.iter().all(|f| f.lint.name != "internal_error"),
                "{}: {:?}",
                path.display(),
                messages(&findings)
            );
        }
    }
}
