//! Code is read as the compiler reads it: in its edition, and an
//! `include!`d file in its place.

use std::process::Command;

use racelint::analyze::{Edition, check_source};
use tempfile::TempDir;

use crate::{messages, racelint, text, write};

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
