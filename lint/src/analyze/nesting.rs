//! A cheap scan of a file's tokens, before syn sees it, that bounds how
//! deeply syn and the model will recurse.
//!
//! Two measures: the brackets open at once (`(`, `[`, `{`), and an estimate
//! of the depth of the syntax tree, counted in tokens: the tokens of every
//! enclosing bracket and generic argument list that belong to the same
//! expression, type or pattern (`a + b + ...`, `!!!x`, `x.f().g()`,
//! `else if` chains, `Vec<Vec<...>>`). A `;`, a `,` or a `=>` ends an
//! expression, and so does a block followed by something that cannot
//! continue it (an item, a statement). Each tree level takes at least one
//! token, so the estimate is never lower than the depth.

use crate::diagnostic::Finding;
use crate::lints;
use crate::source::{FileId, SourceFile, Span};

/// The most brackets open at once that racelint analyzes.
pub const MAX_BRACKETS: usize = 256;
/// The deepest syntax tree, estimated in tokens, that racelint analyzes.
pub const MAX_DEPTH: usize = 5_000;

/// An `unreadable` warning at the token where the file nests too deeply
/// for racelint, if it does: the compiler may well accept the file, so it
/// is racelint's limit, not an error in the code.
pub fn check(id: FileId, source: &SourceFile) -> Option<Finding> {
    let (at, reason) = scan(&source.text)?;
    let end = source.text[at..]
        .chars()
        .next()
        .map_or(at, |c| at + c.len_utf8());
    let message = match reason {
        TooDeep::Brackets => {
            format!(
                "nesting too deep for racelint: more than {MAX_BRACKETS} brackets are open here"
            )
        }
        TooDeep::Chain => format!(
            "nesting too deep for racelint: an expression more than {MAX_DEPTH} levels deep reaches here"
        ),
    };
    Some(
        Finding::new(
            &lints::unreadable::UNREADABLE,
            Span::new(id, at..end),
            message,
        )
        .primary_label("racelint stops reading this file here")
        .note(
            "racelint stops here so that it cannot run out of stack; the file is \
                 skipped and the rest of the crate is still linted",
        ),
    )
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TooDeep {
    Brackets,
    Chain,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bracket,
    Angle,
}

struct Level {
    kind: Kind,
    /// Tokens of the current expression at this level.
    run: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Token {
    /// An identifier, keyword, literal or lifetime.
    Word,
    /// `else` or `as`, which continue an expression after a block.
    Continue,
    Punct,
    PathSep,
    /// `#`, which starts an attribute, and so an item or statement, after a block.
    Hash,
    /// `)`, `]` or `}`: like a word, it can end an operand.
    Close,
}

struct Scanner {
    levels: Vec<Level>,
    brackets: usize,
    depth: usize,
    /// The previous token, and whether it closed a block at this level.
    previous: Option<Token>,
    after_block: bool,
}

impl Scanner {
    fn top(&mut self) -> &mut Level {
        self.levels
            .last_mut()
            .expect("the file level is never popped")
    }

    /// A token of the current expression.
    fn count(&mut self, token: Token) -> Result<(), TooDeep> {
        if self.after_block && matches!(token, Token::Word | Token::Hash) {
            self.end_expression();
        }
        self.after_block = false;
        self.previous = Some(token);
        self.top().run += 1;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(TooDeep::Chain);
        }
        Ok(())
    }

    fn end_expression(&mut self) {
        let run = std::mem::take(&mut self.top().run);
        self.depth -= run;
    }

    fn pop(&mut self) {
        let level = self.levels.pop().expect("not the file level");
        self.depth -= level.run;
        if level.kind == Kind::Bracket {
            self.brackets -= 1;
        }
    }

    fn pop_angles(&mut self) {
        while self.levels.len() > 1 && self.top().kind == Kind::Angle {
            self.pop();
        }
    }

    fn separator(&mut self) {
        self.pop_angles();
        self.end_expression();
        self.after_block = false;
        self.previous = Some(Token::Punct);
    }

    fn open(&mut self, kind: Kind) -> Result<(), TooDeep> {
        self.count(Token::Punct)?;
        self.levels.push(Level { kind, run: 0 });
        if kind == Kind::Bracket {
            self.brackets += 1;
            if self.brackets > MAX_BRACKETS {
                return Err(TooDeep::Brackets);
            }
        }
        Ok(())
    }

    fn close(&mut self, brace: bool) {
        self.pop_angles();
        if self.levels.len() > 1 {
            self.pop();
        }
        self.after_block = brace;
        self.previous = Some(Token::Close);
    }

    /// A binary operator after an operand (`a || b`, `x + 1`): the
    /// operand after it is a token of the chain, the operator is not.
    /// syn builds a flat chain in a loop and the tree it gives is one
    /// level per operator, which the operand after it already counts.
    fn binary_operator(&mut self) {
        self.after_block = false;
        self.previous = Some(Token::Punct);
    }

    /// Whether the previous token ends an operand.
    fn after_operand(&self) -> bool {
        matches!(self.previous, Some(Token::Word | Token::Close))
    }

    fn close_angle(&mut self) {
        if self.levels.len() > 1 && self.top().kind == Kind::Angle {
            self.pop();
        }
    }
}

/// The byte offset where the file first nests too deeply, and how.
pub fn scan(text: &str) -> Option<(usize, TooDeep)> {
    let bytes = text.as_bytes();
    // Each counted token takes a byte at least, and no more brackets
    // are open at once than there are: most files cannot reach either
    // limit, which one pass over their bytes shows.
    if bytes.len() <= MAX_DEPTH
        && bytes
            .iter()
            .filter(|&&b| matches!(b, b'(' | b'[' | b'{'))
            .count()
            <= MAX_BRACKETS
    {
        return None;
    }
    let mut s = Scanner {
        levels: vec![Level {
            kind: Kind::Bracket,
            run: 0,
        }],
        brackets: 0,
        depth: 0,
        previous: None,
        after_block: false,
    };
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let b = bytes[i];
        if s.after_operand()
            && !s.after_block
            && let Some(len) = binary_operator(&bytes[i..])
        {
            i += len;
            s.binary_operator();
            continue;
        }
        let result = match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = memchr(b'\n', bytes, i).unwrap_or(bytes.len());
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = skip_block_comment(bytes, i);
                continue;
            }
            b'"' => {
                i = skip_quoted(bytes, i + 1, b'"');
                s.count(Token::Word)
            }
            b'\'' => {
                i = skip_char_or_lifetime(text, i);
                s.count(Token::Word)
            }
            b'(' | b'[' | b'{' => {
                i += 1;
                s.open(Kind::Bracket)
            }
            b')' | b']' | b'}' => {
                i += 1;
                s.close(b == b'}');
                Ok(())
            }
            b';' | b',' => {
                i += 1;
                s.separator();
                Ok(())
            }
            b'=' if bytes.get(i + 1) == Some(&b'>') => {
                i += 2;
                s.separator();
                Ok(())
            }
            b'-' if bytes.get(i + 1) == Some(&b'>') => {
                i += 2;
                s.count(Token::Punct)
            }
            b'<' if matches!(bytes.get(i + 1), Some(b'<' | b'=' | b'-')) => {
                i += 2;
                s.count(Token::Punct)
            }
            b'<' => {
                i += 1;
                if matches!(s.previous, Some(Token::Word | Token::PathSep)) {
                    s.open(Kind::Angle)
                } else {
                    s.count(Token::Punct)
                }
            }
            b'>' if bytes.get(i + 1) == Some(&b'=') => {
                i += 2;
                s.count(Token::Punct)
            }
            b'>' => {
                i += 1;
                let result = s.count(Token::Punct);
                s.close_angle();
                result
            }
            b':' if bytes.get(i + 1) == Some(&b':') => {
                i += 2;
                s.count(Token::PathSep)
            }
            b'0'..=b'9' => {
                i = skip_number(bytes, i);
                s.count(Token::Word)
            }
            _ if b == b'_' || b.is_ascii_alphabetic() || b >= 0x80 => {
                let (end, raw_string) = skip_word(text, i);
                i = end;
                let word = &text[start..end];
                if raw_string {
                    s.count(Token::Word)
                } else if word == "else" || word == "as" {
                    s.count(Token::Continue)
                } else {
                    s.count(Token::Word)
                }
            }
            b'#' => {
                i += 1;
                s.count(Token::Hash)
            }
            _ => {
                i += 1;
                s.count(Token::Punct)
            }
        };
        if let Err(reason) = result {
            return Some((start, reason));
        }
    }
    None
}

