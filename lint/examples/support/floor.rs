//! What the two parse floors share (`parse_floor.rs` for Rust,
//! `py_parse_floor.rs` for Python): the walk that lists the files under the
//! given paths, the timed loop that reads and parses them one after another
//! on one thread, and the line they print. Each floor brings its parser and
//! which entries of a folder its walk enters.

use std::path::{Path, PathBuf};
use std::time::Instant;
use std::{env, fs, process};

/// Reads the paths from the command line (`program PATH...`), lists every
/// file with extension `ext` under them (in sorted order, through the
/// entries `keep` accepts), then times `parse` on each file's text. `parse`
/// says whether the file parsed; its tree is dropped before the next file.
pub fn run(program: &str, ext: &str, keep: impl Fn(&Path) -> bool, parse: impl Fn(&str) -> bool) {
    let paths: Vec<PathBuf> = env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        eprintln!("usage: {program} PATH...");
        process::exit(2);
    }
    let mut files = Vec::new();
    for path in &paths {
        collect(path, ext, &keep, &mut files);
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
        if !parse(&text) {
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

fn collect(path: &Path, ext: &str, keep: &dyn Fn(&Path) -> bool, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = fs::read_dir(path) else {
            return;
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        children.sort();
        for child in children {
            if keep(&child) {
                collect(&child, ext, keep, files);
            }
        }
    } else if path.extension().is_some_and(|e| e == ext) {
        files.push(path.to_path_buf());
    }
}
