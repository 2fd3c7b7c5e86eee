//! Cargo mode: `cargo racelint`, the packages of a workspace chosen the
//! way cargo chooses them, with their targets' module trees.

use super::*;

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
pub(super) fn find_manifest(cwd: &Path) -> Result<PathBuf, Error> {
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
pub(super) fn metadata_error(error: cargo_metadata::Error) -> Error {
    match error {
        cargo_metadata::Error::CargoMetadata { stderr } => Error(format!(
            "cargo metadata failed: {}",
            cargo_error_line(&stderr)
        )),
        other => Error(other.to_string()),
    }
}

pub(super) fn cargo_error_line(stderr: &str) -> String {
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

pub(super) fn select<'m>(
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
                if let Some(close) = crate::typo::closest(spec, names) {
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

pub(super) fn canonical(path: &Path) -> PathBuf {
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
pub(super) fn split_name_version(text: &str) -> (Option<&str>, Option<&str>) {
    if let Some((name, version)) = text.split_once('@').or_else(|| text.split_once(':')) {
        return (Some(name), Some(version));
    }
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        (None, Some(text))
    } else {
        (Some(text), None)
    }
}

pub(super) fn version_matches(spec: &str, package: &Package) -> bool {
    let version = &package.version;
    match spec.splitn(3, '.').collect::<Vec<_>>().as_slice() {
        [major] => major.parse() == Ok(version.major),
        [major, minor] => major.parse() == Ok(version.major) && minor.parse() == Ok(version.minor),
        _ => cargo_metadata::semver::Version::parse(spec).is_ok_and(|v| v == *version),
    }
}

/// Shell-style wildcards (`*`, `?`) as cargo accepts in `-p`; `-` and `_` are distinct.
pub(super) fn glob(pattern: &str, name: &str) -> bool {
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

/// Every `.rs` file of a package: the folders of its targets' sources
/// (library, binaries, examples, tests, benches) searched whole, plus the
/// build script itself; sorted, without duplicates.
pub(super) fn package_files(
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
pub(super) fn python_files(
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
