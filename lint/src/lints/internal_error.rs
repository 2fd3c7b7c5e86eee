use crate::lints::declare_lint;

declare_lint! {
    /// ### What it does
    /// Reports that racelint itself failed while analyzing a file: one of its
    /// lints (or the model the lints share) stopped with an internal error.
    /// The message names the file and the part of racelint that failed; the
    /// findings of every other lint, and every other file, are still shown.
    ///
    /// ### Why is this bad?
    /// It is a bug in racelint, not in your code. Where racelint fails it
    /// cannot look for threading mistakes, so a mistake may go unreported in
    /// that file. The run exits with status 1 so that a script or a grader
    /// notices that the analysis was not complete.
    ///
    /// Please report it with the file (or the smallest part of it that still
    /// fails) and the message; `-A internal_error` hides it in the meantime.
    pub static INTERNAL_ERROR = {
        name: "internal_error",
        group: Input,
        level: Deny,
        summary: "racelint failed while analyzing the file; the analysis is incomplete",
    };
}
