//! A lexer that knows just enough of Rust and Python to find comments:
//! where each comment is, where the code on each line starts, and (for
//! Rust) where the brackets and semicolons are.

use std::ops::Range;

/// What the lexer learns about a file.
pub(crate) struct Lexed {
    /// (byte range of the comment, byte range of its text without the delimiters).
    pub(crate) comments: Vec<(Range<usize>, Range<usize>)>,
    /// For each line: the byte offset of its first code character, if any.
    pub(crate) first_code: Vec<Option<usize>>,
    /// Byte offsets of `(`, `[`, `{`, `)`, `]`, `}` and `;` in code.
    pub(crate) punct: Vec<(usize, u8)>,
    pub(crate) line_starts: Vec<usize>,
}

impl Lexed {
    /// Nothing found yet, in a file with the lines of `text`.
    fn new(text: &str) -> Lexed {
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lexed {
            comments: Vec::new(),
            first_code: vec![None; line_starts.len()],
            punct: Vec::new(),
            line_starts,
        }
    }

    /// Code at byte `at` of (0-based) `line`: the line's first, if none came before.
    fn code(&mut self, at: usize, line: usize) {
        if self.first_code[line].is_none() {
            self.first_code[line] = Some(at);
        }
    }

    pub(super) fn line_of(&self, byte: usize) -> usize {
        match self.line_starts.binary_search(&byte) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of a 0-based line, with its newline.
    pub(super) fn line_range(&self, line: usize, len: usize) -> Range<usize> {
        let start = self.line_starts[line];
        let end = self.line_starts.get(line + 1).copied().unwrap_or(len);
        start..end
    }
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// Splits Rust source into comments and code, well enough to find
/// comments: strings (raw, byte, C), character literals and lifetimes,
/// nested block comments.
pub(crate) fn lex(text: &str) -> Lexed {
    let bytes = text.as_bytes();
    let mut lexed = Lexed::new(text);
    let mut line = 0;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                lexed.comments.push((i..end, i + 2..end));
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let start = i;
                let mut depth = 0;
                while i < bytes.len() {
                    if bytes[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if bytes[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if bytes[i] == b'\n' {
                            line += 1;
                        }
                        i += 1;
                    }
                }
                let inner_end = if depth == 0 { i - 2 } else { i };
                lexed
                    .comments
                    .push((start..i, start + 2..inner_end.max(start + 2)));
            }
            b'"' => {
                lexed.code(i, line);
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    match bytes[i] {
                        b'\\' => i += 2,
                        b'\n' => {
                            line += 1;
                            i += 1;
                        }
                        _ => i += 1,
                    }
                }
                i += 1;
            }
            b'r' if (i == 0
                || !is_ident(bytes[i - 1])
                || (matches!(bytes[i - 1], b'b' | b'c') && (i < 2 || !is_ident(bytes[i - 2]))))
                && {
                    let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                    bytes.get(i + 1 + hashes) == Some(&b'"')
                } =>
            {
                lexed.code(i, line);
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                let mut close = String::from("\"");
                close.push_str(&"#".repeat(hashes));
                let body = i + 2 + hashes;
                let end = text[body..]
                    .find(&close)
                    .map_or(bytes.len(), |n| body + n + close.len());
                line += text[i..end].matches('\n').count();
                i = end;
            }
            b'\'' => {
                lexed.code(i, line);
                // A character literal ('a', '\n', '\u{..}', 'é'), else a lifetime or label.
                let rest = &text[i + 1..];
                let mut chars = rest.char_indices();
                match chars.next() {
                    Some((_, '\\')) => {
                        let end = rest[1..].find('\'').map_or(rest.len(), |n| n + 2);
                        i += 1 + end;
                    }
                    Some((_, ch)) if rest[ch.len_utf8()..].starts_with('\'') => {
                        i += 1 + ch.len_utf8() + 1;
                    }
                    _ => i += 1,
                }
            }
            _ => {
                lexed.code(i, line);
                if matches!(c, b'(' | b'[' | b'{' | b')' | b']' | b'}' | b';') {
                    lexed.punct.push((i, c));
                }
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    lexed
}

/// Splits Python source into comments and code: `#` comments outside
/// strings (quoted, triple-quoted, with prefixes).
pub(super) fn lex_python(text: &str) -> Lexed {
    let bytes = text.as_bytes();
    let mut lexed = Lexed::new(text);
    let mut line = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b' ' | b'\t' | b'\r' | b'\x0c' => i += 1,
            b'#' => {
                let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                lexed.comments.push((i..end, i + 1..end));
                i = end;
            }
            quote @ (b'"' | b'\'') => {
                lexed.code(i, line);
                let triple = bytes[i..].starts_with(&[quote; 3]);
                let close: &[u8] = if triple { &[quote; 3] } else { &[quote] };
                i += close.len();
                while i < bytes.len() && !bytes[i..].starts_with(close) {
                    match bytes[i] {
                        b'\\' => i += 2,
                        b'\n' if !triple => break,
                        b'\n' => {
                            line += 1;
                            i += 1;
                        }
                        _ => i += 1,
                    }
                }
                i = (i + close.len()).min(bytes.len());
            }
            _ => {
                lexed.code(i, line);
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    lexed
}
