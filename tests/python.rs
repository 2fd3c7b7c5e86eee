//! The Python front-end end to end:
//!
//! - the lesson's Python exercises (`examples/python/<topic>/`): every
//!   `mistake.py` gives exactly its intended findings, every `fixed.py` none;
//! - CPython's own standard library (the local interpreter's `Lib/`) gives no
//!   deny-level finding; a syntax error, or a file that could not be read
//!   (bytes invalid in its declared encoding), is accepted only where Python
//!   itself refuses to compile the file (the test data of `lib2to3` and the
//!   tokenizer);
//! - the wheel: `maturin build` (installed from PyPI into a fresh virtual
//!   environment) packs the `racelint` executable, `pip install` puts it on
//!   the environment's PATH, and it lints a file.
//!
//! The last two need `python3`; without it they say so and pass.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cargo_metadata::diagnostic::{Diagnostic, DiagnosticLevel};

/// Every Python exercise, with the findings its `mistake.py` must give: (lint, line).
const EXERCISES: &[(&str, &[(&str, usize)])] = &[
    ("counter", &[("lost_update", 11)]),
    (
        "start_threads",
        &[
            ("target_called", 11),
            ("args_not_tuple", 14),
            ("run_not_start", 18),
        ],
    ),
    ("results", &[("sleep_sync", 16), ("read_before_join", 17)]),
    (
        "pool",
        &[("pool_not_closed", 12), ("swallowed_exception", 14)],
    ),
    ("gil", &[("cpu_bound_threads", 17)]),
    (
        "locks",
        &[
            ("fresh_lock", 10),
            ("lost_update", 11),
            ("acquire_without_with", 15),
        ],
    ),
];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("the workspace root exists")
}

/// The `lint` of a file racelint could not read.
const UNREADABLE: &str = "could not read";

struct Finding {
    lint: String,
    file: String,
    line: usize,
    deny: bool,
    message: String,
}

/// `racelint --message-format json ARGS` from `dir`: its findings and exit status.
fn racelint(program: &Path, dir: &Path, args: &[&str]) -> (Vec<Finding>, i32) {
    let output = Command::new(program)
        .args(["--message-format", "json"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("racelint runs");
    let stdout = String::from_utf8(output.stdout).expect("stdout is UTF-8");
    let mut findings = Vec::new();
    for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
        let diagnostic: Diagnostic =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not a diagnostic ({e}): {line}"));
        // A file that could not be read is an error without a code.
        let lint = match diagnostic.code.as_ref() {
            Some(code) => code.code.trim_start_matches("racelint::").to_string(),
            None if diagnostic.message.starts_with("could not read") => UNREADABLE.to_string(),
            None => continue,
        };
        let span = diagnostic
            .spans
            .iter()
            .find(|s| s.is_primary)
            .expect("a primary span");
        findings.push(Finding {
            lint,
            file: span.file_name.clone(),
            line: span.line_start,
            deny: diagnostic.level == DiagnosticLevel::Error,
            message: diagnostic.message.clone(),
        });
    }
    (findings, output.status.code().expect("racelint exited"))
}

fn own_racelint() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_racelint"))
}

