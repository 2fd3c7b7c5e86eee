//! End-to-end tests of configuration and suppression comments: levels from
//! `[package.metadata.racelint]`, `[workspace.metadata.racelint]` and
//! `racelint.toml`, excluded paths, unknown names, and
//! `// racelint: allow(...)` comments.

use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

/// A `lost_update` (deny) on line 11 and a `swallowed_panic` (warn) on line 15.
const RACY: &str = "\
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

fn main() {
    let hits = Arc::new(AtomicUsize::new(0));
    let mut handles = Vec::new();
    for _ in 0..4 {
        let hits = Arc::clone(&hits);
        handles.push(thread::spawn(move || {
            hits.store(hits.load(Ordering::SeqCst) + 1, Ordering::SeqCst);
        }));
    }
    for handle in handles {
        let _ = handle.join();
    }
}
";

fn write(dir: &Path, path: &str, contents: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn racelint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_racelint"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("racelint runs")
}

fn cargo_racelint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-racelint"))
        .arg("racelint")
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("cargo-racelint runs")
}

fn out(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn err(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// `(level, lint)` of each finding, from the short format.
fn findings(output: &Output) -> Vec<(String, String)> {
    out(output)
        .lines()
        .filter_map(|line| {
            let (_, rest) = line.split_once(": ")?;
            let (level, rest) = rest.split_once("[racelint::")?;
            let (lint, _) = rest.split_once(']')?;
            Some((level.to_string(), lint.to_string()))
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn package(dir: &Path, metadata: &str) {
    write(
        dir,
        "Cargo.toml",
        &format!("[package]\nname = \"racy\"\nversion = \"0.1.0\"\nedition = \"2021\"\n{metadata}"),
    );
    write(dir, "src/main.rs", RACY);
}

#[test]
fn package_metadata_sets_levels_and_flags_come_after() {
    let dir = TempDir::new().unwrap();
    package(
        dir.path(),
        "\n[package.metadata.racelint]\nlost_update = \"warn\"\njoin = \"deny\"\n",
    );
    let output = cargo_racelint(dir.path(), &["--message-format=short"]);
    assert_eq!(
        findings(&output),
        pairs(&[("warning", "lost_update"), ("error", "swallowed_panic")])
    );
    assert_eq!(output.status.code(), Some(1));
    let output = cargo_racelint(
        dir.path(),
        &["--message-format=short", "-A", "swallowed_panic"],
    );
    assert_eq!(findings(&output), pairs(&[("warning", "lost_update")]));
    assert_eq!(output.status.code(), Some(0));
    // After `--`, as clippy takes them.
    let output = cargo_racelint(
        dir.path(),
        &[
            "--message-format=short",
            "--",
            "-D",
            "warnings",
            "-Aswallowed_panic",
            "-W",
            "clippy::pedantic",
        ],
    );
    assert_eq!(findings(&output), pairs(&[("error", "lost_update")]));
}

#[test]
fn workspace_metadata_comes_before_package_metadata_and_racelint_toml_last() {
    let dir = TempDir::new().unwrap();
    package(
        dir.path(),
        "\n[workspace]\n\n[workspace.metadata.racelint]\nrace = \"allow\"\nswallowed_panic = \"allow\"\n\n[package.metadata.racelint]\nswallowed_panic = \"deny\"\n",
    );
    let output = cargo_racelint(dir.path(), &["--message-format=short"]);
    assert_eq!(findings(&output), pairs(&[("error", "swallowed_panic")]));
    write(
        dir.path(),
        "racelint.toml",
        "swallowed_panic = \"warn\"\nlost_update = \"deny\"\n",
    );
    let output = cargo_racelint(dir.path(), &["--message-format=short"]);
    assert_eq!(
        findings(&output),
        pairs(&[("error", "lost_update"), ("warning", "swallowed_panic")])
    );
}

#[test]
fn racelint_toml_is_found_above_the_current_directory_in_plain_mode() {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "racelint.toml",
        "# the lesson allows this one\nswallowed_panic = \"allow\"\nexclude = [\"work/generated\"]\n",
    );
    write(dir.path(), "work/src/main.rs", RACY);
    write(dir.path(), "work/generated/out.rs", RACY);
    let output = racelint(&dir.path().join("work"), &["--message-format=short", "."]);
    assert_eq!(findings(&output), pairs(&[("error", "lost_update")]));
    assert!(
        out(&output).starts_with("src/main.rs:11:"),
        "{}",
        out(&output)
    );
    assert!(out(&output).ends_with("in 1 file\n"), "{}", out(&output));
}

#[test]
fn excluded_paths_are_not_linted_in_cargo_mode() {
    let dir = TempDir::new().unwrap();
    package(
        dir.path(),
        "\n[package.metadata.racelint]\nexclude = [\"src/generated\"]\n",
    );
    write(dir.path(), "src/generated/mod.rs", RACY);
    let output = cargo_racelint(dir.path(), &["--message-format=short"]);
    let text = out(&output);
    assert!(!text.contains("generated"), "{text}");
    assert!(text.ends_with("in 1 file\n"), "{text}");
}

#[test]
fn unknown_names_are_errors_that_say_where_and_suggest() {
    let dir = TempDir::new().unwrap();
    package(
        dir.path(),
        "\n[package.metadata.racelint]\nlost_updates = \"allow\"\n",
    );
    let output = cargo_racelint(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    let manifest = dir.path().canonicalize().unwrap().join("Cargo.toml");
    let stderr = err(&output);
    assert!(
        stderr
            .ends_with(":7: no lint or group named `lost_updates` (did you mean `lost_update`?)\n"),
        "{stderr}"
    );
    assert!(
        stderr.starts_with("error: ")
            && (stderr.contains(&manifest.display().to_string())
                || stderr.contains(&dir.path().join("Cargo.toml").display().to_string())),
        "{stderr}"
    );

    let dir = TempDir::new().unwrap();
    write(dir.path(), "main.rs", RACY);
    write(dir.path(), "racelint.toml", "\njoin = \"denied\"\n");
    let output = racelint(dir.path(), &["main.rs"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        err(&output).ends_with(
            "racelint.toml:2: `denied` is not a level (expected \"allow\", \"warn\" or \"deny\")\n"
        ),
        "{}",
        err(&output)
    );
    std::fs::remove_file(dir.path().join("racelint.toml")).unwrap();
    let output = racelint(dir.path(), &["-D", "jion", "main.rs"]);
    assert_eq!(
        err(&output),
        "error: no lint or group named `jion` (did you mean `join`?)\n"
    );
}

#[test]
fn suppression_comments_on_the_line_above_and_for_the_file() {
    let dir = TempDir::new().unwrap();
    let above = RACY.replace(
        "            hits.store(",
        "            // racelint: allow(lost_update)\n            hits.store(",
    );
    write(dir.path(), "above.rs", &above);
    let same_line = RACY.replace(
        "let _ = handle.join();",
        "let _ = handle.join(); // racelint: allow(join, lost_update)",
    );
    write(dir.path(), "same_line.rs", &same_line);
    write(
        dir.path(),
        "file.rs",
        &format!("// racelint: allow-file(swallowed_panic, lost_update)\n{RACY}"),
    );
    let output = racelint(dir.path(), &["--message-format=short", "above.rs"]);
    assert_eq!(findings(&output), pairs(&[("warning", "swallowed_panic")]));
    let output = racelint(dir.path(), &["--message-format=short", "file.rs"]);
    assert_eq!(findings(&output), pairs(&[]));
    assert_eq!(output.status.code(), Some(0));
    // `join` hides the ignored join; `lost_update` hides nothing on that line.
    let output = racelint(dir.path(), &["--message-format=short", "same_line.rs"]);
    assert_eq!(
        findings(&output),
        pairs(&[("error", "lost_update"), ("warning", "unused_suppression")])
    );
    assert!(
        out(&output).contains(
            "same_line.rs:15:57: warning[racelint::unused_suppression]: this suppression of `lost_update` suppresses nothing"
        ),
        "{}",
        out(&output)
    );
}
