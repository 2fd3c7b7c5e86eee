//! Finding the files to lint: cargo packages or plain paths.
//!
//! Discovery only lists files; [`load`] reads the files of one [`Plan`] when
//! it is its turn, so that only the units being linted are in memory.

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

// ---------------------------------------------------------------------------
// Plain mode

/// `racelint PATH...`: files named on the command line are linted whatever
/// their name; directories are searched for `*.rs` and `*.py`, honouring
/// `.gitignore` and skipping hidden and cargo `target/` directories. The
/// Rust files of one cargo package are one unit, read with the rest of that
/// package's `src/` (its module tree, its types, its helpers) and in its
/// edition (2015 when the package names none, as cargo reads it) unless
/// `edition` is given; any other file is a unit of its own (edition 2021
/// unless given). Only the files found from `paths` are reported. A path
/// that does not exist is an error before anything is linted.
pub fn plain(paths: &[PathBuf], edition: Option<Edition>, cwd: &Path) -> Result<Discovered, Error> {
    for path in paths {
        if std::fs::symlink_metadata(cwd.join(path)).is_err() {
            return Err(Error(format!("path `{}` does not exist", path.display())));
        }
    }
    let mut found = Discovered::default();
    let mut seen = HashSet::new();
    // Each package met: its root, its plan, and whether its `src/` lies in a
    // folder given (then every file of it is named already).
    let mut packages: Vec<(FoundPackage, usize, bool)> = Vec::new();
    let mut package_plans: HashMap<PathBuf, usize> = HashMap::new();
    let mut manifests = Manifests::default();
    // The folders searched whole.
    let mut searched: Vec<PathBuf> = Vec::new();
    for path in paths {
        let full = cwd.join(path);
        let files = if full.is_dir() {
            searched.push(full.clone());
            walk(&full, Scope::All, cwd, &mut found.errors)
        } else {
            vec![full]
        };
        for file in files {
            // The same file named twice, or reached through two paths: only
            // possible with several paths, so one path needs no system call
            // per file.
            if paths.len() > 1 {
                let key = std::fs::canonicalize(&file).unwrap_or_else(|_| normalize(&file));
                if !seen.insert(key) {
                    continue;
                }
            }
            let name = if file == cwd.join(path) {
                display_name(path, cwd)
            } else {
                display_name(&file, cwd)
            };
            let rust = file.extension().is_some_and(|e| e == "rs");
            let package = file
                .parent()
                .filter(|_| rust)
                .and_then(|dir| manifests.package_around(dir));
            let input = Input { path: file, name };
            let Some(package) = package else {
                found.plans.push(Plan {
                    files: vec![input],
                    context: Vec::new(),
                    edition: edition.unwrap_or(Edition::E2021),
                    package: None,
                    errors: Vec::new(),
                    unreached: HashSet::new(),
                });
                continue;
            };
            if let Some(&i) = package_plans.get(&package.root) {
                found.plans[packages[i].1].files.push(input);
                continue;
            }
            let src = package.root.join("src");
            let covered = searched.iter().any(|dir| src.starts_with(dir));
            package_plans.insert(package.root.clone(), packages.len());
            packages.push((package.clone(), found.plans.len(), covered));
            found.plans.push(Plan {
                files: vec![input],
                context: Vec::new(),
                edition: edition.or(package.edition).unwrap_or(Edition::E2021),
                package: None,
                errors: Vec::new(),
                unreached: HashSet::new(),
            });
        }
    }
    for (package, index, covered) in packages {
        // The crate's module tree is under `src/`: tests, examples and benches
        // are crates of their own, and see it only through its public paths.
        // A `src/` inside a folder given has every file named already.
        let src = package.root.join("src");
        let plan = &mut found.plans[index];
        if covered
            || !plan
                .files
                .iter()
                .any(|i| canonical(&i.path).starts_with(&src))
        {
            continue;
        }
        let named: HashSet<PathBuf> = plan.files.iter().map(|i| canonical(&i.path)).collect();
        let skip = [package.root.join("target")];
        let mut ignored = Vec::new();
        plan.context = walk(&src, Scope::package(&skip, "rs"), cwd, &mut ignored)
            .into_iter()
            .filter(|path| !named.contains(&canonical(path)))
            .map(|path| Input {
                name: display_name(&path, cwd),
                path,
            })
            .collect();
    }
    Ok(found)
}

