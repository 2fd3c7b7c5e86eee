//! GitHub Actions workflow commands: one `::error` or `::warning` line per
//! finding, which the Actions runner turns into an annotation on the file
//! and line in the pull request.
//!
//! ```text
//! ::error file=src/main.rs,line=9,col=13,endLine=9,endColumn=42,title=racelint%3A%3Alost_update::the update can be lost
//! ```
//!
//! Columns are 1-based characters, the end column that of the last
//! character; the runner takes columns only for one-line annotations, so a
//! span over several lines gives lines only.

use crate::diagnostic::{Finding, Level};
use crate::source::FileError;
use crate::unit::Unit;

/// The annotation line of a finding (without the newline).
pub fn annotation(unit: &Unit, finding: &Finding) -> String {
    let source = unit.file(finding.primary.span.file);
    let len = source.text.len();
    let lo = (finding.primary.span.lo as usize).min(len);
    let hi = (finding.primary.span.hi as usize).clamp(lo, len);
    let start = source.line_col(lo);
    let end = source.line_col(hi);
    let mut properties = vec![
        ("file", source.name.clone()),
        ("line", start.line.to_string()),
    ];
    if start.line == end.line {
        properties.push(("col", start.column.to_string()));
        properties.push(("endLine", end.line.to_string()));
        properties.push(("endColumn", (end.column - 1).max(start.column).to_string()));
    } else {
        properties.push(("endLine", end.line.to_string()));
    }
    properties.push(("title", finding.lint.code()));
    let mut message = finding.message.clone();
    if !finding.primary.message.is_empty() {
        message.push_str(&format!(": {}", finding.primary.message));
    }
    for note in &finding.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    if let Some(help) = &finding.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    if let Some(suggestion) = &finding.suggestion {
        message.push_str(&format!("\nhelp: {}", suggestion.message));
    }
    let command = match finding.level {
        Level::Deny => "error",
        Level::Warn | Level::Allow => "warning",
    };
    command_line(command, &properties, &message)
}

/// The annotation line of a file that could not be read.
pub fn file_error(error: &FileError) -> String {
    let mut properties = vec![("file", error.name.clone())];
    if let Some(at) = error.location {
        properties.push(("line", at.line.to_string()));
        properties.push(("col", at.column.to_string()));
    }
    properties.push(("title", "racelint".to_string()));
    command_line("error", &properties, &error.message())
}

fn command_line(command: &str, properties: &[(&str, String)], message: &str) -> String {
    let properties = properties
        .iter()
        .map(|(key, value)| format!("{key}={}", escape_property(value)))
        .collect::<Vec<_>>()
        .join(",");
    format!("::{command} {properties}::{}", escape_data(message))
}

/// Escapes a message: `%`, carriage return and line feed.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as a message, and `:` and `,` too.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lints;
    use crate::source::{FileId, SourceFile, Span};
    use crate::unit::Edition;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn annotations_name_file_lines_columns_and_lint() {
        let text = "fn main() {\n    let é = 1; c.store(v, o);\n}\n";
        let unit = Unit {
            files: vec![SourceFile::new("/p/a,b.rs", "src/a,b.rs", text)],
            edition: Edition::E2021,
        };
        let lo = text.find("c.store").unwrap();
        let lint = lints::find("lost_update").unwrap();
        let finding = Finding::new(lint, Span::new(FileId(0), lo..lo + 13), "the update: lost")
            .primary_label("this write")
            .help("use `fetch_add`");
        assert_eq!(
            annotation(&unit, &finding),
            "::error file=src/a%2Cb.rs,line=2,col=16,endLine=2,endColumn=28,\
             title=racelint%3A%3Alost_update::the update: lost: this write%0Ahelp: use `fetch_add`"
        );
        let multi = Finding::new(lint, Span::new(FileId(0), 0..lo), "x");
        assert_eq!(
            annotation(&unit, &multi),
            "::error file=src/a%2Cb.rs,line=1,endLine=2,title=racelint%3A%3Alost_update::x"
        );
    }
}
