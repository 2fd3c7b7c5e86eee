//! Which level each lint runs at, and which files are left out.
//!
//! Levels come from configuration first, then from the command line, and
//! both go through one path: a list of [`Setting`]s applied in order to
//! [`LintLevels`]. Configuration is read from
//!
//! - `[workspace.metadata.racelint]` in the workspace's `Cargo.toml`,
//! - `[package.metadata.racelint]` in the package's `Cargo.toml`,
//! - `racelint.toml` (next to the package's manifest or the workspace's in
//!   cargo mode; in the current directory or the nearest ancestor that has
//!   one in plain mode),
//!
//! in that order, later ones winning. Each holds lint or group names set to
//! `"allow"`, `"warn"` or `"deny"` (`warnings` sets every lint at warn level),
//! and `exclude = ["glob", ...]`, globs relative to the file's directory. In
//! one table the order is: `warnings`, then groups, then single lints, so
//! that the most specific setting wins.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Group, Level, Lint};
use crate::discover::Plan;
use crate::lints::{self, REGISTRY};

/// The name of racelint's own configuration file.
pub const FILE_NAME: &str = "racelint.toml";

/// Lint levels in force: the registry's defaults, overridden per lint.
#[derive(Clone, Debug, Default)]
pub struct LintLevels {
    overrides: HashMap<&'static str, Level>,
}

impl LintLevels {
    /// Sets the level of one lint.
    pub fn set(&mut self, lint: &'static Lint, level: Level) {
        self.overrides.insert(lint.name, level);
    }

    pub fn level_of(&self, lint: &Lint) -> Level {
        self.overrides
            .get(lint.name)
            .copied()
            .unwrap_or(lint.default_level)
    }

    /// Sets a lint (`racelint::` prefix allowed), every lint of a group, or,
    /// for `warnings`, every lint now at warn level.
    pub fn apply(&mut self, name: &str, level: Level) -> Result<(), UnknownName> {
        if name == "warnings" {
            let warned: Vec<&'static Lint> = REGISTRY
                .iter()
                .copied()
                .filter(|l| self.level_of(l) == Level::Warn)
                .collect();
            for lint in warned {
                self.set(lint, level);
            }
        } else if let Some(lint) = lints::find(name) {
            self.set(lint, level);
        } else if let Some(group) = Group::from_name(name) {
            for lint in REGISTRY.iter().filter(|l| l.group == group) {
                self.set(lint, level);
            }
        } else {
            let mut unknown = UnknownName::new(name);
            if unknown.suggestion.is_none() && crate::typo::edit_distance(name, "warnings") <= 1 {
                unknown.suggestion = Some("warnings");
            }
            return Err(unknown);
        }
        Ok(())
    }

    /// Applies settings in order; the first unknown name is an error that says where it was written.
    pub fn from_settings<'a>(
        settings: impl IntoIterator<Item = &'a Setting>,
    ) -> Result<LintLevels, ConfigError> {
        let mut levels = LintLevels::default();
        for setting in settings {
            levels
                .apply(&setting.name, setting.level)
                .map_err(|unknown| ConfigError::at(&setting.origin, unknown.to_string()))?;
        }
        Ok(levels)
    }
}

/// A lint or group name that racelint does not know, with the closest known one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownName {
    pub name: String,
    pub suggestion: Option<&'static str>,
}

impl UnknownName {
    pub fn new(name: &str) -> UnknownName {
        UnknownName {
            name: name.to_string(),
            suggestion: lints::closest_name(name.strip_prefix("racelint::").unwrap_or(name)),
        }
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no lint or group named `{}`", self.name)?;
        if let Some(close) = self.suggestion {
            write!(f, " (did you mean `{close}`?)")?;
        }
        Ok(())
    }
}

/// Where a setting was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag.
    Flag,
    /// A line of a configuration file.
    File { path: PathBuf, line: usize },
}

/// One level setting: a lint, a group or `warnings`, and its level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    pub name: String,
    pub level: Level,
    pub origin: Origin,
}