/// A cargo package found around a path in plain mode.
#[derive(Clone, Debug)]
struct FoundPackage {
    root: PathBuf,
    /// The edition its manifest declares or inherits (cargo's 2015 when none).
    edition: Option<Edition>,
}

/// What the manifests around the paths say, each read once.
#[derive(Default)]
struct Manifests {
    /// The package around each folder asked about.
    around: HashMap<PathBuf, Option<FoundPackage>>,
    /// The `[workspace.package] edition` of each workspace root read.
    workspace_editions: HashMap<PathBuf, Option<Edition>>,
}

impl Manifests {
    /// The package a folder belongs to: the nearest folder at or above it
    /// with a `Cargo.toml`, when that manifest declares a `[package]`.
    fn package_around(&mut self, dir: &Path) -> Option<FoundPackage> {
        if let Some(known) = self.around.get(dir) {
            return known.clone();
        }
        let found = match read_manifest(dir) {
            Some(manifest) if manifest.contains_key("package") => Some(FoundPackage {
                root: dir.to_path_buf(),
                edition: self.edition(dir, &manifest),
            }),
            // A virtual manifest: its folder is in no package.
            Some(_) => None,
            None => dir.parent().and_then(|parent| self.package_around(parent)),
        };
        self.around.insert(dir.to_path_buf(), found.clone());
        found
    }

    /// The edition a package's manifest declares, or inherits from its
    /// workspace (`edition.workspace = true`); cargo's default, 2015, when it
    /// declares none.
    fn edition(&mut self, root: &Path, manifest: &toml::Table) -> Option<Edition> {
        match manifest.get("package")?.get("edition") {
            None => Some(Edition::E2015),
            Some(toml::Value::String(year)) => Edition::from_str(year).ok(),
            Some(toml::Value::Table(t))
                if t.get("workspace").and_then(|w| w.as_bool()) == Some(true) =>
            {
                root.ancestors().skip(1).find_map(|dir| {
                    if let Some(known) = self.workspace_editions.get(dir) {
                        return *known;
                    }
                    let year = read_manifest(dir).and_then(|m| {
                        Edition::from_str(
                            m.get("workspace")?
                                .get("package")?
                                .get("edition")?
                                .as_str()?,
                        )
                        .ok()
                    });
                    self.workspace_editions.insert(dir.to_path_buf(), year);
                    year
                })
            }
            Some(_) => None,
        }
    }
}

/// The `Cargo.toml` of a folder, parsed, if it has one that parses.
fn read_manifest(dir: &Path) -> Option<toml::Table> {
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .ok()?
        .parse()
        .ok()
}

/// Where a folder search stops, and what it looks for.
enum Scope<'a> {
    /// Everything below the folder (plain mode): `*.rs` and `*.py`.
    All,
    /// One package: not the given folders, nor folders holding another
    /// package; files with the one extension given.
    Package {
        skip: &'a [PathBuf],
        extension: &'static str,
    },
}

impl<'a> Scope<'a> {
    fn package(skip: &'a [PathBuf], extension: &'static str) -> Scope<'a> {
        Scope::Package { skip, extension }
    }
}

