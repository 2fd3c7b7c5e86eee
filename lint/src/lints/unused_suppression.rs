//! The lint that reports suppression comments that suppress nothing. The
//! comments are read, and this lint's findings made, by
//! [`suppress`](crate::suppress), after the other lints have run.

use crate::lints::declare_lint;

declare_lint! {
    /// ### What it does
    /// Reports a `// racelint: allow(...)` or `// racelint: allow-file(...)`
    /// comment that suppresses nothing: no finding of the named lint starts
    /// where the comment applies, or the name is not a lint or group that
    /// racelint knows.
    ///
    /// ### Why is this bad?
    /// A suppression outlives the mistake it was written for. Once the code
    /// is fixed, a forgotten `allow` would silently hide the next real
    /// mistake at that place; a misspelt name hides nothing and gives a
    /// false sense that a finding was looked at.
    ///
    /// ### Example
    /// ```rust,ignore
    /// // racelint: allow(lost_update)
    /// counter.fetch_add(1, Ordering::SeqCst); // already fixed
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// counter.fetch_add(1, Ordering::SeqCst);
    /// ```
    ///
    /// ### Fix safety
    /// Removing a comment that suppresses nothing changes nothing else, so
    /// `--fix` removes it.
    pub static UNUSED_SUPPRESSION = {
        name: "unused_suppression",
        group: Input,
        level: Warn,
        summary: "a suppression comment suppresses nothing",
    };
}
