//! The command line: the flags of both binaries (clap's definitions),
//! `--message-format`, the level flags (`-A`, `-W`, `-D`, and after `--` in
//! cargo mode), `--color`, and clap's errors in one line with a hint where
//! racelint knows better.

use std::io::{self, IsTerminal};
use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::{ArgAction, ArgMatches, Args, Parser, ValueEnum};

use crate::config::{LintLevels, Origin, Setting};
use crate::diagnostic::Level;
use crate::unit::Edition;

use super::Mode;

const ABOUT: &str =
    "Finds the classic threading mistakes in Rust and Python code and teaches the fix";

/// The exit status paragraph both binaries' `--help` ends with (a macro, so
/// that `concat!` can put it after the cargo notes).
macro_rules! exit_status {
    () => {
        "Exit status: 0 when nothing at deny level was found, 1 when something was (or a
file could not be read or parsed), 2 when racelint could not run."
    };
}

const EXIT_STATUS: &str = exit_status!();

/// `racelint [OPTIONS] [PATH]...`
#[derive(Parser, Debug)]
#[command(name = "racelint", version, about = ABOUT, after_help = EXIT_STATUS)]
pub(super) struct PlainCli {
    /// Files and directories to lint; directories are searched for `*.rs`,
    /// honouring .gitignore and skipping target/ [default: .]
    #[arg(value_name = "PATH")]
    pub(super) paths: Vec<PathBuf>,

    /// The Rust edition the code is written in [default: the edition of the
    /// cargo package a file is in, else 2021]
    #[arg(long, value_name = "YEAR", value_parser = parse_edition)]
    pub(super) edition: Option<Edition>,

    #[command(flatten)]
    pub(super) common: Common,
}

/// `cargo racelint [OPTIONS]`
#[derive(Parser, Debug)]
#[command(
    name = "cargo-racelint",
    bin_name = "cargo racelint",
    version,
    about = ABOUT,
    after_help = CARGO_AFTER_HELP
)]
pub(super) struct CargoCli {
    /// Package to lint (`NAME`, `NAME@VERSION`, a path or a package ID; `*` and `?` allowed)
    #[arg(short = 'p', long = "package", value_name = "SPEC")]
    pub(super) package: Vec<String>,

    /// Lint every package of the workspace
    #[arg(long, visible_alias = "all")]
    pub(super) workspace: bool,

    /// Leave out a package (with --workspace)
    #[arg(long, value_name = "SPEC")]
    pub(super) exclude: Vec<String>,

    /// Path to Cargo.toml
    #[arg(long, value_name = "PATH")]
    pub(super) manifest_path: Option<PathBuf>,

    /// Override the edition the packages declare
    #[arg(long, value_name = "YEAR", value_parser = parse_edition)]
    pub(super) edition: Option<Edition>,

    /// Passed on to `cargo metadata`
    #[arg(long)]
    pub(super) frozen: bool,

    /// Passed on to `cargo metadata`
    #[arg(long)]
    pub(super) locked: bool,

    /// Passed on to `cargo metadata`
    #[arg(long)]
    pub(super) offline: bool,

    /// Run `cargo check` first and pass its messages on (for an editor that
    /// runs racelint instead of `cargo check`)
    #[arg(long)]
    pub(super) with_check: bool,

    /// Level flags after `--`, as `cargo clippy -- -D warnings` takes them
    #[arg(last = true, value_name = "FLAGS")]
    pub(super) trailing: Vec<String>,

    #[command(flatten)]
    pub(super) common: Common,

    #[command(flatten)]
    pub(super) ignored: IgnoredCargoFlags,
}

const CARGO_AFTER_HELP: &str = concat!(
    "\
Also accepts, and ignores, the build flags that cargo and rust-analyzer pass
(--all-targets, --lib, --bins, --tests, --keep-going, --target-dir, --target,
--features, --all-features, --no-default-features, -Z, ...): racelint reads
every .rs file of a package whatever the build configuration.

",
    exit_status!()
);

/// Flags of both binaries.
#[derive(Args, Debug)]
pub(super) struct Common {
    /// Output format: human, short, json, json-diagnostic-short,
    /// json-diagnostic-rendered-ansi (comma-separated, as cargo takes them),
    /// sarif (code scanning), github (GitHub Actions annotations)
    #[arg(long = "message-format", value_name = "FMT", action = ArgAction::Append)]
    pub(super) message_format: Vec<String>,

    /// Colour the output: auto (when stdout is a terminal and NO_COLOR is not set), always, never
    #[arg(long, value_name = "WHEN", value_enum)]
    pub(super) color: Option<ColorWhen>,

