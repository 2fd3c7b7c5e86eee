//! rustc's diagnostic JSON, one object per line, which rust-analyzer
//! (`rust-analyzer.check.overrideCommand`) and rustfix-style tools read.
//!
//! In cargo mode each diagnostic is wrapped the way cargo wraps rustc's
//! (`{"reason":"compiler-message",...}`) and the run ends with
//! `{"reason":"build-finished",...}`; in plain mode the diagnostics stand alone.

use cargo_metadata::camino::Utf8Path;
use cargo_metadata::{PackageId, Target};
use serde::Serialize;

use crate::diagnostic::{Finding, Label, Level};
use crate::render::human::{self, Options};
use crate::render::window;
use crate::source::{FileError, SourceFile, Span};
use crate::unit::Unit;

/// A rustc diagnostic (`$message_type: "diagnostic"` on the top level only).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Diagnostic {
    #[serde(rename = "$message_type", skip_serializing_if = "Option::is_none")]
    pub message_type: Option<&'static str>,
    pub message: String,
    pub code: Option<DiagnosticCode>,
    /// `error`, `warning`, `note` or `help`.
    pub level: &'static str,
    pub spans: Vec<DiagnosticSpan>,
    pub children: Vec<Diagnostic>,
    pub rendered: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct DiagnosticCode {
    /// `racelint::NAME`.
    pub code: String,
    /// The lint's lesson, as `--explain` prints it.
    pub explanation: Option<&'static str>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct DiagnosticSpan {
    pub file_name: String,
    pub byte_start: u32,
    pub byte_end: u32,
    /// 1-based.
    pub line_start: usize,
    pub line_end: usize,
    /// 1-based, in characters.
    pub column_start: usize,
    /// 1-based, in characters, exclusive.
    pub column_end: usize,
    pub is_primary: bool,
    pub text: Vec<DiagnosticSpanLine>,
    pub label: Option<String>,
    pub suggested_replacement: Option<String>,
    pub suggestion_applicability: Option<&'static str>,
    pub expansion: Option<()>,
}

/// One source line a span touches, with the highlighted columns (1-based, end exclusive).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct DiagnosticSpanLine {
    pub text: String,
    pub highlight_start: usize,
    pub highlight_end: usize,
}

/// The package and target a diagnostic belongs to, in cargo mode.
#[derive(Clone, Copy, Debug)]
pub struct CargoContext<'a> {
    pub package_id: &'a PackageId,
    pub manifest_path: &'a Utf8Path,
    pub target: &'a Target,
}

#[derive(Serialize)]
struct CompilerMessage<'a> {
    reason: &'static str,
    package_id: &'a PackageId,
    manifest_path: &'a Utf8Path,
    target: &'a Target,
    message: &'a Diagnostic,
}

#[derive(Serialize)]
struct BuildFinished {
    reason: &'static str,
    success: bool,
}

/// The rustc diagnostic of a finding; `rendered` is its text rendering
/// (with ANSI colours when `options.color` is set).
pub fn diagnostic(unit: &Unit, finding: &Finding, options: Options) -> Diagnostic {
    let mut spans = vec![span(unit, &finding.primary, true)];
    spans.extend(finding.labels.iter().map(|label| span(unit, label, false)));
    let mut children: Vec<Diagnostic> = finding
        .notes
        .iter()
        .map(|note| child("note", note.clone(), Vec::new()))
        .collect();
    if let Some(help) = &finding.help {
        children.push(child("help", help.clone(), Vec::new()));
    }
    if let Some(suggestion) = &finding.suggestion {
        let spans = suggestion
            .edits
            .iter()
            .filter_map(|edit| {
                let mut span = span_at(unit, edit.span, true, None)?;
                span.suggested_replacement = Some(edit.replacement.clone());
                span.suggestion_applicability = Some(suggestion.applicability.as_str());
                Some(span)
            })
            .collect();
        children.push(child("help", suggestion.message.clone(), spans));
    }
    Diagnostic {
        message_type: Some("diagnostic"),
        message: finding.message.clone(),
        code: Some(DiagnosticCode {
            code: finding.lint.code(),
            explanation: Some(explanation(unit, finding)),
        }),
        level: match finding.level {
            Level::Deny => "error",
            Level::Warn | Level::Allow => "warning",
        },
        spans: spans.into_iter().flatten().collect(),
        children,
        rendered: Some(human::finding_to_string(unit, finding, options)),
    }
}

