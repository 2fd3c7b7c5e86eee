//! The analysis of one unit (a package, or a file given on the command line):
//! parse every file, build the model once, run every lint on it.

use crate::config::LintLevels;
use crate::diagnostic::Finding;
use crate::diagnostic::{Level, Lint};
use crate::lints::{self, CheckFn};
use crate::model::Model;
use crate::source::{FileId, SourceFile, Span};
pub use crate::unit::{Edition, ParsedFile, Unit};

/// Parses one file on its own (a unit of one file, edition 2021); a syntax
/// error becomes a `parse_error` finding, located as rustc would.
pub fn parse(id: FileId, source: &SourceFile) -> Result<ParsedFile<'_>, Box<Finding>> {
    let unit = Unit {
        files: Vec::new(),
        edition: Edition::E2021,
    };
    let mut read = crate::parse::read_whole(&unit, id, source);
    match read.file.take() {
        Some(file) if read.findings.is_empty() => Ok(file),
        _ => Err(Box::new(read.findings.into_iter().next().unwrap_or_else(
            || {
                Finding::new(
                    &lints::PARSE_ERROR,
                    Span::new(id, 0..0),
                    "this file could not be parsed",
                )
            },
        ))),
    }
}

/// Lints every file of a unit; findings come back sorted by file and position,
/// with the levels in force applied (allowed lints are left out).
///
/// Nothing a file holds stops the run: a file nested too deeply to analyze
/// safely gets a located `unreadable` warning, and a failure inside racelint (a
/// lint or the model panicking) becomes an `internal_error` finding that
/// names the file and the lint, while the other lints and files are still
/// reported. The work runs on a thread with a large stack, and the spans
/// proc-macro2 keeps for the unit's text are released when it is done.
pub fn check_unit(unit: &Unit, levels: &LintLevels) -> Vec<Finding> {
    check_unit_with(unit, levels, &[])
}

