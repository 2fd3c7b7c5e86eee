//! racelint on real code nobody here wrote: the library sources of this
//! project's own dependencies that use threads or locks (crossbeam, rayon,
//! once_cell, regex-automata, ...). They are found with `cargo metadata`
//! (offline: the build has already put them in the local registry) and linted
//! file by file with each package's edition, the way `racelint FILE` would.
//!
//! Well-used library code has no certain threading bug, so any deny-level
//! finding in its library part (tests inside `src/` left aside) is a false
//! alarm, and so is a `parse_error` on code the compiler accepts: the test
//! fails and prints each one with its file and line.

use std::path::{Path, PathBuf};
use std::process::Command;

use cargo_metadata::{MetadataCommand, Package, TargetKind};
use racelint::Level;
use racelint::analyze::{Edition, check_source};

#[path = "../lint/tests/support/library_code.rs"]
mod library_code;

/// Words that show a file uses threads or locks.
const THREAD_WORDS: &[&str] = &["thread::spawn", "std::thread", "Mutex<", "RwLock<", "mpsc"];

/// Dependencies with threads or locks in their library sources; fewer means
/// the search itself is broken, and a pass would prove nothing.
const AT_LEAST_PACKAGES: usize = 8;

fn workspace_manifest() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml")
}

/// The host's target triple, so that `cargo metadata` lists only packages the
/// build has downloaded.
fn host_triple() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let output = Command::new(rustc)
        .arg("-vV")
        .output()
        .expect("rustc -vV runs");
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_string()
}

fn dependencies() -> Vec<Package> {
    // A target directory of its own: cargo keeps the answers of its `rustc`
    // probes there, and one spoiled by another process must not fail this.
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let metadata = MetadataCommand::new()
        .manifest_path(workspace_manifest())
        .env("CARGO_TARGET_DIR", scratch.path())
        .other_options(vec![
            "--filter-platform".to_string(),
            host_triple(),
            "--offline".to_string(),
            "--locked".to_string(),
        ])
        .exec()
        .expect("cargo metadata lists the dependencies without network");
    let mut packages: Vec<Package> = metadata
        .packages
        .into_iter()
        .filter(|package| package.source.is_some())
        .collect();
    packages.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
    packages
}

/// The `.rs` files of a package's library, outside its test folders.
fn library_files(package: &Package) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for target in &package.targets {
        let is_library = target.kind.iter().any(|kind| {
            matches!(
                kind,
                TargetKind::Lib | TargetKind::RLib | TargetKind::ProcMacro
            )
        });
        if let (true, Some(root)) = (is_library, target.src_path.parent()) {
            collect(root.as_std_path(), &mut files);
        }
    }
    files.sort();
    files.dedup();
    files
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !library_code::is_test_folder(&path) {
                collect(&path, files);
            }
        } else if path.extension().is_some_and(|e| e == "rs") && !library_code::is_test_path(&path)
        {
            files.push(path);
        }
    }
}

fn uses_threads(text: &str) -> bool {
    THREAD_WORDS.iter().any(|word| text.contains(word)) || mentions_atomic_type(text)
}

/// `AtomicUsize`, `AtomicBool`, ...: `Atomic` then an upper-case letter and a lower-case one.
fn mentions_atomic_type(text: &str) -> bool {
    text.match_indices("Atomic").any(|(at, _)| {
        let mut rest = text[at + "Atomic".len()..].chars();
        matches!((rest.next(), rest.next()), (Some(a), Some(b)) if a.is_ascii_uppercase() && b.is_ascii_lowercase())
    })
}

/// The rule that keeps a crate's tests out of its library code.
#[test]
fn tests_inside_src_are_told_apart_from_library_code() {
    let text = "\
pub fn shared() {}

#[cfg(test)]
mod tests {
    #[test]
    fn a() {}
}

#[cfg(not(test))]
fn only_outside_tests() {}

#[cfg(all(test, feature = \"slow\"))]
fn slow_helper() {}

pub struct S;
impl S {
    #[test]
    fn method_test() {}
    pub fn method(&self) {}
}
";
    let tests = library_code::test_lines(text);
    let lib = Path::new("src/lib.rs");
    let library: Vec<usize> = (1..=text.lines().count())
        .filter(|&line| library_code::is_library_line(lib, &tests, line))
        .collect();
    // Lines 3-7 (the test module), 12-13 (cfg(all(test, ..))) and 17-18 (a
    // #[test] method) are tests; cfg(not(test)) is library code.
    assert_eq!(library, [1, 2, 8, 9, 10, 11, 14, 15, 16, 19, 20]);
    for path in [
        "src/tests/loom_pool.rs",
        "src/sync/tests/mod.rs",
        "src/scope/test.rs",
        "src/runtime/tests.rs",
        "benches/b.rs",
    ] {
        assert!(library_code::is_test_path(Path::new(path)), "{path}");
    }
    for path in ["src/lib.rs", "src/testing.rs", "src/attest/mod.rs"] {
        assert!(!library_code::is_test_path(Path::new(path)), "{path}");
    }
}

#[test]
fn no_deny_level_finding_in_the_library_code_of_dependencies() {
    let mut packages_with_threads = 0;
    let mut files_linted = 0;
    let mut denied = Vec::new();
    for package in dependencies() {
        let edition: Edition = package.edition.as_str().parse().expect("a known edition");
        let mut uses = false;
        for path in library_files(&package) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if !uses_threads(&text) {
                continue;
            }
            uses = true;
            files_linted += 1;
            let name = path.display().to_string();
            let (unit, findings) = check_source(&name, &text, edition);
            let tests = library_code::test_lines(&text);
            for finding in findings {
                if finding.level != Level::Deny {
                    continue;
                }
                let at = unit.files[0].line_col(finding.primary.span.lo as usize);
                // Judged by the path inside the package, wherever the registry is.
                let inside = path
                    .strip_prefix(package.manifest_path.parent().expect("a package folder"))
                    .unwrap_or(&path);
                if library_code::is_library_line(inside, &tests, at.line) {
                    denied.push(format!(
                        "{name}:{}:{}: {}: {} ({} {})",
                        at.line,
                        at.column,
                        finding.lint.name,
                        finding.message,
                        package.name,
                        package.version
                    ));
                }
            }
        }
        packages_with_threads += usize::from(uses);
    }
    assert!(
        packages_with_threads >= AT_LEAST_PACKAGES,
        "only {packages_with_threads} dependencies use threads or locks: is the registry there?"
    );
    assert!(
        denied.is_empty(),
        "{} deny-level findings in the library code of {packages_with_threads} dependencies ({files_linted} files):\n{}",
        denied.len(),
        denied.join("\n")
    );
}