/// The length of the binary operator at the start of `rest`, if one is
/// there: `||`, `&&`, comparisons (not `<` and `>`, which the scanner
/// reads as generic brackets), `<<` and arithmetic, but not the
/// compound assignments (`+=`), `>>`, `->` or `..`.
fn binary_operator(rest: &[u8]) -> Option<usize> {
    let two = rest.get(..2).unwrap_or(rest);
    let len = match two {
        b"||" | b"&&" | b"==" | b"!=" | b"<=" | b">=" | b"<<" => 2,
        // `>>` closes two generic argument lists as often as it shifts.
        b">>" | b"->" | b"=>" | b"::" => return None,
        _ => match rest.first()? {
            b'+' | b'-' | b'*' | b'/' | b'%' | b'^' | b'|' | b'&' => 1,
            _ => return None,
        },
    };
    // `+=`, `<<=`: an assignment, not a link of a chain.
    let assignment = rest.get(len) == Some(&b'=') && !matches!(two, b"==" | b"!=" | b"<=" | b">=");
    // `x / /* comment */` and `a + // comment`: not an operator here.
    let comment = rest[0] == b'/' && matches!(rest.get(1), Some(b'/' | b'*'));
    (!assignment && !comment).then_some(len)
}

fn memchr(needle: u8, bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| b == needle)
        .map(|p| from + p)
}

