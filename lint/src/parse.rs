//! Reading a file's syntax with syn, and what racelint does when syn cannot.
//!
//! - Code of editions 2015 and 2018 that syn, which reads 2021 syntax, does
//!   not take (`async` as a name, `Box<Fn(i32)>`, trait methods with
//!   unnamed parameters) is read again with those forms rewritten, token by
//!   token, so that every span stays where it was.
//! - A file that does not parse gets a `parse_error`: for brackets that are
//!   not closed, or closed by the wrong one, one for each problem rustc's
//!   lexer reports, said as rustc says it (which delimiter, where it opened,
//!   where it closed or where the file ended); otherwise syn's message. The items of the file that parse on their own
//!   are still linted: the file is split at the items that start a line, the
//!   items that do not parse are blanked out (lines and columns kept), and
//!   the rest is read as the file.
//! - A large file is cut into slices of whole top-level items that the
//!   model parses one at a time ([`slices`], [`parse_slice`]), so that the
//!   syntax tree of the whole file (about 90 times its size) never exists.
//! - A file pulled into another with `include!` that is not a list of items
//!   (an expression, statements) is read that way and left out of the
//!   analysis; one that reads as nothing gets an `unreadable` warning.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{Delimiter, Group, Ident, Spacing, TokenStream, TokenTree};

mod brackets;

use crate::diagnostic::Finding;
use crate::lints;
use crate::source::{FileId, SourceFile, Span};
use crate::unit::{Edition, ParsedFile, Syntax, Unit};

/// What reading one file gave: its syntax (all of it, or the items that
/// parse), and the findings about what could not be read.
pub struct Read<'a> {
    pub file: Option<ParsedFile<'a>>,
    pub findings: Vec<Finding>,
}

/// The number of bytes `syn::parse_file` skips at the start of a file: a
/// byte order mark and a shebang line.
pub fn syntax_base(text: &str) -> usize {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    if rest.starts_with("#!") && !rest[2..].trim_start().starts_with('[') {
        bom + rest.find('\n').unwrap_or(rest.len())
    } else {
        bom
    }
}

/// Parses a file's text as its edition reads it.
pub fn parse_text(text: &str, edition: Edition) -> syn::Result<syn::File> {
    let error = match syn::parse_file(text) {
        Ok(file) => return Ok(file),
        Err(error) => error,
    };
    if edition <= Edition::E2018 {
        let base = syntax_base(text);
        if let Ok(tokens) = TokenStream::from_str(&text[base..])
            && let Ok(file) = syn::parse2::<syn::File>(older_edition(tokens, edition))
        {
            return Ok(file);
        }
    }
    Err(error)
}

/// Files at least this large are read a slice at a time (see
/// [`Syntax::Sliced`]).
pub const SLICE_FROM: usize = 256 << 10;

/// About how much text one slice of a large file holds.
pub const SLICE_BYTES: usize = 64 << 10;

/// Reads one file of a unit. A large file is only cut into slices here:
/// the model parses them one at a time (and, should one not parse, the
/// file is read again whole with [`read_whole`]).
pub fn read<'a>(unit: &Unit, id: FileId, source: &'a SourceFile) -> Read<'a> {
    let text = &source.text;
    if text.len() >= SLICE_FROM
        && unit.edition >= Edition::E2021
        && let Some(slices) = slices(text, syntax_base(text), SLICE_BYTES)
    {
        return Read {
            file: Some(ParsedFile {
                id,
                source,
                syntax: Syntax::Sliced(slices),
                base: syntax_base(text),
            }),
            findings: Vec::new(),
        };
    }
    read_whole(unit, id, source)
}