/// The `*.rs` and `*.py` files under `dir` (as the scope says), sorted.
/// Skips what `.gitignore` and `.ignore` exclude, hidden entries, cargo
/// target directories, Python virtual environments, and what the scope
/// leaves out.
fn walk(dir: &Path, scope: Scope<'_>, cwd: &Path, errors: &mut Vec<FileError>) -> Vec<PathBuf> {
    let (skip, one_package, extensions): (Vec<PathBuf>, bool, &[&str]) = match scope {
        Scope::All => (Vec::new(), false, &["rs", "py"]),
        Scope::Package { skip, extension } => (skip.to_vec(), true, &[extension][..]),
    };
    let root = dir.to_path_buf();
    let root_of_walk = dir.to_path_buf();
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .filter_entry(move |entry| {
            let path = entry.path();
            if path == root || !entry.file_type().is_some_and(|t| t.is_dir()) {
                return true;
            }
            !(is_target_dir(path)
                // A Python virtual environment holds installed packages, not the user's code.
                || path.join("pyvenv.cfg").is_file()
                || skip.iter().any(|s| path == s)
                || (one_package && path.join("Cargo.toml").is_file()))
        })
        .build();
    let mut files = BTreeSet::new();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                // Not only regular files: a link to one is linted, and a
                // broken link or a named pipe gets its error line when read.
                if !entry.file_type().is_some_and(|t| t.is_dir())
                    && path
                        .extension()
                        .is_some_and(|e| extensions.iter().any(|x| e == *x))
                    && path != root_of_walk
                {
                    files.insert(path.to_path_buf());
                }
            }
            Err(error) => errors.push(walk_error(&error, cwd)),
        }
    }
    files.into_iter().collect()
}

/// A cargo build directory: named `target` and either tagged as a cache
/// (`CACHEDIR.TAG`, which cargo writes) or next to a `Cargo.toml`.
fn is_target_dir(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "target")
        && (path.join("CACHEDIR.TAG").is_file()
            || path.join(".rustc_info.json").is_file()
            || path
                .parent()
                .is_some_and(|p| p.join("Cargo.toml").is_file()))
}

fn walk_error(error: &ignore::Error, cwd: &Path) -> FileError {
    let mut path = None;
    let mut inner = error;
    loop {
        match inner {
            ignore::Error::WithPath { path: p, err } => {
                path.get_or_insert_with(|| p.clone());
                inner = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                inner = err;
            }
            _ => break,
        }
    }
    let reason = match inner {
        ignore::Error::Io(io) => io_reason(io),
        other => other.to_string(),
    };
    FileError {
        name: path.map_or_else(|| ".".to_string(), |p| display_name(&p, cwd)),
        reason,
        location: None,
    }
}

// ---------------------------------------------------------------------------
// Cargo mode

/// Which packages `cargo racelint` lints.
#[derive(Clone, Debug, Default)]
pub struct CargoOptions {
    /// `--manifest-path`.
    pub manifest_path: Option<PathBuf>,
    /// `-p/--package SPEC`, repeatable.
    pub packages: Vec<String>,
    /// `--workspace` / `--all`.
    pub workspace: bool,
    /// `--exclude SPEC` (with `--workspace`).
    pub exclude: Vec<String>,
    /// Flags passed on to `cargo metadata` (`--frozen`, `--locked`, `--offline`).
    pub cargo_flags: Vec<String>,
    /// Overrides the packages' editions.
    pub edition: Option<Edition>,
}

/// What cargo mode found, and notes for stderr (excluded packages not found).
#[derive(Clone, Debug, Default)]
pub struct CargoDiscovered {
    pub found: Discovered,
    pub warnings: Vec<String>,
}