/// A configuration problem: one line, naming the file and line when there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl ConfigError {
    fn at(origin: &Origin, message: String) -> ConfigError {
        match origin {
            Origin::Flag => ConfigError(message),
            Origin::File { path, line } => {
                ConfigError(format!("{}:{line}: {message}", path.display()))
            }
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// The configuration in force for a unit: level settings in order, and
/// the files to leave out.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub settings: Vec<Setting>,
    excludes: Vec<Exclude>,
    /// The files read, in the order they were applied.
    pub sources: Vec<PathBuf>,
}

/// Globs, relative to the directory of the file that declared them.
#[derive(Clone, Debug)]
struct Exclude {
    base: PathBuf,
    set: GlobSet,
}

impl Config {
    /// The levels in force: these settings, then `flags` in order.
    pub fn levels(&self, flags: &[Setting]) -> Result<LintLevels, ConfigError> {
        LintLevels::from_settings(self.settings.iter().chain(flags))
    }

    /// Whether a file is left out by an `exclude` glob.
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.excludes.iter().any(|exclude| {
            path.strip_prefix(&exclude.base)
                .is_ok_and(|relative| exclude.set.is_match(relative))
        })
    }

    /// Adds a configuration table read from `path` (its text is `text`).
    fn add_table(
        &mut self,
        path: &Path,
        text: &str,
        table: &DeTable<'_>,
    ) -> Result<(), ConfigError> {
        let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let base = std::fs::canonicalize(&base).unwrap_or(base);
        let line =
            |span: Range<usize>| text[..span.start.min(text.len())].matches('\n').count() + 1;
        let error = |span: Range<usize>, message: String| {
            ConfigError::at(
                &Origin::File {
                    path: path.to_path_buf(),
                    line: line(span),
                },
                message,
            )
        };
        // (rank, setting): `warnings` first, then groups, then lints.
        let mut settings = Vec::new();
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            if name == "exclude" {
                let globs = value.get_ref().as_array().ok_or_else(|| {
                    error(value.span(), "`exclude` must be an array of globs".into())
                })?;
                let mut builder = GlobSetBuilder::new();
                for glob in globs.iter() {
                    let pattern = glob.get_ref().as_str().ok_or_else(|| {
                        error(glob.span(), "`exclude` must be an array of globs".into())
                    })?;
                    builder.add(compile_glob(pattern).map_err(|e| error(glob.span(), e))?);
                }
                let set = builder
                    .build()
                    .map_err(|e| error(value.span(), format!("invalid `exclude`: {e}")))?;
                self.excludes.push(Exclude {
                    base: base.clone(),
                    set,
                });
                continue;
            }
            let rank = if name == "warnings" {
                0
            } else if Group::from_name(name).is_some() {
                1
            } else if lints::find(name).is_some() {
                2
            } else {
                return Err(error(key.span(), UnknownName::new(name).to_string()));
            };
            let level = match value.get_ref() {
                DeValue::String(level) => parse_level(level).ok_or_else(|| {
                    error(
                        value.span(),
                        format!(
                            "`{level}` is not a level (expected \"allow\", \"warn\" or \"deny\")"
                        ),
                    )
                })?,
                other => {
                    return Err(error(
                        value.span(),
                        format!(
                            "the level of `{name}` must be a string (\"allow\", \"warn\" or \"deny\"), not {}",
                            other.type_str()
                        ),
                    ));
                }
            };
            settings.push((
                rank,
                key.span().start,
                Setting {
                    name: name.to_string(),
                    level,
                    origin: Origin::File {
                        path: path.to_path_buf(),
                        line: line(key.span()),
                    },
                },
            ));
        }
        settings.sort_by_key(|(rank, at, _)| (*rank, *at));
        self.settings
            .extend(settings.into_iter().map(|(_, _, setting)| setting));
        self.sources.push(path.to_path_buf());
        Ok(())
    }

    /// Reads a `racelint.toml`.
    pub fn add_file(&mut self, path: &Path) -> Result<(), ConfigError> {
        let text = read(path)?;
        let table = parse(path, &text)?;
        self.add_table(path, &text, table.get_ref())
    }

    /// Reads `[<section>.metadata.racelint]` of a `Cargo.toml`, if it has one
    /// (`section` is `package` or `workspace`).
    pub fn add_manifest(&mut self, manifest: &Path, section: &str) -> Result<(), ConfigError> {
        let text = read(manifest)?;
        let document = parse(manifest, &text)?;
        let mut table = document.get_ref();
        for key in [section, "metadata", "racelint"] {
            match table.get(key).map(|value| (value.get_ref(), value.span())) {
                Some((DeValue::Table(inner), _)) => table = inner,
                Some((_, span)) => {
                    let line = text[..span.start].matches('\n').count() + 1;
                    return Err(ConfigError(format!(
                        "{}:{line}: `{section}.metadata.racelint` must be a table",
                        manifest.display()
                    )));
                }
                None => return Ok(()),
            }
        }
        self.add_table(manifest, &text, table)
    }
}

