//! Suppression comments: `// racelint: allow(NAME, ...)` and
//! `// racelint: allow-file(NAME, ...)`. They are comments, so `cargo build`
//! never sees them, and syn's tree does not hold them: this module reads
//! them from the source text.
//!
//! - `allow(...)` after code on a line applies to findings that start on that line;
//! - `allow(...)` on a line of its own applies to the next line of code, or,
//!   when that line starts an item (`fn`, `impl`, `mod`, an attribute, ...),
//!   to the whole item;
//! - `allow-file(...)` anywhere applies to the whole file.
//!
//! Names are lints (`lost_update`, `racelint::lost_update`) or groups
//! (`race`), comma-separated. A name that suppresses nothing, or that
//! racelint does not know, is reported under
//! [`unused_suppression`](crate::lints::unused_suppression::UNUSED_SUPPRESSION).

use std::ops::Range;

use crate::config::{LintLevels, UnknownName};
use crate::diagnostic::{Applicability, Edit, Finding};
use crate::diagnostic::{Group, Level, Lint};
use crate::lints::unused_suppression::UNUSED_SUPPRESSION;
use crate::lints::{self, REGISTRY};
use crate::source::{FileId, Span};
use crate::unit::Unit;

/// Where a suppression applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The comment's own line (after code).
    Line,
    /// The next line of code.
    NextLine,
    /// The item that starts on the next line of code.
    Item,
    /// The whole file.
    File,
}

impl Scope {
    fn where_(self) -> &'static str {
        match self {
            Scope::Line => "on this line",
            Scope::NextLine => "on the next line",
            Scope::Item => "in the item below",
            Scope::File => "in this file",
        }
    }
}

/// One name inside a suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    /// Byte range of the name in the file.
    pub span: Range<usize>,
    /// The lints it names; empty when racelint does not know the name.
    pub lints: Vec<&'static Lint>,
}

/// A suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub scope: Scope,
    pub names: Vec<Name>,
    /// Byte range of the whole comment.
    pub comment: Range<usize>,
    /// Byte range of the code it covers: a finding whose primary span starts in it is suppressed.
    pub covers: Range<usize>,
    /// What deleting the comment removes: the whole line when the comment
    /// stands alone, else the comment and the spaces before it.
    removal: Range<usize>,
}

/// A comment that starts with `racelint:` but is not a suppression racelint
/// understands, or one that looks like a suppression with a typo
/// (`// racelint allow(x)`, `racelint:` in the middle of a comment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    pub span: Range<usize>,
    pub reason: String,
    /// For a near miss: the comment as racelint would read it.
    pub rewrite: Option<String>,
}

/// The suppression comments of a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Suppressions {
    pub directives: Vec<Directive>,
    pub malformed: Vec<Malformed>,
}

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
    fn line_of(&self, byte: usize) -> usize {
        match self.line_starts.binary_search(&byte) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of a 0-based line, with its newline.
    fn line_range(&self, line: usize, len: usize) -> Range<usize> {
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
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut lexed = Lexed {
        comments: Vec::new(),
        first_code: vec![None; line_starts.len()],
        punct: Vec::new(),
        line_starts,
    };
    let mut line = 0;
    let code = |lexed: &mut Lexed, at: usize, line: usize| {
        if lexed.first_code[line].is_none() {
            lexed.first_code[line] = Some(at);
        }
    };
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
                code(&mut lexed, i, line);
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
                code(&mut lexed, i, line);
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
                code(&mut lexed, i, line);
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
                code(&mut lexed, i, line);
                if matches!(c, b'(' | b'[' | b'{' | b')' | b']' | b'}' | b';') {
                    lexed.punct.push((i, c));
                }
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    lexed
}

/// The keywords that start an item: a suppression above one covers it whole.
const ITEM_STARTS: &[&str] = &[
    "fn",
    "pub",
    "impl",
    "mod",
    "struct",
    "enum",
    "trait",
    "static",
    "const",
    "unsafe",
    "async",
    "extern",
    "type",
    "union",
    "macro_rules",
];

/// The end of the item that starts at `start`: its matching `}`, or the
/// `;` that ends it first.
fn item_end(lexed: &Lexed, start: usize, len: usize) -> usize {
    let mut depth = 0usize;
    let mut braced = false;
    for &(at, c) in lexed.punct.iter().filter(|(at, _)| *at >= start) {
        match c {
            b'{' => {
                if depth == 0 {
                    braced = true;
                }
                depth += 1;
            }
            b'(' | b'[' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && braced && c == b'}' {
                    return at + 1;
                }
            }
            b';' if depth == 0 && !braced => return at + 1,
            _ => {}
        }
    }
    len
}