/// Reads one file of a unit, all of it at once.
pub fn read_whole<'a>(unit: &Unit, id: FileId, source: &'a SourceFile) -> Read<'a> {
    let text = &source.text;
    let base = syntax_base(text);
    let error = match parse_text(text, unit.edition) {
        Ok(syntax) => {
            return Read {
                file: Some(ParsedFile {
                    id,
                    source,
                    syntax: Syntax::Whole(syntax),
                    base,
                }),
                findings: Vec::new(),
            };
        }
        Err(error) => error,
    };
    if let Some(includer) = included_by(unit, source) {
        return Read {
            file: None,
            findings: included_fragment(id, source, &includer)
                .into_iter()
                .collect(),
        };
    }
    let mut findings = lexer_errors(id, source, base);
    if findings.is_empty() {
        findings.push(syntax_error(id, text, base, &error));
    }
    if source.unreached {
        findings = findings.into_iter().map(unreached).collect();
    }
    let (syntax, skipped) = recover(text, base, unit.edition);
    let file = syntax.map(|syntax| ParsedFile {
        id,
        source,
        syntax: Syntax::Whole(syntax),
        base,
    });
    let findings = findings
        .into_iter()
        .map(|finding| {
            if file.is_none() || skipped.is_empty() {
                return finding.note(
                    "racelint lints the rest of the crate; this file is skipped until it parses",
                );
            }
            // The code skipped around this error (all of it, if none is).
            let spans: Vec<Span> = std::iter::once(finding.primary.span)
                .chain(finding.labels.iter().map(|l| l.span))
                .collect();
            let near = |r: &&Range<usize>| {
                spans
                    .iter()
                    .any(|s| r.start <= s.lo as usize && (s.lo as usize) < r.end)
            };
            let all = !skipped.iter().any(|r| near(&r));
            // Pieces next to each other are said as one.
            let mut around: Vec<Range<usize>> = Vec::new();
            for r in skipped.iter().filter(|r| all || near(r)) {
                match around.last_mut() {
                    Some(last) if last.end == r.start => last.end = r.end,
                    _ => around.push(r.clone()),
                }
            }
            let lines = around
                .iter()
                .map(|r| {
                    // The lines of the code skipped, without the blank lines around it.
                    let part = &text[r.clone()];
                    let start = r.start + (part.len() - part.trim_start().len());
                    let end = (r.start + part.trim_end().len()).max(start);
                    let (a, b) = (
                        source.line_index(start) + 1,
                        source.line_index(end.saturating_sub(1).max(start)) + 1,
                    );
                    if a == b {
                        format!("line {a}")
                    } else {
                        format!("lines {a}-{b}")
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            finding.note(format!(
                "racelint skipped the code it could not read ({lines}) and linted the rest of this file"
            ))
        })
        .collect();
    Read { file, findings }
}

/// A syntax error in a file that no `mod` reaches: the compiler never
/// builds it, so it is an `unreadable` warning at the same place.
fn unreached(mut finding: Finding) -> Finding {
    finding.lint = &lints::unreadable::UNREADABLE;
    if finding.primary.message.is_empty() {
        finding.primary.message = finding.message.clone();
    }
    finding.message =
        "this file does not parse, but no `mod` reaches it, so the compiler does not build it"
            .into();
    finding.note("declare it with `mod` to build it, or delete it")
}

/// The `parse_error` of syn's message, at syn's place.
fn syntax_error(id: FileId, text: &str, base: usize, error: &syn::Error) -> Finding {
    let range = error.span().byte_range();
    let lo = (range.start + base).min(text.len());
    let hi = (range.end + base).clamp(lo, text.len());
    Finding::new(
        &lints::PARSE_ERROR,
        Span::new(id, lo..hi),
        format!("this file could not be parsed: {error}"),
    )
    .primary_label(error.to_string())
}

// ---------------------------------------------------------------------------
// Tokens and brackets

/// What rustc's lexer would say about the file, if the file cannot be split
/// into tokens: a string, character or block comment left open, or the
/// bracket problems (see [`brackets::delimiters`]). Empty when it can.
fn lexer_errors(id: FileId, source: &SourceFile, base: usize) -> Vec<Finding> {
    let text = &source.text;
    let Err(error) = TokenStream::from_str(&text[base..]) else {
        return Vec::new();
    };
    let start = error.span().start();
    let at = source.offset_of(start.line, start.column).min(text.len());
    let rest = &text[at..];
    let what = if rest.starts_with("/*") {
        Some("unterminated block comment")
    } else if rest.starts_with('"') || rest.starts_with("b\"") || rest.starts_with("c\"") {
        Some("unterminated double quote string")
    } else if ["r\"", "r#", "br\"", "br#", "cr\"", "cr#"]
        .iter()
        .any(|p| rest.starts_with(p))
    {
        Some("unterminated raw string")
    } else if rest.starts_with('\'') || rest.starts_with("b'") {
        Some("unterminated character literal")
    } else {
        None
    };
    match what {
        Some(what) => {
            let end = rest.chars().next().map_or(at, |c| at + c.len_utf8());
            vec![
                Finding::new(&lints::PARSE_ERROR, Span::new(id, at..end), what)
                    .primary_label(format!("{what}: it is not closed before the file ends")),
            ]
        }
        None => brackets::delimiters(id, text, base),
    }
}

// ---------------------------------------------------------------------------
// Recovery

/// The syntax of the items that parse on their own, read from the file with
/// the others blanked out, and the byte ranges left out; `None` when no item
/// parses or the file cannot be split into items.
fn recover(text: &str, base: usize, edition: Edition) -> (Option<syn::File>, Vec<Range<usize>>) {
    let chunks = items(text, base);
    let mut skipped: Vec<Range<usize>> = Vec::new();
    for chunk in &chunks {
        let part = &text[chunk.clone()];
        // A chunk that is only comments and space parses; so does the
        // part before the first item (inner attributes, `use`s).
        if parse_text(part, edition).is_err() {
            skipped.push(chunk.clone());
        }
    }
    if skipped.is_empty() || skipped.iter().map(|r| r.len()).sum::<usize>() >= text.len() - base {
        return (None, skipped);
    }
    let mut blanked = String::with_capacity(text.len());
    let mut at = 0;
    for range in &skipped {
        blanked.push_str(&text[at..range.start]);
        blanked.extend(
            text[range.clone()]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' }),
        );
        at = range.end;
    }
    blanked.push_str(&text[at..]);
    match parse_text(&blanked, edition) {
        Ok(file) => (Some(file), skipped),
        Err(_) => (None, skipped),
    }
}

// ---------------------------------------------------------------------------
// Slices of a large file

/// A large file cut into slices of about `size` bytes, each made of whole
/// top-level items (cut where an item starts a line, outside any bracket),
/// the first from the file's first byte; `None` when it makes fewer than two.
pub fn slices(text: &str, base: usize, size: usize) -> Option<Vec<Range<usize>>> {
    let (chunks, brackets) = items_and_brackets(text, base);
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth: i64 = 0;
    let mut punct = brackets.iter().peekable();
    for chunk in chunks.iter().skip(1) {
        while let Some(&&(at, c)) = punct.peek() {
            if at >= chunk.start {
                break;
            }
            match c {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth -= 1,
                _ => {}
            }
            punct.next();
        }
        if depth == 0 && chunk.start - start >= size {
            out.push(start..chunk.start);
            start = chunk.start;
        }
    }
    out.push(start..text.len());
    (out.len() > 1).then_some(out)
}

/// The syntax of one slice of a file's text, if it reads as whole items on
/// its own: a slice after the first may not hold what only the start of a
/// file may (inner attributes, a shebang, a byte order mark).
pub fn parse_slice(text: &str, range: Range<usize>, edition: Edition) -> Option<syn::File> {
    let part = &text[range.clone()];
    if range.start > 0 && syntax_base(part) > 0 {
        return None;
    }
    let file = parse_text(part, edition).ok()?;
    (range.start == 0 || file.attrs.is_empty()).then_some(file)
}

/// The structs, enums and unions a slice defines outside function bodies
/// (at its top level and in inline modules), read from its tokens alone;
/// `None` when it does not split into tokens.
pub fn type_names(text: &str, range: Range<usize>) -> Option<Vec<String>> {
    let part = &text[range];
    let tokens = TokenStream::from_str(&part[syntax_base(part)..]).ok()?;
    let mut names = Vec::new();
    type_names_in(tokens, &mut names);
    Some(names)
}

fn type_names_in(tokens: TokenStream, names: &mut Vec<String>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, token) in tokens.iter().enumerate() {
        let TokenTree::Ident(keyword) = token else {
            continue;
        };
        match tokens.get(i + 1) {
            Some(TokenTree::Ident(name))
                if keyword == "struct" || keyword == "enum" || keyword == "union" =>
            {
                names.push(name.to_string());
            }
            Some(TokenTree::Ident(_)) if keyword == "mod" => {
                if let Some(TokenTree::Group(body)) = tokens.get(i + 2)
                    && body.delimiter() == Delimiter::Brace
                {
                    type_names_in(body.stream(), names);
                }
            }
            _ => {}
        }
    }
}

/// The syntax of a slice for collecting its items, before any body is
/// walked: as [`parse_slice`], but a free function whose body declares no
/// item of its own comes with an empty body, which is cheaper to build.
/// `None` when the slice does not parse (a body skipped here may still not
/// parse: the full parse of the slice finds it).
pub fn parse_slice_items(text: &str, range: Range<usize>, edition: Edition) -> Option<syn::File> {
    if range.start == 0 {
        return parse_slice(text, range, edition);
    }
    let part = &text[range];
    if syntax_base(part) > 0 {
        return None;
    }
    let file = syn::parse::Parser::parse_str(items_skipping_bodies, part).ok()?;
    file.attrs.is_empty().then_some(file)
}

/// A file's items, free functions whose bodies declare no items with
/// empty bodies.
fn items_skipping_bodies(input: syn::parse::ParseStream<'_>) -> syn::Result<syn::File> {
    let attrs = input.call(syn::Attribute::parse_inner)?;
    let mut items = Vec::new();
    while !input.is_empty() {
        let ahead = input.fork();
        match function_without_items(&ahead) {
            Some(item) => {
                syn::parse::discouraged::Speculative::advance_to(input, &ahead);
                items.push(item);
            }
            None => items.push(input.parse()?),
        }
    }
    Ok(syn::File {
        shebang: None,
        attrs,
        items,
    })
}

/// A free function whose body declares no items (nor inner attributes),
/// with an empty body in place of its own.
fn function_without_items(input: syn::parse::ParseStream<'_>) -> Option<syn::Item> {
    let attrs = input.call(syn::Attribute::parse_outer).ok()?;
    let vis: syn::Visibility = input.parse().ok()?;
    let sig: syn::Signature = input.parse().ok()?;
    let brace = input
        .step(|cursor| {
            let (inside, span, rest) = cursor
                .group(Delimiter::Brace)
                .ok_or_else(|| cursor.error("no body"))?;
            if may_declare_items(inside) {
                return Err(cursor.error("a body with items"));
            }
            Ok((syn::token::Brace { span }, rest))
        })
        .ok()?;
    Some(syn::Item::Fn(syn::ItemFn {
        attrs,
        vis,
        sig,
        block: Box::new(syn::Block {
            brace_token: brace,
            stmts: Vec::new(),
        }),
    }))
}

/// Whether tokens may hold an item (or an inner attribute): a keyword that
/// starts one, or a macro followed by a name (`macro_rules! m`).
fn may_declare_items(mut cursor: syn::buffer::Cursor<'_>) -> bool {
    const STARTS_ITEM: &[&str] = &[
        "fn",
        "impl",
        "trait",
        "mod",
        "static",
        "const",
        "struct",
        "enum",
        "union",
        "type",
        "use",
        "extern",
        "macro",
        "macro_rules",
        "pub",
        "crate",
        "default",
        "auto",
    ];
    let mut after_bang = false;
    let mut first = true;
    while !cursor.eof() {
        if let Some((ident, rest)) = cursor.ident() {
            if after_bang || STARTS_ITEM.iter().any(|k| ident == k) {
                return true;
            }
            cursor = rest;
            after_bang = false;
        } else if let Some((punct, rest)) = cursor.punct() {
            if first
                && punct.as_char() == '#'
                && rest.punct().is_some_and(|(p, _)| p.as_char() == '!')
            {
                return true;
            }
            after_bang = punct.as_char() == '!';
            cursor = rest;
        } else if let Some((inside, _, _, rest)) = cursor.any_group() {
            if may_declare_items(inside) {
                return true;
            }
            cursor = rest;
            after_bang = false;
        } else if let Some((_, rest)) = cursor.token_tree() {
            cursor = rest;
            after_bang = false;
        } else {
            break;
        }
        first = false;
    }
    false
}

/// The file cut into pieces that each start an item at the start of a line
/// (with the comments and attributes above it), as formatted code lays them
/// out; the first piece starts after the byte order mark and shebang.
fn items(text: &str, base: usize) -> Vec<Range<usize>> {
    items_and_brackets(text, base).0
}

/// [`items`], and the places of the brackets (and `;`) in code.
fn items_and_brackets(text: &str, base: usize) -> (Vec<Range<usize>>, Vec<(usize, u8)>) {
    let mut lexed = crate::suppress::lex(text);
    let bytes = text.as_bytes();
    let mut starts = vec![base];
    let mut attribute_above = false;
    // The first line of the comments and blank lines just above, if any.
    let mut comments_from: Option<usize> = None;
    for (line, first) in lexed.first_code.iter().enumerate() {
        let line_start = lexed.line_starts[line];
        let Some(at) = *first else {
            if line_start >= base {
                comments_from.get_or_insert(line_start);
            }
            continue;
        };
        let top_level = at == line_start && at > base;
        if top_level && !matches!(bytes[at], b'}' | b')' | b']') && !attribute_above {
            let start = comments_from.unwrap_or(line_start);
            if start > *starts.last().unwrap_or(&0) {
                starts.push(start);
            }
        }
        if at == line_start {
            attribute_above = text[at..].starts_with("#[");
        }
        comments_from = None;
    }
    starts.push(text.len());
    let chunks = starts.windows(2).map(|w| w[0]..w[1]).collect();
    (chunks, std::mem::take(&mut lexed.punct))
}

// ---------------------------------------------------------------------------
// Editions 2015 and 2018

/// The tokens of a 2015 or 2018 file rewritten into what syn reads, with
/// the same spans: bare `Fn(..)` trait objects get `dyn`; in 2015, `async`,
/// `await`, `try` and `dyn` used as names become raw identifiers, and trait
/// methods' unnamed parameters get `_:`.
fn older_edition(tokens: TokenStream, edition: Edition) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(tokens.len());
    let mut in_trait = false;
    for (i, token) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1);
        match token {
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                if edition == Edition::E2015
                    && (matches!(name.as_str(), "async" | "await" | "try")
                        || (name == "dyn" && !starts_type(next)))
                {
                    out.push(Ident::new_raw(&name, ident.span()).into());
                    continue;
                }
                if matches!(name.as_str(), "Fn" | "FnMut" | "FnOnce")
                    && matches!(next, Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis)
                    && takes_type(out.last())
                {
                    out.push(Ident::new("dyn", ident.span()).into());
                }
                if name == "trait" {
                    in_trait = true;
                }
                out.push(token.clone());
            }
            TokenTree::Group(group) => {
                let mut stream = older_edition(group.stream(), edition);
                if group.delimiter() == Delimiter::Brace && in_trait {
                    in_trait = false;
                    if edition == Edition::E2015 {
                        stream = name_trait_parameters(stream);
                    }
                }
                let mut copy = Group::new(group.delimiter(), stream);
                copy.set_span(group.span());
                out.push(copy.into());
            }
            _ => out.push(token.clone()),
        }
    }
    out.into_iter().collect()
}

