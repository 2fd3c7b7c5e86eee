//! End-to-end tests of `--fix`: it applies the machine-applicable fixes and
//! nothing else, refuses files with uncommitted changes or outside git unless
//! told otherwise, never writes without `--fix`, and never loses a file.

use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

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
            // racelint: allow(double_lock)
            hits.store(hits.load(Ordering::SeqCst) + 1, Ordering::SeqCst);
        }));
    }
    for handle in handles {
        let _ = handle.join();
    }
    println!(\"{}\", hits.load(Ordering::SeqCst));
}
";

/// `RACY` with the fixes `--fix` may apply: the atomic update in one step and
/// the suppression that suppresses nothing removed. The ignored join result
/// stays: its fix may change behaviour.
const FIXED: &str = "\
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

fn main() {
    let hits = Arc::new(AtomicUsize::new(0));
    let mut handles = Vec::new();
    for _ in 0..4 {
        let hits = Arc::clone(&hits);
        handles.push(thread::spawn(move || {
            hits.fetch_add(1, Ordering::SeqCst);
        }));
    }
    for handle in handles {
        let _ = handle.join();
    }
    println!(\"{}\", hits.load(Ordering::SeqCst));
}
";

fn write(dir: &Path, path: &str, contents: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

/// Runs a program in `dir`, never looking for a git repository above it.
fn run(program: &str, dir: &Path, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap())
        .env_remove("NO_COLOR")
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"))
}

fn racelint(dir: &Path, args: &[&str]) -> Output {
    run(env!("CARGO_BIN_EXE_racelint"), dir, args)
}

fn git(dir: &Path, args: &[&str]) {
    let mut all = vec![
        "-c",
        "user.name=racelint",
        "-c",
        "user.email=racelint@example.com",
    ];
    all.extend_from_slice(args);
    let output = run("git", dir, &all);
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A git repository with `src/main.rs` committed.
fn repository() -> TempDir {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "src/main.rs", RACY);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "racy"]);
    dir
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn fix_applies_safe_fixes_and_reports_what_is_left() {
    let dir = repository();
    let output = racelint(dir.path(), &["--fix", "src"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(read(dir.path(), "src/main.rs"), FIXED);
    let err = stderr(&output);
    assert!(
        err.contains("fixed `src/main.rs` (2 fixes: lost_update, unused_suppression)\n"),
        "{err}"
    );
    assert!(
        err.contains("1 finding left with a fix that may change behaviour (swallowed_panic)"),
        "{err}"
    );
    // The lint after the fix shows what is left.
    let out = stdout(&output);
    assert!(
        out.starts_with("warning[racelint::swallowed_panic]"),
        "{out}"
    );
    assert!(!out.contains("lost_update"), "{out}");
    assert!(out.ends_with("1 problem (1 warning) in 1 file\n"), "{out}");
    // Fixing again finds nothing to do and changes nothing.
    let again = racelint(dir.path(), &["--fix", "--allow-dirty", "src"]);
    assert_eq!(read(dir.path(), "src/main.rs"), FIXED);
    assert!(
        stderr(&again).starts_with("nothing to fix\n"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn fix_refuses_uncommitted_changes_unless_allowed() {
    let dir = repository();
    let edited = RACY.replace("fn main() {", "fn main() {\n    // work in progress");
    write(dir.path(), "src/main.rs", &edited);
    let output = racelint(dir.path(), &["--fix", "src"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: 1 file to fix has uncommitted changes that the fixes would mix with: \
         `src/main.rs` (modified); commit or stash them, or run with --allow-dirty\n"
    );
    assert_eq!(stdout(&output), "");
    assert_eq!(read(dir.path(), "src/main.rs"), edited);

    // Staged changes: refused too, unless --allow-staged.
    git(dir.path(), &["add", "src/main.rs"]);
    let output = racelint(dir.path(), &["--fix", "src"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("`src/main.rs` (staged, not committed)"));
    let output = racelint(dir.path(), &["--fix", "--allow-staged", "src"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(read(dir.path(), "src/main.rs").contains("// work in progress\n"));
    assert!(read(dir.path(), "src/main.rs").contains("hits.fetch_add(1, Ordering::SeqCst);"));

    // A new file git does not know yet.
    write(dir.path(), "src/new.rs", RACY);
    let output = racelint(dir.path(), &["--fix", "src/new.rs"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("`src/new.rs` (not committed yet)"));
    let output = racelint(dir.path(), &["--fix", "--allow-dirty", "src/new.rs"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(read(dir.path(), "src/new.rs"), FIXED);
}

#[test]
fn fix_outside_git_needs_allow_no_vcs() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "main.rs", RACY);
    let output = racelint(dir.path(), &["--fix", "main.rs"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: `main.rs` is not in a git repository, so the fixes could not be reviewed \
         or undone; commit it to git first, or run with --allow-no-vcs\n"
    );
    assert_eq!(read(dir.path(), "main.rs"), RACY);
    let output = racelint(dir.path(), &["--fix", "--allow-no-vcs", "main.rs"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(read(dir.path(), "main.rs"), FIXED);
    // Nothing but the fixed file is left in the folder.
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 1);
}

#[test]
fn without_fix_nothing_is_written() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "main.rs", RACY);
    let path = dir.path().join("main.rs");
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    for format in ["human", "json", "sarif", "github"] {
        let output = racelint(dir.path(), &["--message-format", format, "main.rs"]);
        assert_eq!(output.status.code(), Some(1), "{format}");
    }
    assert_eq!(read(dir.path(), "main.rs"), RACY);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        before
    );
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 1);
    // The allow flags only make sense with --fix.
    let output = racelint(dir.path(), &["--allow-dirty", "main.rs"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn cargo_racelint_fix_fixes_the_package() {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "Cargo.toml",
        "[package]\nname = \"racy\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    write(dir.path(), "src/main.rs", RACY);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "racy"]);
    let output = run(
        env!("CARGO_BIN_EXE_cargo-racelint"),
        dir.path(),
        &["racelint", "--fix", "--message-format=json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(read(dir.path(), "src/main.rs"), FIXED);
    // The JSON after the fix still ends like cargo's.
    let out = stdout(&output);
    assert!(
        out.ends_with("{\"reason\":\"build-finished\",\"success\":true}\n"),
        "{out}"
    );
}

/// The fix `--fix` leaves alone is still offered to editors: applied the way
/// an editor's quick fix applies it (rustfix, every applicability), it turns
/// the ignored join into one that passes the thread's panic on.
#[test]
fn fixes_that_may_change_behaviour_are_offered_to_editors() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "main.rs", FIXED);
    let output = racelint(dir.path(), &["--message-format=json", "main.rs"]);
    let suggestions: Vec<rustfix::Suggestion> = stdout(&output)
        .lines()
        .flat_map(|line| {
            rustfix::get_suggestions_from_json(
                line,
                &std::collections::HashSet::<String>::new(),
                rustfix::Filter::Everything,
            )
            .expect("racelint's JSON reads as rustc diagnostics")
        })
        .collect();
    assert_eq!(suggestions.len(), 1, "{}", stdout(&output));
    let fixed = rustfix::apply_suggestions(FIXED, &suggestions).unwrap();
    assert_eq!(
        fixed,
        FIXED.replace("let _ = handle.join();", "handle.join().unwrap();")
    );
    // --fix itself leaves it.
    let output = racelint(dir.path(), &["--fix", "--allow-no-vcs", "main.rs"]);
    assert_eq!(read(dir.path(), "main.rs"), FIXED);
    assert!(stderr(&output).starts_with("nothing to fix\n"));
}

#[test]
#[cfg(unix)]
fn a_read_only_file_is_refused_by_name_and_not_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repository();
    let path = dir.path().join("src/main.rs");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let output = racelint(dir.path(), &["--fix", "src"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "error: `src/main.rs` is read-only, so racelint did not fix it; make it writable to apply the fixes\n"
    );
    assert_eq!(read(dir.path(), "src/main.rs"), RACY);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o444);
}