/// `cargo racelint`: one unit per selected package, holding every `.rs` file
/// under the folders of its targets.
pub fn cargo(options: &CargoOptions, cwd: &Path) -> Result<CargoDiscovered, Error> {
    let manifest = match &options.manifest_path {
        Some(path) => {
            let path = cwd.join(path);
            let path = if path.is_dir() {
                path.join("Cargo.toml")
            } else {
                path
            };
            if !path.is_file() {
                return Err(Error(format!(
                    "manifest path `{}` does not exist",
                    path.display()
                )));
            }
            path
        }
        None => find_manifest(cwd)?,
    };
    let metadata = MetadataCommand::new()
        .manifest_path(&manifest)
        .current_dir(cwd)
        .no_deps()
        .other_options(options.cargo_flags.clone())
        .exec()
        .map_err(metadata_error)?;
    let mut warnings = Vec::new();
    let selected = select(&metadata, options, &manifest, cwd, &mut warnings)?;

    let mut found = Discovered::default();
    let target_dir = metadata.target_directory.clone().into_std_path_buf();
    for package in selected {
        let edition = options.edition.unwrap_or_else(|| {
            Edition::from_str(package.edition.as_str()).unwrap_or(Edition::E2024)
        });
        let mut errors = Vec::new();
        let files = package_files(package, &target_dir, cwd, &mut errors);
        let roots: Vec<PathBuf> = package
            .targets
            .iter()
            .map(|t| t.src_path.clone().into_std_path_buf())
            .collect();
        let unreached = match crate::modtree::reached(&roots) {
            Some(reached) => files
                .iter()
                .filter(|path| !reached.contains(&canonical(path)))
                .cloned()
                .collect(),
            None => HashSet::new(),
        };
        let info = Arc::new(PackageInfo {
            name: package.name.to_string(),
            id: package.id.clone(),
            manifest_path: package.manifest_path.clone(),
            targets: package.targets.clone(),
            workspace_root: metadata.workspace_root.clone(),
        });
        let python = python_files(package, &target_dir, cwd, &mut errors);
        found.plans.push(Plan {
            files: files
                .into_iter()
                .map(|path| Input {
                    name: display_name(&path, cwd),
                    path,
                })
                .collect(),
            context: Vec::new(),
            edition,
            package: Some(info.clone()),
            errors,
            unreached,
        });
        // Each Python file is a unit of its own, as `racelint PATH` reads it,
        // under its package's configuration.
        found.plans.extend(python.into_iter().map(|path| Plan {
            files: vec![Input {
                name: display_name(&path, cwd),
                path,
            }],
            context: Vec::new(),
            edition,
            package: Some(info.clone()),
            errors: Vec::new(),
            unreached: HashSet::new(),
        }));
    }
    Ok(CargoDiscovered { found, warnings })
}

/// The nearest `Cargo.toml` in `cwd` or above, as cargo looks for it.
fn find_manifest(cwd: &Path) -> Result<PathBuf, Error> {
    cwd.ancestors()
        .map(|dir| dir.join("Cargo.toml"))
        .find(|manifest| manifest.is_file())
        .ok_or_else(|| {
            Error(format!(
                "could not find `Cargo.toml` in `{}` or any parent directory",
                cwd.display()
            ))
        })
}

/// `cargo metadata`'s complaint in one line: its messages joined by `: `,
/// the place in a manifest (`Cargo.toml:3:11`) first, the snippet left out.
fn metadata_error(error: cargo_metadata::Error) -> Error {
    match error {
        cargo_metadata::Error::CargoMetadata { stderr } => Error(format!(
            "cargo metadata failed: {}",
            cargo_error_line(&stderr)
        )),
        other => Error(other.to_string()),
    }
}

fn cargo_error_line(stderr: &str) -> String {
    let mut location = None;
    let mut parts = Vec::new();
    for line in stderr.lines().map(str::trim) {
        if let Some(place) = line.strip_prefix("--> ") {
            location.get_or_insert(place);
            continue;
        }
        let snippet = line.starts_with('|')
            || line
                .split_once(" |")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if line.is_empty() || line == "Caused by:" || line.starts_with("warning:") || snippet {
            continue;
        }
        parts.push(line.strip_prefix("error: ").unwrap_or(line));
    }
    let message = parts.join(": ");
    match location {
        Some(place) => format!("{place}: {message}"),
        None => message,
    }
}