/// [`check_unit`] with extra checks run after the registry's, each reported
/// under the name of a registered lint: the hook that tests use to see how a
/// failing lint is reported.
#[doc(hidden)]
pub fn check_unit_with(
    unit: &Unit,
    levels: &LintLevels,
    extra: &[(&'static Lint, CheckFn)],
) -> Vec<Finding> {
    if unit.files.is_empty() {
        return Vec::new();
    }
    on_large_stack(|| {
        let findings = guard::catch(|| lint_unit(unit, levels, extra))
            .unwrap_or_else(|panic| vec![internal_error(unit, FileId(0), "racelint", &panic)]);
        // Every syntax tree and span of the unit is gone: the text
        // proc-macro2 keeps for span locations can go too.
        proc_macro2::extra::invalidate_current_thread_spans();
        findings
    })
}

fn lint_unit(unit: &Unit, levels: &LintLevels, extra: &[(&'static Lint, CheckFn)]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut parsed = Vec::with_capacity(unit.files.len());
    for (index, source) in unit.files.iter().enumerate() {
        let id = FileId(index as u32);
        if crate::python::is_python(&source.path) || crate::python::is_python(source.name.as_ref())
        {
            let enabled = |lint: &'static Lint| levels.level_of(lint) != Level::Allow;
            match guard::catch(|| crate::python::check_file(id, source, &enabled)) {
                Ok(found) => findings.extend(found),
                Err(panic) => {
                    findings.push(internal_error(unit, id, "the Python front-end", &panic))
                }
            }
            continue;
        }
        if let Some(finding) = nesting::check(id, source) {
            findings.push(finding);
            continue;
        }
        match guard::catch(|| crate::parse::read(unit, id, source)) {
            Ok(read) => {
                findings.extend(read.findings);
                parsed.extend(read.file);
            }
            Err(panic) => findings.push(internal_error(unit, id, "the parser", &panic)),
        }
    }
    if let Some(model) = build_model(unit, &mut parsed, &mut findings) {
        let checks = lints::RUST_CHECKS
            .iter()
            .map(|entry| (entry.lint, entry.check))
            .chain(extra.iter().copied());
        for (lint, check) in checks {
            if levels.level_of(lint) != Level::Allow {
                run_check(unit, &parsed, &model, lint, check, &mut findings);
            }
        }
    }
    drop(parsed);
    for finding in &mut findings {
        finding.level = levels.level_of(finding.lint);
    }
    findings.retain(|f| f.level != Level::Allow);
    crate::suppress::apply(unit, levels, &mut findings);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.message == b.message);
    findings
}

/// Builds the model of the parsed files. If that fails, the files that fail
/// on their own get an `internal_error` and are left out, and the model is
/// built from the others.
fn build_model(
    unit: &Unit,
    parsed: &mut Vec<ParsedFile<'_>>,
    findings: &mut Vec<Finding>,
) -> Option<Model> {
    let try_build = |files: &[ParsedFile<'_>]| {
        guard::catch(|| {
            inject_failure("model");
            Model::try_build(files, unit.edition)
        })
    };
    let panic = loop {
        match try_build(parsed) {
            Ok(Ok(model)) => return Some(model),
            // A large file read in slices has one that does not parse on
            // its own: it is read whole, as any other file.
            Ok(Err(file)) => read_whole(unit, parsed, file, findings),
            Err(panic) => break panic,
        }
    };
    let build = |files: &[ParsedFile<'_>]| match try_build(files) {
        Ok(Ok(model)) => Ok(model),
        Ok(Err(file)) => Err(format!("file {} does not parse in slices", file.0)),
        Err(panic) => Err(panic),
    };
    let before = parsed.len();
    if before > 1 {
        parsed.retain(|file| match build(std::slice::from_ref(file)) {
            Ok(_) => true,
            Err(panic) => {
                findings.push(internal_error(unit, file.id, "the model", &panic));
                false
            }
        });
        if parsed.len() < before {
            match build(parsed) {
                Ok(model) => return Some(model),
                Err(panic) => {
                    if let Some(file) = parsed.first() {
                        findings.push(internal_error(unit, file.id, "the model", &panic));
                    }
                }
            }
            parsed.clear();
            return None;
        }
    }
    if let Some(file) = parsed.first() {
        findings.push(internal_error(unit, file.id, "the model", &panic));
    }
    parsed.clear();
    None
}

/// Reads a sliced file of `parsed` again, whole: its syntax, or, when it
/// does not parse, its `parse_error` and the items that parse.
fn read_whole<'a>(
    unit: &Unit,
    parsed: &mut Vec<ParsedFile<'a>>,
    file: FileId,
    findings: &mut Vec<Finding>,
) {
    let Some(at) = parsed.iter().position(|f| f.id == file) else {
        return;
    };
    let source = parsed[at].source;
    let read = crate::parse::read_whole(unit, file, source);
    findings.extend(read.findings);
    match read.file {
        Some(whole) => parsed[at] = whole,
        None => {
            parsed.remove(at);
        }
    }
}

/// Runs one lint. If it fails, the files it fails on get an
/// `internal_error` naming the lint, and the lint runs again on the others.
fn run_check(
    unit: &Unit,
    parsed: &[ParsedFile<'_>],
    model: &Model,
    lint: &'static Lint,
    check: CheckFn,
    findings: &mut Vec<Finding>,
) {
    let run = |model: &Model| {
        guard::catch(|| {
            inject_failure(lint.name);
            let mut found = Vec::new();
            check(model, &mut found);
            found
        })
    };
    let panic = match run(model) {
        Ok(found) => return findings.extend(found),
        Err(panic) => panic,
    };
    let what = format!("lint `{}`", lint.name);
    if parsed.len() > 1 {
        let alone = |file: &ParsedFile<'_>| {
            let copy = ParsedFile {
                id: file.id,
                source: file.source,
                syntax: file.syntax.clone(),
                base: file.base,
            };
            guard::catch(|| Model::build(&[copy], unit.edition)).map(|model| run(&model))
        };
        let mut rest = Vec::new();
        for file in parsed {
            match alone(file) {
                Ok(Ok(_)) => rest.push(ParsedFile {
                    id: file.id,
                    source: file.source,
                    syntax: file.syntax.clone(),
                    base: file.base,
                }),
                Ok(Err(panic)) | Err(panic) => {
                    findings.push(internal_error(unit, file.id, &what, &panic))
                }
            }
        }
        if rest.len() < parsed.len() {
            if !rest.is_empty()
                && let Ok(Ok(found)) =
                    guard::catch(|| Model::build(&rest, unit.edition)).map(|model| run(&model))
            {
                findings.extend(found);
            }
            return;
        }
    }
    let file = parsed.first().map_or(FileId(0), |file| file.id);
    findings.push(internal_error(unit, file, &what, &panic));
}

/// The finding that says racelint failed on a file: at the file's start,
/// naming what failed and how.
fn internal_error(unit: &Unit, file: FileId, what: &str, panic: &str) -> Finding {
    let together = if unit.files.len() > 1 {
        " (with the other files of its package)"
    } else {
        ""
    };
    Finding::new(
        &lints::internal_error::INTERNAL_ERROR,
        Span::new(file, 0..0),
        format!("racelint failed in {what} while analyzing this file{together}"),
    )
    .primary_label(format!("{what} failed here: {panic}"))
    .note(format!(
        "this is a bug in racelint, not a mistake in your code: {what} could not \
         check this file, but every other finding is still reported"
    ))
    .help("please report it with this file; `-A internal_error` hides this message")
}

/// Debug builds only: `RACELINT_FAIL_IN=NAME` makes the lint `NAME` (or the
/// model, for `model`) panic, so that tests of the binaries can see how
/// racelint reports a failure of its own.
fn inject_failure(what: &str) {
    if cfg!(debug_assertions)
        && std::env::var_os("RACELINT_FAIL_IN").is_some_and(|name| name == what)
    {
        panic!("injected failure in {what}");
    }
}

/// The stack the analysis runs on: syn and the model recurse once per level
/// of nesting, and [`nesting`] bounds the levels to what fits in it.
pub const STACK_SIZE: usize = 256 << 20;

thread_local! {
    /// Whether this thread was started with a [`STACK_SIZE`] stack.
    static LARGE_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Says that the current thread was started with a stack of at least
/// [`STACK_SIZE`] bytes, so that [`check_unit`] runs on it directly instead of
/// starting a thread per unit (for the threads of a pool built that way).
///
/// # Safety
///
/// The thread's stack must really be that large: the limits of [`nesting`]
/// are only safe with it.
pub unsafe fn assume_large_stack() {
    LARGE_STACK.set(true);
}

/// Runs `work` on a thread with a [`STACK_SIZE`] stack (only the pages
/// touched are ever allocated): this one if it has such a stack, else a new
/// one; where no thread can be started, on this one.
fn on_large_stack<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    if LARGE_STACK.get() {
        return work();
    }
    let slot = std::sync::Mutex::new(Some(work));
    let take = || slot.lock().unwrap_or_else(|e| e.into_inner()).take();
    let result = std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("racelint-analyze".into())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || take().map(|work| work()));
        match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        }
    });
    match result {
        Some(result) => result,
        None => take().expect("the analysis ran on neither thread")(),
    }
}

