//! Brackets that do not match, found as rustc's lexer finds them and said as
//! it says them: each closing bracket of the wrong kind, then either a closing
//! bracket with nothing to close (where rustc stops reading) or the brackets
//! still open where the file ends.

use crate::diagnostic::Finding;
use crate::lints;
use crate::source::{FileId, Span};

/// The problems with the file's brackets, each said as rustc says it, found
/// the way rustc's lexer finds them: each closing bracket of the wrong kind
/// (with the bracket it leaves unclosed and the one of its kind at the same
/// indentation it may have been meant for), then either a closing bracket
/// with nothing to close (where rustc stops reading) or the brackets still
/// open where the file ends. Empty when they match.
pub(super) fn delimiters(id: FileId, text: &str, base: usize) -> Vec<Finding> {
    let lexed = crate::suppress::lex(text);
    let tokens: Vec<(usize, u8)> = lexed
        .punct
        .iter()
        .copied()
        .filter(|&(at, c)| at >= base && matches!(c, b'(' | b'[' | b'{' | b')' | b']' | b'}'))
        .collect();
    let mut lexer = Brackets {
        text,
        tokens: &tokens,
        next: 0,
        open: Vec::new(),
        mismatched: Vec::new(),
        last_found: None,
        blocks: Vec::new(),
        empty_blocks: Vec::new(),
    };
    let span = |at: usize| Span::new(id, at..at + 1);
    let last = lexer.top_level(id);
    let mut findings: Vec<Finding> = Vec::new();
    for m in &lexer.mismatched {
        let mut finding = Finding::new(
            &lints::PARSE_ERROR,
            span(m.unclosed),
            format!("mismatched closing delimiter: `{}`", m.found_char as char),
        )
        .primary_label(format!(
            "unclosed delimiter `{}`",
            text.as_bytes()[m.unclosed] as char
        ))
        .label(span(m.found), "mismatched closing delimiter");
        if let Some(candidate) = m.candidate {
            finding = finding.label(span(candidate), "closing delimiter possibly meant for this");
        }
        findings.push(finding);
    }
    findings.extend(last);
    findings
}

/// The state of rustc's token-tree lexer, over the file's brackets only.
struct Brackets<'t> {
    text: &'t str,
    tokens: &'t [(usize, u8)],
    next: usize,
    /// The brackets open, outermost first.
    open: Vec<(usize, u8)>,
    /// Each closing bracket of the wrong kind, in order.
    mismatched: Vec<Mismatch>,
    /// The last closing bracket reported as mismatched: not again.
    last_found: Option<usize>,
    /// Braces that match, open and close.
    blocks: Vec<(usize, usize)>,
    /// `{}` on one line.
    empty_blocks: Vec<(usize, usize)>,
}

struct Mismatch {
    found: usize,
    found_char: u8,
    unclosed: usize,
    candidate: Option<usize>,
}

/// How many brackets left open at the end of the file are pointed at.
const UNCLOSED_SHOWN: usize = 5;

