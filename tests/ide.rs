//! End-to-end tests of what editors see: `cargo racelint` run the way
//! rust-analyzer runs its check command, the shape of the JSON next to
//! rustc's own, and `--with-check`, which passes `cargo check`'s messages on.

use std::path::Path;
use std::process::{Command, Output};

use cargo_metadata::Message;
use serde_json::Value;
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
            hits.store(hits.load(Ordering::SeqCst) + 1, Ordering::SeqCst);
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
}
";

fn write(dir: &Path, path: &str, contents: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn package(main: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "Cargo.toml",
        "[package]\nname = \"racy\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[features]\na = []\nb = []\n",
    );
    write(dir.path(), "src/main.rs", main);
    dir
}

/// `cargo racelint ARGS` as cargo runs it, without the target directory of
/// the test run (a nested `cargo check` gets its own).
fn cargo_racelint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-racelint"))
        .arg("racelint")
        .args(args)
        .current_dir(dir)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("NO_COLOR")
        .output()
        .expect("cargo-racelint runs")
}

fn messages(output: &Output) -> Vec<Message> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

fn codes(messages: &[Message]) -> Vec<String> {
    messages
        .iter()
        .filter_map(|m| match m {
            Message::CompilerMessage(m) => Some(m.message.code.as_ref()?.code.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn every_flag_rust_analyzer_passes_is_accepted() {
    let dir = package(RACY);
    let manifest = dir.path().join("Cargo.toml");
    let manifest = manifest.to_str().unwrap();
    let target_dir = dir.path().join("ra-target");
    let target_dir = target_dir.to_str().unwrap();
    // `check.command = "racelint"`, the whole workspace, with the cargo
    // options rust-analyzer adds (target, features, target directory) and
    // `check.allTargets` on.
    let workspace = cargo_racelint(
        dir.path(),
        &[
            "--workspace",
            "--message-format=json-diagnostic-rendered-ansi",
            "--manifest-path",
            manifest,
            "--keep-going",
            "--target",
            "x86_64-unknown-linux-gnu",
            "--all-targets",
            "--features",
            "a b",
            "--no-default-features",
            "--target-dir",
            target_dir,
        ],
    );
    assert_eq!(
        workspace.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&workspace.stderr)
    );
    let found = messages(&workspace);
    assert_eq!(codes(&found), ["racelint::lost_update"]);
    assert!(matches!(found.last(), Some(Message::BuildFinished(f)) if !f.success));
    // One package and one target, as after saving a file; `check.allTargets`
    // off gives `--lib --bins --examples`; `-Zscript` comes with a script manifest.
    let id = match &found[0] {
        Message::CompilerMessage(m) => m.package_id.repr.clone(),
        other => panic!("{other:?}"),
    };
    let package = cargo_racelint(
        dir.path(),
        &[
            "-p",
            &id,
            "--bin",
            "racy",
            "--message-format=json",
            "--manifest-path",
            manifest,
            "--keep-going",
            "--lib",
            "--bins",
            "--examples",
            "--all-features",
            "-Zscript",
            "--",
            "-W",
            "clippy::pedantic",
        ],
    );
    assert_eq!(
        package.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&package.stderr)
    );
    assert_eq!(codes(&messages(&package)), ["racelint::lost_update"]);
    // Nothing is built: racelint reads the sources.
    assert!(!Path::new(target_dir).exists());
}

/// The keys of a JSON value, recursively: objects by their sorted keys,
/// arrays by their first element, everything else by its type.
fn shape(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), shape(v))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().take(1).map(shape).collect()),
        Value::Null => Value::String("null".into()),
        Value::Bool(_) => Value::String("bool".into()),
        Value::Number(_) => Value::String("number".into()),
        Value::String(_) => Value::String("string".into()),
    }
}

/// The first compiler message with a machine-applicable suggestion, as JSON.
fn with_suggestion(stdout: &[u8]) -> Value {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .find(|m| {
            m["reason"] == "compiler-message"
                && m["message"]["children"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|c| c["spans"][0]["suggestion_applicability"] == "MachineApplicable")
        })
        .unwrap_or_else(|| panic!("no suggestion in {}", String::from_utf8_lossy(stdout)))
}

#[test]
fn suggestions_have_the_shape_of_rustc_suggestions() {
    // rustc's own: `let mut x` with `x` never changed.
    let rustc_dir = package(
        "fn main() {\n    let s = \"héllo\"; let mut x = 1;\n    println!(\"{s}{x}\");\n}\n",
    );
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let check = Command::new(cargo)
        .args(["check", "--quiet", "--message-format=json"])
        .current_dir(rustc_dir.path())
        .env_remove("CARGO_TARGET_DIR")
        .env("CARGO_TARGET_DIR", rustc_dir.path().join("target"))
        .output()
        .expect("cargo check runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let rustc = with_suggestion(&check.stdout);

    let dir = package(RACY);
    let output = cargo_racelint(dir.path(), &["--message-format=json"]);
    let ours = with_suggestion(&output.stdout);

    // The wrapper and the diagnostic have the same fields (the target's
    // fields depend on the cargo version, so they are left out).
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&ours), keys(&rustc));
    assert_eq!(keys(&ours["message"]), keys(&rustc["message"]));
    let fix = |m: &Value| -> Value {
        m["message"]["children"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| !c["spans"].as_array().unwrap().is_empty())
            .unwrap()
            .clone()
    };
    let (ours_fix, rustc_fix) = (fix(&ours), fix(&rustc));
    // The suggestion: a `help` child without code or rendering, whose primary
    // span carries the replacement and its applicability.
    assert_eq!(shape(&ours_fix), shape(&rustc_fix));
    for child in [&ours_fix, &rustc_fix] {
        assert_eq!(child["level"], "help");
        assert!(child["code"].is_null() && child["rendered"].is_null());
        assert!(child.get("$message_type").is_none());
        let span = &child["spans"][0];
        assert_eq!(span["is_primary"], true);
        assert!(span["label"].is_null());
        assert!(span["suggested_replacement"].is_string());
    }
    // The primary spans have the same fields (whether they carry a label
    // depends on the diagnostic).
    assert_eq!(
        keys(&ours["message"]["spans"][0]),
        keys(&rustc["message"]["spans"][0])
    );
    // Both count columns in characters: `é` is one column, two bytes.
    let span = &rustc_fix["spans"][0];
    assert_eq!(span["column_start"], 26);
    assert_eq!(span["byte_start"], 38);
}

#[test]
fn with_check_passes_cargo_check_messages_on() {
    let broken = RACY.replace(
        "fn main() {\n",
        "fn main() {\n    let wrong: u32 = \"not a number\";\n",
    );
    let dir = package(&broken);
    let output = cargo_racelint(dir.path(), &["--with-check", "--message-format=json"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let found = messages(&output);
    let found_codes = codes(&found);
    assert!(
        found_codes.contains(&"E0308".to_string()),
        "{found_codes:?}"
    );
    assert!(
        found_codes.contains(&"racelint::lost_update".to_string()),
        "{found_codes:?}"
    );
    let finished: Vec<bool> = found
        .iter()
        .filter_map(|m| match m {
            Message::BuildFinished(f) => Some(f.success),
            _ => None,
        })
        .collect();
    assert_eq!(finished, [false], "one closing line, for both");
    assert!(matches!(found.last(), Some(Message::BuildFinished(_))));

    // Without --with-check, only racelint's findings.
    let output = cargo_racelint(dir.path(), &["--message-format=json"]);
    assert_eq!(codes(&messages(&output)), ["racelint::lost_update"]);
}
