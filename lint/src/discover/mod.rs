//! Finding the files to lint: cargo packages or plain paths.
//!
//! Discovery only lists files; [`load`] reads the files of one [`Plan`] when
//! it is its turn, so that only the units being linted are in memory.
//!
//! - [`plain`]: `racelint PATH...`;
//! - [`cargo`](mod@cargo): `cargo racelint`.

mod cargo;
mod plain;

#[allow(unused_imports)]
use cargo::*;
pub use cargo::{CargoDiscovered, CargoOptions, cargo, spec_matches};
pub use plain::plain;
#[allow(unused_imports)]
use plain::*;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use cargo_metadata::camino::Utf8PathBuf;
use cargo_metadata::{Metadata, MetadataCommand, Package, PackageId, Target, TargetKind};

use crate::source::{FileError, FileId, FileLocation, SourceFile};
use crate::unit::{Edition, Unit};

/// Why racelint cannot run at all (exit status 2): one line, lowercase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// A file to read: where it is and the name to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub name: String,
}

/// The cargo package a unit comes from (for cargo's JSON messages).
#[derive(Clone, Debug)]
pub struct PackageInfo {
    pub name: String,
    pub id: PackageId,
    pub manifest_path: Utf8PathBuf,
    pub targets: Vec<Target>,
    /// The root folder of the package's workspace (where its `Cargo.toml` is).
    pub workspace_root: Utf8PathBuf,
}

impl PackageInfo {
    /// The target a file belongs to: the one whose source directory holds it
    /// most closely (a library before a binary when two share a folder).
    pub fn target_of(&self, file: &Path) -> Option<&Target> {
        let rank = |t: &Target| {
            let dir = t.src_path.parent().map(|d| d.as_std_path());
            let depth = match dir {
                Some(_) if t.src_path.as_std_path() == file => usize::MAX,
                Some(dir) if file.starts_with(dir) => dir.components().count(),
                _ => 0,
            };
            (depth, t.is_lib(), !t.is_custom_build())
        };
        self.targets.iter().max_by_key(|t| rank(t))
    }
}

/// One unit to lint: its files (in order), its edition and its package.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The files linted and reported.
    pub files: Vec<Input>,
    /// The rest of the package around `files` (plain mode): read so that
    /// names, types and helpers resolve as the compiler sees them, but
    /// nothing is reported in them.
    pub context: Vec<Input>,
    pub edition: Edition,
    pub package: Option<Arc<PackageInfo>>,
    /// Folders of this unit that could not be searched.
    pub errors: Vec<FileError>,
    /// The files of `files` that no `mod` declaration reaches from a target
    /// of the package (cargo mode, when that is known): the compiler does
    /// not build them.
    pub unreached: HashSet<PathBuf>,
}

/// What discovery found: the units, and the places outside any unit that it
/// could not search.
#[derive(Clone, Debug, Default)]
pub struct Discovered {
    pub plans: Vec<Plan>,
    pub errors: Vec<FileError>,
}

/// Reads the files of a plan. A file that cannot be read, or is not UTF-8,
/// becomes a [`FileError`] and is left out of the unit; the plan's own
/// errors (folders that could not be searched) come first.
pub fn load(plan: &Plan) -> (Unit, Vec<FileError>) {
    let mut files = Vec::with_capacity(plan.files.len());
    let mut errors = plan.errors.clone();
    for input in &plan.files {
        match read_source(input) {
            Ok(mut file) => {
                file.unreached = plan.unreached.contains(&input.path);
                files.push(file)
            }
            Err(error) => errors.push(error),
        }
    }
    // The package around them: a file that cannot be read is only context lost.
    files.extend(
        plan.context
            .iter()
            .filter_map(|input| read_source(input).ok()),
    );
    let unit = Unit {
        files,
        edition: plan.edition,
    };
    (unit, errors)
}

/// Whether findings in a file of a loaded plan are reported: the files named
/// are, the package read around them (its `context`) is not.
pub fn reported<'a>(plan: &'a Plan, unit: &'a Unit) -> impl Fn(FileId) -> bool + 'a {
    move |file: FileId| {
        plan.context.is_empty()
            || unit
                .files
                .get(file.0 as usize)
                .is_some_and(|f| plan.files.iter().any(|i| i.path == f.path))
    }
}

