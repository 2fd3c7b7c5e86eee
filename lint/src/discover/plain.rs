//! Plain mode: `racelint PATH...`, the files and folders named on the
//! command line, each Rust file read with the cargo package around it.

use super::*;

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
pub(super) struct FoundPackage {
    root: PathBuf,
    /// The edition its manifest declares or inherits (cargo's 2015 when none).
    edition: Option<Edition>,
}

/// What the manifests around the paths say, each read once.
#[derive(Default)]
pub(super) struct Manifests {
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
pub(super) fn read_manifest(dir: &Path) -> Option<toml::Table> {
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .ok()?
        .parse()
        .ok()
}

/// Where a folder search stops, and what it looks for.
pub(super) enum Scope<'a> {
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
    pub(super) fn package(skip: &'a [PathBuf], extension: &'static str) -> Scope<'a> {
        Scope::Package { skip, extension }
    }
}

/// The `*.rs` and `*.py` files under `dir` (as the scope says), sorted.
/// Skips what `.gitignore` and `.ignore` exclude, hidden entries, cargo
/// target directories, Python virtual environments, and what the scope
/// leaves out.
pub(super) fn walk(
    dir: &Path,
    scope: Scope<'_>,
    cwd: &Path,
    errors: &mut Vec<FileError>,
) -> Vec<PathBuf> {
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
pub(super) fn is_target_dir(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "target")
        && (path.join("CACHEDIR.TAG").is_file()
            || path.join(".rustc_info.json").is_file()
            || path
                .parent()
                .is_some_and(|p| p.join("Cargo.toml").is_file()))
}

pub(super) fn walk_error(error: &ignore::Error, cwd: &Path) -> FileError {
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
