//! The analysis of one unit (a package, or a file given on the command line):
//! parse every file, build the model once, run every lint on it.

use crate::config::LintLevels;
use crate::diagnostic::Finding;
use crate::diagnostic::{Level, Lint};
use crate::lints::{self, CheckFn};
use crate::model::Model;
use crate::source::{FileId, SourceFile, Span};
pub use crate::unit::{Edition, ParsedFile, Unit};

/// Parses one file on its own (a unit of one file, edition 2021); a syntax
/// error becomes a `parse_error` finding, located as rustc would.
pub fn parse(id: FileId, source: &SourceFile) -> Result<ParsedFile<'_>, Box<Finding>> {
    let unit = Unit {
        files: Vec::new(),
        edition: Edition::E2021,
    };
    let mut read = crate::parse::read_whole(&unit, id, source);
    match read.file.take() {
        Some(file) if read.findings.is_empty() => Ok(file),
        _ => Err(Box::new(read.findings.into_iter().next().unwrap_or_else(
            || {
                Finding::new(
                    &lints::PARSE_ERROR,
                    Span::new(id, 0..0),
                    "this file could not be parsed",
                )
            },
        ))),
    }
}

/// Lints every file of a unit; findings come back sorted by file and position,
/// with the levels in force applied (allowed lints are left out).
///
/// Nothing a file holds stops the run: a file nested too deeply to analyze
/// safely gets a located `unreadable` warning, and a failure inside racelint (a
/// lint or the model panicking) becomes an `internal_error` finding that
/// names the file and the lint, while the other lints and files are still
/// reported. The work runs on a thread with a large stack, and the spans
/// proc-macro2 keeps for the unit's text are released when it is done.
pub fn check_unit(unit: &Unit, levels: &LintLevels) -> Vec<Finding> {
    check_unit_with(unit, levels, &[])
}

