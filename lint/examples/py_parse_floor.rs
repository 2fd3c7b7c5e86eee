//! The floor racelint's Python speed is measured against: every `.py` file
//! under the given paths read and parsed by Ruff's parser
//! (`ruff_python_parser::parse_module`, the parser racelint uses), one after
//! another on one thread, each tree dropped before the next file. racelint
//! does this work and more (the symbol table, the model, the lints) on every
//! core.
//!
//! ```text
//! cargo run --release -p racelint --example py_parse_floor -- PATH...
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;
use std::{env, fs, process};

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = fs::read_dir(path) else {
            return;
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        children.sort();
        for child in children {
            // As racelint's walk: no hidden entries, no virtual environments.
            let hidden = child
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if !hidden && !child.join("pyvenv.cfg").is_file() {
                collect(&child, files);
            }
        }
    } else if path.extension().is_some_and(|e| e == "py") {
        files.push(path.to_path_buf());
    }
}

fn main() {
    let paths: Vec<PathBuf> = env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        eprintln!("usage: py_parse_floor PATH...");
        process::exit(2);
    }
    let mut files = Vec::new();
    for path in &paths {
        collect(path, &mut files);
    }
    let start = Instant::now();
    let (mut lines, mut bytes, mut failed) = (0, 0, 0);
    for file in &files {
        let Ok(text) = fs::read_to_string(file) else {
            failed += 1;
            continue;
        };
        lines += text.lines().count();
        bytes += text.len();
        if ruff_python_parser::parse_module(&text).is_err() {
            failed += 1;
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{} files, {lines} lines, {bytes} bytes parsed in {seconds:.3} s ({:.0} lines/s); {failed} not parsed",
        files.len(),
        lines as f64 / seconds
    );
}
