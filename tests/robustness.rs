//! racelint on bad input: nothing it is fed may crash it or lose the other
//! files' findings. Deep nesting becomes a located error instead of a stack
//! overflow; odd encodings keep their columns right; unreadable paths get a
//! one-line error and the run goes on; a failing lint becomes an
//! `internal_error` naming the file and the lint. Every input the fuzzer
//! found a crash with is kept in `lint/tests/regressions/` and checked here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use racelint::analyze::nesting::{MAX_BRACKETS, MAX_DEPTH};
use racelint::analyze::{Edition, Unit, check_source, check_unit_with};
use racelint::lints::CheckFn;
use racelint::model::Model;
use racelint::{Finding, LintLevels, SourceFile};
use tempfile::TempDir;

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

/// The one finding of a file that nests too deeply, and its 1-based line and column.
fn too_deep(text: &str) -> (Finding, usize, usize) {
    let (unit, findings) = check_source("deep.rs", text, Edition::E2021);
    assert_located(&unit, &findings);
    assert_eq!(findings.len(), 1, "{:?}", messages(&findings));
    let finding = findings.into_iter().next().unwrap();
    // racelint's own limit, not an error in the code: a warning.
    assert_eq!(finding.lint.name, "unreadable");
    assert_eq!(finding.level, racelint::Level::Warn);
    assert!(
        finding.message.starts_with("nesting too deep"),
        "{}",
        finding.message
    );
    let at = unit.files[0].line_col(finding.primary.span.lo as usize);
    (finding, at.line, at.column)
}

fn messages(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| format!("{}: {}", f.lint.name, f.message))
        .collect()
}