/// The lesson of a finding's lint as `--explain` prints it, in the language
/// of its file: a finding in a Python file carries the Python lesson (what
/// `--explain NAME.py` prints). Worked out once per lint: every finding's
/// JSON carries it.
fn explanation(unit: &Unit, finding: &Finding) -> &'static str {
    type Lessons = Vec<(&'static str, String, Option<String>)>;
    static LESSONS: std::sync::OnceLock<Lessons> = std::sync::OnceLock::new();
    let lessons = LESSONS.get_or_init(|| {
        crate::lints::REGISTRY
            .iter()
            .map(|lint| {
                (
                    lint.name,
                    lint.docs(),
                    crate::lints::python::python_docs(lint),
                )
            })
            .collect()
    });
    let python = unit
        .files
        .get(finding.primary.span.file.0 as usize)
        .is_some_and(|file| crate::python::is_python(&file.path));
    let lint = finding.lint;
    match lessons.iter().find(|(name, _, _)| *name == lint.name) {
        Some((_, _, Some(python_docs))) if python => python_docs,
        Some((_, docs, _)) => docs,
        // A lint outside the registry (a test's): its lesson, kept.
        None => Box::leak(lint.docs().into_boxed_str()),
    }
}

/// The diagnostic for a file that could not be read: an error without a
/// code, with a span at the bad place (or the start of the file) so that an
/// editor can show it on the file.
pub fn file_error_diagnostic(error: &FileError, options: Options) -> Diagnostic {
    let (byte, line, column) = error
        .location
        .map_or((0, 1, 1), |l| (l.byte as u32, l.line, l.column));
    let mut rendered = Vec::new();
    let mut buffer = human::new_buffer(options.color);
    human::write_file_error(&mut buffer, error).expect("writing to memory cannot fail");
    rendered.extend_from_slice(buffer.as_slice());
    Diagnostic {
        message_type: Some("diagnostic"),
        message: error.message(),
        code: None,
        level: "error",
        spans: vec![DiagnosticSpan {
            file_name: error.name.clone(),
            byte_start: byte,
            byte_end: byte,
            line_start: line,
            line_end: line,
            column_start: column,
            column_end: column,
            is_primary: true,
            text: Vec::new(),
            label: None,
            suggested_replacement: None,
            suggestion_applicability: None,
            expansion: None,
        }],
        children: Vec::new(),
        rendered: Some(String::from_utf8_lossy(&rendered).into_owned()),
    }
}

/// One line of output: the bare diagnostic, or cargo's wrapper around it.
pub fn line(diagnostic: &Diagnostic, cargo: Option<CargoContext<'_>>) -> String {
    let json = match cargo {
        None => serde_json::to_string(diagnostic),
        Some(cargo) => serde_json::to_string(&CompilerMessage {
            reason: "compiler-message",
            package_id: cargo.package_id,
            manifest_path: cargo.manifest_path,
            target: cargo.target,
            message: diagnostic,
        }),
    };
    json.expect("diagnostics always serialize")
}

/// cargo's last line: `{"reason":"build-finished","success":true}`.
pub fn build_finished(success: bool) -> String {
    serde_json::to_string(&BuildFinished {
        reason: "build-finished",
        success,
    })
    .expect("always serializes")
}

fn child(level: &'static str, message: String, spans: Vec<DiagnosticSpan>) -> Diagnostic {
    Diagnostic {
        message_type: None,
        message,
        code: None,
        level,
        spans,
        children: Vec::new(),
        rendered: None,
    }
}

fn span(unit: &Unit, label: &Label, is_primary: bool) -> Option<DiagnosticSpan> {
    let text = (!label.message.is_empty()).then(|| label.message.clone());
    span_at(unit, label.span, is_primary, text)
}

