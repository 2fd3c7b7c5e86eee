//! Plain mode (`racelint PATH`) on files inside a cargo package: the unit is
//! the package's module tree under `src/`, read with the package's edition,
//! and only the files found from the paths given are reported.

use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

fn racelint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_racelint"))
        .args(args)
        .arg("--message-format=short")
        .current_dir(dir)
        .output()
        .expect("racelint runs")
}

fn write(dir: &Path, path: &str, contents: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// `main.rs` starts the threads; the race is in a helper of `counter.rs`.
fn counter_package(dir: &Path) {
    write(
        dir,
        "Cargo.toml",
        "[package]\nname = \"tally\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    write(
        dir,
        "src/main.rs",
        "mod counter;\n\
         \n\
         use std::sync::atomic::AtomicUsize;\n\
         use std::sync::Arc;\n\
         use std::thread;\n\
         \n\
         fn main() {\n\
         \x20   let hits = Arc::new(AtomicUsize::new(0));\n\
         \x20   let handles: Vec<_> = (0..4)\n\
         \x20       .map(|_| {\n\
         \x20           let hits = Arc::clone(&hits);\n\
         \x20           thread::spawn(move || counter::bump(&hits))\n\
         \x20       })\n\
         \x20       .collect();\n\
         \x20   for h in handles {\n\
         \x20       h.join().unwrap();\n\
         \x20   }\n\
         }\n",
    );
    write(
        dir,
        "src/counter.rs",
        "use std::sync::atomic::{AtomicUsize, Ordering};\n\
         \n\
         pub fn bump(hits: &AtomicUsize) {\n\
         \x20   let n = hits.load(Ordering::SeqCst);\n\
         \x20   hits.store(n + 1, Ordering::SeqCst);\n\
         }\n",
    );
}

#[test]
fn a_file_is_linted_with_the_package_around_it() {
    let dir = TempDir::new().unwrap();
    counter_package(dir.path());
    // Alone, `counter.rs` has no threads; with `main.rs` around it, its
    // helper runs on four threads at once.
    let output = racelint(dir.path(), &["src/counter.rs"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("src/counter.rs:5:5: error[racelint::lost_update]"),
        "{text}"
    );
    // Only the file named is reported, and counted.
    assert!(text.ends_with("1 problem (1 denied) in 1 file\n"), "{text}");
}

#[test]
fn findings_are_reported_only_in_the_files_named() {
    let dir = TempDir::new().unwrap();
    counter_package(dir.path());
    let output = racelint(dir.path(), &["src/main.rs"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let output = racelint(dir.path(), &["src"]);
    let text = stdout(&output);
    assert!(text.contains("src/counter.rs:5:5"), "{text}");
    assert!(text.ends_with(" 2 files\n"), "{text}");
}

/// A guard in an `if let` scrutinee, and the same lock taken in `else`: a
/// deadlock before Rust 2024, fine since.
const IF_LET_ELSE: &str = "use std::sync::Mutex;\n\
\n\
pub fn push_if_empty(stack: &Mutex<Vec<u32>>) {\n\
\x20   if let Some(top) = stack.lock().unwrap().last() {\n\
\x20       println!(\"{top}\");\n\
\x20   } else {\n\
\x20       stack.lock().unwrap().push(1);\n\
\x20   }\n\
}\n";

#[test]
fn the_package_edition_decides_temporaries() {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "Cargo.toml",
        "[package]\nname = \"stack\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
    );
    write(dir.path(), "src/lib.rs", IF_LET_ELSE);
    let output = racelint(dir.path(), &["src"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    // `--edition` overrides what the package declares.
    let output = racelint(dir.path(), &["--edition", "2021", "src"]);
    let text = stdout(&output);
    assert!(
        text.contains("src/lib.rs:7:15: error[racelint::double_lock]"),
        "{text}"
    );
}

#[test]
fn an_inherited_edition_is_read_from_the_workspace() {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "Cargo.toml",
        "[workspace]\nmembers = [\"stack\"]\n\n[workspace.package]\nedition = \"2024\"\n",
    );
    write(
        dir.path(),
        "stack/Cargo.toml",
        "[package]\nname = \"stack\"\nversion = \"0.1.0\"\nedition.workspace = true\n",
    );
    write(dir.path(), "stack/src/lib.rs", IF_LET_ELSE);
    let output = racelint(dir.path(), &["stack/src/lib.rs"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn a_file_outside_any_package_is_edition_2021_alone() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "loose.rs", IF_LET_ELSE);
    let output = racelint(dir.path(), &["loose.rs"]);
    let text = stdout(&output);
    assert!(
        text.contains("loose.rs:7:15: error[racelint::double_lock]"),
        "{text}"
    );
}