    /// Set a lint (or a group) to allow; repeatable
    #[arg(short = 'A', long = "allow", value_name = "LINT")]
    pub(super) allow: Vec<String>,

    /// Set a lint (or a group) to warn; repeatable
    #[arg(short = 'W', long = "warn", value_name = "LINT")]
    pub(super) warn: Vec<String>,

    /// Set a lint (or a group) to deny; `-D warnings` denies every warning; repeatable
    #[arg(short = 'D', long = "deny", value_name = "LINT")]
    pub(super) deny: Vec<String>,

    /// Print the lesson of a lint (or the lints of a group) and exit
    #[arg(long, value_name = "LINT")]
    pub(super) explain: Option<String>,

    /// List every lint with its group, default level and summary, and exit
    #[arg(long)]
    pub(super) list: bool,

    /// Leave out the closing summary line
    #[arg(short, long)]
    pub(super) quiet: bool,

    /// Apply the fixes that keep the program's meaning, then lint again
    #[arg(long)]
    pub(super) fix: bool,

    /// With --fix: also fix files that have uncommitted changes
    #[arg(long, requires = "fix")]
    pub(super) allow_dirty: bool,

    /// With --fix: also fix files whose changes are staged
    #[arg(long, requires = "fix")]
    pub(super) allow_staged: bool,

    /// With --fix: also fix files that are not in a git repository
    #[arg(long, requires = "fix")]
    pub(super) allow_no_vcs: bool,
}

/// Build flags of cargo and rust-analyzer, accepted so that racelint can
/// stand in for `cargo check`; they change nothing.
#[derive(Args, Debug)]
pub(super) struct IgnoredCargoFlags {
    #[arg(long, hide = true)]
    pub(super) keep_going: bool,
    #[arg(long, hide = true)]
    pub(super) all_targets: bool,
    #[arg(long, hide = true)]
    pub(super) lib: bool,
    #[arg(long, hide = true)]
    pub(super) bins: bool,
    #[arg(long, hide = true)]
    pub(super) examples: bool,
    #[arg(long, hide = true)]
    pub(super) tests: bool,
    #[arg(long, hide = true)]
    pub(super) benches: bool,
    #[arg(long, hide = true, num_args = 0..=1, value_name = "NAME")]
    pub(super) bin: Vec<String>,
    #[arg(long, hide = true, num_args = 0..=1, value_name = "NAME")]
    pub(super) example: Vec<String>,
    #[arg(long, hide = true, num_args = 0..=1, value_name = "NAME")]
    pub(super) test: Vec<String>,
    #[arg(long, hide = true, num_args = 0..=1, value_name = "NAME")]
    pub(super) bench: Vec<String>,
    #[arg(long, hide = true, value_name = "DIR")]
    pub(super) target_dir: Option<PathBuf>,
    #[arg(long, hide = true, value_name = "TRIPLE")]
    pub(super) target: Vec<String>,
    #[arg(short = 'F', long, hide = true, value_name = "FEATURES")]
    pub(super) features: Vec<String>,
    #[arg(long, hide = true)]
    pub(super) all_features: bool,
    #[arg(long, hide = true)]
    pub(super) no_default_features: bool,
    #[arg(short = 'Z', hide = true, value_name = "FLAG")]
    pub(super) unstable: Vec<String>,
    #[arg(short = 'j', long, hide = true, value_name = "N")]
    pub(super) jobs: Option<String>,
    #[arg(short = 'r', long, hide = true)]
    pub(super) release: bool,
    #[arg(long, hide = true, value_name = "NAME")]
    pub(super) profile: Option<String>,
    #[arg(short = 'v', long, hide = true, action = ArgAction::Count)]
    pub(super) verbose: u8,
    #[arg(long, hide = true, value_name = "KEY=VALUE")]
    pub(super) config: Vec<String>,
    #[arg(long, hide = true)]
    pub(super) ignore_rust_version: bool,
}

