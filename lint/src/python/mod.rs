//! The Python front-end: `.py` files read with Ruff's parser.
//!
//! Every Ruff type stays inside this module: [`parse`] is the adapter that
//! parses and turns syntax errors into located findings, [`lower`] walks the
//! syntax tree once into the [`model::Model`] (functions, scopes, spawns,
//! events in program order), and the lints in `lints/python/` are queries on
//! that model.

pub mod encoding;
pub mod model;

mod lower;
mod sync;

use ruff_python_parser::{Mode, ParseOptions};

use crate::diagnostic::Finding;
use crate::source::{FileId, SourceFile, Span};

/// The check of a lint in its Python form.
pub type PyCheckFn = fn(&model::Model<'_>, &mut Vec<Finding>);

/// Whether a file is Python, by its name.
pub fn is_python(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "py" || e == "pyw" || e == "pyi")
}

/// Parses one Python file; syntax errors come back as located findings and
/// the recovered syntax tree is still linted.
pub fn check_file(
    id: FileId,
    source: &SourceFile,
    enabled: &dyn Fn(&'static crate::Lint) -> bool,
) -> Vec<Finding> {
    let text = &source.text;
    let options = ParseOptions::from(Mode::Module);
    let parsed = ruff_python_parser::parse_unchecked(text, options);
    let mut findings = Vec::new();
    let mut first_error: Option<u32> = None;
    // The first error only, as Python reports it: what follows may be the
    // parser's recovery talking.
    for error in parsed.errors().iter().take(1) {
        let lo = error.location.start().to_usize().min(text.len());
        let hi = error.location.end().to_usize().clamp(lo, text.len());
        first_error = Some(first_error.map_or(lo as u32, |f| f.min(lo as u32)));
        let mut message = error.error.to_string();
        // Ruff's messages start with a capital; racelint's labels do not.
        if let Some(first) = message.chars().next().filter(|c| c.is_uppercase()) {
            message.replace_range(..first.len_utf8(), &first.to_lowercase().to_string());
        }
        findings.push(
            Finding::new(
                &crate::lints::PARSE_ERROR,
                Span::new(id, lo..hi),
                format!("syntax error: {message}"),
            )
            .primary_label(message)
            .note("racelint lints the rest of this file; findings that depend on what comes after this line are left out until it parses"),
        );
    }
    let Some(module) = parsed.syntax().as_module() else {
        return findings;
    };
    if !mentions_concurrency(text) {
        return findings;
    }
    let model = lower::lower(source, id, &module.body, first_error);
    let mut found = Vec::new();
    for form in crate::lints::python::PYTHON_CHECKS {
        if enabled(form.lint) {
            (form.check)(&model, &mut found);
        }
    }
    if let Some(error) = model.first_syntax_error {
        // What comes after a syntax error may be swallowed by the parser's
        // recovery: a lint that relies on something being absent (a join, a
        // start) must not guess from a broken file.
        found.retain(|f| {
            !crate::lints::python::is_ordering(f.lint) || model.scope_end(f.primary.span) <= error
        });
    }
    findings.extend(found);
    findings
}

/// Every lint needs a thread, a task, a lock or a pool, and none of them can
/// be made without one of these words in the file (an import names its
/// module): a file without them is only parsed, for its syntax errors.
fn mentions_concurrency(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "thread",
        "Thread",
        "Lock",
        "Pool",
        "Executor",
        "Process",
        "acquire",
        "Semaphore",
        "Condition",
        "multiprocessing",
        "concurrent",
        "futures",
    ];
    WORDS.iter().any(|w| text.contains(w))
}
