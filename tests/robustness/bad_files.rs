//! The binary on bad files: odd encodings keep their columns; unreadable,
//! odd or too large paths each get one line naming them and the run goes on.

use std::process::Command;

use tempfile::TempDir;

use crate::{CLEAN, json_lines, racelint, text, write};

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