impl IgnoredCargoFlags {
    /// The flags that name targets (`--bin NAME`, ...), with the names given.
    pub(super) fn targets(&self) -> [(&'static str, &Vec<String>); 4] {
        [
            ("--bin", &self.bin),
            ("--example", &self.example),
            ("--test", &self.test),
            ("--bench", &self.bench),
        ]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum ColorWhen {
    Auto,
    Always,
    Never,
}

fn parse_edition(text: &str) -> Result<Edition, String> {
    text.parse()
}

/// How findings are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Format {
    /// rustc's JSON (cargo's messages in cargo mode) instead of text.
    pub json: bool,
    /// Short text: one line per finding (also for JSON's `rendered`).
    pub short: bool,
    /// ANSI colours in JSON's `rendered`.
    pub rendered_ansi: bool,
    /// One SARIF document for the whole run.
    pub sarif: bool,
    /// GitHub Actions annotations.
    pub github: bool,
}

/// Parses `--message-format` values; each may list several, comma-separated.
pub fn parse_message_format(values: &[String]) -> Result<Format, String> {
    let mut format = Format::default();
    for value in values.iter().flat_map(|v| v.split(',')) {
        if !matches!(value.trim(), "sarif" | "github") {
            format.sarif = false;
            format.github = false;
        }
        match value.trim() {
            "sarif" => {
                format = Format {
                    sarif: true,
                    ..Format::default()
                }
            }
            "github" => {
                format = Format {
                    github: true,
                    ..Format::default()
                }
            }
            "human" => format.json = false,
            "short" => {
                format.json = false;
                format.short = true;
            }
            "json" | "json-render-diagnostics" => format.json = true,
            "json-diagnostic-short" => {
                format.json = true;
                format.short = true;
            }
            "json-diagnostic-rendered-ansi" => {
                format.json = true;
                format.rendered_ansi = true;
            }
            other => {
                return Err(format!(
                    "unknown message format `{other}` (expected human, short, json, \
                     json-diagnostic-short, json-diagnostic-rendered-ansi, sarif or github)"
                ));
            }
        }
    }
    Ok(format)
}

/// clap's error in one line, with a hint where racelint knows better: a path
/// given to `cargo racelint`, which lints the package it runs in.
pub(super) fn with_hint(mode: Mode, error: &clap::Error) -> String {
    let line = clap_error_line(error);
    if mode == Mode::Cargo
        && error.kind() == ErrorKind::UnknownArgument
        && let Some(clap::error::ContextValue::String(arg)) =
            error.get(clap::error::ContextKind::InvalidArg)
        && !arg.starts_with('-')
    {
        return format!(
            "unexpected argument `{arg}`: `cargo racelint` lints the package it runs in; \
             to lint a file or folder, run `racelint {arg}`"
        );
    }
    line
}

/// clap's error in one line: its first line, and its tip if it has one.
pub(super) fn clap_error_line(error: &clap::Error) -> String {
    let text = error.render().to_string();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("invalid arguments");
    let mut line = first.strip_prefix("error: ").unwrap_or(first).to_string();
    if let Some(tip) = lines.find(|l| l.starts_with("tip:")) {
        line.push_str(&format!(" ({tip})"));
    }
    line
}

/// Colour when asked, or under `auto` when stdout is a terminal, `NO_COLOR`
/// is unset and `TERM` is not `dumb`. In cargo mode `CARGO_TERM_COLOR` is the default.
pub(super) fn use_color(mode: Mode, flag: Option<ColorWhen>) -> bool {
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let choice = flag
        .or_else(|| {
            let value = env("CARGO_TERM_COLOR").filter(|_| mode == Mode::Cargo)?;
            ColorWhen::from_str(value.to_str()?, true).ok()
        })
        .unwrap_or(ColorWhen::Auto);
    match choice {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            io::stdout().is_terminal()
                && env("NO_COLOR").is_none()
                && env("TERM").is_none_or(|t| t != "dumb")
        }
    }
}

/// The levels from `-A`, `-W` and `-D`, applied in command-line order.
pub(super) fn levels(matches: &ArgMatches) -> Result<LintLevels, String> {
    LintLevels::from_settings(&flag_settings(matches)).map_err(|e| e.0)
}

/// `-A`, `-W` and `-D` as settings, in command-line order.
pub(super) fn flag_settings(matches: &ArgMatches) -> Vec<Setting> {
    let mut flags = Vec::new();
    for (id, level) in [
        ("allow", Level::Allow),
        ("warn", Level::Warn),
        ("deny", Level::Deny),
    ] {
        if let (Some(values), Some(indices)) =
            (matches.get_many::<String>(id), matches.indices_of(id))
        {
            flags.extend(
                indices
                    .zip(values)
                    .map(|(index, name)| (index, level, name.clone())),
            );
        }
    }
    flags.sort_by_key(|(index, _, _)| *index);
    flags
        .into_iter()
        .map(|(_, level, name)| Setting {
            name,
            level,
            origin: Origin::Flag,
        })
        .collect()
}

/// Level flags after `--` (`cargo racelint -- -D warnings`), as clippy takes
/// them: `-A`, `-W`, `-D` (also joined to the name, or spelt out as
/// `--allow`, ...). Names of other tools' lints (`clippy::...`) are left to them.
pub(super) fn trailing_settings(args: &[String]) -> Result<Vec<Setting>, String> {
    let mut settings = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut found = None;
        for (short, long, level) in [
            ("-A", "--allow", Level::Allow),
            ("-W", "--warn", Level::Warn),
            ("-D", "--deny", Level::Deny),
        ] {
            if arg == short || arg == long {
                let name = args
                    .next()
                    .ok_or_else(|| format!("`{arg}` after `--` needs a lint name"))?;
                found = Some((level, name.clone()));
            } else if let Some(name) = arg
                .strip_prefix(long)
                .and_then(|rest| rest.strip_prefix('='))
                .or_else(|| arg.strip_prefix(short).filter(|n| !n.starts_with('-')))
            {
                found = Some((level, name.to_string()));
            }
            if found.is_some() {
                break;
            }
        }
        let Some((level, name)) = found else {
            return Err(format!(
                "unexpected argument `{arg}` after `--` (racelint takes -A, -W and -D there)"
            ));
        };
        if name.contains("::") && !name.starts_with("racelint::") {
            continue;
        }
        settings.push(Setting {
            name,
            level,
            origin: Origin::Flag,
        });
    }
    Ok(settings)
}