impl Config {
    /// Reads `[tool.racelint]` of a `pyproject.toml`; false if it has none.
    pub fn add_pyproject(&mut self, path: &Path) -> Result<bool, ConfigError> {
        let text = read(path)?;
        let document = parse(path, &text)?;
        let mut table = document.get_ref();
        for key in ["tool", "racelint"] {
            match table.get(key).map(|value| (value.get_ref(), value.span())) {
                Some((DeValue::Table(inner), _)) => table = inner,
                Some((_, span)) => {
                    let line = text[..span.start].matches('\n').count() + 1;
                    return Err(ConfigError(format!(
                        "{}:{line}: `tool.racelint` must be a table",
                        path.display()
                    )));
                }
                None => return Ok(false),
            }
        }
        self.add_table(path, &text, table)?;
        Ok(true)
    }
}

/// `allow`, `warn` or `deny`.
pub fn parse_level(text: &str) -> Option<Level> {
    match text {
        "allow" => Some(Level::Allow),
        "warn" => Some(Level::Warn),
        "deny" => Some(Level::Deny),
        _ => None,
    }
}

/// A glob as `exclude` takes it: `*` stays within one folder, `**` crosses
/// folders, and a pattern without a `/` matches a name at any depth.
fn compile_glob(pattern: &str) -> Result<globset::Glob, String> {
    let pattern = pattern.trim_start_matches("./");
    let full = if pattern.contains('/') {
        pattern.trim_end_matches('/').to_string()
    } else {
        format!("**/{pattern}")
    };
    // A folder excludes everything below it.
    let full = if full.ends_with("**") {
        full
    } else {
        format!("{{{full},{full}/**}}")
    };
    GlobBuilder::new(&full)
        .literal_separator(true)
        .build()
        .map_err(|e| format!("invalid glob `{pattern}`: {}", e.kind()))
}

fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|e| {
        let reason = crate::discover::lowercase_start(&e.to_string());
        ConfigError(format!("could not read `{}`: {reason}", path.display()))
    })
}

fn parse<'t>(path: &Path, text: &'t str) -> Result<Spanned<DeTable<'t>>, ConfigError> {
    DeTable::parse(text).map_err(|e| {
        let line = e.span().map_or(1, |span| {
            text[..span.start.min(text.len())].matches('\n').count() + 1
        });
        let message = e.message().trim().trim_end_matches('.');
        ConfigError(format!("{}:{line}: {message}", path.display()))
    })
}

/// The configuration of a cargo package (its Rust and its Python files):
/// the workspace's metadata, the package's, the `[tool.racelint]` of a
/// `pyproject.toml` next to the package's manifest (as `racelint PATH` reads
/// it in that folder), then the `racelint.toml` next to the package (or, if
/// it has none, next to the workspace's manifest).
pub fn for_package(manifest: &Path, workspace_root: &Path) -> Result<Config, ConfigError> {
    let mut config = Config::default();
    let workspace_manifest = workspace_root.join("Cargo.toml");
    if workspace_manifest.is_file() {
        config.add_manifest(&workspace_manifest, "workspace")?;
    }
    config.add_manifest(manifest, "package")?;
    let package_dir = manifest.parent().unwrap_or(Path::new(""));
    let pyproject = package_dir.join(PYPROJECT);
    if pyproject.is_file() {
        config.add_pyproject(&pyproject)?;
    }
    let own = [package_dir, workspace_root]
        .into_iter()
        .map(|dir| dir.join(FILE_NAME))
        .find(|path| path.is_file());
    if let Some(path) = own {
        config.add_file(&path)?;
    }
    Ok(config)
}