/// In a trait's body, the unnamed parameters of its methods get `_:`.
fn name_trait_parameters(body: TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = body.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(tokens.len());
    for token in tokens {
        if let TokenTree::Group(group) = &token
            && group.delimiter() == Delimiter::Parenthesis
            && matches!(
                (out.len().checked_sub(2).map(|k| &out[k]), out.last()),
                (Some(TokenTree::Ident(f)), Some(TokenTree::Ident(_))) if f == "fn"
            )
        {
            let mut copy = Group::new(Delimiter::Parenthesis, name_parameters(group.stream()));
            copy.set_span(group.span());
            out.push(copy.into());
            continue;
        }
        out.push(token);
    }
    out.into_iter().collect()
}

/// `(u8, &str)` as `(_: u8, _: &str)`: each parameter without a `:` at its
/// top level, other than `self`, gets `_:` in front.
fn name_parameters(params: TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = params.into_iter().collect();
    let mut out = Vec::with_capacity(tokens.len() + 8);
    for param in tokens.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')) {
        if !out.is_empty() {
            out.push(TokenTree::Punct(proc_macro2::Punct::new(
                ',',
                Spacing::Alone,
            )));
        }
        let named = param
            .iter()
            .any(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ':'));
        let is_self = param
            .iter()
            .any(|t| matches!(t, TokenTree::Ident(i) if i == "self"));
        if !param.is_empty() && !named && !is_self {
            let span = param[0].span();
            out.push(Ident::new("_", span).into());
            let mut colon = proc_macro2::Punct::new(':', Spacing::Alone);
            colon.set_span(span);
            out.push(colon.into());
        }
        out.extend(param.iter().cloned());
    }
    out.into_iter().collect()
}