#[test]
fn deep_parentheses_are_an_error_at_the_bracket_past_the_limit() {
    let depth = 100_000;
    let text = format!(
        "fn main() {{\n    let x = {}1{};\n}}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let (finding, line, column) = too_deep(&text);
    // `fn main() {` opens one bracket: the limit is passed inside the `let`.
    assert_eq!((line, column), (2, 13 + MAX_BRACKETS - 1));
    assert_eq!(finding.primary.span.hi - finding.primary.span.lo, 1);
}

#[test]
fn deep_blocks_are_an_error() {
    let depth = 10_000;
    let text = format!("fn main() {}{}\n", "{".repeat(depth), "}".repeat(depth));
    let (_, line, column) = too_deep(&text);
    assert_eq!((line, column), (1, 11 + MAX_BRACKETS));
}

#[test]
fn long_chains_are_an_error_instead_of_a_stack_overflow() {
    let n = 100_000;
    let chains = [
        format!("fn f() {{ let x = {}true; }}", "!".repeat(n)),
        format!("fn f() {{ let x = {}1; }}", "- ".repeat(n)),
        format!("fn f() {{ let x = 1{}; }}", " + 1".repeat(n)),
        format!("fn f() {{ let x = v{}; }}", ".f()".repeat(n)),
        format!("fn f() {{ let x = v{}; }}", "?".repeat(n)),
        format!("fn f() {{ let x = {}1; }}", "&".repeat(n)),
        format!("fn f() {{ let x = {}1; }}", "|| ".repeat(n)),
        format!("fn f() {{ let x = {}1; }}", "return ".repeat(n)),
        format!("fn f() {{ let x = v{}; }}", "[0]".repeat(n)),
        format!("fn f() {{ x = {}1; }}", "y = ".repeat(n)),
        format!("fn f() {{ if a {{}}{} }}", " else if a {}".repeat(n)),
        format!("fn f(x: {}u8) {{}}", "&".repeat(n)),
        format!("fn f(x: {}u8{}) {{}}", "Vec<".repeat(n), ">".repeat(n)),
        format!(
            "fn f(x: {}u8{}) {{}}",
            "HashMap<u8, ".repeat(n),
            ">".repeat(n)
        ),
        format!("fn f() {{ let {}x = 1; }}", "&".repeat(n)),
        format!("fn f() {{ let x = 1{}; }}", " as u8".repeat(n)),
        format!("fn f() {{ let x = {}; }}", "0..".repeat(n)),
    ];
    for text in &chains {
        let (finding, line, _) = too_deep(text);
        assert_eq!(line, 1, "{}", finding.message);
        assert!(
            finding.message.contains(&MAX_DEPTH.to_string())
                || finding.message.contains(&MAX_BRACKETS.to_string()),
            "{}",
            finding.message
        );
    }
}

/// Just under the limits, syn and the model must not run out of stack:
/// these are analyzed (or are syn's own parse errors), never nesting errors.
#[test]
fn just_under_the_limits_fits_on_the_stack() {
    let brackets = MAX_BRACKETS - 2;
    let tokens = MAX_DEPTH - 100;
    let inputs = [
        format!(
            "fn main() {{ let x = {}1{}; }}",
            "(".repeat(brackets),
            ")".repeat(brackets)
        ),
        format!(
            "fn main() {{ let x = {}1{}; }}",
            "[".repeat(brackets),
            "]".repeat(brackets)
        ),
        format!(
            "fn main() {}let x = 1;{}",
            "{".repeat(brackets),
            "}".repeat(brackets)
        ),
        format!(
            "fn main() {{ let x = {}1{}; }}",
            "{ if a { ".repeat(brackets / 2),
            " } else { 0 } }".repeat(brackets / 2)
        ),
        format!("fn f() {{ let x = {}true; }}", "!".repeat(tokens)),
        format!("fn f() {{ let x = {}1; }}", "*".repeat(tokens)),
        format!("fn f() {{ let x = {}1; }}", "-".repeat(tokens)),
        format!("fn f() {{ let x = {}1; }}", "&".repeat(tokens)),
        format!("fn f() {{ let x = {}1; }}", "|| ".repeat(tokens / 2)),
        format!("fn f() {{ let x = {}1; }}", "return ".repeat(tokens)),
        format!("fn f() {{ let x = 1{}; }}", " + 1".repeat(tokens / 2)),
        format!("fn f() {{ let x = 1{}; }}", " = 1".repeat(tokens / 2)),
        format!("fn f() {{ let x = v{}; }}", "?".repeat(tokens)),
        format!("fn f() {{ let x = v{}; }}", ".f".repeat(tokens / 2)),
        format!("fn f() {{ let x = v{}; }}", ".f()".repeat(tokens / 3)),
        format!("fn f() {{ let x = v{}; }}", "[0]".repeat(tokens / 2)),
        format!("fn f() {{ let x = 1{}; }}", " as u8".repeat(tokens / 2)),
        format!(
            "fn f() {{ if a {{}}{} }}",
            " else if a {}".repeat(tokens / 5)
        ),
        format!("fn f(x: {}u8) {{}}", "&".repeat(tokens)),
        format!("fn f(x: {}u8) {{}}", "*const ".repeat(tokens / 2)),
        format!("fn f() {{ let {}x = 1; }}", "&".repeat(tokens)),
        format!(
            "fn f(x: {}u8{}) {{}}",
            "Vec<".repeat(tokens / 2),
            ">".repeat(tokens / 2)
        ),
        format!(
            "fn f() {{ let x: {}u8{} = 1; }}",
            "Box<dyn Fn() -> ".repeat(tokens / 8),
            ">".repeat(tokens / 8)
        ),
        format!(
            "fn main() {{ thread::spawn(move || {{ let n = c.load(SeqCst){}; c.store(n, SeqCst); }}); }}",
            " + 1".repeat(tokens / 2)
        ),
        // Flat chains: one tree level per operator.
        format!("fn f() {{ let x = a{}; }}", " || b".repeat(tokens)),
        format!("fn f() {{ let x = a{}; }}", " && f(b)".repeat(tokens / 2)),
        format!(
            "fn f() {{ let s = String::new(){}; }}",
            " + \"x\"".repeat(tokens)
        ),
        format!(
            "fn main() {{ thread::spawn(move || {{ if c.load(SeqCst) == 0{} {{ c.store(1, SeqCst); }} }}); }}",
            " || c.load(SeqCst) == 1".repeat(tokens / 6)
        ),
    ];
    for text in &inputs {
        let (unit, findings) = check_source("deep.rs", text, Edition::E2021);
        assert_located(&unit, &findings);
        assert!(
            findings
                .iter()
                .all(|f| !f.message.starts_with("nesting too deep")),
            "{:?} for {}...",
            messages(&findings),
            &text[..60]
        );
    }
}

/// Valid code the compiler accepts, and that an earlier racelint rejected,
/// is linted without an error of any kind.
#[test]
fn long_flat_expressions_are_read() {
    let inputs = [
        format!(
            "fn main() {{ let a = true; let b = false; let x = {}; }}",
            ["a", "b"].repeat(1000).join(" || ")
        ),
        format!(
            "fn main() {{ let s = String::new(){}; }}",
            " + \"x\"".repeat(3000)
        ),
        format!("fn main() {{ let n = 0{}; }}", " + 1 * 2 - 3".repeat(1500)),
    ];
    for text in &inputs {
        let (unit, findings) = check_source("flat.rs", text, Edition::E2021);
        assert_located(&unit, &findings);
        assert!(findings.is_empty(), "{:?}", messages(&findings));
    }
}

#[test]
fn an_unclosed_delimiter_is_said_as_rustc_says_it_and_the_other_items_are_linted() {
    let text = "\
use std::thread;

fn helper() -> i32 {
    let x = (1 + 2;
    x
}

fn main() {
    thread::spawn(|| {
        println!(\"hi\");
    });
}
";
    let (unit, findings) = check_source("wip.rs", text, Edition::E2021);
    assert_located(&unit, &findings);
    assert_eq!(
        messages(&findings),
        [
            "parse_error: mismatched closing delimiter: `}`",
            "detached_thread: this thread is never joined: nothing waits for it to finish",
        ]
    );
    let error = &findings[0];
    let at = |span: racelint::Span| {
        let at = unit.files[0].line_col(span.lo as usize);
        (at.line, at.column)
    };
    // At the `(` left open, as rustc points: the `}` that closes `helper`
    // instead, and the `{` it was meant for.
    assert_eq!(at(error.primary.span), (4, 13));
    assert_eq!(error.primary.message, "unclosed delimiter `(`");
    let labels: Vec<((usize, usize), &str)> = error
        .labels
        .iter()
        .map(|l| (at(l.span), l.message.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            ((6, 1), "mismatched closing delimiter"),
            ((3, 20), "closing delimiter possibly meant for this"),
        ]
    );
    assert_eq!(
        error.notes,
        [
            "racelint skipped the code it could not read (lines 3-6) and linted the rest of this file"
        ]
    );
    // The finding after the broken function is where it is in the file.
    assert_eq!(at(findings[1].primary.span), (9, 5));

    // Open where the file ends: the end, and the brackets left open.
    let text = "fn a() {\n    let x = f(1);\n\nfn main() {\n    std::thread::spawn(|| {});\n}\n";
    let (unit, findings) = check_source("eof.rs", text, Edition::E2021);
    // `main` after the broken function is still linted.
    assert_eq!(
        messages(&findings),
        [
            "detached_thread: this thread is never joined: nothing waits for it to finish",
            "parse_error: this file contains an unclosed delimiter",
        ]
    );
    let error = &findings[1];
    assert_eq!(error.message, "this file contains an unclosed delimiter");
    assert_eq!(error.primary.message, "the file ends here");
    assert_eq!(error.primary.span.lo as usize, text.trim_end().len());
    assert_eq!(error.labels[0].message, "unclosed delimiter `{`");
    assert_eq!(
        unit.files[0]
            .line_col(error.labels[0].span.lo as usize)
            .line,
        1
    );
}

#[test]
fn each_bracket_problem_is_reported_as_rustc_reports_it() {
    let label_lines = |unit: &racelint::analyze::Unit, finding: &racelint::Finding| {
        finding
            .labels
            .iter()
            .map(|l| {
                let at = unit.files[0].line_col(l.span.lo as usize);
                ((at.line, at.column), l.message.clone())
            })
            .collect::<Vec<_>>()
    };
    // A `)` or `]` of the wrong kind, then a `}` with nothing to close: rustc
    // stops reading at the `}` and tells the earlier mismatch there.
    let text = "fn a() {\n    let x = (1, 2];\n}\n}\n\nfn b() {\n    let y = [1, 2);\n}\n";
    let (unit, findings) = check_source("extra.rs", text, Edition::E2021);
    assert_located(&unit, &findings);
    assert_eq!(
        messages(&findings),
        ["parse_error: unexpected closing delimiter: `}`"]
    );
    assert_eq!(
        label_lines(&unit, &findings[0]),
        [
            ((2, 13), "the nearest open delimiter".to_string()),
            ((2, 18), "missing open `[` for this delimiter".to_string()),
        ]
    );

    // A block closed at another indentation than it opened, then a `}` too many.
    let text = "fn a() {\n    let y = 2;\n    }\n}\n";
    let (unit, findings) = check_source("indent.rs", text, Edition::E2021);
    assert_eq!(
        label_lines(&unit, &findings[0]),
        [
            (
                (1, 8),
                "this delimiter might not be properly closed...".to_string()
            ),
            (
                (3, 5),
                "...as it matches this but it has different indentation".to_string()
            ),
        ]
    );

    // Many brackets open at the end: the first five, and where the others begin.
    let text = "fn a() { (( [ { ((\n";
    let (unit, findings) = check_source("deep.rs", text, Edition::E2021);
    let labels = label_lines(&unit, &findings[0]);
    assert_eq!(labels.len(), 6);
    assert_eq!(labels[0], ((1, 8), "unclosed delimiter `{`".to_string()));
    assert_eq!(
        labels[5],
        (
            (1, 17),
            "another 2 unclosed delimiters begin from here".to_string()
        )
    );
}

#[test]
fn strings_and_comments_left_open_are_said_as_rustc_says_them() {
    let cases = [
        (
            "fn a() {\n    let s = \"abc;\n}\n",
            "unterminated double quote string",
            (2, 13),
        ),
        (
            "fn a() {}\n/* open\nfn main() {}\n",
            "unterminated block comment",
            (2, 1),
        ),
        (
            "fn a() { let s = r#\"abc; }\n",
            "unterminated raw string",
            (1, 18),
        ),
    ];
    for (text, message, place) in cases {
        let (unit, findings) = check_source("open.rs", text, Edition::E2021);
        assert_eq!(messages(&findings), [format!("parse_error: {message}")]);
        let at = unit.files[0].line_col(findings[0].primary.span.lo as usize);
        assert_eq!((at.line, at.column), place, "{message}");
    }
}

#[test]
fn edition_2015_and_2018_code_is_read_in_its_edition() {
    let text = "\
trait Shape { fn scale(&self, f64) -> f64; }
fn apply(f: Box<Fn(i32) -> i32>, g: &FnMut(u8)) -> i32 { f(1) }
fn main() {
    let async = 1;
    let await = 2;
    let dyn = 3;
    let r: Box<dyn Fn()> = Box::new(|| ());
    let h = std::thread::spawn(move || async + await + dyn);
    let _ = h.join();
}
";
    let (_, findings) = check_source("old.rs", text, Edition::E2015);
    assert!(
        findings
            .iter()
            .all(|f| f.lint.name != "parse_error" && f.lint.name != "unreadable"),
        "{:?}",
        messages(&findings)
    );
    assert!(
        findings.iter().any(|f| f.lint.name == "swallowed_panic"),
        "{:?}",
        messages(&findings)
    );
    let bare = "fn apply(f: Box<Fn(i32) -> i32>) -> i32 { f(1) }\n";
    assert!(check_source("b.rs", bare, Edition::E2018).1.is_empty());
    // In 2021, `async` is a keyword and bare trait objects are errors: the
    // compiler rejects both, and so does racelint.
    let (_, findings) = check_source("old.rs", text, Edition::E2021);
    assert_eq!(findings[0].lint.name, "parse_error");
}

#[test]
fn a_package_edition_is_read_for_files_named_on_the_command_line() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(
        root,
        "Cargo.toml",
        "[package]\nname = \"old\"\nversion = \"0.1.0\"\n",
    );
    write(
        root,
        "src/main.rs",
        "fn main() {\n    let async = 1;\n    println!(\"{}\", async);\n}\n",
    );
    // No edition in the manifest: 2015, as cargo reads it.
    let output = racelint(root, &["src/main.rs"], &[]);
    assert_eq!(text(&output.stdout), "no problems found in 1 file\n");
    assert_eq!(output.status.code(), Some(0));
    let output = racelint(root, &["--edition", "2021", "src/main.rs"], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stdout));
}

#[test]
fn files_pulled_in_with_include_are_read_in_their_place() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(
        root,
        "Cargo.toml",
        "[package]\nname = \"inc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    write(
        root,
        "src/main.rs",
        "include!(\"items.rs\");\n\nfn main() {\n    let total = include!(\"parts/expr.rs\");\n    include!(\"stmts.rs\");\n    println!(\"{total} {}\", helper());\n}\n",
    );
    write(root, "src/items.rs", "fn helper() -> u32 {\n    2\n}\n");
    write(root, "src/parts/expr.rs", "1 + 2\n");
    write(root, "src/stmts.rs", "let x = 1;\nprintln!(\"{x}\");\n");
    let cargo = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cargo-racelint"))
            .arg("racelint")
            .args(args)
            .current_dir(root)
            .output()
            .unwrap()
    };
    let output = cargo(&[]);
    assert_eq!(
        text(&output.stdout),
        "no problems found in 4 files\n",
        "{}",
        text(&output.stderr)
    );
    assert_eq!(output.status.code(), Some(0));
    // Each file on its own, as `racelint src` reads them.
    let output = racelint(root, &["src"], &[]);
    assert_eq!(text(&output.stdout), "no problems found in 4 files\n");
    // An included file that reads as nothing is a warning of racelint's own.
    write(root, "src/stmts.rs", "let x = ;\n");
    let output = cargo(&["--message-format=short"]);
    let out = text(&output.stdout);
    assert!(
        out.starts_with("src/stmts.rs:1:9: warning[racelint::unreadable]: racelint could not read this file, which `src/main.rs` pulls in with `include!`"),
        "{out}"
    );
    assert_eq!(output.status.code(), Some(0), "{out}");
}

