//! Deep nesting is a located `unreadable` warning, never a stack overflow;
//! just under the limits, and in ordinary code, everything is read.

use racelint::Finding;
use racelint::analyze::nesting::{MAX_BRACKETS, MAX_DEPTH};
use racelint::analyze::{Edition, check_source};

use crate::{assert_located, lint_dir, messages};

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