/// Whether a type can start at the token after this one (for `Fn(..)`
/// written without `dyn`): after `<`, `,`, `&`, `&mut`, `(`, `->`, `=`, `as`.
fn takes_type(previous: Option<&TokenTree>) -> bool {
    match previous {
        None => true,
        Some(TokenTree::Punct(p)) => matches!(p.as_char(), '<' | ',' | '&' | '>' | '='),
        Some(TokenTree::Ident(i)) => i == "mut" || i == "as",
        _ => false,
    }
}

/// Whether `dyn` before this token is the keyword (`dyn Trait`, `dyn ::a::T`,
/// `dyn 'a + T`, `dyn for<'a> Fn(..)`, `dyn ?Sized`).
fn starts_type(next: Option<&TokenTree>) -> bool {
    match next {
        Some(TokenTree::Ident(i)) => i != "as" && i != "in",
        Some(TokenTree::Punct(p)) => matches!(p.as_char(), ':' | '\'' | '?' | '<'),
        Some(TokenTree::Group(g)) => g.delimiter() == Delimiter::Parenthesis,
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// include!

/// How many entries of a folder are looked at for an `include!` of a file
/// that does not parse, so that a folder of broken files stays linear.
const MAX_NEIGHBOURS: usize = 256;

/// Where a file is pulled in with `include!`, if it is: the name of the file
/// that includes it. The other files of the unit are looked at first, then,
/// for a file linted on its own, the `.rs` files of its folder and the
/// folder above.
fn included_by(unit: &Unit, source: &SourceFile) -> Option<String> {
    let target = normalize(&source.path);
    for other in &unit.files {
        if includes(&other.path, &other.text, &target) {
            return Some(other.name.clone());
        }
    }
    // A package's files are all in the unit; a file linted on its own is
    // looked for in the few files around it.
    if unit.files.len() > 1 {
        return None;
    }
    let dir = source.path.parent()?;
    for folder in [Some(dir), dir.parent()].into_iter().flatten() {
        let Ok(entries) = std::fs::read_dir(folder) else {
            continue;
        };
        for entry in entries.flatten().take(MAX_NEIGHBOURS) {
            let path = entry.path();
            // Regular files only (a named pipe would never end), and not too many.
            let regular = entry.file_type().is_ok_and(|t| t.is_file())
                && entry.metadata().is_ok_and(|m| m.len() <= 1 << 20);
            if !regular || path.extension().is_none_or(|e| e != "rs") || normalize(&path) == target
            {
                continue;
            }
            if let Ok(text) = std::fs::read_to_string(&path)
                && includes(&path, &text, &target)
            {
                return Some(path.file_name()?.to_string_lossy().into_owned());
            }
        }
    }
    None
}

/// Whether the file at `path` with this text has an `include!("...")` of `target`.
fn includes(path: &Path, text: &str, target: &Path) -> bool {
    let Some(dir) = path.parent() else {
        return false;
    };
    text.match_indices("include!").any(|(at, _)| {
        let rest = text[at + "include!".len()..].trim_start();
        let Some(rest) = rest.strip_prefix(['(', '[', '{']) else {
            return false;
        };
        let Some(rest) = rest.trim_start().strip_prefix('"') else {
            return false;
        };
        rest.find('"')
            .is_some_and(|end| normalize(&dir.join(&rest[..end])) == target)
    })
}

/// A path with `.` and `..` resolved, through the file system when it can.
fn normalize(path: &Path) -> PathBuf {
    if let Ok(path) = std::fs::canonicalize(path) {
        return path;
    }
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// An included file that is not items: read as an expression or as
/// statements, it is valid where it is included and is left out of the
/// analysis (nothing to report); read as nothing, it is `unreadable`, at
/// the place where reading it as statements stopped.
fn included_fragment(id: FileId, source: &SourceFile, includer: &str) -> Option<Finding> {
    let base = syntax_base(&source.text);
    let text = &source.text[base..];
    let statements = |input: syn::parse::ParseStream<'_>| syn::Block::parse_within(input);
    let error = match syn::parse_str::<syn::Expr>(text) {
        Ok(_) => return None,
        Err(_) => match syn::parse::Parser::parse_str(statements, text) {
            Ok(_) => return None,
            Err(error) => error,
        },
    };
    let range = error.span().byte_range();
    let lo = (range.start + base).min(source.text.len());
    let hi = (range.end + base).clamp(lo, source.text.len());
    Some(
        Finding::new(
            &lints::unreadable::UNREADABLE,
            Span::new(id, lo..hi),
            format!(
                "racelint could not read this file, which `{includer}` pulls in with `include!`"
            ),
        )
        .primary_label(format!(
            "read as items, an expression or statements: {error}"
        ))
        .note(
            "an included file is read in the place it is included; racelint reads it only \
             as items, an expression or statements, and skips it otherwise",
        ),
    )
}