/// Reads the suppression comments of a file.
pub fn scan(text: &str) -> Suppressions {
    scan_lexed(text, &lex(text), false)
}

/// Reads the suppression comments (`# racelint: allow(..)`) of a Python file.
pub fn scan_python(text: &str) -> Suppressions {
    scan_lexed(text, &lex_python(text), true)
}

/// Splits Python source into comments and code: `#` comments outside
/// strings (quoted, triple-quoted, with prefixes).
fn lex_python(text: &str) -> Lexed {
    let bytes = text.as_bytes();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut lexed = Lexed {
        comments: Vec::new(),
        first_code: vec![None; line_starts.len()],
        punct: Vec::new(),
        line_starts,
    };
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
                if lexed.first_code[line].is_none() {
                    lexed.first_code[line] = Some(i);
                }
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
                if lexed.first_code[line].is_none() {
                    lexed.first_code[line] = Some(i);
                }
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    lexed
}

/// The end of the Python block that starts on the line at `start`: the last
/// following line indented deeper than it (blank lines and comments inside
/// count), decorators first.
fn python_block_end(lexed: &Lexed, text: &str, start: usize) -> usize {
    let indent = |line: usize| {
        let range = lexed.line_range(line, text.len());
        text[range].len() - text[lexed.line_range(line, text.len())].trim_start().len()
    };
    let mut line = lexed.line_of(start);
    // Decorators: the block is the `def` or `class` below them.
    while let Some(at) = lexed.first_code[line].filter(|&at| text[at..].starts_with('@')) {
        let _ = at;
        match (line + 1..lexed.first_code.len()).find(|&l| lexed.first_code[l].is_some()) {
            Some(next) => line = next,
            None => break,
        }
    }
    let base = indent(line);
    let mut end = lexed.line_range(line, text.len()).end;
    for l in line + 1..lexed.first_code.len() {
        match lexed.first_code[l] {
            None => continue,
            Some(_) if indent(l) > base => end = lexed.line_range(l, text.len()).end,
            Some(_) => break,
        }
    }
    end
}

