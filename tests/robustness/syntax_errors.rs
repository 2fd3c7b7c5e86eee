//! Syntax errors are said as rustc says them, and the items around them are
//! still linted.

use racelint::analyze::{Edition, check_source};

use crate::{assert_located, messages};

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