fn span_at(
    unit: &Unit,
    span: Span,
    is_primary: bool,
    label: Option<String>,
) -> Option<DiagnosticSpan> {
    let source = unit.files.get(span.file.0 as usize)?;
    let lo = (span.lo as usize).min(source.text.len());
    let hi = (span.hi as usize).clamp(lo, source.text.len());
    let start = source.line_col(lo);
    let end = source.line_col(hi);
    let text = (start.line..=end.line)
        .map(|line| {
            let range = source.line_range(line - 1);
            let full = &source.text[range.clone()];
            // The part of this line the span covers, in bytes of the line.
            let from = lo.clamp(range.start, range.end) - range.start;
            let to = hi.clamp(range.start, range.end) - range.start;
            match window::window(full, std::iter::once(from..to)) {
                Some(shown) => {
                    let content = window::cut(full, shown.clone());
                    let column =
                        |byte: usize| content[..window::position(&shown, byte)].chars().count() + 1;
                    DiagnosticSpanLine {
                        highlight_start: column(from),
                        highlight_end: column(to),
                        text: content.replace('\u{feff}', ""),
                    }
                }
                None => {
                    let content = line_text(source, line);
                    let width = content.chars().count();
                    DiagnosticSpanLine {
                        highlight_start: if line == start.line { start.column } else { 1 },
                        highlight_end: if line == end.line {
                            end.column
                        } else {
                            width + 1
                        },
                        text: content,
                    }
                }
            }
        })
        .collect();
    Some(DiagnosticSpan {
        file_name: source.name.clone(),
        byte_start: lo as u32,
        byte_end: hi as u32,
        line_start: start.line,
        line_end: end.line,
        column_start: start.column,
        column_end: end.column,
        is_primary,
        text,
        label,
        suggested_replacement: None,
        suggestion_applicability: None,
        expansion: None,
    })
}

