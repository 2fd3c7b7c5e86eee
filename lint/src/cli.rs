//! Command-line interface shared by `racelint` and `cargo racelint`.
//!
//! Findings go to stdout (text or JSON lines), so that `racelint src | less`
//! and editors reading the JSON both work; problems with the run itself
//! (bad arguments, no such path, no cargo project) go to stderr as one
//! `error: ...` line, with exit status 2.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{ArgAction, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, ValueEnum};
use rayon::prelude::*;

use crate::analyze::{self, check_unit};
use crate::config::{self, LintLevels, Origin, Setting, UnitLevels};
use crate::diagnostic::{Group, Level};
use crate::discover::{self, CargoOptions, Plan};
use crate::lints::{self, REGISTRY};
use crate::progress::Progress;
use crate::render::Summary;
use crate::render::human::{self, Options, Style};
use crate::render::json::{self, CargoContext};
use crate::render::{github, sarif};
use crate::source::FileError;
use crate::unit::Edition;

const ABOUT: &str =
    "Finds the classic threading mistakes in Rust and Python code and teaches the fix";

const EXIT_STATUS: &str = "\
Exit status: 0 when nothing at deny level was found, 1 when something was (or a
file could not be read or parsed), 2 when racelint could not run.";

/// `racelint [OPTIONS] [PATH]...`
#[derive(Parser, Debug)]
#[command(name = "racelint", version, about = ABOUT, after_help = EXIT_STATUS)]
struct PlainCli {
    /// Files and directories to lint; directories are searched for `*.rs`,
    /// honouring .gitignore and skipping target/ [default: .]
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// The Rust edition the code is written in [default: the edition of the
    /// cargo package a file is in, else 2021]
    #[arg(long, value_name = "YEAR", value_parser = parse_edition)]
    edition: Option<Edition>,

    #[command(flatten)]
    common: Common,
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
struct CargoCli {
    /// Package to lint (`NAME`, `NAME@VERSION`, a path or a package ID; `*` and `?` allowed)
    #[arg(short = 'p', long = "package", value_name = "SPEC")]
    package: Vec<String>,

    /// Lint every package of the workspace
    #[arg(long, visible_alias = "all")]
    workspace: bool,

    /// Leave out a package (with --workspace)
    #[arg(long, value_name = "SPEC")]
    exclude: Vec<String>,

    /// Path to Cargo.toml
    #[arg(long, value_name = "PATH")]
    manifest_path: Option<PathBuf>,

    /// Override the edition the packages declare
    #[arg(long, value_name = "YEAR", value_parser = parse_edition)]
    edition: Option<Edition>,

    /// Passed on to `cargo metadata`
    #[arg(long)]
    frozen: bool,

    /// Passed on to `cargo metadata`
    #[arg(long)]
    locked: bool,

    /// Passed on to `cargo metadata`
    #[arg(long)]
    offline: bool,

    /// Run `cargo check` first and pass its messages on (for an editor that
    /// runs racelint instead of `cargo check`)
    #[arg(long)]
    with_check: bool,

    /// Level flags after `--`, as `cargo clippy -- -D warnings` takes them
    #[arg(last = true, value_name = "FLAGS")]
    trailing: Vec<String>,

    #[command(flatten)]
    common: Common,

    #[command(flatten)]
    ignored: IgnoredCargoFlags,
}

const CARGO_AFTER_HELP: &str = "\
Also accepts, and ignores, the build flags that cargo and rust-analyzer pass
(--all-targets, --lib, --bins, --tests, --keep-going, --target-dir, --target,
--features, --all-features, --no-default-features, -Z, ...): racelint reads
every .rs file of a package whatever the build configuration.

Exit status: 0 when nothing at deny level was found, 1 when something was (or a
file could not be read or parsed), 2 when racelint could not run.";

/// Flags of both binaries.
#[derive(Args, Debug)]
struct Common {
    /// Output format: human, short, json, json-diagnostic-short,
    /// json-diagnostic-rendered-ansi (comma-separated, as cargo takes them),
    /// sarif (code scanning), github (GitHub Actions annotations)
    #[arg(long = "message-format", value_name = "FMT", action = ArgAction::Append)]
    message_format: Vec<String>,

