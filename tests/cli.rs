//! End-to-end tests of the `racelint` and `cargo racelint` binaries: exit
//! statuses, file discovery, and the JSON that editors read. The files use
//! syntax errors (`parse_error`) where a finding is needed, so that these tests
//! do not depend on which threading lints fire.

use std::path::Path;
use std::process::{Command, Output};

use cargo_metadata::Message;
use cargo_metadata::diagnostic::{Diagnostic, DiagnosticLevel};
use tempfile::TempDir;

const CLEAN: &str = "fn main() {\n    println!(\"hello\");\n}\n";
const BROKEN: &str = "fn main() {\n    let x = ;\n}\n";

fn racelint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_racelint"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CARGO_TERM_COLOR")
        .output()
        .expect("racelint runs")
}

/// Runs `cargo racelint ARGS` the way cargo does: `cargo-racelint racelint ARGS`.
fn cargo_racelint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-racelint"))
        .arg("racelint")
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CARGO_TERM_COLOR")
        .output()
        .expect("cargo-racelint runs")
}

fn write(dir: &Path, path: &str, contents: impl AsRef<[u8]>) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn status(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

/// A package `name` in `dir` with the given edition.
fn package(dir: &Path, name: &str, edition: &str) {
    write(
        dir,
        "Cargo.toml",
        format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"{edition}\"\n"),
    );
}

/// Names of the files that have a `parse_error`, in output order.
fn files_with_parse_errors(text: &str) -> Vec<String> {
    let mut lines = text.lines();
    let mut files = Vec::new();
    while let Some(line) = lines.next() {
        if line.starts_with("error[racelint::parse_error]") {
            let location = lines.next().unwrap().trim().strip_prefix("--> ").unwrap();
            files.push(location.split(':').next().unwrap().to_string());
        }
    }
    files
}

#[test]
fn clean_code_exits_0() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "main.rs", CLEAN);
    let output = racelint(dir.path(), &["main.rs"]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout(&output), "no problems found in 1 file\n");
    assert_eq!(stderr(&output), "");

    let quiet = racelint(dir.path(), &["-q", "main.rs"]);
    assert_eq!(status(&quiet), 0);
    assert_eq!(stdout(&quiet), "");
}

#[test]
fn a_parse_error_exits_1_and_says_where() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "src/broken.rs", BROKEN);
    let output = racelint(dir.path(), &["src"]);
    assert_eq!(status(&output), 1);
    let out = stdout(&output);
    assert!(
        out.starts_with("error[racelint::parse_error]: this file could not be parsed"),
        "{out}"
    );
    assert!(out.contains("\n  --> src/broken.rs:2:13\n"), "{out}");
    assert!(out.contains("\n2 |     let x = ;\n"), "{out}");
    assert!(out.ends_with("\n1 problem (1 denied) in 1 file\n"), "{out}");
    assert_eq!(stderr(&output), "");
}

#[test]
fn warnings_alone_exit_0_and_deny_warnings_turns_them_into_errors() {
    // parse_error is the one lint certain to fire: lower it to a warning.
    let dir = TempDir::new().unwrap();
    write(dir.path(), "broken.rs", BROKEN);
    let output = racelint(dir.path(), &["-W", "parse_error", "broken.rs"]);
    assert_eq!(status(&output), 0);
    let out = stdout(&output);
    assert!(out.starts_with("warning[racelint::parse_error]"), "{out}");
    assert!(
        out.ends_with("\n1 problem (1 warning) in 1 file\n"),
        "{out}"
    );

    let output = racelint(dir.path(), &["-W", "input", "-D", "warnings", "broken.rs"]);
    assert_eq!(status(&output), 1);
    assert!(stdout(&output).starts_with("error[racelint::parse_error]"));

    let output = racelint(dir.path(), &["-A", "parse_error", "broken.rs"]);
    assert_eq!(status(&output), 0);
    assert_eq!(stdout(&output), "no problems found in 1 file\n");
}

#[test]
fn short_format_is_one_line_per_finding() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "broken.rs", BROKEN);
    write(dir.path(), "clean.rs", CLEAN);
    let output = racelint(dir.path(), &["--message-format=short", "."]);
    assert_eq!(status(&output), 1);
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("broken.rs:2:13: error[racelint::parse_error]: "),
        "{out}"
    );
    assert_eq!(lines[1], "1 problem (1 denied) in 1 of 2 files");
}

