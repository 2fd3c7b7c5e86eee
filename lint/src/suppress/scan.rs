//! Reading the directives: `racelint: allow(..)` and `allow-file(..)` at
//! the start of a comment, their names resolved to lints, and the code each
//! one covers (its line, the next line, the item below, or the file).

use crate::diagnostic::{Group, Lint};
use crate::lints::{self, REGISTRY};

use super::lex::{Lexed, lex, lex_python};
use super::near_miss::near_miss;
use super::{Directive, Malformed, Name, Scope, Suppressions};

/// Reads the suppression comments of a file.
pub fn scan(text: &str) -> Suppressions {
    scan_lexed(text, &lex(text), false)
}

/// Reads the suppression comments (`# racelint: allow(..)`) of a Python file.
pub fn scan_python(text: &str) -> Suppressions {
    scan_lexed(text, &lex_python(text), true)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Group;

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
}