    /// Colour the output: auto (when stdout is a terminal and NO_COLOR is not set), always, never
    #[arg(long, value_name = "WHEN", value_enum)]
    color: Option<ColorWhen>,

    /// Set a lint (or a group) to allow; repeatable
    #[arg(short = 'A', long = "allow", value_name = "LINT")]
    allow: Vec<String>,

    /// Set a lint (or a group) to warn; repeatable
    #[arg(short = 'W', long = "warn", value_name = "LINT")]
    warn: Vec<String>,

    /// Set a lint (or a group) to deny; `-D warnings` denies every warning; repeatable
    #[arg(short = 'D', long = "deny", value_name = "LINT")]
    deny: Vec<String>,

    /// Print the lesson of a lint (or the lints of a group) and exit
    #[arg(long, value_name = "LINT")]
    explain: Option<String>,

    /// List every lint with its group, default level and summary, and exit
    #[arg(long)]
    list: bool,

    /// Leave out the closing summary line
    #[arg(short, long)]
    quiet: bool,

    /// Apply the fixes that keep the program's meaning, then lint again
    #[arg(long)]
    fix: bool,

    /// With --fix: also fix files that have uncommitted changes
    #[arg(long, requires = "fix")]
    allow_dirty: bool,

    /// With --fix: also fix files whose changes are staged
    #[arg(long, requires = "fix")]
    allow_staged: bool,