fn select<'m>(
    metadata: &'m Metadata,
    options: &CargoOptions,
    manifest: &Path,
    cwd: &Path,
    warnings: &mut Vec<String>,
) -> Result<Vec<&'m Package>, Error> {
    let members = metadata.workspace_packages();
    if !options.exclude.is_empty() && !options.workspace {
        return Err(Error(
            "`--exclude` can only be used together with `--workspace`".into(),
        ));
    }
    if options.workspace {
        for spec in &options.exclude {
            if !members.iter().any(|p| spec_matches(spec, p, cwd)) {
                warnings.push(format!("excluded package `{spec}` not found in workspace"));
            }
        }
        return Ok(members
            .into_iter()
            .filter(|p| {
                !options
                    .exclude
                    .iter()
                    .any(|spec| spec_matches(spec, p, cwd))
            })
            .collect());
    }
    if !options.packages.is_empty() {
        let mut selected: Vec<&Package> = Vec::new();
        for spec in &options.packages {
            let matched: Vec<&Package> = members
                .iter()
                .copied()
                .filter(|p| spec_matches(spec, p, cwd))
                .collect();
            if matched.is_empty() {
                let mut message =
                    format!("package ID specification `{spec}` did not match any packages");
                let names = members.iter().map(|p| p.name.as_str());
                if let Some(close) = closest(spec, names) {
                    message.push_str(&format!(" (did you mean `{close}`?)"));
                }
                return Err(Error(message));
            }
            for package in matched {
                if !selected.iter().any(|p| p.id == package.id) {
                    selected.push(package);
                }
            }
        }
        return Ok(selected);
    }
    let manifest = canonical(manifest);
    if let Some(package) = members
        .iter()
        .find(|p| canonical(p.manifest_path.as_std_path()) == manifest)
    {
        return Ok(vec![package]);
    }
    // A virtual manifest: its default members, like cargo.
    Ok(metadata.workspace_default_packages())
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path))
}

/// Whether a package ID specification names this package. Accepted forms:
/// `NAME` (with `*` and `?` wildcards), `NAME@VERSION`, `NAME:VERSION`, a
/// path to the package's folder or manifest, a full package ID
/// (`path+file:///dir#name@1.0.0`), and a URL with an optional
/// `#NAME`, `#VERSION` or `#NAME@VERSION` fragment. Partial versions
/// (`foo@1.2`) match any version starting with them.
pub fn spec_matches(spec: &str, package: &Package, cwd: &Path) -> bool {
    if spec == package.id.repr {
        return true;
    }
    let package_dir = package
        .manifest_path
        .parent()
        .map(|d| canonical(d.as_std_path()));
    if let Some((scheme, rest)) = spec.split_once("://") {
        let (url, fragment) = match rest.split_once('#') {
            Some((url, fragment)) => (url, Some(fragment)),
            None => (rest, None),
        };
        let scheme = scheme.rsplit('+').next().unwrap_or(scheme);
        if scheme == "file" && package_dir.as_deref() != Some(canonical(Path::new(url)).as_path()) {
            return false;
        }
        if scheme != "file" {
            // A remote source: only the fragment (or last path segment) can match.
            let last = url.trim_end_matches('/').rsplit('/').next().unwrap_or(url);
            let last = last.trim_end_matches(".git");
            if fragment.is_none() && last != package.name.as_str() {
                return false;
            }
        }
        return match fragment {
            None => true,
            Some(fragment) => {
                let (name, version) = split_name_version(fragment);
                match (name, version) {
                    (Some(name), version) => {
                        glob(name, &package.name)
                            && version.is_none_or(|v| version_matches(v, package))
                    }
                    (None, Some(version)) => version_matches(version, package),
                    (None, None) => true,
                }
            }
        };
    }
    if spec.contains('/') || spec.starts_with('.') || spec.ends_with("Cargo.toml") {
        let path = cwd.join(spec);
        let path = if path.file_name().is_some_and(|n| n == "Cargo.toml") {
            path.parent().map(Path::to_path_buf).unwrap_or(path)
        } else {
            path
        };
        return package_dir.is_some_and(|dir| dir == canonical(&path));
    }
    match split_name_version(spec) {
        (Some(name), version) => {
            glob(name, &package.name) && version.is_none_or(|v| version_matches(v, package))
        }
        (None, Some(version)) => version_matches(version, package),
        (None, None) => false,
    }
}

