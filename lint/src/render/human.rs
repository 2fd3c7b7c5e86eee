//! rustc-style text for people, drawn by codespan-reporting:
//!
//! ```text
//! error[racelint::lost_update]: the update can be lost
//!  --> src/main.rs:9:13
//!   |
//! 9 |     let v = counter.load(Ordering::SeqCst);
//!   |             ------------------------------ this read ...
//! ```

use std::io;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::termcolor::{Buffer, Color, ColorSpec, WriteColor};
use codespan_reporting::term::{self, Chars, Config, DisplayStyle, Styles, StylesWriter};

use crate::diagnostic::{Finding, Level, Suggestion};
use crate::render::{Summary, window};
use crate::source::{FileError, FileId, SourceFile};
use crate::unit::Unit;

/// How much to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Style {
    /// The source lines with labels, notes and help (rustc's default).
    #[default]
    Rich,
    /// One line per finding: `file:line:col: level[code]: message`.
    Short,
}

/// Rendering options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// ANSI colours.
    pub color: bool,
    pub style: Style,
}

/// The findings of one unit as plain text (no colour, no closing summary),
/// each finding followed by a blank line, as rustc prints them.
pub fn to_string(unit: &Unit, findings: &[Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        out.push_str(&finding_to_string(unit, finding, Options::default()));
    }
    out
}

/// One finding as text, with ANSI colours if asked.
pub fn finding_to_string(unit: &Unit, finding: &Finding, options: Options) -> String {
    let mut buffer = new_buffer(options.color);
    write_finding(&mut buffer, unit, finding, options).expect("writing to memory cannot fail");
    String::from_utf8(buffer.into_inner()).expect("diagnostics are UTF-8")
}

/// A buffer that keeps colours or drops them.
pub fn new_buffer(color: bool) -> Buffer {
    if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    }
}

/// Writes one finding.
pub fn write_finding(
    out: &mut dyn WriteColor,
    unit: &Unit,
    finding: &Finding,
    options: Options,
) -> io::Result<()> {
    let config = config(options.style);
    let styles = if options.color {
        Styles::default()
    } else {
        Styles::no_color()
    };
    let mut writer = StylesWriter::new(out, &styles);
    let mut diagnostic = diagnostic(unit, finding);
    let files = UnitFiles::new(unit, &diagnostic.labels);
    for label in &mut diagnostic.labels {
        label.range = files.map(label.file_id, label.range.clone());
    }
    term::emit_to_write_style(&mut writer, &config, &files, &diagnostic).map_err(
        |error| match error {
            FilesError::Io(error) => error,
            other => io::Error::other(other.to_string()),
        },
    )
}

/// Writes the one line for a file that could not be read: `error: could not read ...`.
pub fn write_file_error(out: &mut dyn WriteColor, error: &FileError) -> io::Result<()> {
    write_level(out, "error")?;
    writeln!(out, ": {}", error.message())
}

/// Writes the closing line of a run.
pub fn write_summary(out: &mut dyn WriteColor, summary: &Summary) -> io::Result<()> {
    let mut spec = ColorSpec::new();
    spec.set_bold(true);
    out.set_color(&spec)?;
    write!(out, "{}", summary.line())?;
    out.reset()?;
    writeln!(out)
}

fn write_level(out: &mut dyn WriteColor, level: &str) -> io::Result<()> {
    let mut spec = ColorSpec::new();
    spec.set_fg(Some(Color::Red))
        .set_bold(true)
        .set_intense(true);
    out.set_color(&spec)?;
    write!(out, "{level}")?;
    out.reset()
}

fn config(style: Style) -> Config {
    Config {
        display_style: match style {
            Style::Rich => DisplayStyle::Rich,
            Style::Short => DisplayStyle::Short,
        },
        chars: Chars::ascii(),
        ..Config::default()
    }
}