#[test]
fn long_lines_are_cut_around_the_finding_and_time_stays_linear() {
    let spawn =
        |i: usize| format!("fn f{i}() {{ std::thread::spawn(move || {{ let _ = {i}; }}); }}");
    let line: Vec<String> = (0..2000).map(spawn).collect();
    let source = format!("{}\n", line.join(" "));
    let dir = TempDir::new().unwrap();
    write(dir.path(), "one_line.rs", &source);
    let output = racelint(dir.path(), &["one_line.rs"], &[]);
    let out = text(&output.stdout);
    assert!(
        out.ends_with("2000 problems (2000 warnings) in 1 file\n"),
        "{}",
        &out[out.len() - 200..]
    );
    // Each finding shows a window of the line, not the whole line: rustc's
    // width, give or take the labels and the gutter.
    let longest = out.lines().map(str::len).max().unwrap();
    assert!(longest < 600, "a line of {longest} bytes");
    assert!(
        out.contains("1 | ...") && out.contains("..."),
        "{}",
        &out[..2000]
    );
    // The header still says the real column.
    let last = source.rfind("std::thread::spawn").unwrap();
    assert!(
        out.contains(&format!(" --> one_line.rs:1:{}\n", last + 1)),
        "{}",
        &out[out.len() - 2000..]
    );
    // So does the JSON, whose text lines are cut the same way.
    let output = racelint(dir.path(), &["--message-format=json", "one_line.rs"], &[]);
    for diagnostic in json_lines(&output) {
        let span = &diagnostic["spans"][0];
        let line = &span["text"][0];
        let shown = line["text"].as_str().unwrap();
        assert!(shown.len() < 500, "{}", shown.len());
        let (from, to) = (
            line["highlight_start"].as_u64().unwrap() as usize,
            line["highlight_end"].as_u64().unwrap() as usize,
        );
        let start = span["column_start"].as_u64().unwrap() as usize;
        let len = span["column_end"].as_u64().unwrap() as usize - start;
        assert_eq!(to - from, len);
        assert_eq!(
            &shown[from - 1..to - 1],
            &source[start - 1..start - 1 + len]
        );
    }
}