/// The configuration of plain mode: the `racelint.toml` in `cwd` or the
/// nearest ancestor that has one, or a `pyproject.toml` with a
/// `[tool.racelint]` table (read first when both are in one folder).
pub fn for_directory(cwd: &Path) -> Result<Config, ConfigError> {
    let mut config = Config::default();
    for dir in cwd.ancestors() {
        let pyproject = dir.join(PYPROJECT);
        let found_pyproject = pyproject.is_file() && config.add_pyproject(&pyproject)?;
        let file = dir.join(FILE_NAME);
        if file.is_file() {
            config.add_file(&file)?;
            break;
        }
        if found_pyproject {
            break;
        }
    }
    Ok(config)
}

/// Python projects keep their tools' settings here, under `[tool.racelint]`.
pub const PYPROJECT: &str = "pyproject.toml";

/// The levels of each unit of a run: one set for plain mode, one per
/// package in cargo mode.
#[derive(Clone, Debug, Default)]
pub struct UnitLevels {
    /// The levels of units without a package (plain mode).
    pub default: LintLevels,
    /// The levels of each package, by its manifest.
    pub by_manifest: HashMap<PathBuf, LintLevels>,
}

impl UnitLevels {
    /// The levels in force for a unit.
    pub fn for_plan(&self, plan: &Plan) -> &LintLevels {
        plan.package
            .as_ref()
            .and_then(|p| self.by_manifest.get(p.manifest_path.as_std_path()))
            .unwrap_or(&self.default)
    }
}

/// Reads the configuration of every unit: drops the files its `exclude`
/// globs leave out (and units left empty), and works out each unit's levels
/// from its configuration and then `flags`.
pub fn configure(
    plans: Vec<Plan>,
    flags: &[Setting],
    cwd: &Path,
) -> Result<(Vec<Plan>, UnitLevels), ConfigError> {
    let mut levels = UnitLevels {
        default: LintLevels::from_settings(flags)?,
        by_manifest: HashMap::new(),
    };
    let mut plain: Option<Config> = None;
    let mut configs: HashMap<PathBuf, Config> = HashMap::new();
    let mut kept = Vec::with_capacity(plans.len());
    for mut plan in plans {
        let config = match &plan.package {
            Some(package) => {
                let manifest = package.manifest_path.as_std_path().to_path_buf();
                if !configs.contains_key(&manifest) {
                    let config = for_package(&manifest, package.workspace_root.as_std_path())?;
                    levels
                        .by_manifest
                        .insert(manifest.clone(), config.levels(flags)?);
                    configs.insert(manifest.clone(), config);
                }
                &configs[&manifest]
            }
            None => {
                if plain.is_none() {
                    let config = for_directory(cwd)?;
                    levels.default = config.levels(flags)?;
                    plain = Some(config);
                }
                plain.as_ref().expect("just set")
            }
        };
        let before = plan.files.len();
        if !config.excludes.is_empty() {
            plan.files
                .retain(|input| !config.is_excluded(&absolute(&input.path, cwd)));
        }
        if plan.files.is_empty() && before > 0 && plan.errors.is_empty() {
            continue;
        }
        kept.push(plan);
    }
    Ok((kept, levels))
}

fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let joined = cwd.join(path);
    std::fs::canonicalize(&joined).unwrap_or(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(name: &str) -> &'static Lint {
        lints::find(name).unwrap()
    }

    fn config(text: &str) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, text).unwrap();
        let mut config = Config::default();
        config
            .add_file(&path)
            .map_err(|e| ConfigError(e.0.replace(&dir.path().display().to_string(), "DIR")))?;
        Ok(config)
    }

    #[test]
    fn specific_settings_win_within_a_table() {
        let config =
            config("detached_thread = \"allow\"\njoin = \"deny\"\nwarnings = \"deny\"\n").unwrap();
        let levels = config.levels(&[]).unwrap();
        assert_eq!(levels.level_of(find("detached_thread")), Level::Allow);
        assert_eq!(levels.level_of(find("serial_join")), Level::Deny);
        assert_eq!(levels.level_of(find("lost_update")), Level::Deny);
    }

    #[test]
    fn flags_come_after_config() {
        let config = config("lost_update = \"allow\"\n").unwrap();
        let flag = Setting {
            name: "race".into(),
            level: Level::Warn,
            origin: Origin::Flag,
        };
        let levels = config.levels(&[flag]).unwrap();
        assert_eq!(levels.level_of(find("lost_update")), Level::Warn);
        let levels = config.levels(&[]).unwrap();
        assert_eq!(levels.level_of(find("lost_update")), Level::Allow);
    }

    #[test]
    fn unknown_names_and_levels_say_where() {
        assert_eq!(
            config("\n\nlost_updat = \"allow\"\n").unwrap_err().0,
            "DIR/racelint.toml:3: no lint or group named `lost_updat` (did you mean `lost_update`?)"
        );
        assert_eq!(
            config("join = \"forbid\"\n").unwrap_err().0,
            "DIR/racelint.toml:1: `forbid` is not a level (expected \"allow\", \"warn\" or \"deny\")"
        );
        assert_eq!(
            config("join = 1\n").unwrap_err().0,
            "DIR/racelint.toml:1: the level of `join` must be a string (\"allow\", \"warn\" or \"deny\"), not integer"
        );
        assert_eq!(
            config("exclude = \"x\"\n").unwrap_err().0,
            "DIR/racelint.toml:1: `exclude` must be an array of globs"
        );
        assert!(
            config("join = \n")
                .unwrap_err()
                .0
                .starts_with("DIR/racelint.toml:1: ")
        );
    }

    #[test]
    fn excludes_are_relative_to_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(
            &path,
            "exclude = [\"generated/**\", \"*_gen.rs\", \"vendor\"]\n",
        )
        .unwrap();
        let mut config = Config::default();
        config.add_file(&path).unwrap();
        let root = dir.path();
        assert!(config.is_excluded(&root.join("generated/a.rs")));
        assert!(config.is_excluded(&root.join("generated/deep/a.rs")));
        assert!(config.is_excluded(&root.join("src/x_gen.rs")));
        assert!(config.is_excluded(&root.join("vendor/lib.rs")));
        assert!(!config.is_excluded(&root.join("src/generated.rs")));
        assert!(!config.is_excluded(&root.join("src/main.rs")));
        assert!(!config.is_excluded(Path::new("/elsewhere/generated/a.rs")));
    }

    #[test]
    fn manifest_metadata_is_read_with_lines() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = dir.path().join("Cargo.toml");
        std::fs::write(
            &manifest,
            "[package]\nname = \"p\"\n\n[package.metadata.racelint]\nlost_update = \"warn\"\n\n[workspace.metadata.racelint]\nracee = \"deny\"\n",
        )
        .unwrap();
        let mut config = Config::default();
        config.add_manifest(&manifest, "package").unwrap();
        let levels = config.levels(&[]).unwrap();
        assert_eq!(levels.level_of(find("lost_update")), Level::Warn);
        let error = config.add_manifest(&manifest, "workspace").unwrap_err().0;
        assert_eq!(
            error,
            format!(
                "{}:8: no lint or group named `racee` (did you mean `race`?)",
                manifest.display()
            )
        );
        let mut none = Config::default();
        std::fs::write(&manifest, "[package]\nname = \"p\"\n").unwrap();
        none.add_manifest(&manifest, "package").unwrap();
        assert!(none.settings.is_empty() && none.sources.is_empty());
    }

    #[test]
    fn warnings_raises_what_is_at_warn_when_it_is_applied() {
        let mut levels = LintLevels::default();
        levels.apply("detached_thread", Level::Allow).unwrap();
        levels.apply("warnings", Level::Deny).unwrap();
        assert_eq!(levels.level_of(find("detached_thread")), Level::Allow);
        assert_eq!(levels.level_of(find("serial_join")), Level::Deny);
        assert_eq!(
            levels
                .apply("doublelock", Level::Deny)
                .unwrap_err()
                .to_string(),
            "no lint or group named `doublelock` (did you mean `double_lock`?)"
        );
    }
}