/// The codespan diagnostic of a finding: the primary label, the secondary
/// labels, `note:` lines, the `help:` line and the suggestion.
pub fn diagnostic(unit: &Unit, finding: &Finding) -> Diagnostic<FileId> {
    let severity = match finding.level {
        Level::Deny => Severity::Error,
        Level::Warn | Level::Allow => Severity::Warning,
    };
    let primary = &finding.primary;
    let mut labels = vec![
        Label::primary(primary.span.file, primary.span.range()).with_message(&primary.message),
    ];
    labels.extend(finding.labels.iter().map(|label| {
        Label::secondary(label.span.file, label.span.range()).with_message(&label.message)
    }));
    let mut notes: Vec<String> = finding
        .notes
        .iter()
        .map(|note| format!("note: {note}"))
        .collect();
    if let Some(help) = &finding.help {
        notes.push(format!("help: {help}"));
    }
    if let Some(suggestion) = &finding.suggestion {
        notes.push(suggestion_note(unit, suggestion));
    }
    Diagnostic::new(severity)
        .with_code(finding.lint.code())
        .with_message(&finding.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// `help: MESSAGE: `fixed line`` for a fix within one line; otherwise the
/// lines as they read after the fix, under `help: MESSAGE:`.
fn suggestion_note(unit: &Unit, suggestion: &Suggestion) -> String {
    if let [edit] = suggestion.edits.as_slice() {
        let source = file(unit, edit.span.file);
        let one_line = source.is_some_and(|s| {
            let range = clamp(s, edit.span.range());
            !s.text[range].contains('\n')
        });
        if let (true, Some(source)) = (one_line && !edit.replacement.contains('\n'), source) {
            // The whole line as it reads after the fix, so a partial edit
            // (`.unwrap()` added at the end) still shows in context.
            let fixed = fixed_lines(source, suggestion, edit.span.file);
            let line_start = source
                .line_range(source.line_index(clamp(source, edit.span.range()).start))
                .start;
            let at = clamp(source, edit.span.range()).start - line_start;
            let fixed =
                match window::window(&fixed, std::iter::once(at..at + edit.replacement.len())) {
                    Some(shown) => window::cut(&fixed, shown),
                    None => fixed,
                };
            return format!("help: {}: `{}`", suggestion.message, fixed.trim());
        }
    }
    let mut note = format!("help: {}:", suggestion.message);
    let mut files: Vec<FileId> = suggestion.edits.iter().map(|e| e.span.file).collect();
    files.sort();
    files.dedup();
    for id in &files {
        let Some(source) = file(unit, *id) else {
            continue;
        };
        if files.len() > 1 {
            note.push_str(&format!("\n    --> {}", source.name));
        }
        let fixed = fixed_lines(source, suggestion, *id);
        let indent = fixed
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        for line in fixed.lines() {
            note.push_str("\n    ");
            let line = line.get(indent..).unwrap_or(line.trim_start());
            match window::window(line, []) {
                Some(shown) => note.push_str(&window::cut(line, shown)),
                None => note.push_str(line),
            }
        }
    }
    note
}

/// The lines touched by the suggestion's edits in one file, with the edits applied.
fn fixed_lines(source: &SourceFile, suggestion: &Suggestion, id: FileId) -> String {
    let mut edits: Vec<_> = suggestion
        .edits
        .iter()
        .filter(|e| e.span.file == id)
        .map(|e| (clamp(source, e.span.range()), e.replacement.as_str()))
        .collect();
    let lo = edits.iter().map(|(r, _)| r.start).min().unwrap_or(0);
    let hi = edits.iter().map(|(r, _)| r.end).max().unwrap_or(0);
    let start = source.line_range(source.line_index(lo)).start;
    let end = source.line_range(source.line_index(hi)).end.max(hi);
    let mut text = source.text[start..end].to_string();
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    for (range, replacement) in edits {
        text.replace_range(range.start - start..range.end - start, replacement);
    }
    text
}

fn file(unit: &Unit, id: FileId) -> Option<&SourceFile> {
    unit.files.get(id.0 as usize)
}

/// A byte range made safe to slice `source` with.
fn clamp(source: &SourceFile, range: Range<usize>) -> Range<usize> {
    let text = &source.text;
    let fix = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = fix(range.start);
    start..fix(range.end).max(start)
}

/// The files of a unit as codespan sees them: lines and columns as
/// [`SourceFile`] counts them, so the text and the JSON agree. A file with a
/// long line that a diagnostic points into is seen through a [`CutFile`].
struct UnitFiles<'u> {
    unit: &'u Unit,
    cuts: Vec<(FileId, CutFile)>,
}

/// The lines of a file that a diagnostic shows (a few around its labels),
/// with the long ones cut around the labels (see [`window`]).
struct CutFile {
    /// The shown lines, each ending with a newline.
    text: String,
    /// The 0-based line of the file the first shown line is.
    first_line: usize,
    /// For each shown line: where it starts in `text`, the byte of the file
    /// it starts at, and the length of its leading `...`.
    lines: Vec<(usize, usize, usize)>,
}

/// Lines shown around the labels, for the context codespan draws.
const CONTEXT_LINES: usize = 4;
/// Above this many lines between its labels, a file is shown whole.
const MAX_SHOWN_LINES: usize = 2_000;

impl<'u> UnitFiles<'u> {
    /// The files of `unit`, with the long lines that `labels` point into cut.
    fn new(unit: &'u Unit, labels: &[Label<FileId>]) -> UnitFiles<'u> {
        let mut files: Vec<FileId> = labels.iter().map(|l| l.file_id).collect();
        files.sort();
        files.dedup();
        let cuts = files
            .into_iter()
            .filter_map(|id| {
                let source = file(unit, id)?;
                let ranges: Vec<Range<usize>> = labels
                    .iter()
                    .filter(|l| l.file_id == id)
                    .map(|l| clamp(source, l.range.clone()))
                    .collect();
                Some((id, CutFile::new(source, &ranges)?))
            })
            .collect();
        UnitFiles { unit, cuts }
    }

    fn get(&self, id: FileId) -> Result<&SourceFile, FilesError> {
        file(self.unit, id).ok_or(FilesError::FileMissing)
    }

    fn cut(&self, id: FileId) -> Option<&CutFile> {
        self.cuts.iter().find(|(f, _)| *f == id).map(|(_, c)| c)
    }

    /// A label's range in the text codespan is given.
    fn map(&self, id: FileId, range: Range<usize>) -> Range<usize> {
        match (self.cut(id), file(self.unit, id)) {
            (Some(cut), Some(source)) => {
                let range = clamp(source, range);
                cut.map(source, range.start)..cut.map(source, range.end)
            }
            _ => range,
        }
    }
}

impl CutFile {
    /// `None` when no line the ranges touch is long, or they are too many
    /// lines apart to show only those.
    fn new(source: &SourceFile, ranges: &[Range<usize>]) -> Option<CutFile> {
        let first = ranges.iter().map(|r| source.line_index(r.start)).min()?;
        let last = ranges.iter().map(|r| source.line_index(r.end)).max()?;
        let long = (first..=last).any(|l| source.line_range(l).len() > window::MAX_WIDTH);
        if !long || last - first > MAX_SHOWN_LINES {
            return None;
        }
        let first = first.saturating_sub(CONTEXT_LINES);
        let last = (last + CONTEXT_LINES).min(source.line_count() - 1);
        let mut cut = CutFile {
            text: String::new(),
            first_line: first,
            lines: Vec::with_capacity(last - first + 1),
        };
        for line in first..=last {
            let range = source.line_range(line);
            let full = &source.text[range.clone()];
            let marks = ranges
                .iter()
                .filter(|r| r.start <= range.end && r.end >= range.start)
                .map(|r| {
                    r.start.clamp(range.start, range.end) - range.start
                        ..r.end.clamp(range.start, range.end) - range.start
                });
            let at = cut.text.len();
            match window::window(full, marks) {
                Some(shown) => {
                    let lead = if shown.start > 0 {
                        window::ELLIPSIS.len()
                    } else {
                        0
                    };
                    cut.lines.push((at, range.start + shown.start, lead));
                    cut.text.push_str(&window::cut(full, shown));
                }
                None => {
                    cut.lines.push((at, range.start, 0));
                    cut.text.push_str(full);
                }
            }
            cut.text.push('\n');
        }
        Some(cut)
    }

    /// Where a byte of the file lands in the shown text.
    fn map(&self, source: &SourceFile, byte: usize) -> usize {
        let line = source
            .line_index(byte)
            .clamp(self.first_line, self.first_line + self.lines.len() - 1);
        let (at, from, lead) = self.lines[line - self.first_line];
        let end = self
            .lines
            .get(line - self.first_line + 1)
            .map_or(self.text.len(), |next| next.0)
            - 1;
        (at + lead + byte.saturating_sub(from)).clamp(at, end)
    }

    fn line_of(&self, byte: usize) -> usize {
        self.lines.partition_point(|(at, _, _)| *at <= byte).max(1) - 1
    }

    fn line_range(&self, index: usize) -> Option<Range<usize>> {
        let (at, _, _) = *self.lines.get(index)?;
        let end = self
            .lines
            .get(index + 1)
            .map_or(self.text.len(), |next| next.0);
        Some(at..end - 1)
    }

    /// The byte of the file that a byte of the shown text stands for.
    fn original(&self, byte: usize) -> usize {
        let (at, from, lead) = self.lines[self.line_of(byte)];
        from + byte.saturating_sub(at + lead)
    }
}

impl<'a> Files<'a> for UnitFiles<'_> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(&self.get(id)?.name)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        match self.cut(id) {
            Some(cut) => Ok(&cut.text),
            None => Ok(&self.get(id)?.text),
        }
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        if let Some(cut) = self.cut(id) {
            return Ok(cut.line_of(byte_index));
        }
        let source = self.get(id)?;
        Ok(source.line_index(byte_index.min(source.text.len())))
    }

    fn line_number(&'a self, id: FileId, line_index: usize) -> Result<usize, FilesError> {
        Ok(self.cut(id).map_or(0, |cut| cut.first_line) + line_index + 1)
    }

    fn column_number(
        &'a self,
        id: FileId,
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let byte = self
            .cut(id)
            .map_or(byte_index, |cut| cut.original(byte_index));
        Ok(self.get(id)?.line_col(byte).column)
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        if let Some(cut) = self.cut(id) {
            return cut.line_range(line_index).ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: cut.lines.len() - 1,
            });
        }
        let source = self.get(id)?;
        if line_index >= source.line_count() {
            return Err(FilesError::LineTooLarge {
                given: line_index,
                max: source.line_count() - 1,
            });
        }
        Ok(source.line_range(line_index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, Edit};
    use crate::lints::{self, PARSE_ERROR};
    use crate::source::Span;
    use crate::unit::Edition;
    use std::io::Write;

    fn write_plain(
        out: &mut Vec<u8>,
        f: impl FnOnce(&mut dyn WriteColor) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut buffer = Buffer::no_color();
        f(&mut buffer)?;
        out.write_all(buffer.as_slice())
    }

    const TEXT: &str =
        "fn main() {\n    let v = counter.load(SeqCst);\n    counter.store(v + 1, SeqCst);\n}\n";

    fn unit() -> Unit {
        Unit {
            files: vec![SourceFile::new("/p/src/main.rs", "src/main.rs", TEXT)],
            edition: Edition::E2021,
        }
    }

    fn span(text: &str) -> Span {
        let lo = TEXT.find(text).unwrap();
        Span::new(FileId(0), lo..lo + text.len())
    }

    fn lost_update() -> Finding {
        let lint = lints::find("lost_update").unwrap();
        Finding::new(
            lint,
            span("counter.store(v + 1, SeqCst)"),
            "the update can be lost",
        )
        .primary_label("... and this write overwrites what another thread stored in between")
        .label(span("counter.load(SeqCst)"), "this read ...")
        .note("two threads can both read the old value; one addition is lost")
        .help("use one atomic read-modify-write")
    }

    #[test]
    fn renders_like_rustc() {
        let expected = "\
error[racelint::lost_update]: the update can be lost
  --> src/main.rs:3:5
  |
2 |     let v = counter.load(SeqCst);
  |             -------------------- this read ...
3 |     counter.store(v + 1, SeqCst);
  |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ... and this write overwrites what another thread stored in between
  |
  = note: two threads can both read the old value; one addition is lost
  = help: use one atomic read-modify-write

";
        assert_eq!(to_string(&unit(), &[lost_update()]), expected);
    }

    #[test]
    fn warnings_and_one_line_suggestions() {
        let lint = lints::find("lost_update").unwrap();
        let mut finding = Finding::new(
            lint,
            span("counter.store(v + 1, SeqCst)"),
            "the update can be lost",
        )
        .suggest(
            "add in one atomic step",
            vec![Edit {
                span: span("counter.store(v + 1, SeqCst)"),
                replacement: "counter.fetch_add(1, SeqCst)".into(),
            }],
            Applicability::MachineApplicable,
        );
        finding.level = Level::Warn;
        let expected = "\
warning[racelint::lost_update]: the update can be lost
  --> src/main.rs:3:5
  |
3 |     counter.store(v + 1, SeqCst);
  |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: add in one atomic step: `counter.fetch_add(1, SeqCst);`

";
        assert_eq!(to_string(&unit(), &[finding]), expected);
    }

    #[test]
    fn multi_edit_suggestions_show_the_fixed_lines() {
        let lint = lints::find("lost_update").unwrap();
        let finding = Finding::new(
            lint,
            span("counter.store(v + 1, SeqCst)"),
            "the update can be lost",
        )
        .suggest(
            "add in one atomic step",
            vec![
                Edit {
                    span: span("let v = counter.load(SeqCst);\n    "),
                    replacement: String::new(),
                },
                Edit {
                    span: span("store(v + 1, SeqCst)"),
                    replacement: "fetch_add(1, SeqCst)".into(),
                },
            ],
            Applicability::MaybeIncorrect,
        );
        let text = to_string(&unit(), &[finding]);
        assert!(
            text.contains(
                "  = help: add in one atomic step:\n        counter.fetch_add(1, SeqCst);\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn short_style_is_one_line() {
        let text = finding_to_string(
            &unit(),
            &lost_update(),
            Options {
                color: false,
                style: Style::Short,
            },
        );
        assert_eq!(
            text.lines().next().unwrap(),
            "src/main.rs:3:5: error[racelint::lost_update]: the update can be lost"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let plain = finding_to_string(&unit(), &lost_update(), Options::default());
        assert!(!plain.contains('\x1b'));
        let coloured = finding_to_string(
            &unit(),
            &lost_update(),
            Options {
                color: true,
                style: Style::Rich,
            },
        );
        assert!(coloured.contains("\x1b["));
    }

    #[test]
    fn columns_count_characters() {
        let text = "fn main() { let é = \"ü\"; bad }\n";
        let unit = Unit {
            files: vec![SourceFile::new("a.rs", "a.rs", text)],
            edition: Edition::E2021,
        };
        let lo = text.find("bad").unwrap();
        let finding = Finding::new(&PARSE_ERROR, Span::new(FileId(0), lo..lo + 3), "oops");
        let out = to_string(&unit, &[finding]);
        assert!(out.contains(" --> a.rs:1:26\n"), "{out}");
    }

    #[test]
    fn file_errors_are_one_line() {
        let mut out = Vec::new();
        let error = FileError {
            name: "src/bad.rs".into(),
            reason: "invalid UTF-8 at line 2, column 4".into(),
            location: None,
        };
        write_plain(&mut out, |w| write_file_error(w, &error)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "error: could not read `src/bad.rs`: invalid UTF-8 at line 2, column 4\n"
        );
    }
}