#[test]
fn ordinary_code_is_never_too_deep() {
    let mut checked = 0;
    for dir in ["lint/tests/ui", "lint/src", "examples"] {
        let root = lint_dir().join("..").join(dir);
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    assert_eq!(
                        racelint::analyze::nesting::scan(&text),
                        None,
                        "{}",
                        path.display()
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} files");
    // Many items, attributes and statements in a row are not one expression.
    let mut text = String::new();
    for i in 0..MAX_DEPTH {
        text.push_str(&format!(
            "#[test]\nfn f{i}() {{ if a {{}} if b {{}} match x {{ A => {{}} B => {{}} }} }}\n"
        ));
    }
    assert_eq!(racelint::analyze::nesting::scan(&text), None);
}

#[test]
fn brackets_in_strings_comments_and_chars_are_not_nesting() {
    let deep = "(".repeat(MAX_BRACKETS * 2);
    let text = format!(
        "// {deep}\n/* /* {deep} */ {deep} */\nconst A: &str = \"{deep}\\\"{deep}\";\n\
         const B: &str = r#\"{deep}\"# ;\nconst C: &[u8] = b\"{deep}\";\n\
         const D: char = '(';\nconst E: char = '\\'';\nfn f<'a>(x: &'a str) -> &'a str {{ x }}\n\
         const F: &str = br##\"\"#{deep}\"##;\n"
    );
    assert_eq!(racelint::analyze::nesting::scan(&text), None);
}

#[test]
fn a_large_file_is_analyzed() {
    // About 10 MB: a long table in a string, and functions that spawn threads.
    let mut text = String::from("static TABLE: &str = r#\"\n");
    while text.len() < 9_500_000 {
        text.push_str("    (1, 22, 333), [4444, 55555], {666666, 7777777}, 88888888 /* \" */\n");
    }
    text.push_str("\"#;\n");
    let fixture = lost_update_fixture();
    while text.len() < 10_000_000 {
        text.push_str(&fixture.replace("fn ", &format!("fn f{}_", text.len())));
    }
    let (unit, findings) = check_source("large.rs", &text, Edition::E2021);
    assert_located(&unit, &findings);
    assert!(findings.iter().any(|f| f.lint.name == "lost_update"));
    assert!(
        findings.iter().all(|f| f.lint.name != "parse_error"),
        "{:?}",
        messages(&findings)
    );
}

#[test]
fn empty_and_odd_files_are_analyzed() {
    for text in [
        "",
        "\u{feff}",
        "\n\n\r\n",
        "#!/usr/bin/env run-cargo-script\nfn main() {}\n",
        "#![allow(unused)]",
        "\u{feff}#!shebang\n",
        "fn main() { let s = \"\u{0}\"; }",
        "fn main() { '",
        "r#\"",
        "/* unterminated",
        "}}}}",
        "fn é() {}",
    ] {
        let (unit, findings) = check_source("odd.rs", text, Edition::E2024);
        assert_located(&unit, &findings);
        assert!(
            findings.iter().all(|f| f.lint.name != "internal_error"),
            "{text:?}: {:?}",
            messages(&findings)
        );
    }
}

// ---------------------------------------------------------------------------
// A failing lint

fn panicking_check(_: &Model, _: &mut Vec<Finding>) {
    panic!("this check always fails");
}

/// Fails only on models that have a function named `poison`.
fn picky_check(model: &Model, _: &mut Vec<Finding>) {
    if model.bodies.iter().any(|body| body.name.contains("poison")) {
        panic!("poisoned");
    }
}

fn serial_join() -> &'static racelint::Lint {
    racelint::lints::find("serial_join").unwrap()
}