#[test]
fn python_mistakes_give_exactly_the_intended_findings() {
    let root = workspace_root();
    let mut report = String::new();
    for &(topic, expected) in EXERCISES {
        let file = format!("examples/python/{topic}/mistake.py");
        let (findings, status) = racelint(own_racelint(), &root, &[&file]);
        let found: BTreeSet<(String, usize)> =
            findings.iter().map(|f| (f.lint.clone(), f.line)).collect();
        let expected: BTreeSet<(String, usize)> =
            expected.iter().map(|&(l, n)| (l.to_string(), n)).collect();
        if found != expected {
            writeln!(report, "{file}: expected {expected:?}, found {found:?}").unwrap();
        }
        let denied = findings.iter().any(|f| f.deny);
        if status != i32::from(denied) {
            writeln!(report, "{file}: exit status {status}").unwrap();
        }
        let fixed = format!("examples/python/{topic}/fixed.py");
        let (findings, status) = racelint(own_racelint(), &root, &[&fixed]);
        for f in &findings {
            writeln!(
                report,
                "{fixed}:{}: unexpected {}: {}",
                f.line, f.lint, f.message
            )
            .unwrap();
        }
        if status != 0 {
            writeln!(report, "{fixed}: exit status {status}").unwrap();
        }
    }
    // Every topic on disk is in the table.
    let on_disk: BTreeSet<String> = std::fs::read_dir(root.join("examples/python"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    let listed: BTreeSet<String> = EXERCISES.iter().map(|(t, _)| t.to_string()).collect();
    assert_eq!(
        on_disk, listed,
        "examples/python and the EXERCISES table differ"
    );
    assert!(report.is_empty(), "{report}");
}

/// The local `python3`, or `None` (with a note) when there is none.
fn python3() -> Option<PathBuf> {
    let python = PathBuf::from(std::env::var_os("PYTHON").unwrap_or_else(|| "python3".into()));
    match Command::new(&python).arg("--version").output() {
        Ok(out) if out.status.success() => Some(python),
        _ => {
            eprintln!("no python3 on this machine: skipped");
            None
        }
    }
}

fn run_python(python: &Path, args: &[&str]) -> Output {
    Command::new(python)
        .args(args)
        .output()
        .expect("python3 runs")
}

#[test]
fn cpython_standard_library_has_no_deny_level_finding() {
    let Some(python) = python3() else { return };
    let out = run_python(
        &python,
        &[
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ],
    );
    let stdlib = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    assert!(
        stdlib.join("threading.py").is_file(),
        "no standard library at {}",
        stdlib.display()
    );
    // The standard library, not the packages installed next to it.
    let mut entries: Vec<String> = std::fs::read_dir(&stdlib)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir() || e.path().extension().is_some_and(|x| x == "py"))
        .map(|e| e.file_name().into_string().unwrap())
        .filter(|name| name != "site-packages" && name != "dist-packages")
        .collect();
    entries.sort();
    let args: Vec<&str> = entries.iter().map(String::as_str).collect();
    let (findings, _) = racelint(own_racelint(), &stdlib, &args);
    let python_files = findings.iter().filter(|f| f.file.ends_with(".py")).count();
    let mut report = String::new();
    let mut unparsed = Vec::new();
    for f in findings.iter().filter(|f| f.deny) {
        if f.lint == "parse_error" || f.lint == UNREADABLE {
            unparsed.push(f.file.clone());
        } else {
            writeln!(report, "{}:{}: {}: {}", f.file, f.line, f.lint, f.message).unwrap();
        }
    }
    // A syntax error or an unreadable file is racelint's to report only where Python agrees.
    let check = "import sys\nfor f in sys.argv[1:]:\n    try:\n        compile(open(f, 'rb').read(), f, 'exec')\n        print(f)\n    except (SyntaxError, ValueError):\n        pass\n";
    if !unparsed.is_empty() {
        let mut args = vec!["-c", check];
        args.extend(unparsed.iter().map(String::as_str));
        let out = Command::new(&python)
            .args(&args)
            .current_dir(&stdlib)
            .output()
            .expect("python3 runs");
        for file in String::from_utf8(out.stdout).unwrap().lines() {
            writeln!(
                report,
                "{file}: parse error or unreadable, but Python compiles it"
            )
            .unwrap();
        }
    }
    eprintln!(
        "{} findings in {}, {} files Python also rejects",
        findings.len(),
        stdlib.display(),
        unparsed.len()
    );
    assert!(findings.len() < 1000 || python_files > 0);
    assert!(
        report.is_empty(),
        "deny-level findings in CPython's standard library:\n{report}"
    );
}

#[test]
fn wheel_installs_racelint_into_a_virtual_environment() {
    let Some(python) = python3() else { return };
    let root = workspace_root();
    let work = tempfile::tempdir().unwrap();
    let venv = work.path().join("venv");
    let status = Command::new(&python)
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .expect("python3 -m venv runs");
    assert!(status.success(), "python3 -m venv failed");
    let bin = venv.join(if cfg!(windows) { "Scripts" } else { "bin" });
    let pip = |args: &[&str]| {
        let out = Command::new(bin.join("pip"))
            .args(["--disable-pip-version-check", "-q"])
            .args(args)
            .output()
            .expect("pip runs");
        assert!(
            out.status.success(),
            "pip {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    pip(&["install", "maturin>=1.5,<2"]);
    // The dev profile reuses what `cargo test` built; a release wheel is built the same way
    // with `--release`.
    let wheels = work.path().join("wheels");
    let out = Command::new(bin.join("maturin"))
        .args(["build", "--profile", "dev", "--manifest-path"])
        .arg(root.join("lint/Cargo.toml"))
        .arg("--out")
        .arg(&wheels)
        .output()
        .expect("maturin runs");
    assert!(
        out.status.success(),
        "maturin build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let wheel = std::fs::read_dir(&wheels)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .expect("maturin wrote a wheel");
    pip(&["install", wheel.to_str().unwrap()]);
    let installed = bin.join("racelint");
    assert!(
        installed.is_file(),
        "the wheel put no racelint in {}",
        bin.display()
    );
    let (findings, status) = racelint(&installed, &root, &["examples/python/counter/mistake.py"]);
    let found: Vec<(String, usize)> = findings.iter().map(|f| (f.lint.clone(), f.line)).collect();
    assert_eq!(found, vec![("lost_update".to_string(), 11)]);
    assert_eq!(status, 1);
}

/// Every primary span racelint reports in Python (the UI fixtures, the
/// exercises) is exactly a node of CPython's own `ast` of that file: the same
/// start and end, lines 1-based and columns counted as racelint's renderers
/// count them, in characters of the text decoded as the file declares
/// (`ast` counts UTF-8 bytes: they are turned into characters).
#[test]
fn python_spans_are_nodes_of_cpythons_ast() {
    let Some(python) = python3() else { return };
    let root = workspace_root();
    let mut files: Vec<String> = std::fs::read_dir(root.join("lint/tests/ui_py"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .map(|p| p.strip_prefix(&root).unwrap().to_str().unwrap().to_string())
        .collect();
    files.extend(
        EXERCISES
            .iter()
            .map(|(topic, _)| format!("examples/python/{topic}/mistake.py")),
    );
    files.sort();
    let mut spans = Vec::new();
    for file in &files {
        let out = Command::new(own_racelint())
            .args(["--message-format", "json", file])
            .current_dir(&root)
            .output()
            .expect("racelint runs");
        for line in String::from_utf8(out.stdout).unwrap().lines() {
            let Ok(diagnostic) = serde_json::from_str::<Diagnostic>(line) else {
                continue;
            };
            let Some(code) = &diagnostic.code else {
                continue;
            };
            if code.code == "racelint::parse_error" {
                continue;
            }
            let span = diagnostic.spans.iter().find(|s| s.is_primary).unwrap();
            spans.push(format!(
                "{} {} {} {} {} {}",
                span.file_name,
                span.line_start,
                span.column_start - 1,
                span.line_end,
                span.column_end - 1,
                code.code
            ));
        }
    }
    assert!(
        spans.len() > 40,
        "too few findings to compare: {}",
        spans.len()
    );
    // For each span: is there a node of CPython's `ast` with exactly these bounds?
    let script = r#"
import ast, sys, tokenize
nodes = {}
for line in sys.stdin:
    file, l1, c1, l2, c2, code = line.split()
    if file not in nodes:
        try:
            with tokenize.open(file) as f:
                text = f.read()
            tree = ast.parse(text)
        except SyntaxError:
            nodes[file] = None
            continue
        lines = [l.encode() for l in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        chars = lambda l, c: len(lines[l - 1][:c].decode())
        nodes[file] = {(n.lineno, chars(n.lineno, n.col_offset), n.end_lineno,
                        chars(n.end_lineno, n.end_col_offset))
                       for n in ast.walk(tree) if hasattr(n, "lineno")}
    if nodes[file] is not None and (int(l1), int(c1), int(l2), int(c2)) not in nodes[file]:
        print(line.strip())
"#;
    let mut child = Command::new(&python)
        .args(["-c", script])
        .current_dir(&root)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all((spans.join("\n") + "\n").as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mismatched = String::from_utf8(out.stdout).unwrap();
    assert!(
        mismatched.is_empty(),
        "primary spans that are no node of CPython's ast (file line col end_line end_col lint):\n{mismatched}"
    );
}

/// `--fix` on a Python file: the three safe fixes are written, and the file
/// then has none of those mistakes left.
#[test]
fn fix_rewrites_the_three_safe_fixes_in_a_python_file() {
    let root = workspace_root();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lesson.py");
    std::fs::copy(root.join("examples/python/start_threads/mistake.py"), &file).unwrap();
    let out = Command::new(own_racelint())
        .args(["--fix", "--allow-no-vcs", "lesson.py"])
        .current_dir(dir.path())
        .output()
        .expect("racelint runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert!(fixed.contains("threading.Thread(target=download, args=(\"a.html\",))"));
    assert!(fixed.contains("args=(\"b.html\",))"));
    assert!(fixed.contains("third.start()") && !fixed.contains("third.run()"));
    let (findings, status) = racelint(own_racelint(), dir.path(), &["lesson.py"]);
    assert!(findings.is_empty() && status == 0);
}

/// A Python file in the encoding it declares (PEP 263): linted with columns
/// in characters, fixed in its own encoding; a file Python would refuse
/// (an unknown encoding) gets a located error, and the other files are
/// still linted.
#[test]
fn python_files_are_read_in_their_declared_encoding() {
    let dir = tempfile::tempdir().unwrap();
    // `é` is one byte in Latin-1, two in UTF-8, one character.
    let latin1 = b"# -*- coding: latin-1 -*-\nimport threading\n\n\ndef t\xe9l\xe9charge(page):\n    print(page)\n\n\nt\xe9 = threading.Thread(target=t\xe9l\xe9charge(\"\xe9t\xe9\"))\nt\xe9.start()\n";
    std::fs::write(dir.path().join("lecon.py"), latin1).unwrap();
    std::fs::write(
        dir.path().join("bad.py"),
        b"# -*- coding: uft-8 -*-\nimport threading\n",
    )
    .unwrap();
    let out = Command::new(own_racelint())
        .args(["--message-format", "json", "bad.py", "lecon.py"])
        .current_dir(dir.path())
        .output()
        .expect("racelint runs");
    let mut seen = Vec::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let Ok(d) = serde_json::from_str::<Diagnostic>(line) else {
            continue;
        };
        let span = d.spans.iter().find(|s| s.is_primary).unwrap();
        seen.push((
            d.message.clone(),
            span.file_name.clone(),
            span.line_start,
            span.column_start,
            span.column_end,
        ));
    }
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(
        seen[0],
        (
            "could not read `bad.py`: unknown encoding `uft-8` declared on line 1".to_string(),
            "bad.py".to_string(),
            1,
            15,
            15
        )
    );
    // `té = threading.Thread(target=` is 29 characters: the call starts at column 30;
    // `télécharge("été")` is 17 characters.
    let (message, file, line, start, end) = &seen[1];
    assert!(
        message.contains("`t\u{e9}l\u{e9}charge` runs now"),
        "{message}"
    );
    assert_eq!(
        (file.as_str(), *line, *start, *end),
        ("lecon.py", 9, 30, 47)
    );
    assert_eq!(out.status.code(), Some(1));

    // The fix is written in Latin-1, like the rest of the file.
    let out = Command::new(own_racelint())
        .args(["--fix", "--allow-no-vcs", "lecon.py"])
        .current_dir(dir.path())
        .output()
        .expect("racelint runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let fixed = std::fs::read(dir.path().join("lecon.py")).unwrap();
    let expected = b"t\xe9 = threading.Thread(target=t\xe9l\xe9charge, args=(\"\xe9t\xe9\",))\n";
    assert!(
        fixed.windows(expected.len()).any(|w| w == expected),
        "{}",
        String::from_utf8_lossy(&fixed)
    );
}