#[test]
fn a_missing_path_exits_2_before_linting() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "broken.rs", BROKEN);
    let output = racelint(dir.path(), &["broken.rs", "nope.rs"]);
    assert_eq!(status(&output), 2);
    assert_eq!(stderr(&output), "error: path `nope.rs` does not exist\n");
    assert_eq!(stdout(&output), "");
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    let dir = TempDir::new().unwrap();
    for args in [
        &["--no-such-flag"][..],
        &["--edition", "2020"],
        &["--message-format", "xml"],
        &["--color", "sometimes"],
        &["-D", "lost_updates"],
    ] {
        let output = racelint(dir.path(), args);
        assert_eq!(status(&output), 2, "{args:?}");
        let err = stderr(&output);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert_eq!(stdout(&output), "", "{args:?}");
    }
    let output = racelint(dir.path(), &["-D", "lost_updates"]);
    assert_eq!(
        stderr(&output),
        "error: no lint or group named `lost_updates` (did you mean `lost_update`?)\n"
    );
}

#[test]
fn help_and_version_exit_0() {
    let dir = TempDir::new().unwrap();
    let help = racelint(dir.path(), &["--help"]);
    assert_eq!(status(&help), 0);
    assert!(stdout(&help).contains("--message-format"));
    let help = cargo_racelint(dir.path(), &["--help"]);
    assert_eq!(status(&help), 0);
    assert!(
        stdout(&help).contains("Usage: cargo racelint"),
        "{}",
        stdout(&help)
    );
    let version = racelint(dir.path(), &["--version"]);
    assert_eq!(status(&version), 0);
    assert!(stdout(&version).starts_with("racelint "));
}

#[test]
fn list_shows_every_lint_of_the_registry() {
    let dir = TempDir::new().unwrap();
    let output = racelint(dir.path(), &["--list"]);
    assert_eq!(status(&output), 0);
    let out = stdout(&output);
    for lint in racelint::REGISTRY {
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(lint.name))
            .unwrap_or_else(|| panic!("{} is not listed:\n{out}", lint.name));
        let columns: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(columns[1], lint.group.as_str(), "{line}");
        assert_eq!(columns[2], lint.default_level.as_str(), "{line}");
        assert!(line.ends_with(lint.summary), "{line}");
    }
}

#[test]
fn explain_prints_the_lesson() {
    let dir = TempDir::new().unwrap();
    for lint in racelint::REGISTRY {
        let output = racelint(dir.path(), &["--explain", lint.name]);
        assert_eq!(status(&output), 0);
        let out = stdout(&output);
        match racelint::lints::python::lesson(lint) {
            // A shared lint tells its Python lesson after the Rust one.
            Some(python) => assert!(
                out.contains(&lint.docs()) && out.ends_with(&format!("\n## In Python\n\n{python}")),
                "{}",
                lint.name
            ),
            None => assert!(out.ends_with(&lint.docs()), "{}", lint.name),
        }
    }
    let output = cargo_racelint(dir.path(), &["--explain", "racelint::lost_update"]);
    assert_eq!(status(&output), 0);
    assert!(stdout(&output).contains("### Why is this bad?"));

    let output = racelint(dir.path(), &["--explain", "double_lok"]);
    assert_eq!(status(&output), 2);
    assert_eq!(
        stderr(&output),
        "error: no lint or group named `double_lok` (did you mean `double_lock`?)\n"
    );
}

#[test]
fn directories_honour_gitignore_and_skip_target() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    package(root, "p", "2021");
    write(root, ".gitignore", "generated/\nscratch.rs\n");
    write(root, "src/main.rs", BROKEN);
    write(root, "src/scratch.rs", BROKEN);
    write(root, "generated/out.rs", BROKEN);
    write(root, "target/debug/build/out.rs", BROKEN);
    write(
        root,
        "elsewhere/target/CACHEDIR.TAG",
        "Signature: 8a477f597d28d172789f06886806bc55",
    );
    write(root, "elsewhere/target/x.rs", BROKEN);
    write(root, ".hidden/x.rs", BROKEN);
    write(root, "notes.txt", BROKEN);
    let output = racelint(root, &[]);
    assert_eq!(status(&output), 1);
    let out = stdout(&output);
    assert_eq!(files_with_parse_errors(&out), ["src/main.rs"], "{out}");
    assert!(out.ends_with("in 1 file\n"), "{out}");

    // Packages inside the folder are searched too, without their target/.
    write(root, "nested/Cargo.toml", "[package]\nname = \"nested\"\n");
    write(root, "nested/src/lib.rs", BROKEN);
    write(root, "nested/target/out.rs", BROKEN);
    let output = racelint(root, &["."]);
    assert_eq!(
        files_with_parse_errors(&stdout(&output)),
        ["nested/src/lib.rs", "src/main.rs"]
    );

    // A file named on the command line is linted even when ignored.
    let output = racelint(root, &["src/scratch.rs"]);
    assert_eq!(
        files_with_parse_errors(&stdout(&output)),
        ["src/scratch.rs"]
    );
}