#[test]
fn a_failing_lint_is_an_internal_error_and_the_other_lints_still_report() {
    let unit = Unit {
        files: vec![SourceFile::new("lost.rs", "lost.rs", lost_update_fixture())],
        edition: Edition::E2021,
    };
    let extra: [(&'static racelint::Lint, CheckFn); 1] = [(serial_join(), panicking_check)];
    let findings = check_unit_with(&unit, &LintLevels::default(), &extra);
    assert_located(&unit, &findings);
    let internal: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.lint.name == "internal_error")
        .collect();
    assert_eq!(internal.len(), 1, "{:?}", messages(&findings));
    assert_eq!(
        internal[0].message,
        "racelint failed in lint `serial_join` while analyzing this file"
    );
    assert!(
        internal[0]
            .primary
            .message
            .contains("this check always fails"),
        "{}",
        internal[0].primary.message
    );
    assert_eq!(internal[0].level, racelint::Level::Deny);
    assert!(findings.iter().any(|f| f.lint.name == "lost_update"));

    // Allowed, the failing lint does not run at all.
    let mut levels = LintLevels::default();
    levels.set(serial_join(), racelint::Level::Allow);
    let findings = check_unit_with(&unit, &levels, &extra);
    assert!(findings.iter().all(|f| f.lint.name != "internal_error"));
}

#[test]
fn in_a_package_the_file_a_lint_fails_on_is_named_and_the_others_are_linted() {
    let unit = Unit {
        files: vec![
            SourceFile::new("a.rs", "a.rs", lost_update_fixture()),
            SourceFile::new("b.rs", "b.rs", "fn poison() {}\n"),
            SourceFile::new("c.rs", "c.rs", CLEAN),
        ],
        edition: Edition::E2021,
    };
    let extra: [(&'static racelint::Lint, CheckFn); 1] = [(serial_join(), picky_check)];
    let findings = check_unit_with(&unit, &LintLevels::default(), &extra);
    assert_located(&unit, &findings);
    let internal: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.lint.name == "internal_error")
        .collect();
    assert_eq!(internal.len(), 1, "{:?}", messages(&findings));
    assert_eq!(unit.file(internal[0].primary.span.file).name, "b.rs");
    assert!(
        internal[0]
            .message
            .contains("with the other files of its package")
    );
    assert!(findings.iter().any(|f| f.lint.name == "lost_update"));
}

// ---------------------------------------------------------------------------
// The binary on bad files

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

#[test]
fn a_lint_that_fails_in_the_binary_is_reported_and_the_run_goes_on() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(root, "a.rs", lost_update_fixture());
    write(root, "b.rs", "fn main() {\n    let x = ;\n}\n");
    let output = Command::new(env!("CARGO_BIN_EXE_racelint"))
        .args(["--message-format=short", "."])
        .current_dir(root)
        .env("RACELINT_FAIL_IN", "lost_update")
        .output()
        .unwrap();
    let out = text(&output.stdout);
    let err = text(&output.stderr);
    if !cfg!(debug_assertions) {
        // Release builds have no failure injection: nothing to see.
        assert!(!out.contains("internal_error"), "{out}");
        return;
    }
    assert_eq!(output.status.code(), Some(1), "{out}{err}");
    assert!(
        out.contains(
            "a.rs:1:1: error[racelint::internal_error]: racelint failed in lint `lost_update` while analyzing this file"
        ),
        "{out}"
    );
    assert!(
        out.contains("b.rs:2:13: error[racelint::parse_error]"),
        "{out}"
    );
    assert!(
        out.contains("racelint::detached_thread") || out.contains("racelint::"),
        "{out}"
    );
    assert!(
        !err.contains("panicked"),
        "the caught panic was printed: {err}"
    );

    // The model failing: every file is named, the run still ends normally.
    let output = Command::new(env!("CARGO_BIN_EXE_racelint"))
        .args(["--message-format=json", "."])
        .current_dir(root)
        .env("RACELINT_FAIL_IN", "model")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let lines = json_lines(&output);
    let codes: Vec<String> = lines
        .iter()
        .map(|d| d["code"]["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        codes,
        ["racelint::internal_error", "racelint::parse_error"],
        "{lines:?}"
    );
    assert_eq!(lines[0]["spans"][0]["file_name"], "a.rs");
    assert!(!text(&output.stderr).contains("panicked"));
}

#[test]
fn crlf_and_bom_columns_are_rustcs() {
    // The positions rustc reports for the same errors
    // (`rustc --error-format=json`): byte offsets into the file as it is on
    // disk, columns in characters without the byte order mark.
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(root, "bom.rs", "\u{feff}fn main() { let x = ; }\r\n");
    write(
        root,
        "crlf.rs",
        "fn main() {\r\n    let é = 1;\r\n    let y = ;\r\n}\r\n",
    );
    write(
        root,
        "both.rs",
        "\u{feff}fn main() {\r\n    let y = ;\r\n}\r\n",
    );
    for (file, byte, line, column) in [
        ("bom.rs", 23, 1, 21),
        ("crlf.rs", 42, 3, 13),
        ("both.rs", 28, 2, 13),
    ] {
        let output = racelint(root, &["--message-format=json", file], &[]);
        let lines = json_lines(&output);
        assert_eq!(lines.len(), 1, "{file}: {lines:?}");
        let span = &lines[0]["spans"][0];
        assert_eq!(span["byte_start"], byte, "{file}");
        assert_eq!(span["line_start"], line, "{file}");
        assert_eq!(span["column_start"], column, "{file}");
        assert_eq!(span["column_end"], column + 1, "{file}");
        assert!(!span["text"][0]["text"].as_str().unwrap().ends_with('\r'));
    }
}

#[test]
fn bad_paths_each_get_one_line_and_the_other_files_are_linted() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(root, "src/a_clean.rs", CLEAN);
    write(root, "src/b_empty.rs", "");
    write(root, "src/c_latin1.rs", b"fn main() {\n    // caf\xe9\n}\n");
    write(root, "src/d_broken.rs", "fn main() {\n    let x = ;\n}\n");
    let src = root.join("src");
    std::os::unix::fs::symlink(src.join("nowhere.rs"), src.join("e_dangling.rs")).unwrap();
    std::os::unix::fs::symlink(src.join("f_loop.rs"), src.join("g_loop.rs")).unwrap();
    std::os::unix::fs::symlink(src.join("g_loop.rs"), src.join("f_loop.rs")).unwrap();
    std::os::unix::fs::symlink(&src, src.join("h_dir_loop")).unwrap();
    let fifo = src.join("i_fifo.rs");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success(),
        "mkfifo"
    );

    // Searched folders report broken links, link loops and special files
    // named `.rs` too: each unreadable file has its line, and the run ends
    // with the summary.
    let output = racelint(root, &["src"], &[]);
    let out = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains(
            "error: could not read `src/c_latin1.rs`: invalid UTF-8 at line 2, column 11\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("error: could not read `src/e_dangling.rs`: a broken symbolic link: the file it points to does not exist\n"),
        "{out}"
    );
    assert!(
        out.contains("error: could not read `src/f_loop.rs`: too many levels of symbolic links"),
        "{out}"
    );
    assert!(
        out.contains("error: could not read `src/i_fifo.rs`: not a regular file\n"),
        "{out}"
    );
    assert!(out.contains("src/d_broken.rs:2:13"), "{out}");
    assert!(
        out.ends_with("1 problem (1 denied) in 1 of 3 files; 5 files could not be read\n"),
        "{out}"
    );

    // Named on the command line, each is an error of its own, in one line.
    let output = racelint(
        root,
        &[
            "--message-format=short",
            "src/a_clean.rs",
            "src/e_dangling.rs",
            "src/f_loop.rs",
            "src/i_fifo.rs",
            "src/b_empty.rs",
        ],
        &[],
    );
    let out = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{out}");
    let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 3, "{out}");
    assert!(
        errors[0].starts_with("error: could not read `src/e_dangling.rs`: a broken symbolic link")
    );
    assert!(
        errors[1].starts_with(
            "error: could not read `src/f_loop.rs`: too many levels of symbolic links"
        )
    );
    assert_eq!(
        errors[2],
        "error: could not read `src/i_fifo.rs`: not a regular file"
    );
    assert!(
        out.ends_with("no problems found in 2 files; 3 files could not be read\n"),
        "{out}"
    );
}