/// The text of a 1-based line, without its terminator or a byte order mark.
fn line_text(source: &SourceFile, line: usize) -> String {
    let range = source.line_range(line - 1);
    source.text[range].replace('\u{feff}', "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, Edit};
    use crate::lints;
    use crate::source::{FileId, FileLocation};
    use crate::unit::Edition;

    const TEXT: &str =
        "fn main() {\n    let s = \"héllo\"; let v = c.load(o);\n    c.store(v + 1, o);\n}\n";

    fn unit() -> Unit {
        Unit {
            files: vec![SourceFile::new("/p/src/main.rs", "src/main.rs", TEXT)],
            edition: Edition::E2024,
        }
    }

    fn at(text: &str) -> Span {
        let lo = TEXT.find(text).unwrap();
        Span::new(FileId(0), lo..lo + text.len())
    }

    fn finding() -> Finding {
        let lint = lints::find("lost_update").unwrap();
        Finding::new(lint, at("c.store(v + 1, o)"), "the update can be lost")
            .primary_label("this write")
            .label(at("c.load(o)"), "this read")
            .note("another thread runs in between")
            .help("use `fetch_add`")
            .suggest(
                "add in one step",
                vec![Edit {
                    span: at("c.store(v + 1, o)"),
                    replacement: "c.fetch_add(1, o)".into(),
                }],
                Applicability::MachineApplicable,
            )
    }

    #[test]
    fn spans_count_lines_from_one_and_columns_in_characters() {
        let d = diagnostic(&unit(), &finding(), Options::default());
        assert_eq!(d.level, "error");
        assert_eq!(d.code.as_ref().unwrap().code, "racelint::lost_update");
        assert!(
            d.code
                .as_ref()
                .unwrap()
                .explanation
                .as_ref()
                .unwrap()
                .contains("### What it does")
        );
        let read = &d.spans[1];
        assert!(!read.is_primary);
        assert_eq!(read.label.as_deref(), Some("this read"));
        assert_eq!((read.line_start, read.line_end), (2, 2));
        // `    let s = "héllo"; let v = ` is 29 characters but 30 bytes.
        assert_eq!(read.column_start, 30);
        assert_eq!(read.column_end, 39);
        assert_eq!(read.byte_start as usize, TEXT.find("c.load").unwrap());
        assert_eq!(read.byte_end - read.byte_start, 9);
        assert_eq!(
            read.text[0].text,
            "    let s = \"héllo\"; let v = c.load(o);"
        );
        assert_eq!(
            (read.text[0].highlight_start, read.text[0].highlight_end),
            (30, 39)
        );
        let write = &d.spans[0];
        assert!(write.is_primary);
        assert_eq!(
            (write.line_start, write.column_start, write.column_end),
            (3, 5, 22)
        );
    }

    #[test]
    fn suggestions_are_help_children_with_replacements() {
        let d = diagnostic(&unit(), &finding(), Options::default());
        let levels: Vec<_> = d.children.iter().map(|c| c.level).collect();
        assert_eq!(levels, ["note", "help", "help"]);
        let fix = &d.children[2];
        assert_eq!(fix.message, "add in one step");
        assert_eq!(
            fix.spans[0].suggested_replacement.as_deref(),
            Some("c.fetch_add(1, o)")
        );
        assert_eq!(
            fix.spans[0].suggestion_applicability,
            Some("MachineApplicable")
        );
        assert!(d.children[0].spans.is_empty());
    }

    #[test]
    fn lines_read_back_as_rustc_diagnostics() {
        let d = diagnostic(&unit(), &finding(), Options::default());
        let json = line(&d, None);
        assert!(
            json.starts_with("{\"$message_type\":\"diagnostic\","),
            "{json}"
        );
        assert!(!json.contains('\n'));
        let back: cargo_metadata::diagnostic::Diagnostic = serde_json::from_str(&json).unwrap();
        assert_eq!(back.message, "the update can be lost");
        assert_eq!(
            back.level,
            cargo_metadata::diagnostic::DiagnosticLevel::Error
        );
        assert_eq!(back.spans.len(), 2);
        assert_eq!(
            back.children[2].spans[0].suggestion_applicability,
            Some(cargo_metadata::diagnostic::Applicability::MachineApplicable)
        );
        assert_eq!(
            back.rendered.as_deref(),
            Some(human::to_string(&unit(), &[finding()]).as_str())
        );
    }

    #[test]
    fn multi_line_spans_list_every_line() {
        let lint = lints::find("lost_update").unwrap();
        let f = Finding::new(lint, at("c.load(o);\n    c.store"), "x");
        let d = diagnostic(&unit(), &f, Options::default());
        let s = &d.spans[0];
        assert_eq!((s.line_start, s.line_end), (2, 3));
        assert_eq!(s.text.len(), 2);
        assert_eq!(
            (s.text[0].highlight_start, s.text[0].highlight_end),
            (30, 40)
        );
        assert_eq!(
            (s.text[1].highlight_start, s.text[1].highlight_end),
            (1, 12)
        );
    }

    #[test]
    fn file_errors_point_at_the_bad_byte() {
        let error = FileError {
            name: "src/bad.rs".into(),
            reason: "invalid UTF-8 at line 2, column 3".into(),
            location: Some(FileLocation {
                byte: 14,
                line: 2,
                column: 3,
            }),
        };
        let d = file_error_diagnostic(&error, Options::default());
        let back: cargo_metadata::diagnostic::Diagnostic =
            serde_json::from_str(&line(&d, None)).unwrap();
        assert_eq!(
            back.message,
            "could not read `src/bad.rs`: invalid UTF-8 at line 2, column 3"
        );
        assert_eq!(back.spans[0].file_name, "src/bad.rs");
        assert_eq!(
            (back.spans[0].line_start, back.spans[0].column_start),
            (2, 3)
        );
        assert!(back.code.is_none());
    }

    #[test]
    fn build_finished_is_a_cargo_message() {
        let message: cargo_metadata::Message =
            serde_json::from_str(&build_finished(false)).unwrap();
        assert!(matches!(
            message,
            cargo_metadata::Message::BuildFinished(ref f) if !f.success
        ));
    }
}