/// [`check_unit`] with extra checks run after the registry's, each reported
/// under the name of a registered lint: the hook that tests use to see how a
/// failing lint is reported.
#[doc(hidden)]
pub fn check_unit_with(
    unit: &Unit,
    levels: &LintLevels,
    extra: &[(&'static Lint, CheckFn)],
) -> Vec<Finding> {
    if unit.files.is_empty() {
        return Vec::new();
    }
    on_large_stack(|| {
        let findings = guard::catch(|| lint_unit(unit, levels, extra))
            .unwrap_or_else(|panic| vec![internal_error(unit, FileId(0), "racelint", &panic)]);
        // Every syntax tree and span of the unit is gone: the text
        // proc-macro2 keeps for span locations can go too.
        proc_macro2::extra::invalidate_current_thread_spans();
        findings
    })
}

fn lint_unit(unit: &Unit, levels: &LintLevels, extra: &[(&'static Lint, CheckFn)]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut parsed = Vec::with_capacity(unit.files.len());
    for (index, source) in unit.files.iter().enumerate() {
        let id = FileId(index as u32);
        if crate::python::is_python(&source.path) || crate::python::is_python(source.name.as_ref())
        {
            let enabled = |lint: &'static Lint| levels.level_of(lint) != Level::Allow;
            match guard::catch(|| crate::python::check_file(id, source, &enabled)) {
                Ok(found) => findings.extend(found),
                Err(panic) => {
                    findings.push(internal_error(unit, id, "the Python front-end", &panic))
                }
            }
            continue;
        }
        if let Some(finding) = nesting::check(id, source) {
            findings.push(finding);
            continue;
        }
        match guard::catch(|| crate::parse::read(unit, id, source)) {
            Ok(read) => {
                findings.extend(read.findings);
                parsed.extend(read.file);
            }
            Err(panic) => findings.push(internal_error(unit, id, "the parser", &panic)),
        }
    }
    if let Some(model) = build_model(unit, &mut parsed, &mut findings) {
        let checks = lints::RUST_CHECKS
            .iter()
            .map(|entry| (entry.lint, entry.check))
            .chain(extra.iter().copied());
        for (lint, check) in checks {
            if levels.level_of(lint) != Level::Allow {
                run_check(unit, &parsed, &model, lint, check, &mut findings);
            }
        }
    }
    drop(parsed);
    for finding in &mut findings {
        finding.level = levels.level_of(finding.lint);
    }
    findings.retain(|f| f.level != Level::Allow);
    crate::suppress::apply(unit, levels, &mut findings);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.message == b.message);
    findings
}

/// Builds the model of the parsed files. If that fails, the files that fail
/// on their own get an `internal_error` and are left out, and the model is
/// built from the others.
fn build_model(
    unit: &Unit,
    parsed: &mut Vec<ParsedFile<'_>>,
    findings: &mut Vec<Finding>,
) -> Option<Model> {
    let try_build = |files: &[ParsedFile<'_>]| {
        guard::catch(|| {
            inject_failure("model");
            Model::try_build(files, unit.edition)
        })
    };
    let panic = loop {
        match try_build(parsed) {
            Ok(Ok(model)) => return Some(model),
            // A large file read in slices has one that does not parse on
            // its own: it is read whole, as any other file.
            Ok(Err(file)) => read_whole(unit, parsed, file, findings),
            Err(panic) => break panic,
        }
    };
    let build = |files: &[ParsedFile<'_>]| match try_build(files) {
        Ok(Ok(model)) => Ok(model),
        Ok(Err(file)) => Err(format!("file {} does not parse in slices", file.0)),
        Err(panic) => Err(panic),
    };
    let before = parsed.len();
    if before > 1 {
        parsed.retain(|file| match build(std::slice::from_ref(file)) {
            Ok(_) => true,
            Err(panic) => {
                findings.push(internal_error(unit, file.id, "the model", &panic));
                false
            }
        });
        if parsed.len() < before {
            match build(parsed) {
                Ok(model) => return Some(model),
                Err(panic) => {
                    if let Some(file) = parsed.first() {
                        findings.push(internal_error(unit, file.id, "the model", &panic));
                    }
                }
            }
            parsed.clear();
            return None;
        }
    }
    if let Some(file) = parsed.first() {
        findings.push(internal_error(unit, file.id, "the model", &panic));
    }
    parsed.clear();
    None
}

/// Reads a sliced file of `parsed` again, whole: its syntax, or, when it
/// does not parse, its `parse_error` and the items that parse.
fn read_whole<'a>(
    unit: &Unit,
    parsed: &mut Vec<ParsedFile<'a>>,
    file: FileId,
    findings: &mut Vec<Finding>,
) {
    let Some(at) = parsed.iter().position(|f| f.id == file) else {
        return;
    };
    let source = parsed[at].source;
    let read = crate::parse::read_whole(unit, file, source);
    findings.extend(read.findings);
    match read.file {
        Some(whole) => parsed[at] = whole,
        None => {
            parsed.remove(at);
        }
    }
}

/// Runs one lint. If it fails, the files it fails on get an
/// `internal_error` naming the lint, and the lint runs again on the others.
fn run_check(
    unit: &Unit,
    parsed: &[ParsedFile<'_>],
    model: &Model,
    lint: &'static Lint,
    check: CheckFn,
    findings: &mut Vec<Finding>,
) {
    let run = |model: &Model| {
        guard::catch(|| {
            inject_failure(lint.name);
            let mut found = Vec::new();
            check(model, &mut found);
            found
        })
    };
    let panic = match run(model) {
        Ok(found) => return findings.extend(found),
        Err(panic) => panic,
    };
    let what = format!("lint `{}`", lint.name);
    if parsed.len() > 1 {
        let alone = |file: &ParsedFile<'_>| {
            let copy = ParsedFile {
                id: file.id,
                source: file.source,
                syntax: file.syntax.clone(),
                base: file.base,
            };
            guard::catch(|| Model::build(&[copy], unit.edition)).map(|model| run(&model))
        };
        let mut rest = Vec::new();
        for file in parsed {
            match alone(file) {
                Ok(Ok(_)) => rest.push(ParsedFile {
                    id: file.id,
                    source: file.source,
                    syntax: file.syntax.clone(),
                    base: file.base,
                }),
                Ok(Err(panic)) | Err(panic) => {
                    findings.push(internal_error(unit, file.id, &what, &panic))
                }
            }
        }
        if rest.len() < parsed.len() {
            if !rest.is_empty()
                && let Ok(Ok(found)) =
                    guard::catch(|| Model::build(&rest, unit.edition)).map(|model| run(&model))
            {
                findings.extend(found);
            }
            return;
        }
    }
    let file = parsed.first().map_or(FileId(0), |file| file.id);
    findings.push(internal_error(unit, file, &what, &panic));
}

/// The finding that says racelint failed on a file: at the file's start,
/// naming what failed and how.
fn internal_error(unit: &Unit, file: FileId, what: &str, panic: &str) -> Finding {
    let together = if unit.files.len() > 1 {
        " (with the other files of its package)"
    } else {
        ""
    };
    Finding::new(
        &lints::internal_error::INTERNAL_ERROR,
        Span::new(file, 0..0),
        format!("racelint failed in {what} while analyzing this file{together}"),
    )
    .primary_label(format!("{what} failed here: {panic}"))
    .note(format!(
        "this is a bug in racelint, not a mistake in your code: {what} could not \
         check this file, but every other finding is still reported"
    ))
    .help("please report it with this file; `-A internal_error` hides this message")
}

/// Debug builds only: `RACELINT_FAIL_IN=NAME` makes the lint `NAME` (or the
/// model, for `model`) panic, so that tests of the binaries can see how
/// racelint reports a failure of its own.
fn inject_failure(what: &str) {
    if cfg!(debug_assertions)
        && std::env::var_os("RACELINT_FAIL_IN").is_some_and(|name| name == what)
    {
        panic!("injected failure in {what}");
    }
}

/// The stack the analysis runs on: syn and the model recurse once per level
/// of nesting, and [`nesting`] bounds the levels to what fits in it.
pub const STACK_SIZE: usize = 256 << 20;

thread_local! {
    /// Whether this thread was started with a [`STACK_SIZE`] stack.
    static LARGE_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Says that the current thread was started with a stack of at least
/// [`STACK_SIZE`] bytes, so that [`check_unit`] runs on it directly instead of
/// starting a thread per unit (for the threads of a pool built that way).
///
/// # Safety
///
/// The thread's stack must really be that large: the limits of [`nesting`]
/// are only safe with it.
pub unsafe fn assume_large_stack() {
    LARGE_STACK.set(true);
}

/// Runs `work` on a thread with a [`STACK_SIZE`] stack (only the pages
/// touched are ever allocated): this one if it has such a stack, else a new
/// one; where no thread can be started, on this one.
fn on_large_stack<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    if LARGE_STACK.get() {
        return work();
    }
    let slot = std::sync::Mutex::new(Some(work));
    let take = || slot.lock().unwrap_or_else(|e| e.into_inner()).take();
    let result = std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("racelint-analyze".into())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || take().map(|work| work()));
        match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        }
    });
    match result {
        Some(result) => result,
        None => take().expect("the analysis ran on neither thread")(),
    }
}