/// Past a `/* ... */` comment (they nest); to the end of the file if unterminated.
fn skip_block_comment(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'/', Some(b'*')) => {
                depth += 1;
                i += 2;
            }
            (b'*', Some(b'/')) => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Past the closing quote of a string or byte string that starts at `i`.
fn skip_quoted(bytes: &[u8], mut i: usize, quote: u8) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Past a character literal (`'a'`, `'\n'`, `'\u{1F600}'`) or a lifetime or label.
fn skip_char_or_lifetime(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    match bytes.get(i + 1) {
        Some(b'\\') => skip_quoted(bytes, i + 1, b'\''),
        Some(_) => {
            let c = text[i + 1..].chars().next().map_or(1, char::len_utf8);
            if bytes.get(i + 1 + c) == Some(&b'\'') {
                i + 2 + c
            } else {
                let mut end = i + 1;
                while end < bytes.len()
                    && (bytes[end] == b'_'
                        || bytes[end].is_ascii_alphanumeric()
                        || bytes[end] >= 0x80)
                {
                    end += 1;
                }
                end.max(i + 1 + c)
            }
        }
        None => i + 1,
    }
}

fn skip_number(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'_' || b.is_ascii_alphanumeric() {
            i += 1;
        } else if b == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 2;
        } else {
            break;
        }
    }
    i
}

/// Past an identifier or keyword; a prefix that starts a string (`b"`,
/// `r#"`, `br"`, `c"`, `b'`) is skipped with its string, and says so.
fn skip_word(text: &str, i: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut end = i;
    while end < bytes.len()
        && (bytes[end] == b'_' || bytes[end].is_ascii_alphanumeric() || bytes[end] >= 0x80)
    {
        end += 1;
    }
    let word = &text[i..end];
    match (word, bytes.get(end)) {
        ("b" | "c", Some(b'"')) => (skip_quoted(bytes, end + 1, b'"'), true),
        ("b", Some(b'\'')) => (skip_quoted(bytes, end + 1, b'\''), true),
        ("r" | "br" | "cr", Some(b'"' | b'#')) => {
            let hashes = bytes[end..].iter().take_while(|&&b| b == b'#').count();
            if bytes.get(end + hashes) != Some(&b'"') {
                // A raw identifier (`r#type`): the word after the `#` follows.
                return (end, false);
            }
            let mut j = end + hashes + 1;
            while j < bytes.len() {
                if bytes[j] == b'"'
                    && bytes[j + 1..].iter().take_while(|&&b| b == b'#').count() >= hashes
                {
                    return (j + 1 + hashes, true);
                }
                j += 1;
            }
            (bytes.len(), true)
        }
        _ => (end, false),
    }
}