/// Lints one piece of source text as a unit of its own (tests, fuzzing, editors).
pub fn check_source(name: &str, text: &str, edition: Edition) -> (Unit, Vec<Finding>) {
    let unit = Unit {
        files: vec![SourceFile::new(name, name, text)],
        edition,
    };
    let findings = check_unit(&unit, &LintLevels::default());
    (unit, findings)
}

/// Catching a panic of racelint's own code, with its message.
mod guard {
    use std::any::Any;
    use std::cell::{Cell, RefCell};
    use std::panic::{self, AssertUnwindSafe};
    use std::sync::Once;

    thread_local! {
        /// Whether a panic on this thread will be caught by [`catch`].
        static CATCHING: Cell<bool> = const { Cell::new(false) };
        /// The message and place of the last caught panic.
        static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
    }

    /// Runs `work`; a panic becomes `Err` with its message and the place in
    /// racelint's source where it happened. The panic hook stays quiet for
    /// panics caught here and prints every other one as before.
    pub(super) fn catch<R>(work: impl FnOnce() -> R) -> Result<R, String> {
        static QUIET_HOOK: Once = Once::new();
        QUIET_HOOK.call_once(|| {
            let previous = panic::take_hook();
            panic::set_hook(Box::new(move |info| {
                if CATCHING.try_with(Cell::get).unwrap_or(false) {
                    let mut message = payload_text(info.payload());
                    if let Some(place) = info.location() {
                        message.push_str(&format!(" ({}:{})", place.file(), place.line()));
                    }
                    let _ = CAUGHT.try_with(|caught| *caught.borrow_mut() = Some(message));
                } else {
                    previous(info);
                }
            }));
        });
        let outer = CATCHING.replace(true);
        let result = panic::catch_unwind(AssertUnwindSafe(work));
        CATCHING.set(outer);
        result.map_err(|payload| CAUGHT.take().unwrap_or_else(|| payload_text(&*payload)))
    }

