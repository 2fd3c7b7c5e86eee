//! racelint on bad input: nothing it is fed may crash it or lose the other
//! files' findings. Deep nesting becomes a located error instead of a stack
//! overflow; odd encodings keep their columns right; unreadable paths get a
//! one-line error and the run goes on; a failing lint becomes an
//! `internal_error` naming the file and the lint. Every input the fuzzer
//! found a crash with is kept in `lint/tests/regressions/` and checked here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use racelint::Finding;
use racelint::analyze::Unit;

mod bad_files;
mod failing_lint;
mod fuzz;
mod nesting;
mod reading;
mod sizes;
mod syntax_errors;

const CLEAN: &str = "fn main() {\n    println!(\"hello\");\n}\n";

fn lint_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn lost_update_fixture() -> String {
    std::fs::read_to_string(lint_dir().join("tests/ui/lost_update.rs")).unwrap()
}

/// Every finding points into its file, on character boundaries.
fn assert_located(unit: &Unit, findings: &[Finding]) {
    for finding in findings {
        let spans = std::iter::once(&finding.primary)
            .chain(&finding.labels)
            .map(|label| label.span);
        for span in spans {
            let file = unit.file(span.file);
            assert!(
                span.lo <= span.hi && span.hi as usize <= file.text.len(),
                "{}: span {span:?} outside a file of {} bytes",
                finding.message,
                file.text.len()
            );
            assert!(file.text.is_char_boundary(span.lo as usize));
            assert!(file.text.is_char_boundary(span.hi as usize));
        }
    }
}

fn messages(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| format!("{}: {}", f.lint.name, f.message))
        .collect()
}

fn racelint(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_racelint"))
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .env_remove("RACELINT_FAIL_IN")
        .output()
        .expect("racelint runs")
}

fn write(dir: &Path, path: &str, contents: impl AsRef<[u8]>) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}