impl Brackets<'_> {
    /// Reads the file's brackets; the finding that ends the reading (a
    /// closing bracket with nothing to close, or the end of the file with
    /// brackets open), if any. Mismatches are collected on the way.
    fn top_level(&mut self, id: FileId) -> Option<Finding> {
        let end = self.read()?;
        Some(self.ending(id, end))
    }

    /// rustc's token trees, without recursion (a broken file may open
    /// brackets without end): where reading must stop, if it must.
    fn read(&mut self) -> Option<End> {
        while let Some(&(at, c)) = self.tokens.get(self.next) {
            if matches!(c, b'(' | b'[' | b'{') {
                self.open.push((at, c));
                self.next += 1;
                continue;
            }
            let Some(&(open_at, open)) = self.open.last() else {
                return Some(End::Unexpected(at, c));
            };
            let wanted = opener(c);
            if open == wanted {
                self.open.pop();
                if open == b'{' {
                    let inside = &self.text[open_at + 1..at];
                    if inside.trim().is_empty() && !inside.contains('\n') {
                        self.empty_blocks.push((open_at, at));
                    }
                    self.blocks.push((open_at, at));
                }
                self.next += 1;
                continue;
            }
            if self.last_found != Some(at) {
                self.last_found = Some(at);
                let candidate = self
                    .open
                    .iter()
                    .filter(|&&(o, k)| k == wanted && self.same_indentation(o, at))
                    .map(|&(o, _)| o)
                    .next_back();
                self.mismatched.push(Mismatch {
                    found: at,
                    found_char: c,
                    unclosed: open_at,
                    candidate,
                });
            }
            self.open.pop();
            // A closing bracket that an outer group may want is left for it.
            if !self.open.iter().any(|&(_, k)| k == wanted) {
                self.next += 1;
            }
        }
        (!self.open.is_empty()).then_some(End::Eof)
    }

    /// Whether the lines of the two places start with the same indentation.
    fn same_indentation(&self, a: usize, b: usize) -> bool {
        let indentation = |at: usize| {
            let line = &self.text[self.text[..at].rfind('\n').map_or(0, |n| n + 1)..at];
            &line[..line.len() - line.trim_start().len()]
        };
        indentation(a) == indentation(b)
    }

    fn ending(&mut self, id: FileId, end: End) -> Finding {
        let span = |at: usize| Span::new(id, at..at + 1);
        match end {
            End::Unexpected(at, c) => {
                let mut finding = Finding::new(
                    &lints::PARSE_ERROR,
                    span(at),
                    format!("unexpected closing delimiter: `{}`", c as char),
                )
                .primary_label("unexpected closing delimiter");
                // A `)` or `]` of the wrong kind earlier is likely the cause:
                // it is told here rather than on its own.
                let (folded, kept): (Vec<Mismatch>, Vec<Mismatch>) =
                    std::mem::take(&mut self.mismatched)
                        .into_iter()
                        .partition(|m| m.found_char != b'}');
                self.mismatched = kept;
                for m in &folded {
                    finding = finding
                        .label(span(m.unclosed), "the nearest open delimiter")
                        .label(
                            span(m.found),
                            format!(
                                "missing open `{}` for this delimiter",
                                opener(m.found_char) as char
                            ),
                        );
                }
                if folded.is_empty() {
                    finding = self.suspicious_block(finding, id, c);
                }
                finding
            }
            End::Eof => {
                let end = self.text.trim_end().len();
                let mut finding = Finding::new(
                    &lints::PARSE_ERROR,
                    Span::new(id, end..end),
                    "this file contains an unclosed delimiter",
                )
                .primary_label("the file ends here");
                for &(at, c) in self.open.iter().take(UNCLOSED_SHOWN) {
                    finding =
                        finding.label(span(at), format!("unclosed delimiter `{}`", c as char));
                }
                if self.open.len() >= UNCLOSED_SHOWN + 2 {
                    finding = finding.label(
                        span(self.open[UNCLOSED_SHOWN].0),
                        format!(
                            "another {} unclosed delimiters begin from here",
                            self.open.len() - UNCLOSED_SHOWN
                        ),
                    );
                }
                match self.open.last() {
                    Some(&(_, c)) => self.suspicious_block(finding, id, c),
                    None => finding,
                }
            }
        }
    }

    /// rustc's hint for a block whose closing brace is not indented as its
    /// opening line: the innermost such block not inside a well-indented one.
    fn suspicious_block(&self, mut finding: Finding, id: FileId, delimiter: u8) -> Finding {
        let span = |at: usize| Span::new(id, at..at + 1);
        let mut blocks: Vec<((usize, usize), bool)> = self
            .blocks
            .iter()
            .map(|&(o, c)| ((o, c), self.same_indentation(o, c)))
            .collect();
        blocks.sort_by_key(|((o, _), _)| *o);
        for i in 0..blocks.len() {
            let ((o, c), well) = blocks[i];
            if well {
                for inner in &mut blocks[i + 1..] {
                    if o <= inner.0.0 && inner.0.1 <= c {
                        inner.1 = true;
                    }
                }
            }
        }
        if let Some(&((o, c), _)) = blocks.iter().rev().find(|(_, well)| !well) {
            finding = finding
                .label(span(o), "this delimiter might not be properly closed...")
                .label(
                    span(c),
                    "...as it matches this but it has different indentation",
                );
            if matches!(delimiter, b'{' | b'}')
                && let Some(&(eo, _)) = self
                    .empty_blocks
                    .iter()
                    .find(|&&(eo, ec)| o <= eo && ec <= c)
            {
                finding = finding.label(
                    span(eo),
                    "block is empty, you might have not meant to close it",
                );
            }
        } else if let Some(&(o, c)) = self.blocks.last()
            && self.open.is_empty()
            && !self.empty_blocks.contains(&(o, c))
        {
            finding = finding
                .label(span(o), "this opening brace...")
                .label(span(c), "...matches this closing brace");
        }
        finding
    }
}

/// Where rustc's lexer stops reading.
enum End {
    /// A closing bracket with nothing open.
    Unexpected(usize, u8),
    /// The end of the file inside brackets.
    Eof,
}

fn opener(closer: u8) -> u8 {
    match closer {
        b')' => b'(',
        b']' => b'[',
        _ => b'{',
    }
}