    /// With --fix: also fix files that are not in a git repository
    #[arg(long, requires = "fix")]
    allow_no_vcs: bool,
}

/// Build flags of cargo and rust-analyzer, accepted so that racelint can
/// stand in for `cargo check`; they change nothing.
#[derive(Args, Debug)]
struct IgnoredCargoFlags {
    #[arg(long, hide = true)]
    keep_going: bool,
    #[arg(long, hide = true)]
    all_targets: bool,
    #[arg(long, hide = true)]
    lib: bool,
    #[arg(long, hide = true)]
    bins: bool,
    #[arg(long, hide = true)]
    examples: bool,
    #[arg(long, hide = true)]
    tests: bool,
    #[arg(long, hide = true)]
    benches: bool,
    #[arg(long, hide = true, num_args = 0..=1, value_name = "NAME")]
    bin: Vec<String>,
    #[arg(long, hide = true, num_args = 0..=1, value_name = "NAME")]
    example: Vec<String>,
    #[arg(long, hide = true, num_args = 0..=1, value_name = "NAME")]
    test: Vec<String>,
    #[arg(long, hide = true, num_args = 0..=1, value_name = "NAME")]
    bench: Vec<String>,
    #[arg(long, hide = true, value_name = "DIR")]
    target_dir: Option<PathBuf>,
    #[arg(long, hide = true, value_name = "TRIPLE")]
    target: Vec<String>,
    #[arg(short = 'F', long, hide = true, value_name = "FEATURES")]
    features: Vec<String>,
    #[arg(long, hide = true)]
    all_features: bool,
    #[arg(long, hide = true)]
    no_default_features: bool,
    #[arg(short = 'Z', hide = true, value_name = "FLAG")]
    unstable: Vec<String>,
    #[arg(short = 'j', long, hide = true, value_name = "N")]
    jobs: Option<String>,
    #[arg(short = 'r', long, hide = true)]
    release: bool,
    #[arg(long, hide = true, value_name = "NAME")]
    profile: Option<String>,
    #[arg(short = 'v', long, hide = true, action = ArgAction::Count)]
    verbose: u8,
    #[arg(long, hide = true, value_name = "KEY=VALUE")]
    config: Vec<String>,
    #[arg(long, hide = true)]
    ignore_rust_version: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

fn parse_edition(text: &str) -> Result<Edition, String> {
    text.parse()
}

/// Which binary is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `racelint PATH...`
    Plain,
    /// `cargo racelint`
    Cargo,
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

/// `racelint`'s entry point.
pub fn racelint_main() -> ExitCode {
    run(Mode::Plain, std::env::args_os().collect())
}

/// `cargo-racelint`'s entry point: cargo runs it as `cargo-racelint racelint ARGS`.
pub fn cargo_racelint_main() -> ExitCode {
    let mut args: Vec<OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|arg| arg == "racelint") {
        args.remove(1);
    }
    run(Mode::Cargo, args)
}

/// Runs racelint with these arguments (the first is the program name) and
/// returns the exit status.
pub fn run(mode: Mode, args: Vec<OsString>) -> ExitCode {
    match execute(mode, args) {
        Ok(status) => ExitCode::from(status),
        Err(message) => {
            let _ = writeln!(io::stderr(), "error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Everything a run needs once the arguments are parsed.
struct Run {
    mode: Mode,
    format: Format,
    color: bool,
    quiet: bool,
    levels: UnitLevels,
    /// The level flags, applied after each unit's configuration.
    flags: Vec<Setting>,
    /// The directory racelint runs in (SARIF's `%SRCROOT%`).
    root: PathBuf,
    /// `cargo check` ran first (`--with-check`) and failed.
    check_failed: bool,
}

fn execute(mode: Mode, args: Vec<OsString>) -> Result<u8, String> {
    let command = match mode {
        Mode::Plain => PlainCli::command(),
        Mode::Cargo => CargoCli::command(),
    };
    let matches = match command.try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(error)
            if matches!(
                error.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) =>
        {
            let _ = error.print();
            return Ok(0);
        }
        Err(error) => return Err(with_hint(mode, &error)),
    };
    let common_matches = &matches;
    let cwd = std::env::current_dir()
        .map_err(|error| format!("cannot read the current directory: {error}"))?;
    match mode {
        Mode::Plain => {
            let cli = PlainCli::from_arg_matches(&matches).map_err(|e| clap_error_line(&e))?;
            if let Some(status) = info(&cli.common, mode)? {
                return Ok(status);
            }
            let mut run = prepare(mode, &cli.common, common_matches)?;
            let paths = if cli.paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                cli.paths
            };
            let found = discover::plain(&paths, cli.edition, &cwd).map_err(|e| e.to_string())?;
            let plans = configure(&mut run, found.plans, &cwd)?;
            fix(&run, &cli.common, &plans)?;
            Ok(lint_and_print(&run, &plans, &found.errors))
        }
        Mode::Cargo => {
            let cli = CargoCli::from_arg_matches(&matches).map_err(|e| clap_error_line(&e))?;
            if let Some(status) = info(&cli.common, mode)? {
                return Ok(status);
            }
            let mut run = prepare(mode, &cli.common, common_matches)?;
            run.flags.extend(trailing_settings(&cli.trailing)?);
            let check = if cli.with_check {
                Some(cargo_check_args(&cli, run.format)?)
            } else {
                None
            };
            let cargo_flags = [
                ("--frozen", cli.frozen),
                ("--locked", cli.locked),
                ("--offline", cli.offline),
            ]
            .into_iter()
            .filter(|(_, on)| *on)
            .map(|(flag, _)| flag.to_string())
            .collect();
            let options = CargoOptions {
                manifest_path: cli.manifest_path,
                packages: cli.package,
                workspace: cli.workspace,
                exclude: cli.exclude,
                cargo_flags,
                edition: cli.edition,
            };
            let mut found = discover::cargo(&options, &cwd).map_err(|e| e.to_string())?;
            found.warnings.extend(ignored_target_flags(&cli.ignored));
            for warning in &found.warnings {
                let _ = writeln!(io::stderr(), "warning: {warning}");
            }
            let plans = configure(&mut run, found.found.plans, &cwd)?;
            fix(&run, &cli.common, &plans)?;
            if let Some(args) = check {
                run.check_failed = !cargo_check(&args, run.format)?;
            }
            Ok(lint_and_print(&run, &plans, &found.found.errors))
        }
    }
}

/// clap's error in one line, with a hint where racelint knows better: a path
/// given to `cargo racelint`, which lints the package it runs in.
fn with_hint(mode: Mode, error: &clap::Error) -> String {
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
fn clap_error_line(error: &clap::Error) -> String {
    let text = error.render().to_string();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("invalid arguments");
    let mut line = first.strip_prefix("error: ").unwrap_or(first).to_string();
    if let Some(tip) = lines.find(|l| l.starts_with("tip:")) {
        line.push_str(&format!(" ({tip})"));
    }
    line
}

/// `--list` and `--explain`: prints and returns the exit status, or `None` to lint.
fn info(common: &Common, mode: Mode) -> Result<Option<u8>, String> {
    let program = match mode {
        Mode::Plain => "racelint",
        Mode::Cargo => "cargo racelint",
    };
    let text = if common.list {
        list(program)
    } else if let Some(name) = &common.explain {
        let text = explain(name)?;
        if use_color(mode, common.color) {
            markdown_to_ansi(&text)
        } else {
            text
        }
    } else {
        return Ok(None);
    };
    let mut stdout = io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    Ok(Some(0))
}

/// The `--list` table: every lint of the registry.
pub fn list(program: &str) -> String {
    let name_width = REGISTRY
        .iter()
        .map(|l| l.name.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let group_width = Group::ALL
        .iter()
        .map(|g| g.as_str().len())
        .max()
        .unwrap_or(5);
    let mut out = format!(
        "{:name_width$}  {:group_width$}  {:7}  summary\n",
        "lint", "group", "default"
    );
    for lint in REGISTRY {
        out.push_str(&format!(
            "{:name_width$}  {:group_width$}  {:7}  {}\n",
            lint.name,
            lint.group.as_str(),
            lint.default_level.as_str(),
            lint.summary
        ));
    }
    out.push_str(&format!(
        "\nrun `{program} --explain NAME` for the lesson of a lint (`NAME.py`: in Python only)\n"
    ));
    out
}

/// The `--explain` text of a lint, or the list of a group's lints.
pub fn explain(name: &str) -> Result<String, String> {
    if let Some(python) = lints::python::explain(name) {
        return python;
    }
    if let Some(lint) = lints::find(name) {
        let mut text = format!(
            "racelint::{}: {}\ngroup: {}, default level: {}\n\n{}",
            lint.name,
            lint.summary,
            lint.group,
            lint.default_level,
            lint.docs()
        );
        if let Some(python) = lints::python::lesson(lint) {
            text.push_str("\n## In Python\n\n");
            text.push_str(&python);
        }
        return Ok(text);
    }
    if let Some(group) = Group::from_name(name) {
        let mut out = format!("{group}: {}\n\n", group.description());
        for lint in REGISTRY.iter().filter(|l| l.group == group) {
            out.push_str(&format!(
                "  {} ({}): {}\n",
                lint.name, lint.default_level, lint.summary
            ));
        }
        return Ok(out);
    }
    Err(unknown_lint(name))
}

/// The lesson's Markdown for a terminal: headings in bold, code blocks
/// indented and coloured without their fences, `code` coloured, `**bold**`
/// and `*emphasis*` as such.
pub fn markdown_to_ansi(text: &str) -> String {
    const BOLD: &str = "\x1b[1m";
    const HEADING: &str = "\x1b[1;4m";
    const CODE: &str = "\x1b[36m";
    const ITALIC: &str = "\x1b[3m";
    const RESET: &str = "\x1b[0m";
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str(&format!("    {CODE}{line}{RESET}\n"));
        } else if let Some(heading) = line
            .trim_start_matches('#')
            .strip_prefix(' ')
            .filter(|_| line.starts_with('#'))
        {
            out.push_str(&format!("{HEADING}{heading}{RESET}\n"));
        } else {
            let mut rest = line;
            while !rest.is_empty() {
                let next = rest.find(['`', '*']).unwrap_or(rest.len());
                out.push_str(&rest[..next]);
                rest = &rest[next..];
                let (open, style) = if rest.starts_with('`') {
                    ("`", CODE)
                } else if rest.starts_with("**") {
                    ("**", BOLD)
                } else if rest.starts_with('*') {
                    ("*", ITALIC)
                } else {
                    break;
                };
                match rest[open.len()..].find(open) {
                    Some(end) if end > 0 => {
                        let inner = &rest[open.len()..open.len() + end];
                        out.push_str(&format!("{style}{inner}{RESET}"));
                        rest = &rest[open.len() * 2 + end..];
                    }
                    _ => {
                        out.push_str(open);
                        rest = &rest[open.len()..];
                    }
                }
            }
            out.push('\n');
        }
    }
    out
}

fn unknown_lint(name: &str) -> String {
    let mut message = format!("no lint or group named `{name}`");
    if let Some(close) = lints::closest_name(name.strip_prefix("racelint::").unwrap_or(name)) {
        message.push_str(&format!(" (did you mean `{close}`?)"));
    }
    message
}

/// Reads the output and level flags.
fn prepare(mode: Mode, common: &Common, matches: &ArgMatches) -> Result<Run, String> {
    let format = parse_message_format(&common.message_format)?;
    Ok(Run {
        mode,
        format,
        color: use_color(mode, common.color),
        quiet: common.quiet,
        levels: UnitLevels {
            default: levels(matches)?,
            ..UnitLevels::default()
        },
        flags: flag_settings(matches),
        root: std::env::current_dir().unwrap_or_default(),
        check_failed: false,
    })
}

/// Colour when asked, or under `auto` when stdout is a terminal, `NO_COLOR`
/// is unset and `TERM` is not `dumb`. In cargo mode `CARGO_TERM_COLOR` is the default.
fn use_color(mode: Mode, flag: Option<ColorWhen>) -> bool {
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
fn levels(matches: &ArgMatches) -> Result<LintLevels, String> {
    LintLevels::from_settings(&flag_settings(matches)).map_err(|e| e.0)
}

/// `-A`, `-W` and `-D` as settings, in command-line order.
fn flag_settings(matches: &ArgMatches) -> Vec<Setting> {
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

/// What one unit printed, and what it found.
struct UnitOutput {
    bytes: Vec<u8>,
    summary: Summary,
    /// SARIF results and notifications, gathered into one document at the end.
    sarif: Vec<serde_json::Value>,
    notifications: Vec<serde_json::Value>,
}

/// Lints the units in parallel, prints their output in order, and returns the exit status.
fn lint_and_print(run: &Run, plans: &[Plan], errors: &[FileError]) -> u8 {
    let progress = Progress::start(plans.iter().map(|p| p.files.len()).sum(), run.format.json);
    let lint_all = || -> Vec<UnitOutput> {
        plans
            .par_iter()
            .map(|plan| {
                let output = lint_plan(run, plan);
                progress.advance(plan.files.len());
                output
            })
            .collect()
    };
    // Threads with the analysis's large stack, so that no unit starts one of its own.
    let pool = rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("racelint-{i}"))
        .stack_size(analyze::STACK_SIZE)
        // SAFETY: the pool's threads are started with that stack.
        .start_handler(|_| unsafe { analyze::assume_large_stack() })
        .build();
    let outputs = match pool {
        Ok(pool) => pool.install(lint_all),
        Err(_) => lint_all(),
    };
    progress.finish();
    let mut summary = Summary {
        unreadable: errors.len(),
        ..Summary::default()
    };
    let mut stdout = io::stdout().lock();
    let mut write = |bytes: &[u8]| stdout.write_all(bytes);
    let mut result = Ok(());
    if !errors.is_empty() {
        let mut bytes = Vec::new();
        for error in errors {
            write_file_error(run, None, error, &mut bytes);
        }
        result = write(&bytes);
    }
    for output in &outputs {
        summary.merge(output.summary);
        if result.is_ok() {
            result = write(&output.bytes);
        }
    }
    if result.is_ok() {
        if run.format.sarif {
            let notifications = errors
                .iter()
                .map(|error| sarif::notification(error, &run.root))
                .chain(outputs.iter().flat_map(|o| o.notifications.iter().cloned()))
                .collect();
            let results = outputs
                .iter()
                .flat_map(|o| o.sarif.iter().cloned())
                .collect();
            let document = sarif::document(results, notifications, &run.root);
            let text = serde_json::to_string_pretty(&document).expect("SARIF always serializes");
            result = write(format!("{text}\n").as_bytes());
        } else if run.format.json {
            if run.mode == Mode::Cargo {
                let success = !summary.failed() && !run.check_failed;
                result = write(format!("{}\n", json::build_finished(success)).as_bytes());
            }
        } else if !run.quiet {
            let mut buffer = human::new_buffer(run.color);
            let _ = human::write_summary(&mut buffer, &summary);
            result = write(buffer.as_slice());
        }
    }
    let _ = result.and_then(|()| stdout.flush());
    u8::from(summary.failed() || run.check_failed)
}

/// Reads, lints and renders one unit; drops its sources and syntax trees before returning.
fn lint_plan(run: &Run, plan: &Plan) -> UnitOutput {
    let (unit, errors) = discover::load(plan);
    let mut findings = check_unit(&unit, run.levels.for_plan(plan));
    let reported = discover::reported(plan, &unit);
    findings.retain(|f| reported(f.primary.span.file));
    let mut summary = Summary {
        files: (0..unit.files.len())
            .filter(|&i| reported(crate::source::FileId(i as u32)))
            .count(),
        unreadable: errors.len(),
        ..Summary::default()
    };
    summary.count(&findings);
    let mut bytes = Vec::new();
    for error in &errors {
        write_file_error(run, Some(plan), error, &mut bytes);
    }
    let options = Options {
        color: if run.format.json {
            run.format.rendered_ansi
        } else {
            run.color
        },
        style: if run.format.short {
            Style::Short
        } else {
            Style::Rich
        },
    };
    let notifications = if run.format.sarif {
        errors
            .iter()
            .map(|error| sarif::notification(error, &run.root))
            .collect()
    } else {
        Vec::new()
    };
    let mut results = Vec::new();
    if run.format.sarif {
        results = sarif::results(&unit, &findings, &run.root);
    } else if run.format.github {
        for finding in &findings {
            bytes.extend_from_slice(github::annotation(&unit, finding).as_bytes());
            bytes.push(b'\n');
        }
    } else if run.format.json {
        for finding in &findings {
            let diagnostic = json::diagnostic(&unit, finding, options);
            let path = &unit.file(finding.primary.span.file).path;
            let line = json::line(&diagnostic, cargo_context(plan, path));
            bytes.extend_from_slice(line.as_bytes());
            bytes.push(b'\n');
        }
    } else {
        let mut buffer = human::new_buffer(options.color);
        for finding in &findings {
            let _ = human::write_finding(&mut buffer, &unit, finding, options);
        }
        bytes.extend_from_slice(buffer.as_slice());
    }
    UnitOutput {
        bytes,
        summary,
        sarif: results,
        notifications,
    }
}

fn write_file_error(run: &Run, plan: Option<&Plan>, error: &FileError, bytes: &mut Vec<u8>) {
    if run.format.sarif {
        // A tool execution notification in the SARIF document.
        return;
    }
    if run.format.github {
        bytes.extend_from_slice(github::file_error(error).as_bytes());
        bytes.push(b'\n');
    } else if run.format.json {
        let options = Options {
            color: run.format.rendered_ansi,
            style: Style::Rich,
        };
        let diagnostic = json::file_error_diagnostic(error, options);
        let path = plan
            .and_then(|p| p.files.iter().find(|f| f.name == error.name))
            .map_or_else(|| PathBuf::from(&error.name), |f| f.path.clone());
        let context = plan.and_then(|p| cargo_context(p, &path));
        bytes.extend_from_slice(json::line(&diagnostic, context).as_bytes());
        bytes.push(b'\n');
    } else {
        let mut buffer = human::new_buffer(run.color);
        let _ = human::write_file_error(&mut buffer, error);
        bytes.extend_from_slice(buffer.as_slice());
    }
}

/// The package and target of a file, in cargo mode.
fn cargo_context<'p>(plan: &'p Plan, path: &Path) -> Option<CargoContext<'p>> {
    let package = plan.package.as_deref()?;
    Some(CargoContext {
        package_id: &package.id,
        manifest_path: &package.manifest_path,
        target: package.target_of(path)?,
    })
}

/// Reads the configuration of every unit (`racelint.toml`, cargo metadata):
/// leaves out excluded files and sets each unit's levels, configuration first
/// and then the level flags.
fn configure(run: &mut Run, plans: Vec<Plan>, cwd: &Path) -> Result<Vec<Plan>, String> {
    let (plans, levels) = config::configure(plans, &run.flags, cwd).map_err(|e| e.0)?;
    run.levels = levels;
    Ok(plans)
}

/// `--fix`: fixes every unit in memory, checks version control, writes the
/// changed files, and says on stderr what it fixed and what it left; the
/// lint that follows shows what is left in full.
fn fix(run: &Run, common: &Common, plans: &[Plan]) -> Result<(), String> {
    if !common.fix {
        return Ok(());
    }
    let fixes: Vec<crate::fix::UnitFixes> = plans
        .par_iter()
        .map(|plan| {
            let (unit, _) = discover::load(plan);
            let mut fixes = crate::fix::fix_unit(&unit, run.levels.for_plan(plan));
            // Only the files named are written, not the package read around them.
            let named: Vec<&std::path::Path> =
                plan.files.iter().map(|i| i.path.as_path()).collect();
            fixes.files.retain(|f| named.contains(&f.path.as_path()));
            fixes
        })
        .collect();
    let files: Vec<crate::fix::FileFix> = fixes.iter().flat_map(|f| f.files.clone()).collect();
    let left: Vec<&str> = fixes
        .iter()
        .flat_map(|f| f.left_unsafe.iter().copied())
        .collect();
    let rolled_back: Vec<String> = fixes
        .iter()
        .flat_map(|f| f.rolled_back.iter().cloned())
        .collect();
    let options = crate::fix::VcsOptions {
        allow_dirty: common.allow_dirty,
        allow_staged: common.allow_staged,
        allow_no_vcs: common.allow_no_vcs,
    };
    let mut stderr = io::stderr().lock();
    if files.is_empty() {
        let _ = writeln!(stderr, "nothing to fix");
    } else {
        crate::fix::write_all(&files, options, &mut stderr)?;
    }
    let _ = crate::fix::write_left(&left, &rolled_back, &mut stderr);
    Ok(())
}

/// Level flags after `--` (`cargo racelint -- -D warnings`), as clippy takes
/// them: `-A`, `-W`, `-D` (also joined to the name, or spelt out as
/// `--allow`, ...). Names of other tools' lints (`clippy::...`) are left to them.
fn trailing_settings(args: &[String]) -> Result<Vec<Setting>, String> {
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
fn ignored_target_flags(flags: &IgnoredCargoFlags) -> Vec<String> {
    let named = [
        ("--bin", &flags.bin),
        ("--example", &flags.example),
        ("--test", &flags.test),
        ("--bench", &flags.bench),
    ];
    named
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

/// The arguments of the `cargo check` that `--with-check` runs: the same
/// packages, targets and build flags as this run.
fn cargo_check_args(cli: &CargoCli, format: Format) -> Result<Vec<String>, String> {
    if format.sarif || format.github {
        return Err("--with-check works with the human and json message formats".into());
    }
    let mut args = vec!["check".to_string()];
    let mut pair = |flag: &str, value: &str| {
        args.push(flag.to_string());
        args.push(value.to_string());
    };
    for spec in &cli.package {
        pair("--package", spec);
    }
    for spec in &cli.exclude {
        pair("--exclude", spec);
    }
    if let Some(path) = &cli.manifest_path {
        pair("--manifest-path", &path.to_string_lossy());
    }
    let i = &cli.ignored;
    for name in &i.bin {
        pair("--bin", name);
    }
    for name in &i.example {
        pair("--example", name);
    }
    for name in &i.test {
        pair("--test", name);
    }
    for name in &i.bench {
        pair("--bench", name);
    }
    if let Some(dir) = &i.target_dir {
        pair("--target-dir", &dir.to_string_lossy());
    }
    for triple in &i.target {
        pair("--target", triple);
    }
    for features in &i.features {
        pair("--features", features);
    }
    for flag in &i.unstable {
        pair("-Z", flag);
    }
    if let Some(jobs) = &i.jobs {
        pair("--jobs", jobs);
    }
    if let Some(profile) = &i.profile {
        pair("--profile", profile);
    }
    for config in &i.config {
        pair("--config", config);
    }
    for (flag, on) in [
        ("--workspace", cli.workspace),
        ("--frozen", cli.frozen),
        ("--locked", cli.locked),
        ("--offline", cli.offline),
        ("--keep-going", i.keep_going),
        ("--all-targets", i.all_targets),
        ("--lib", i.lib),
        ("--bins", i.bins),
        ("--examples", i.examples),
        ("--tests", i.tests),
        ("--benches", i.benches),
        ("--all-features", i.all_features),
        ("--no-default-features", i.no_default_features),
        ("--release", i.release),
        ("--ignore-rust-version", i.ignore_rust_version),
    ] {
        if on {
            args.push(flag.to_string());
        }
    }
    args.extend(std::iter::repeat_n(
        "-v".to_string(),
        usize::from(i.verbose),
    ));
    if format.json {
        args.push(
            if format.rendered_ansi {
                "--message-format=json-diagnostic-rendered-ansi"
            } else if format.short {
                "--message-format=json-diagnostic-short"
            } else {
                "--message-format=json"
            }
            .to_string(),
        );
    }
    Ok(args)
}

/// Runs `cargo check` (`--with-check`) and passes its messages on: in JSON,
/// every line but its closing `build-finished` (racelint writes the one
/// closing line for both); in human form, cargo prints to stderr itself.
/// Returns whether the check succeeded.
fn cargo_check(args: &[String], format: Format) -> Result<bool, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = std::process::Command::new(cargo);
    command.args(args);
    if !format.json {
        let status = command
            .status()
            .map_err(|e| format!("could not run `cargo check`: {e}"))?;
        return Ok(status.success());
    }
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not run `cargo check`: {e}"))?;
    let reader = io::BufReader::new(child.stdout.take().expect("stdout is piped"));
    let mut stdout = io::stdout().lock();
    for line in io::BufRead::lines(reader) {
        let line = line.map_err(|e| format!("could not read the output of `cargo check`: {e}"))?;
        if line.starts_with("{\"reason\":\"build-finished\"") {
            continue;
        }
        let _ = writeln!(stdout, "{line}");
    }
    let _ = stdout.flush();
    let status = child
        .wait()
        .map_err(|e| format!("could not run `cargo check`: {e}"))?;
    Ok(status.success())
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn markdown_is_rendered_for_a_terminal() {
        let text = "### What it does\nFlags `a.load()` **twice**, *really*.\n```rust\nlet x = 1;\n```\n2 * 3\n";
        assert_eq!(
            markdown_to_ansi(text),
            "\x1b[1;4mWhat it does\x1b[0m\nFlags \x1b[36ma.load()\x1b[0m \x1b[1mtwice\x1b[0m, \
             \x1b[3mreally\x1b[0m.\n    \x1b[36mlet x = 1;\x1b[0m\n2 * 3\n"
        );
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

    #[test]
    fn explain_reads_the_registry() {
        let text = explain("racelint::lost_update").unwrap();
        assert!(text.starts_with("racelint::lost_update: "));
        assert!(text.contains("### What it does"));
        assert!(explain("race").unwrap().contains("lost_update"));
        assert!(explain("nope_nothing_like_it").is_err());
    }
}
