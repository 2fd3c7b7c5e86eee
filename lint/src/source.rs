//! Source files, the spans that point into them, and the files that could
//! not be read at all ([`FileError`]).

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

pub use crate::python::encoding::SourceEncoding;

/// Index of a file inside the [`Unit`](crate::Unit) being linted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// A byte range in one file of the unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub lo: u32,
    pub hi: u32,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Span {
        Span {
            file,
            lo: range.start as u32,
            hi: range.end as u32,
        }
    }

    pub fn range(self) -> Range<usize> {
        self.lo as usize..self.hi as usize
    }

    /// The smallest span covering both (same file).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            lo: self.lo.min(other.lo),
            hi: self.hi.max(other.hi),
        }
    }

    pub fn contains(self, other: Span) -> bool {
        self.file == other.file && self.lo <= other.lo && other.hi <= self.hi
    }
}

/// A position as editors and rustc count it: 1-based line, 1-based column in
/// characters (not bytes), so non-ASCII lines map right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// One Rust source file: its path, the name shown to the user, and its text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Where the file is on disk.
    pub path: PathBuf,
    /// The name shown in diagnostics (relative to where racelint was run, when possible).
    pub name: String,
    /// The text; a leading byte order mark is kept so byte offsets stay those of the file.
    /// A Python file that declares another encoding is kept decoded: offsets
    /// are then those of the decoded text, and columns count its characters.
    pub text: String,
    /// The encoding the file was read in (a Python file may declare one).
    pub encoding: SourceEncoding,
    /// No `mod` declaration reaches the file from any target of its package:
    /// the compiler does not build it.
    pub unreached: bool,
    line_starts: Vec<usize>,
    /// Every byte is ASCII: a character column is a byte column.
    ascii: bool,
}

impl SourceFile {
    pub fn new(
        path: impl Into<PathBuf>,
        name: impl Into<String>,
        text: impl Into<String>,
    ) -> SourceFile {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let ascii = text.is_ascii();
        SourceFile {
            path: path.into(),
            name: name.into(),
            text,
            encoding: SourceEncoding::Utf8,
            unreached: false,
            line_starts,
            ascii,
        }
    }

    /// 0-based line index of a byte offset.
    pub fn line_index(&self, byte: usize) -> usize {
        match self.line_starts.binary_search(&byte) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of a 0-based line, without its line terminator (`\n` or `\r\n`).
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.line_starts[line];
        let mut end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        if end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end.max(start)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 1-based line and character column of a byte offset.
    pub fn line_col(&self, byte: usize) -> LineCol {
        let byte = byte.min(self.text.len());
        let line = self.line_index(byte);
        let start = self.line_starts[line];
        if self.ascii {
            return LineCol {
                line: line + 1,
                column: byte - start + 1,
            };
        }
        let column = self.text[start..floor_char_boundary(&self.text, byte)]
            .chars()
            .filter(|&c| c != '\u{feff}')
            .count()
            + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The byte offset of a 1-based line and a 0-based character column
    /// (what `proc_macro2::LineColumn` gives).
    pub fn offset_of(&self, line: usize, char_column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let end = self.line_range(line.saturating_sub(1)).end;
        if self.ascii {
            return (start + char_column).min(end);
        }
        let mut chars = self.text[start..end].char_indices();
        // proc-macro2 does not count a byte order mark at the start of the file.
        let bom = usize::from(start == 0 && self.text.starts_with('\u{feff}'));
        match chars.nth(char_column + bom) {
            Some((i, _)) => start + i,
            None => end,
        }
    }

    pub fn snippet(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

fn floor_char_boundary(text: &str, mut byte: usize) -> usize {
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let file = SourceFile::new("a.rs", "a.rs", "let é = 1;\nlet x = 2;\r\nend");
        let x = file.text.find("= 1").unwrap();
        assert_eq!(file.line_col(x), LineCol { line: 1, column: 7 });
        let end = file.text.find("end").unwrap();
        assert_eq!(file.line_col(end), LineCol { line: 3, column: 1 });
        assert_eq!(&file.text[file.line_range(1)], "let x = 2;");
        assert_eq!(file.offset_of(1, 6), x);
    }

    #[test]
    fn byte_order_mark_is_not_a_column() {
        let file = SourceFile::new("a.rs", "a.rs", "\u{feff}fn main() {}");
        let main = file.text.find("main").unwrap();
        assert_eq!(file.line_col(main), LineCol { line: 1, column: 4 });
        assert_eq!(file.offset_of(1, 3), main);
    }
}

/// Where in an unreadable file the problem is (for text that is not UTF-8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileLocation {
    /// Byte offset of the first invalid byte.
    pub byte: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// A file racelint could not read, or a directory it could not search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    /// The name shown to the user.
    pub name: String,
    /// Why: lowercase, no period (`permission denied (os error 13)`).
    pub reason: String,
    pub location: Option<FileLocation>,
}

impl FileError {
    /// The one-line message: "could not read `src/a.rs`: ...".
    pub fn message(&self) -> String {
        format!("could not read `{}`: {}", self.name, self.reason)
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}
