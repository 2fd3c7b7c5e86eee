//! What a run does before it lints: the settings it runs with (output
//! format, colour, levels), each unit's configuration, `--fix`, and the
//! `cargo check` that `--with-check` runs first.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::ArgMatches;
use rayon::prelude::*;

use crate::config::{self, Setting, UnitLevels};
use crate::discover::{self, Plan};

use super::Mode;
use super::args::{
    CargoCli, Common, Format, flag_settings, levels, parse_message_format, use_color,
};

/// Everything a run needs once the arguments are parsed.
pub(super) struct Run {
    pub(super) mode: Mode,
    pub(super) format: Format,
    pub(super) color: bool,
    pub(super) quiet: bool,
    pub(super) levels: UnitLevels,
    /// The level flags, applied after each unit's configuration.
    pub(super) flags: Vec<Setting>,
    /// The directory racelint runs in (SARIF's `%SRCROOT%`).
    pub(super) root: PathBuf,
    /// `cargo check` ran first (`--with-check`) and failed.
    pub(super) check_failed: bool,
}

/// Reads the output and level flags.
pub(super) fn prepare(mode: Mode, common: &Common, matches: &ArgMatches) -> Result<Run, String> {
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

/// Reads the configuration of every unit (`racelint.toml`, cargo metadata):
/// leaves out excluded files and sets each unit's levels, configuration first
/// and then the level flags.
pub(super) fn configure(run: &mut Run, plans: Vec<Plan>, cwd: &Path) -> Result<Vec<Plan>, String> {
    let (plans, levels) = config::configure(plans, &run.flags, cwd).map_err(|e| e.0)?;
    run.levels = levels;
    Ok(plans)
}

/// `--fix`: fixes every unit in memory, checks version control, writes the
/// changed files, and says on stderr what it fixed and what it left; the
/// lint that follows shows what is left in full.
pub(super) fn fix(run: &Run, common: &Common, plans: &[Plan]) -> Result<(), String> {
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

/// The arguments of the `cargo check` that `--with-check` runs: the same
/// packages, targets and build flags as this run.
pub(super) fn cargo_check_args(cli: &CargoCli, format: Format) -> Result<Vec<String>, String> {
    if format.sarif || format.github {
        return Err("--with-check works with the human and json message formats".into());
    }
    let mut args = vec!["check".to_string()];
    let mut pairs = |flag: &str, values: &[String]| {
        for value in values {
            args.push(flag.to_string());
            args.push(value.clone());
        }
    };
    pairs("--package", &cli.package);
    pairs("--exclude", &cli.exclude);
    if let Some(path) = &cli.manifest_path {
        pairs("--manifest-path", &[path.to_string_lossy().into_owned()]);
    }
    let i = &cli.ignored;
    for (flag, names) in i.targets() {
        pairs(flag, names);
    }
    if let Some(dir) = &i.target_dir {
        pairs("--target-dir", &[dir.to_string_lossy().into_owned()]);
    }
    pairs("--target", &i.target);
    pairs("--features", &i.features);
    pairs("-Z", &i.unstable);
    pairs("--jobs", i.jobs.as_slice());
    pairs("--profile", i.profile.as_slice());
    pairs("--config", &i.config);
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
pub(super) fn cargo_check(args: &[String], format: Format) -> Result<bool, String> {
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
    use clap::{CommandFactory, FromArgMatches};

    #[test]
    fn with_check_passes_the_same_packages_targets_and_flags_on() {
        let matches = CargoCli::command()
            .try_get_matches_from([
                "cargo-racelint",
                "-p",
                "a",
                "--workspace",
                "--exclude",
                "b",
                "--manifest-path",
                "x/Cargo.toml",
                "--bin",
                "one",
                "--test",
                "two",
                "--target-dir",
                "t",
                "--target",
                "wasm32-unknown-unknown",
                "-F",
                "f",
                "-Z",
                "z",
                "-j",
                "2",
                "--config",
                "k=v",
                "--locked",
                "--all-targets",
                "-vv",
                "--message-format",
                "json",
            ])
            .unwrap();
        let cli = CargoCli::from_arg_matches(&matches).unwrap();
        let format = parse_message_format(&cli.common.message_format).unwrap();
        let args = cargo_check_args(&cli, format).unwrap().join(" ");
        assert_eq!(
            args,
            "check --package a --exclude b --manifest-path x/Cargo.toml --bin one --test two \
             --target-dir t --target wasm32-unknown-unknown --features f -Z z --jobs 2 \
             --config k=v --workspace --locked --all-targets -v -v --message-format=json"
        );
        let sarif = parse_message_format(&["sarif".to_string()]).unwrap();
        assert!(cargo_check_args(&cli, sarif).is_err());
    }
}