#[test]
fn output_order_follows_the_paths_then_sorted_names() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    for name in ["d/b.rs", "d/a.rs", "d/c/z.rs", "d/c/a.rs", "e.rs"] {
        write(root, name, BROKEN);
    }
    let output = racelint(root, &["e.rs", "d", "./d/a.rs"]);
    assert_eq!(
        files_with_parse_errors(&stdout(&output)),
        ["e.rs", "d/a.rs", "d/b.rs", "d/c/a.rs", "d/c/z.rs"]
    );
}

#[test]
fn a_file_that_is_not_utf8_is_named_and_the_others_are_still_linted() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(root, "a_broken.rs", BROKEN);
    write(root, "b_latin1.rs", b"fn main() {\n    // caf\xe9\n}\n");
    write(root, "c_clean.rs", CLEAN);
    write(root, "d_broken.rs", BROKEN);
    let output = racelint(root, &["."]);
    assert_eq!(status(&output), 1);
    let out = stdout(&output);
    assert!(
        out.contains("\nerror: could not read `b_latin1.rs`: invalid UTF-8 at line 2, column 11\n"),
        "{out}"
    );
    assert_eq!(
        files_with_parse_errors(&out),
        ["a_broken.rs", "d_broken.rs"]
    );
    assert!(
        out.ends_with("\n2 problems (2 denied) in 2 of 3 files; 1 file could not be read\n"),
        "{out}"
    );

    // Only the unreadable file: still exit status 1.
    let output = racelint(root, &["b_latin1.rs"]);
    assert_eq!(status(&output), 1);

    // In JSON, the error is a diagnostic on that file.
    let output = racelint(root, &["--message-format=json", "b_latin1.rs"]);
    let diagnostic: Diagnostic = serde_json::from_str(stdout(&output).trim_end()).unwrap();
    assert_eq!(diagnostic.level, DiagnosticLevel::Error);
    assert_eq!(diagnostic.spans[0].file_name, "b_latin1.rs");
    assert_eq!(diagnostic.spans[0].line_start, 2);
}

#[test]
fn plain_json_lines_are_rustc_diagnostics() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    // Non-ASCII text before the error: columns count characters, offsets bytes.
    write(
        root,
        "src/a.rs",
        "fn main() {\n    let s = \"héé\"; let = 1;\n}\n",
    );
    write(root, "src/b.rs", BROKEN);
    write(root, "src/c.rs", CLEAN);
    let output = racelint(root, &["--message-format", "json", "src"]);
    assert_eq!(status(&output), 1);
    assert_eq!(stderr(&output), "");
    let out = stdout(&output);
    let diagnostics: Vec<Diagnostic> = out
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    assert_eq!(diagnostics.len(), 2, "{out}");
    let first = &diagnostics[0];
    assert_eq!(first.code.as_ref().unwrap().code, "racelint::parse_error");
    assert_eq!(first.level, DiagnosticLevel::Error);
    let span = &first.spans[0];
    assert_eq!(span.file_name, "src/a.rs");
    assert!(span.is_primary);
    assert_eq!((span.line_start, span.line_end), (2, 2));
    let column = "    let s = \"héé\"; let ".chars().count() + 1;
    assert_eq!(span.column_start, column);
    let byte = "fn main() {\n    let s = \"héé\"; let ".len() as u32;
    assert_eq!(span.byte_start, byte);
    assert_eq!(span.text[0].text, "    let s = \"héé\"; let = 1;");
    assert_eq!(span.text[0].highlight_start, column);
    let rendered = first.rendered.as_deref().unwrap();
    assert!(
        rendered.starts_with("error[racelint::parse_error]"),
        "{rendered}"
    );
    assert!(!rendered.contains('\x1b'));
    assert!(!out.contains("problems"), "no summary line in JSON");

    // rust-analyzer's format: rendered text with ANSI colours.
    let output = racelint(
        root,
        &["--message-format=json-diagnostic-rendered-ansi", "src/b.rs"],
    );
    let diagnostic: Diagnostic = serde_json::from_str(stdout(&output).trim_end()).unwrap();
    assert!(diagnostic.rendered.unwrap().contains("\x1b["));
}