#[test]
fn unreadable_files_and_folders_are_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(root, "a.rs", CLEAN);
    write(root, "locked/b.rs", CLEAN);
    write(root, "c.rs", CLEAN);
    let mode = |path: &str, mode| {
        std::fs::set_permissions(root.join(path), std::fs::Permissions::from_mode(mode)).unwrap()
    };
    mode("c.rs", 0o000);
    mode("locked", 0o000);
    // Permissions do not stop the superuser: then everything is read.
    let readable = std::fs::read(root.join("c.rs")).is_ok();
    let output = racelint(root, &["."], &[]);
    mode("locked", 0o755);
    let out = text(&output.stdout);
    if readable {
        assert_eq!(output.status.code(), Some(0), "{out}");
        assert!(out.ends_with("no problems found in 3 files\n"), "{out}");
    } else {
        assert_eq!(output.status.code(), Some(1), "{out}");
        assert!(
            out.contains("error: could not read `c.rs`: permission denied"),
            "{out}"
        );
        assert!(
            out.contains("error: could not read `locked`: permission denied"),
            "{out}"
        );
        assert!(
            out.ends_with("no problems found in 1 file; 2 files could not be read\n"),
            "{out}"
        );
    }
}

#[test]
fn a_file_too_large_to_lint_is_named_without_being_read() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(root, "a.rs", CLEAN);
    let huge = std::fs::File::create(root.join("huge.rs")).unwrap();
    // Sparse: no disk is used.
    huge.set_len(racelint::discover::MAX_FILE_BYTES + 1)
        .unwrap();
    let output = racelint(root, &["."], &[]);
    let out = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains(&format!(
            "error: could not read `huge.rs`: the file is too large to lint ({} MiB; the limit is {} MiB)\n",
            (racelint::discover::MAX_FILE_BYTES + 1).div_ceil(1 << 20),
            racelint::discover::MAX_FILE_BYTES >> 20
        )),
        "{out}"
    );
    assert!(
        out.ends_with("in 1 file; 1 file could not be read\n"),
        "{out}"
    );
}

// ---------------------------------------------------------------------------
// Inputs the fuzzer found

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
