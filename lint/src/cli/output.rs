//! Linting the units and printing what they found: every unit is linted in
//! parallel and rendered on its own (human text, rustc's JSON, SARIF results,
//! GitHub annotations), the outputs are printed in order, then the closing
//! line (the summary, cargo's `build-finished`, or the one SARIF document);
//! the exit status says whether anything was denied.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::analyze::{self, check_unit};
use crate::discover::{self, Plan};
use crate::progress::Progress;
use crate::render::Summary;
use crate::render::human::{self, Options, Style};
use crate::render::json::{self, CargoContext};
use crate::render::{github, sarif};
use crate::source::FileError;

use super::Mode;
use super::run::Run;

/// What one unit printed, and what it found.
struct UnitOutput {
    bytes: Vec<u8>,
    summary: Summary,
    /// SARIF results and notifications, gathered into one document at the end.
    sarif: Vec<serde_json::Value>,
    notifications: Vec<serde_json::Value>,
}

/// Lints the units in parallel, prints their output in order, and returns the exit status.
pub(super) fn lint_and_print(run: &Run, plans: &[Plan], errors: &[FileError]) -> u8 {
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