#[test]
fn colour_only_on_a_terminal_or_when_asked() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "broken.rs", BROKEN);
    let piped = racelint(dir.path(), &["broken.rs"]);
    assert!(!stdout(&piped).contains('\x1b'));
    let always = racelint(dir.path(), &["--color", "always", "broken.rs"]);
    assert!(stdout(&always).contains("\x1b["));
    let never = racelint(dir.path(), &["--color=never", "broken.rs"]);
    assert_eq!(stdout(&never), stdout(&piped));
    let no_color = Command::new(env!("CARGO_BIN_EXE_racelint"))
        .args(["--color", "auto", "broken.rs"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&no_color).contains('\x1b'));
}

#[test]
fn cargo_racelint_lints_the_current_package() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    package(root, "learner", "2021");
    write(root, "src/main.rs", format!("mod threads;\n{CLEAN}"));
    write(root, "src/threads/mod.rs", BROKEN);
    write(root, "tests/it.rs", BROKEN);
    write(root, "examples/demo.rs", CLEAN);
    write(root, "target/debug/junk.rs", BROKEN);
    let output = cargo_racelint(root, &[]);
    assert_eq!(status(&output), 1, "{}", stderr(&output));
    let out = stdout(&output);
    assert_eq!(
        files_with_parse_errors(&out),
        ["src/threads/mod.rs", "tests/it.rs"]
    );
    assert!(
        out.ends_with("\n2 problems (2 denied) in 2 of 4 files\n"),
        "{out}"
    );

    // From a subfolder: the same package, names relative to where it runs.
    let output = cargo_racelint(&root.join("src"), &[]);
    let outside = format!("{}/tests/it.rs", root.canonicalize().unwrap().display());
    assert_eq!(
        files_with_parse_errors(&stdout(&output)),
        ["threads/mod.rs".to_string(), outside]
    );
}

/// A course crate that keeps the lesson's Python exercises beside its Rust
/// code: `cargo racelint` lints them too, searching the package's folder as
/// `racelint PATH` searches a folder, under the package's configuration.
#[test]
fn cargo_racelint_lints_the_python_files_of_its_package() {
    const PY_BROKEN: &str = "def main(:\n    pass\n";
    const PY_CLEAN: &str = "print(\"hello\")\n";
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    package(root, "course", "2021");
    write(root, "src/main.rs", CLEAN);
    write(root, "python/counter/mistake.py", PY_BROKEN);
    write(root, "examples/python/results.py", PY_BROKEN);
    write(root, "scripts/check.py", PY_CLEAN);
    write(root, ".gitignore", "scratch/\n");
    write(root, "scratch/try.py", PY_BROKEN);
    write(root, ".venv/pyvenv.cfg", "home = /usr/bin\n");
    write(root, ".venv/lib/site.py", PY_BROKEN);
    write(root, "env/pyvenv.cfg", "home = /usr/bin\n");
    write(root, "env/lib/site.py", PY_BROKEN);
    write(root, "target/debug/build/gen.py", PY_BROKEN);
    write(
        root,
        "nested/Cargo.toml",
        "[package]\nname = \"nested\"\nversion = \"0.1.0\"\n",
    );
    write(root, "nested/src/lib.rs", CLEAN);
    write(root, "nested/tool.py", PY_BROKEN);
    let output = cargo_racelint(root, &[]);
    assert_eq!(status(&output), 1, "{}", stderr(&output));
    let out = stdout(&output);
    assert_eq!(
        files_with_parse_errors(&out),
        ["examples/python/results.py", "python/counter/mistake.py"],
        "{out}"
    );
    assert!(
        out.ends_with("\n2 problems (2 denied) in 2 of 4 files\n"),
        "{out}"
    );

    // The package's `exclude` applies to its Python files.
    write(root, "racelint.toml", "exclude = [\"python/**\"]\n");
    let output = cargo_racelint(root, &[]);
    assert_eq!(
        files_with_parse_errors(&stdout(&output)),
        ["examples/python/results.py"]
    );

    // So does `[tool.racelint]` next to the package's manifest, before `racelint.toml`.
    write(
        root,
        "pyproject.toml",
        "[tool.racelint]\nparse_error = \"warn\"\n",
    );
    let output = cargo_racelint(root, &["--message-format=short"]);
    let out = stdout(&output);
    assert_eq!(status(&output), 0, "{out}");
    assert!(
        out.contains("examples/python/results.py:1:10: warning[racelint::parse_error]"),
        "{out}"
    );
    assert!(!out.contains("python/counter"), "{out}");

    // The nested package lints its own Python files.
    let output = cargo_racelint(&root.join("nested"), &[]);
    assert_eq!(files_with_parse_errors(&stdout(&output)), ["tool.py"]);
}