fn scan_lexed(text: &str, lexed: &Lexed, python: bool) -> Suppressions {
    let mut found = Suppressions::default();
    for (comment, inner) in &lexed.comments {
        let body = &text[inner.clone()];
        // Doc comments are documentation, not directives.
        if !python
            && (body.starts_with('!')
                || (body.starts_with('/') && !body.starts_with("//"))
                || (text[comment.clone()].starts_with("/*")
                    && body.starts_with('*')
                    && body.len() > 1))
        {
            continue;
        }
        let lead = body.len() - body.trim_start().len();
        let Some(rest) = body.trim_start().strip_prefix("racelint:") else {
            if let Some(near) = near_miss(&text[comment.clone()], body) {
                found.malformed.push(Malformed {
                    span: comment.clone(),
                    reason: near.0,
                    rewrite: near.1,
                });
            }
            continue;
        };
        let rest_at = inner.start + lead + "racelint:".len();
        match parse_directive(rest, rest_at) {
            Ok((file_wide, names)) => {
                let line = lexed.line_of(comment.start);
                let own_line = lexed.first_code[line].is_none_or(|at| at > comment.start);
                let (scope, covers) = if file_wide {
                    (Scope::File, 0..text.len())
                } else if !own_line {
                    (Scope::Line, lexed.line_range(line, text.len()))
                } else {
                    let next = (lexed.line_of(comment.end)..lexed.first_code.len())
                        .find_map(|l| lexed.first_code[l].filter(|&at| at >= comment.end));
                    match next {
                        None => (Scope::NextLine, text.len()..text.len()),
                        Some(at) => {
                            let word: String = text[at..]
                                .chars()
                                .take_while(|&c| c.is_alphanumeric() || c == '_' || c == '#')
                                .collect();
                            if python {
                                if text[at..].starts_with('@')
                                    || matches!(word.as_str(), "def" | "class" | "async")
                                {
                                    (Scope::Item, at..python_block_end(lexed, text, at))
                                } else {
                                    let l = lexed.line_of(at);
                                    (Scope::NextLine, lexed.line_range(l, text.len()))
                                }
                            } else if word.starts_with('#') || ITEM_STARTS.contains(&word.as_str())
                            {
                                (Scope::Item, at..item_end(lexed, at, text.len()))
                            } else {
                                let l = lexed.line_of(at);
                                (Scope::NextLine, lexed.line_range(l, text.len()))
                            }
                        }
                    }
                };
                let end_line = lexed.line_of(comment.end);
                let rest_of_line = &text[comment.end..lexed.line_range(end_line, text.len()).end];
                let removal = if own_line && rest_of_line.trim().is_empty() {
                    lexed.line_range(line, text.len()).start
                        ..lexed.line_range(end_line, text.len()).end
                } else {
                    let before = text[..comment.start].trim_end_matches([' ', '\t']).len();
                    before..comment.end
                };
                found.directives.push(Directive {
                    scope,
                    names,
                    comment: comment.clone(),
                    covers,
                    removal,
                });
            }
            Err(reason) => found.malformed.push(Malformed {
                span: comment.clone(),
                reason,
                rewrite: None,
            }),
        }
    }
    found
}

/// A comment that looks like a suppression but is not read as one: the
/// reason, and the comment rewritten as one when that is clear. Only a
/// `racelint` followed by `allow(...)` or `allow-file(...)` counts: prose
/// that names racelint is left alone.
fn near_miss(comment: &str, body: &str) -> Option<(String, Option<String>)> {
    let lower = body.to_ascii_lowercase();
    let at = lower.find("racelint")?;
    let after = &body[at + "racelint".len()..];
    let separator_len = after.len() - after.trim_start_matches([' ', '\t', ':', '=', '-']).len();
    let separator = &after[..separator_len];
    let directive = &after[separator_len..];
    let directive_lower = directive.to_ascii_lowercase();
    if !(directive_lower.starts_with("allow(") || directive_lower.starts_with("allow-file(")) {
        return None;
    }
    let at_start = body[..at].trim().is_empty();
    let prefix = &comment[..comment.len() - comment.trim_start_matches(['/', '*']).len()];
    let suffix = if comment.starts_with("/*") { " */" } else { "" };
    let directive = directive.trim_end().trim_end_matches("*/").trim_end();
    let rewrite = format!(
        "{prefix} racelint: {}{}{suffix}",
        &directive_lower[..directive_lower.find('(').unwrap_or(0)],
        &directive[directive_lower.find('(').unwrap_or(0)..]
    );
    if !at_start {
        return Some((
            "racelint reads a suppression only at the start of a comment".into(),
            None,
        ));
    }
    let reason = if !separator.contains(':') {
        "`racelint` needs a colon after it: `racelint: allow(...)`"
    } else if &body[at..at + "racelint".len()] != "racelint" {
        "write `racelint:` in lowercase"
    } else if separator.trim() != ":" {
        "write `racelint:` with one colon"
    } else {
        "write `allow` in lowercase"
    };
    Some((reason.into(), Some(rewrite)))
}

