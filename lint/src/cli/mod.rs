//! Command-line interface shared by `racelint` and `cargo racelint`.
//!
//! Findings go to stdout (text or JSON lines), so that `racelint src | less`
//! and editors reading the JSON both work; problems with the run itself
//! (bad arguments, no such path, no cargo project) go to stderr as one
//! `error: ...` line, with exit status 2.
//!
//! - `args`: the flags, `--message-format`, the level flags and the hints
//!   for mistyped arguments;
//! - `explain`: `--list` and `--explain`;
//! - `run`: the settings of a run, configuration, `--fix` and
//!   `--with-check`;
//! - `output`: linting the units, printing what they found and the exit
//!   status.
//!
//! This file reads the arguments and runs the steps in order, in either mode.

mod args;
mod explain;
mod output;
mod run;

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches};

use crate::discover::{self, CargoOptions};

pub use args::{Format, parse_message_format};
pub use explain::{explain, list, markdown_to_ansi};

use args::{
    CargoCli, PlainCli, clap_error_line, ignored_target_flags, trailing_settings, with_hint,
};
use explain::info;
use output::lint_and_print;
use run::{cargo_check, cargo_check_args, configure, fix, prepare};

/// Which binary is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `racelint PATH...`
    Plain,
    /// `cargo racelint`
    Cargo,
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