/// A file that no `mod` reaches is not built by the compiler: its syntax
/// error is a warning, until a `mod` declares it.
#[test]
fn a_file_no_mod_reaches_only_warns() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    package(root, "learner", "2021");
    write(root, "src/main.rs", CLEAN);
    write(root, "src/stray.rs", BROKEN);
    let output = cargo_racelint(root, &["--message-format=short"]);
    let out = stdout(&output);
    assert_eq!(status(&output), 0, "{out}{}", stderr(&output));
    assert!(
        out.contains(
            "src/stray.rs:2:13: warning[racelint::unreadable]: this file does not parse, \
             but no `mod` reaches it, so the compiler does not build it"
        ),
        "{out}"
    );
    assert!(!out.contains("parse_error"), "{out}");

    write(root, "src/main.rs", format!("mod stray;\n{CLEAN}"));
    let output = cargo_racelint(root, &["--message-format=short"]);
    let out = stdout(&output);
    assert_eq!(status(&output), 1, "{out}{}", stderr(&output));
    assert!(
        out.contains("src/stray.rs:2:13: error[racelint::parse_error]"),
        "{out}"
    );
    assert!(!out.contains("unreadable"), "{out}");
}

#[test]
fn cargo_json_lines_are_cargo_messages() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    package(root, "learner", "2024");
    write(root, "src/main.rs", BROKEN);
    write(root, "src/lib.rs", CLEAN);
    write(root, "src/bin/tool.rs", CLEAN);
    // The flags rust-analyzer passes when it runs a cargo subcommand.
    let output = cargo_racelint(
        root,
        &[
            "--workspace",
            "--message-format=json-diagnostic-rendered-ansi",
            "--manifest-path",
            "Cargo.toml",
            "--keep-going",
            "--all-targets",
            "--target-dir",
            "/nonexistent/target",
            "--features",
            "a,b",
            "--locked",
        ],
    );
    assert_eq!(status(&output), 1, "{}", stderr(&output));
    let out = stdout(&output);
    let messages: Vec<Message> = out
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    assert_eq!(messages.len(), 2, "{out}");
    let Message::CompilerMessage(message) = &messages[0] else {
        panic!("not a compiler message: {out}");
    };
    assert!(
        message.package_id.repr.contains("learner"),
        "{}",
        message.package_id.repr
    );
    assert_eq!(message.target.name, "learner");
    assert!(message.target.src_path.ends_with("src/main.rs"));
    assert_eq!(message.message.spans[0].file_name, "src/main.rs");
    assert_eq!(
        message.message.code.as_ref().unwrap().code,
        "racelint::parse_error"
    );
    let Message::BuildFinished(finished) = &messages[1] else {
        panic!("the last line is not build-finished: {out}");
    };
    assert!(!finished.success);

    write(root, "src/main.rs", CLEAN);
    let output = cargo_racelint(root, &["--message-format", "json"]);
    assert_eq!(status(&output), 0);
    let messages: Vec<Message> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert!(matches!(&messages[..], [Message::BuildFinished(f)] if f.success));
}