/// The largest file racelint reads (64 MiB); larger files are named, not read.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Reads one file: Rust source as UTF-8, Python source in the encoding it
/// declares (PEP 263). Only regular files (or links to them) of at most
/// [`MAX_FILE_BYTES`] are read: a named pipe or a device would block or
/// never end.
pub fn read_source(input: &Input) -> Result<SourceFile, FileError> {
    let error = |reason: String| FileError {
        name: input.name.clone(),
        reason,
        location: None,
    };
    let metadata = std::fs::metadata(&input.path).map_err(|e| {
        let link = std::fs::symlink_metadata(&input.path).is_ok_and(|m| m.is_symlink());
        if link && e.kind() == std::io::ErrorKind::NotFound {
            error("a broken symbolic link: the file it points to does not exist".into())
        } else {
            error(io_reason(&e))
        }
    })?;
    if !metadata.is_file() {
        return Err(error("not a regular file".into()));
    }
    let too_large = |size: u64| {
        error(format!(
            "the file is too large to lint ({} MiB; the limit is {} MiB)",
            size.div_ceil(1 << 20),
            MAX_FILE_BYTES >> 20
        ))
    };
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large(metadata.len()));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    std::fs::File::open(&input.path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| error(io_reason(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    if crate::python::is_python(&input.path) {
        let (text, encoding) = crate::python::encoding::decode(bytes).map_err(|e| FileError {
            name: input.name.clone(),
            reason: e.reason,
            location: e.location,
        })?;
        let mut file = SourceFile::new(&input.path, &input.name, text);
        file.encoding = encoding;
        return Ok(file);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(&input.path, &input.name, text)),
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).expect("valid up to here");
            let line = valid.matches('\n').count() + 1;
            let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
            let column = valid[line_start..].chars().count() + 1;
            Err(FileError {
                name: input.name.clone(),
                reason: format!("invalid UTF-8 at line {line}, column {column}"),
                location: Some(FileLocation {
                    byte: valid.len(),
                    line,
                    column,
                }),
            })
        }
    }
}

/// An I/O error as a lowercase reason (`permission denied (os error 13)`).
fn io_reason(error: &std::io::Error) -> String {
    lowercase_start(&error.to_string())
}

/// A message with its first letter in lowercase, unless its first word is
/// an acronym (`IO error` stays as it is).
pub fn lowercase_start(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !(first.is_uppercase() && second.is_uppercase()) => first
            .to_lowercase()
            .chain(text[first.len_utf8()..].chars())
            .collect(),
        _ => text.to_string(),
    }
}

/// The name to show for a path: relative to `cwd` when the file is under
/// it, else as the user wrote it (when relative), else absolute.
pub fn display_name(path: &Path, cwd: &Path) -> String {
    let absolute = normalize(&cwd.join(path));
    let name = match absolute.strip_prefix(normalize(cwd)) {
        Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
        Ok(relative) => relative.to_path_buf(),
        Err(_) if path.is_relative() => normalize(path),
        Err(_) => absolute,
    };
    name.to_string_lossy().into_owned()
}

/// Removes `.` and resolves `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_relative_to_the_current_directory() {
        let cwd = Path::new("/work/p");
        assert_eq!(display_name(Path::new("src/a.rs"), cwd), "src/a.rs");
        assert_eq!(
            display_name(Path::new("./src/../src/a.rs"), cwd),
            "src/a.rs"
        );
        assert_eq!(display_name(Path::new("/work/p/src/a.rs"), cwd), "src/a.rs");
        assert_eq!(
            display_name(Path::new("/elsewhere/a.rs"), cwd),
            "/elsewhere/a.rs"
        );
        assert_eq!(display_name(Path::new("../q/a.rs"), cwd), "../q/a.rs");
        assert_eq!(display_name(Path::new("."), cwd), ".");
    }

    #[test]
    fn cargo_errors_fit_on_one_line() {
        let stderr = "error: string values must be quoted, expected literal string\n --> Cargo.toml:3:11\n  |\n3 | version = \n  |           ^\n";
        assert_eq!(
            cargo_error_line(stderr),
            "Cargo.toml:3:11: string values must be quoted, expected literal string"
        );
        let stderr = "error: failed to load manifest for workspace member `/w/nope`\nreferenced by workspace at `/w/Cargo.toml`\n\nCaused by:\n  failed to read `/w/nope/Cargo.toml`\n";
        assert_eq!(
            cargo_error_line(stderr),
            "failed to load manifest for workspace member `/w/nope`: referenced by workspace at `/w/Cargo.toml`: failed to read `/w/nope/Cargo.toml`"
        );
    }

    #[test]
    fn wildcards() {
        assert!(glob("foo*", "foo-bar"));
        assert!(glob("*bar", "foo-bar"));
        assert!(glob("f?o", "foo"));
        assert!(!glob("foo", "foo-bar"));
        assert!(!glob("f?o", "fo"));
        assert!(glob("*", ""));
    }

    #[test]
    fn names_and_versions_split() {
        assert_eq!(split_name_version("foo@1.2"), (Some("foo"), Some("1.2")));
        assert_eq!(
            split_name_version("foo:1.2.3"),
            (Some("foo"), Some("1.2.3"))
        );
        assert_eq!(split_name_version("foo"), (Some("foo"), None));
        assert_eq!(split_name_version("0.1.0"), (None, Some("0.1.0")));
    }

    #[test]
    fn invalid_utf8_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.rs");
        std::fs::write(&path, b"fn main() {}\n// h\xc3\xa9 \xff\n").unwrap();
        let error = read_source(&Input {
            path,
            name: "bad.rs".into(),
        })
        .unwrap_err();
        assert_eq!(error.reason, "invalid UTF-8 at line 2, column 7");
        assert_eq!(error.location.unwrap().byte, 20);
    }

    #[test]
    fn missing_files_are_named() {
        let error = read_source(&Input {
            path: PathBuf::from("/nonexistent/racelint/x.rs"),
            name: "x.rs".into(),
        })
        .unwrap_err();
        assert_eq!(
            error.message(),
            "could not read `x.rs`: no such file or directory (os error 2)"
        );
    }
}