/// A note for each target a flag names (`--bin NAME`, `--example NAME`, ...):
/// racelint lints every file of the package, so naming one does not narrow it.
pub(super) fn ignored_target_flags(flags: &IgnoredCargoFlags) -> Vec<String> {
    flags
        .targets()
        .into_iter()
        .flat_map(|(flag, names)| names.iter().map(move |name| (flag, name)))
        .filter(|(_, name)| !name.is_empty())
        .map(|(flag, name)| {
            format!(
                "`{flag} {name}` is ignored: racelint lints every file of the package, \
                 whichever target it belongs to"
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lints;
    use clap::CommandFactory;

    #[test]
    fn message_formats() {
        let parse =
            |v: &[&str]| parse_message_format(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(parse(&[]).unwrap(), Format::default());
        assert!(parse(&["json"]).unwrap().json);
        let ra = parse(&["json-diagnostic-rendered-ansi"]).unwrap();
        assert!(ra.json && ra.rendered_ansi);
        let both = parse(&["json,json-diagnostic-short"]).unwrap();
        assert!(both.json && both.short);
        assert!(!parse(&["json", "human"]).unwrap().json);
        assert!(
            parse(&["xml"])
                .unwrap_err()
                .contains("unknown message format `xml`")
        );
    }

    #[test]
    fn cli_definitions_are_valid() {
        PlainCli::command().debug_assert();
        CargoCli::command().debug_assert();
    }

    #[test]
    fn level_flags_apply_in_order() {
        let matches = PlainCli::command()
            .try_get_matches_from([
                "racelint",
                "-A",
                "join",
                "-W",
                "serial_join",
                "-D",
                "warnings",
            ])
            .unwrap();
        let levels = levels(&matches).unwrap();
        let level = |name| levels.level_of(lints::find(name).unwrap());
        assert_eq!(level("detached_thread"), Level::Allow);
        assert_eq!(level("serial_join"), Level::Deny);
        assert_eq!(level("lost_update"), Level::Deny);
        let matches = PlainCli::command()
            .try_get_matches_from(["racelint", "-A", "lost_updat"])
            .unwrap();
        assert_eq!(
            levels_error(&matches),
            "no lint or group named `lost_updat` (did you mean `lost_update`?)"
        );
    }

    fn levels_error(matches: &ArgMatches) -> String {
        levels(matches).err().unwrap()
    }

    #[test]
    fn level_flag_typos_get_a_hint() {
        let matches = PlainCli::command()
            .try_get_matches_from(["racelint", "-D", "warning"])
            .unwrap();
        assert_eq!(
            levels_error(&matches),
            "no lint or group named `warning` (did you mean `warnings`?)"
        );
    }

    #[test]
    fn a_path_given_to_cargo_racelint_gets_a_hint() {
        let error = CargoCli::command()
            .try_get_matches_from(["cargo-racelint", "src/main.rs"])
            .unwrap_err();
        assert_eq!(
            with_hint(Mode::Cargo, &error),
            "unexpected argument `src/main.rs`: `cargo racelint` lints the package it runs in; \
             to lint a file or folder, run `racelint src/main.rs`"
        );
    }
}