#[test]
fn outside_a_cargo_project_exits_2() {
    let dir = TempDir::new().unwrap();
    let output = cargo_racelint(dir.path(), &[]);
    assert_eq!(status(&output), 2);
    let err = stderr(&output);
    assert!(
        err.starts_with("error: could not find `Cargo.toml` in "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    let output = cargo_racelint(dir.path(), &["--manifest-path", "nope/Cargo.toml"]);
    assert_eq!(status(&output), 2);
    assert!(stderr(&output).starts_with("error: manifest path `"));
}

/// A workspace with members `alpha` and `beta`, each with one broken file.
fn workspace() -> TempDir {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(
        root,
        "Cargo.toml",
        "[workspace]\nmembers = [\"alpha\", \"beta\"]\nresolver = \"2\"\n",
    );
    package(&root.join("alpha"), "alpha", "2021");
    package(&root.join("beta"), "beta", "2024");
    write(root, "alpha/src/lib.rs", BROKEN);
    write(root, "beta/src/main.rs", BROKEN);
    dir
}

#[test]
fn package_selection_in_a_workspace() {
    let dir = workspace();
    let root = dir.path();
    let files = |cwd: &Path, args: &[&str]| {
        let output = cargo_racelint(cwd, args);
        assert_ne!(status(&output), 2, "{args:?}: {}", stderr(&output));
        files_with_parse_errors(&stdout(&output))
    };
    // A virtual manifest: every member, like cargo.
    assert_eq!(files(root, &[]), ["alpha/src/lib.rs", "beta/src/main.rs"]);
    // Inside a member: that member.
    assert_eq!(files(&root.join("beta"), &[]), ["src/main.rs"]);
    assert_eq!(files(root, &["-p", "beta"]), ["beta/src/main.rs"]);
    assert_eq!(
        files(root, &["--package", "beta@0.1.0"]),
        ["beta/src/main.rs"]
    );
    assert_eq!(
        files(root, &["-p", "alpha:0.1", "-p", "beta"]),
        ["alpha/src/lib.rs", "beta/src/main.rs"]
    );
    assert_eq!(files(root, &["-p", "./alpha"]), ["alpha/src/lib.rs"]);
    assert_eq!(files(root, &["-p", "b*"]), ["beta/src/main.rs"]);
    let beta_main = format!(
        "{}/beta/src/main.rs",
        root.canonicalize().unwrap().display()
    );
    assert_eq!(
        files(&root.join("alpha"), &["--workspace", "--exclude", "alpha"]),
        [beta_main]
    );
    assert_eq!(
        files(root, &["--all", "--exclude", "beta"]),
        ["alpha/src/lib.rs"]
    );

    let output = cargo_racelint(root, &["-p", "betta"]);
    assert_eq!(status(&output), 2);
    assert_eq!(
        stderr(&output),
        "error: package ID specification `betta` did not match any packages (did you mean `beta`?)\n"
    );
    let output = cargo_racelint(root, &["-p", "beta@9"]);
    assert_eq!(status(&output), 2);
    let output = cargo_racelint(root, &["--exclude", "beta"]);
    assert_eq!(status(&output), 2);
}

#[test]
fn package_ids_from_cargo_metadata_select_their_package() {
    let dir = workspace();
    let root = dir.path();
    let metadata = cargo_metadata::MetadataCommand::new()
        .manifest_path(root.join("Cargo.toml"))
        .no_deps()
        .exec()
        .unwrap();
    let beta = metadata
        .packages
        .iter()
        .find(|p| p.name.as_str() == "beta")
        .unwrap();
    let output = cargo_racelint(root, &["-p", &beta.id.repr]);
    assert_eq!(status(&output), 1, "{}", stderr(&output));
    assert_eq!(
        files_with_parse_errors(&stdout(&output)),
        ["beta/src/main.rs"]
    );
}

#[test]
fn mistakes_a_new_user_makes_get_a_hint() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    package(root, "learner", "2021");
    write(root, "src/main.rs", CLEAN);
    // A file given to `cargo racelint`, which lints the package it runs in.
    let output = cargo_racelint(root, &["src/main.rs"]);
    assert_eq!(status(&output), 2);
    assert_eq!(
        stderr(&output),
        "error: unexpected argument `src/main.rs`: `cargo racelint` lints the package it runs in; \
         to lint a file or folder, run `racelint src/main.rs`\n"
    );
    // `-D warning` for `-D warnings`.
    let output = racelint(root, &["-D", "warning", "src"]);
    assert_eq!(status(&output), 2);
    assert_eq!(
        stderr(&output),
        "error: no lint or group named `warning` (did you mean `warnings`?)\n"
    );
    // A target flag is accepted, and said not to narrow what is linted.
    let output = cargo_racelint(root, &["--bin", "learner"]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "warning: `--bin learner` is ignored: racelint lints every file of the package, \
         whichever target it belongs to\n"
    );
    assert_eq!(stdout(&output), "no problems found in 1 file\n");
    // `--explain` prints the lesson's Markdown as it is when not on a terminal.
    let output = racelint(root, &["--explain", "lost_update"]);
    assert!(stdout(&output).contains("### What it does\n"));
    let output = racelint(root, &["--explain", "lost_update", "--color", "always"]);
    let out = stdout(&output);
    assert!(out.contains("\x1b[1;4mWhat it does\x1b[0m\n"), "{out}");
    assert!(!out.contains("```"), "{out}");
}
