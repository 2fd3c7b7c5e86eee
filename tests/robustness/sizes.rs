//! Long lines, large files, empty and odd files.

use racelint::analyze::{Edition, check_source};
use tempfile::TempDir;

use crate::{assert_located, json_lines, lost_update_fixture, messages, racelint, text, write};

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