    fn payload_text(payload: &(dyn Any + Send)) -> String {
        if let Some(text) = payload.downcast_ref::<&str>() {
            text.to_string()
        } else if let Some(text) = payload.downcast_ref::<String>() {
            text.clone()
        } else {
            "panicked".to_string()
        }
    }
}

/// A cheap scan of a file's tokens, before syn sees it, that bounds how
/// deeply syn and the model will recurse.
///
/// Two measures: the brackets open at once (`(`, `[`, `{`), and an estimate
/// of the depth of the syntax tree, counted in tokens: the tokens of every
/// enclosing bracket and generic argument list that belong to the same
/// expression, type or pattern (`a + b + ...`, `!!!x`, `x.f().g()`,
/// `else if` chains, `Vec<Vec<...>>`). A `;`, a `,` or a `=>` ends an
/// expression, and so does a block followed by something that cannot
/// continue it (an item, a statement). Each tree level takes at least one
/// token, so the estimate is never lower than the depth.
pub mod nesting {
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
        let assignment =
            rest.get(len) == Some(&b'=') && !matches!(two, b"==" | b"!=" | b"<=" | b">=");
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
}

/// Suppression comments through the whole pipeline: the findings they hide,
/// and the `unused_suppression` findings they cause.
#[cfg(test)]
mod slice_tests;

#[cfg(test)]
mod suppression_tests {
    use super::*;
    use crate::diagnostic::Applicability;

    const SPLIT: &str = "use std::sync::atomic::{AtomicUsize, Ordering};\nuse std::sync::Arc;\nuse std::thread;\n\nfn main() {\n    let c = Arc::new(AtomicUsize::new(0));\n    let mut hs = Vec::new();\n    for _ in 0..4 {\n        let c = Arc::clone(&c);\n        hs.push(thread::spawn(move || {\n            STORE\n        }));\n    }\n    for h in hs {\n        h.join().unwrap();\n    }\n}\n";

    fn lint(store: &str) -> Vec<Finding> {
        let text = SPLIT.replace("STORE", store);
        check_source("a.rs", &text, Edition::E2021).1
    }