/// Parses `allow(a, b)` or `allow-file(a)`; names carry their byte ranges in the file.
fn parse_directive(rest: &str, at: usize) -> Result<(bool, Vec<Name>), String> {
    let trimmed = rest.trim_start();
    let offset = at + rest.len() - trimmed.len();
    let (file_wide, after) = if let Some(after) = trimmed.strip_prefix("allow-file") {
        (true, after)
    } else if let Some(after) = trimmed.strip_prefix("allow") {
        (false, after)
    } else {
        let word: String = trimmed
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        return Err(format!(
            "`{word}` is not a racelint directive (expected `allow(...)` or `allow-file(...)`)"
        ));
    };
    let open = trimmed.len() - after.len();
    let Some(list) = after.strip_prefix('(') else {
        return Err("expected `(` and the names of lints to allow".into());
    };
    let Some(close) = list.find(')') else {
        return Err("the list of names is not closed with `)`".into());
    };
    let list_at = offset + open + 1;
    let mut names = Vec::new();
    let mut start = 0;
    for part in list[..close].split(',') {
        let lead = part.len() - part.trim_start().len();
        let name = part.trim();
        if !name.is_empty() {
            let from = list_at + start + lead;
            names.push(Name {
                text: name.to_string(),
                span: from..from + name.len(),
                lints: resolve(name),
            });
        }
        start += part.len() + 1;
    }
    if names.is_empty() {
        return Err("no lint names between the parentheses".into());
    }
    Ok((file_wide, names))
}

/// The lints a name stands for: one lint, or the lints of a group.
fn resolve(name: &str) -> Vec<&'static Lint> {
    if let Some(lint) = lints::find(name) {
        return vec![lint];
    }
    match Group::from_name(name) {
        Some(group) => REGISTRY
            .iter()
            .copied()
            .filter(|l| l.group == group)
            .collect(),
        None => Vec::new(),
    }
}

/// Drops the findings that a suppression comment covers, then reports the
/// suppressions that covered nothing and the names racelint does not know
/// (at the level in force for `unused_suppression`).
pub fn apply(unit: &Unit, levels: &LintLevels, findings: &mut Vec<Finding>) {
    let level = levels.level_of(&UNUSED_SUPPRESSION);
    for (index, source) in unit.files.iter().enumerate() {
        if !source.text.contains("acelint") && !source.text.contains("ACELINT") {
            continue;
        }
        let file = FileId(index as u32);
        let suppressions = if crate::python::is_python(&source.path) {
            scan_python(&source.text)
        } else {
            scan(&source.text)
        };
        let mut used: Vec<Vec<bool>> = suppressions
            .directives
            .iter()
            .map(|d| vec![false; d.names.len()])
            .collect();
        findings.retain(|finding| {
            let span = finding.primary.span;
            if span.file != file {
                return true;
            }
            let mut keep = true;
            for (d, directive) in suppressions.directives.iter().enumerate() {
                if !directive.covers.contains(&(span.lo as usize)) {
                    continue;
                }
                for (n, name) in directive.names.iter().enumerate() {
                    if name.lints.contains(&finding.lint) {
                        used[d][n] = true;
                        keep = false;
                    }
                }
            }
            keep
        });
        if level == Level::Allow {
            continue;
        }
        // A file that does not parse has no findings to suppress yet.
        let parsed = !findings
            .iter()
            .any(|f| f.primary.span.file == file && f.lint.name == "parse_error");
        let mut reports = Vec::new();
        for malformed in &suppressions.malformed {
            let span = Span::new(file, malformed.span.clone());
            let finding = Finding::new(
                &UNUSED_SUPPRESSION,
                span,
                "this racelint comment is not understood, so it suppresses nothing",
            )
            .primary_label(malformed.reason.clone());
            reports.push(match &malformed.rewrite {
                Some(rewrite) => finding.suggest(
                    "to suppress, write it as racelint reads it",
                    vec![Edit {
                        span,
                        replacement: rewrite.clone(),
                    }],
                    Applicability::MaybeIncorrect,
                ),
                None => finding.help(
                    "write `// racelint: allow(lint_name)` or `// racelint: allow-file(lint_name)`",
                ),
            });
        }
        for (d, directive) in suppressions.directives.iter().enumerate() {
            let mut unused = Vec::new();
            for (n, name) in directive.names.iter().enumerate() {
                if name.lints.is_empty() {
                    reports.push(unknown_name(file, name));
                    continue;
                }
                let reportable = parsed
                    && !used[d][n]
                    && !name.lints.contains(&&UNUSED_SUPPRESSION)
                    && name
                        .lints
                        .iter()
                        .any(|l| levels.level_of(l) != Level::Allow);
                if reportable {
                    unused.push(n);
                }
            }
            if unused.is_empty() {
                continue;
            }
            let all_unused = unused.len() == directive.names.len();
            let listed = and_list(
                &unused
                    .iter()
                    .map(|&n| format!("`{}`", directive.names[n].text))
                    .collect::<Vec<_>>(),
            );
            let first = &directive.names[unused[0]];
            let mut finding = Finding::new(
                &UNUSED_SUPPRESSION,
                Span::new(file, first.span.clone()),
                format!("this suppression of {listed} suppresses nothing"),
            )
            .primary_label(format!(
                "no finding of this lint {}",
                directive.scope.where_()
            ));
            for &n in &unused[1..] {
                finding = finding.label(
                    Span::new(file, directive.names[n].span.clone()),
                    "nor of this one",
                );
            }
            let (message, edits) = if all_unused {
                (
                    "remove the comment".to_string(),
                    vec![Edit {
                        span: Span::new(file, directive.removal.clone()),
                        replacement: String::new(),
                    }],
                )
            } else {
                let edits = unused
                    .iter()
                    .map(|&n| Edit {
                        span: Span::new(file, name_removal(&source.text, directive, n)),
                        replacement: String::new(),
                    })
                    .collect();
                (format!("remove {listed} from the list"), edits)
            };
            finding = finding
                .note("a suppression that hides nothing would hide the next real mistake written here")
                .suggest(message, edits, Applicability::MachineApplicable);
            reports.push(finding);
        }
        for mut report in reports {
            report.level = level;
            // `allow(unused_suppression)` silences these reports too.
            let covered = suppressions.directives.iter().any(|d| {
                d.covers.contains(&(report.primary.span.lo as usize))
                    && d.names
                        .iter()
                        .any(|n| n.lints.contains(&&UNUSED_SUPPRESSION))
            });
            if !covered {
                findings.push(report);
            }
        }
    }
}