/// Lints one piece of source text as a unit of its own (tests, fuzzing, editors).
pub fn check_source(name: &str, text: &str, edition: Edition) -> (Unit, Vec<Finding>) {
    let unit = Unit {
        files: vec![SourceFile::new(name, name, text)],
        edition,
    };
    let findings = check_unit(&unit, &LintLevels::default());
    (unit, findings)
}

/// Catching a panic of racelint's own code, with its message.
mod guard {
    use std::any::Any;
    use std::cell::{Cell, RefCell};
    use std::panic::{self, AssertUnwindSafe};
    use std::sync::Once;

    thread_local! {
        /// Whether a panic on this thread will be caught by [`catch`].
        static CATCHING: Cell<bool> = const { Cell::new(false) };
        /// The message and place of the last caught panic.
        static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
    }

    /// Runs `work`; a panic becomes `Err` with its message and the place in
    /// racelint's source where it happened. The panic hook stays quiet for
    /// panics caught here and prints every other one as before.
    pub(super) fn catch<R>(work: impl FnOnce() -> R) -> Result<R, String> {
        static QUIET_HOOK: Once = Once::new();
        QUIET_HOOK.call_once(|| {
            let previous = panic::take_hook();
            panic::set_hook(Box::new(move |info| {
                if CATCHING.try_with(Cell::get).unwrap_or(false) {
                    let mut message = payload_text(info.payload());
                    if let Some(place) = info.location() {
                        message.push_str(&format!(" ({}:{})", place.file(), place.line()));
                    }
                    let _ = CAUGHT.try_with(|caught| *caught.borrow_mut() = Some(message));
                } else {
                    previous(info);
                }
            }));
        });
        let outer = CATCHING.replace(true);
        let result = panic::catch_unwind(AssertUnwindSafe(work));
        CATCHING.set(outer);
        result.map_err(|payload| CAUGHT.take().unwrap_or_else(|| payload_text(&*payload)))
    }

    fn payload_text(payload: &(dyn Any + Send)) -> String {
        if let Some(text) = payload.downcast_ref::<&str>() {
            text.to_string()
        } else if let Some(text) = payload.downcast_ref::<String>() {
            text.clone()
        } else {
            "panicked".to_string()
        }
    }
}

pub mod nesting;

#[cfg(test)]
mod slice_tests;

#[cfg(test)]
mod suppression_tests;