    fn lint_names(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.lint.name).collect()
    }

    #[test]
    fn a_finding_is_suppressed_on_its_line_or_from_the_line_above() {
        let plain = lint("c.store(c.load(Ordering::SeqCst) + 1, Ordering::SeqCst);");
        assert_eq!(lint_names(&plain), ["lost_update"]);
        let same_line = lint(
            "c.store(c.load(Ordering::SeqCst) + 1, Ordering::SeqCst); // racelint: allow(lost_update)",
        );
        assert!(same_line.is_empty(), "{:?}", lint_names(&same_line));
        let above = lint(
            "// racelint: allow(serial_join, race)\n            c.store(c.load(Ordering::SeqCst) + 1, Ordering::SeqCst);",
        );
        assert_eq!(lint_names(&above), ["unused_suppression"]);
        assert_eq!(
            above[0].message,
            "this suppression of `serial_join` suppresses nothing"
        );
    }

    #[test]
    fn file_wide_suppression_and_unused_ones() {
        let text = SPLIT.replace(
            "STORE",
            "c.store(c.load(Ordering::SeqCst) + 1, Ordering::SeqCst);",
        );
        let text = format!("// racelint: allow-file(lost_update)\n{text}");
        let (_, findings) = check_source("a.rs", &text, Edition::E2021);
        assert!(findings.is_empty(), "{:?}", lint_names(&findings));

        let text = format!("// racelint: allow-file(double_lock)\n{SPLIT}").replace("STORE", "");
        let (_, findings) = check_source("a.rs", &text, Edition::E2021);
        assert_eq!(lint_names(&findings), ["unused_suppression"]);
        assert_eq!(findings[0].level, Level::Warn);
        let fix = findings[0].suggestion.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::MachineApplicable);
        assert_eq!(fix.edits[0].span.range(), 0..37);
    }

    #[test]
    fn a_suppression_with_a_typo_is_reported_with_the_comment_racelint_would_read() {
        let (_, findings) = check_source(
            "a.rs",
            "fn main() {} // racelint allow(double_lock)\n",
            Edition::E2021,
        );
        assert_eq!(lint_names(&findings), ["unused_suppression"]);
        let fix = findings[0].suggestion.as_ref().unwrap();
        assert_eq!(fix.edits[0].replacement, "// racelint: allow(double_lock)");
        assert_eq!(fix.applicability, Applicability::MaybeIncorrect);
    }

    #[test]
    fn unknown_names_are_reported_with_the_closest_one() {
        let (_, findings) = check_source(
            "a.rs",
            "fn main() {} // racelint: allow(lost_updat)\n",
            Edition::E2021,
        );
        assert_eq!(lint_names(&findings), ["unused_suppression"]);
        assert_eq!(
            findings[0].message,
            "unknown lint `lost_updat` in a suppression comment"
        );
        let fix = findings[0].suggestion.as_ref().unwrap();
        assert_eq!(fix.edits[0].replacement, "lost_update");
        assert_eq!(fix.applicability, Applicability::MaybeIncorrect);
    }

    #[test]
    fn allowed_lints_and_unparsed_files_report_nothing_unused() {
        let mut levels = LintLevels::default();
        levels.apply("double_lock", Level::Allow).unwrap();
        let unit = Unit {
            files: vec![SourceFile::new(
                "a.rs",
                "a.rs",
                "fn main() {} // racelint: allow(double_lock)\n",
            )],
            edition: Edition::E2021,
        };
        assert!(check_unit(&unit, &levels).is_empty());
        let (_, findings) = check_source(
            "a.rs",
            "fn main() { let = ; } // racelint: allow(double_lock)\n",
            Edition::E2021,
        );
        assert_eq!(lint_names(&findings), ["parse_error"]);
        let (_, findings) = check_source(
            "a.rs",
            "// racelint: allow-file(unused_suppression)\nfn main() {} // racelint: allow(double_lock)\n",
            Edition::E2021,
        );
        assert!(findings.is_empty(), "{:?}", lint_names(&findings));
    }
}
