//! The lint that reports what racelint itself cannot read: code the
//! compiler may well accept, but that racelint's parser or analysis cannot
//! take. Its findings are made while parsing, in [`analyze`](crate::analyze).

use crate::lints::declare_lint;

declare_lint! {
    /// ### What it does
    /// Reports a file, or a part of one, that racelint could not read although
    /// the compiler may accept it: an expression nested or chained more deeply
    /// than racelint's analysis can follow, or a file pulled in with
    /// `include!` that is neither items nor an expression, or, under
    /// `cargo racelint`, a file with a syntax error that no `mod` reaches
    /// from any target, so the compiler does not build it. The finding says
    /// where, and what racelint skipped; the rest of the crate is linted.
    ///
    /// ### Why is this bad?
    /// It is not a mistake in your code. Where racelint cannot read, it
    /// cannot look for threading mistakes either, so one may go unreported
    /// there. It is a warning, so it never fails a build on its own;
    /// `-A unreadable` hides it.
    ///
    /// Syntax errors that the compiler rejects too (an unclosed `(`, a
    /// missing `;`) are reported as `parse_error` instead.
    pub static UNREADABLE = {
        name: "unreadable",
        group: Input,
        level: Warn,
        summary: "racelint could not read this code, which the compiler may accept; it was skipped",
    };
}