/// A finding for a name that is neither a lint nor a group.
fn unknown_name(file: FileId, name: &Name) -> Finding {
    let unknown = UnknownName::new(&name.text);
    let finding = Finding::new(
        &UNUSED_SUPPRESSION,
        Span::new(file, name.span.clone()),
        format!("unknown lint `{}` in a suppression comment", name.text),
    )
    .primary_label("racelint has no lint or group by this name, so nothing is suppressed");
    match unknown.suggestion {
        Some(close) => finding.suggest(
            "the closest name racelint knows is",
            vec![Edit {
                span: Span::new(file, name.span.clone()),
                replacement: close.to_string(),
            }],
            Applicability::MaybeIncorrect,
        ),
        None => finding.help("run `racelint --list` to see the names of the lints and groups"),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The bytes to delete to take one name out of a list: the name and the
/// comma after it (or, for the last name, the comma before it).
fn name_removal(text: &str, directive: &Directive, n: usize) -> Range<usize> {
    let span = directive.names[n].span.clone();
    if n + 1 < directive.names.len() {
        span.start..directive.names[n + 1].span.start
    } else {
        let before = text[..span.start].trim_end();
        let comma = before.strip_suffix(',').map_or(span.start, str::len);
        comma..span.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &Suppressions) -> Vec<(Scope, Vec<String>)> {
        s.directives
            .iter()
            .map(|d| (d.scope, d.names.iter().map(|n| n.text.clone()).collect()))
            .collect()
    }

    #[test]
    fn comments_in_strings_and_doc_comments_are_not_directives() {
        let text = r##"
/// racelint: allow(lost_update)
//! racelint: allow(lost_update)
fn f() {
    let s = "// racelint: allow(lost_update)";
    let r = r#"// racelint: allow(serial_join)"#;
    let c = '"'; // racelint: allow(race, join)
    let l: &'static str = "x"; /* racelint: allow-file(double_lock) */
}
"##;
        let s = scan(text);
        assert_eq!(
            names(&s),
            [
                (Scope::Line, vec!["race".to_string(), "join".to_string()]),
                (Scope::File, vec!["double_lock".to_string()]),
            ]
        );
        let race = &s.directives[0].names[0];
        assert_eq!(&text[race.span.clone()], "race");
        assert_eq!(
            race.lints.len(),
            REGISTRY.iter().filter(|l| l.group == Group::Race).count()
        );
    }

    #[test]
    fn own_line_comments_cover_the_next_line_or_item() {
        let text = "fn main() {\n    // racelint: allow(detached_thread)\n\n    spawn();\n    other();\n}\n// racelint: allow(lost_update)\n#[inline]\nfn g() {\n    x();\n}\nfn h() {}\n";
        let s = scan(text);
        assert_eq!(s.directives[0].scope, Scope::NextLine);
        assert_eq!(&text[s.directives[0].covers.clone()], "    spawn();\n");
        assert_eq!(s.directives[1].scope, Scope::Item);
        assert_eq!(
            &text[s.directives[1].covers.clone()],
            "#[inline]\nfn g() {\n    x();\n}"
        );
    }

    #[test]
    fn malformed_directives_are_kept() {
        let s = scan(
            "// racelint: alow(x)\n// racelint: allow()\n// racelint: allow(x\n// racelint allow(x)\n",
        );
        let reasons: Vec<&str> = s.malformed.iter().map(|m| m.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "`alow` is not a racelint directive (expected `allow(...)` or `allow-file(...)`)",
                "no lint names between the parentheses",
                "the list of names is not closed with `)`",
                "`racelint` needs a colon after it: `racelint: allow(...)`",
            ]
        );
    }

    #[test]
    fn near_misses_are_reported_with_the_comment_racelint_would_read() {
        let text = "\
a(); // racelint allow(lost_update)
b(); // Racelint: allow(lost_update)
c(); /* racelint :: allow-file(race) */
d(); // ok, racelint: allow(lost_update)
e(); // TODO racelint allow(double_lock) later
f(); // racelint is the linter that allows this
g(); // racelint: allow(lost_update)
";
        let s = scan(text);
        assert_eq!(s.directives.len(), 1);
        let near: Vec<(&str, &str, Option<&str>)> = s
            .malformed
            .iter()
            .map(|m| {
                (
                    &text[m.span.clone()],
                    m.reason.as_str(),
                    m.rewrite.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            near,
            [
                (
                    "// racelint allow(lost_update)",
                    "`racelint` needs a colon after it: `racelint: allow(...)`",
                    Some("// racelint: allow(lost_update)")
                ),
                (
                    "// Racelint: allow(lost_update)",
                    "write `racelint:` in lowercase",
                    Some("// racelint: allow(lost_update)")
                ),
                (
                    "/* racelint :: allow-file(race) */",
                    "write `racelint:` with one colon",
                    Some("/* racelint: allow-file(race) */")
                ),
                (
                    "// ok, racelint: allow(lost_update)",
                    "racelint reads a suppression only at the start of a comment",
                    None
                ),
                (
                    "// TODO racelint allow(double_lock) later",
                    "racelint reads a suppression only at the start of a comment",
                    None
                ),
            ]
        );
    }

    #[test]
    fn removing_one_name_keeps_the_others() {
        let text = "x(); // racelint: allow(a, b, c)\n";
        let s = scan(text);
        let d = &s.directives[0];
        let cut = |n| {
            let r = name_removal(text, d, n);
            format!("{}{}", &text[..r.start], &text[r.end..])
        };
        assert_eq!(cut(0), "x(); // racelint: allow(b, c)\n");
        assert_eq!(cut(1), "x(); // racelint: allow(a, c)\n");
        assert_eq!(cut(2), "x(); // racelint: allow(a, b)\n");
        let r = d.removal.clone();
        assert_eq!(format!("{}{}", &text[..r.start], &text[r.end..]), "x();\n");
        let text = "fn f() {\n    // racelint: allow(a)\n    x();\n}\n";
        let r = scan(text).directives[0].removal.clone();
        assert_eq!(
            format!("{}{}", &text[..r.start], &text[r.end..]),
            "fn f() {\n    x();\n}\n"
        );
    }
}
