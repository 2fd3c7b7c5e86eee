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
//!
//! The parts, in the order a file goes through them:
//!
//! - `lex`: splits Rust or Python source into comments and code;
//! - `scan`: reads the directives in the comments (their names, and the
//!   line, item or file each one covers);
//! - `near_miss`: comments that look like a directive with a typo;
//! - `apply`: drops the findings a directive covers;
//! - `unused`: reports what suppressed nothing and what is not understood.

mod apply;
mod lex;
mod near_miss;
mod scan;
mod unused;

use std::ops::Range;

use crate::diagnostic::Lint;

pub use apply::apply;
pub(crate) use lex::lex;
pub use scan::{scan, scan_python};

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