/// `name@1.0`, `name:1.0`, `name` or `1.0` (a fragment that starts with a digit is a version).
fn split_name_version(text: &str) -> (Option<&str>, Option<&str>) {
    if let Some((name, version)) = text.split_once('@').or_else(|| text.split_once(':')) {
        return (Some(name), Some(version));
    }
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        (None, Some(text))
    } else {
        (Some(text), None)
    }
}

fn version_matches(spec: &str, package: &Package) -> bool {
    let version = &package.version;
    match spec.splitn(3, '.').collect::<Vec<_>>().as_slice() {
        [major] => major.parse() == Ok(version.major),
        [major, minor] => major.parse() == Ok(version.major) && minor.parse() == Ok(version.minor),
        _ => cargo_metadata::semver::Version::parse(spec).is_ok_and(|v| v == *version),
    }
}

/// Shell-style wildcards (`*`, `?`) as cargo accepts in `-p`; `-` and `_` are distinct.
fn glob(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// The name closest to `name`, if it is close enough to be a typo.
fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(name, c), c))
        .filter(|&(d, c)| d <= c.len().max(3) / 3 + 1)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Every `.rs` file of a package: the folders of its targets' sources
/// (library, binaries, examples, tests, benches) searched whole, plus the
/// build script itself; sorted, without duplicates.
fn package_files(
    package: &Package,
    target_dir: &Path,
    cwd: &Path,
    errors: &mut Vec<FileError>,
) -> Vec<PathBuf> {
    let mut dirs = BTreeSet::new();
    let mut files = BTreeSet::new();
    for target in &package.targets {
        let src = target.src_path.as_std_path();
        if target.kind.contains(&TargetKind::CustomBuild) {
            files.insert(src.to_path_buf());
        } else if let Some(dir) = src.parent() {
            if dir.is_dir() {
                dirs.insert(dir.to_path_buf());
            } else {
                files.insert(src.to_path_buf());
            }
        }
    }
    // Search each folder once: drop folders inside another one of the list.
    let roots: Vec<PathBuf> = dirs
        .iter()
        .filter(|d| !dirs.iter().any(|other| other != *d && d.starts_with(other)))
        .cloned()
        .collect();
    for root in &roots {
        let skip = [target_dir.to_path_buf()];
        files.extend(walk(root, Scope::package(&skip, "rs"), cwd, errors));
    }
    files.into_iter().collect()
}

/// The `.py` files of a package (a lesson's Python exercises kept beside the
/// crate): the package's folder searched whole, as `racelint PATH` searches
/// a folder, without the folders of packages inside it and its build
/// directory. A folder that could not be searched is added to `errors`
/// unless the search of the Rust files named it already.
fn python_files(
    package: &Package,
    target_dir: &Path,
    cwd: &Path,
    errors: &mut Vec<FileError>,
) -> Vec<PathBuf> {
    let Some(root) = package.manifest_path.parent() else {
        return Vec::new();
    };
    let skip = [target_dir.to_path_buf()];
    let mut found = Vec::new();
    let files = walk(
        root.as_std_path(),
        Scope::package(&skip, "py"),
        cwd,
        &mut found,
    );
    for error in found {
        if !errors.iter().any(|e| e.name == error.name) {
            errors.push(error);
        }
    }
    files
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
