use crate::diagnostic::{Applicability, Edit, Finding};
use crate::lints::declare_lint;
use crate::model::{EventKind, JoinResultUse, Model};

declare_lint! {
    /// ### What it does
    /// Finds the result of `join()` thrown away or turned into a default:
    /// `let _ = h.join()`, `h.join();`, `h.join().ok()`,
    /// `h.join().unwrap_or_default()`, `if let Ok(v) = h.join()` without an
    /// `else`. It stays silent when the panic is expected: the thread panics
    /// on every path (poisoning a lock on purpose), the test is
    /// `#[should_panic]`, or the panic is passed on (`join()?`,
    /// `unwrap_or_else(|_| panic!(..))`, `assert!(h.join().is_err())`).
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
    };
}

pub(crate) fn check(model: &Model, out: &mut Vec<Finding>) {
    for body in model.body_ids() {
        // `#[should_panic]`: the panic is what the test is about.
        if model.body(body).expects_panic {
            continue;
        }
        for event in &model.body(body).events {
            let EventKind::Join {
                result,
                spawns,
                std_handle,
                ..
            } = &event.kind
            else {
                continue;
            };
            // A handle of another API (a loom thread, whose `join` is `Ok`
            // unless the model fails; a runtime's task) or of unknown origin.
            if !std_handle {
                continue;
            }
            // A thread that panics on every path (poisoning a lock on purpose):
            // the panic is expected, not lost.
            if !spawns.is_empty() && spawns.iter().all(|&s| model.spawn(s).always_panics) {
                continue;
            }
            let label = match result {
                JoinResultUse::Used => continue,
                JoinResultUse::Discarded => {
                    "the `Result` that says whether the thread panicked is thrown away"
                }
                JoinResultUse::LetUnderscore => {
                    "`let _ =` throws away the `Err` that says the thread panicked"
                }
                JoinResultUse::OkDiscarded => {
                    "`.ok()` turns the thread's panic into `None`, which is then ignored"
                }
                JoinResultUse::Defaulted => "a panic in the thread becomes a default value here",
                JoinResultUse::IfLetOkWithoutElse => {
                    "`if let Ok(..)` without `else` skips a panicked thread silently"
                }
            };
            let finding = Finding::new(&SWALLOWED_PANIC, event.span, "the thread's panic is ignored here")
                .primary_label(label)
                .note("`join` returns `Err` when the thread panicked; ignoring it hides the failure and the program goes on as if the work was done");
            let help = "use `.join().unwrap()` (or `.expect(\"...\")`) so a panic in the thread stops the program too, or handle the `Err`";
            out.push(match &event.fix {
                Some(fix) => finding.suggest(
                    "unwrap the result so that a panic in the thread is reported",
                    vec![Edit {
                        span: fix.span,
                        replacement: fix.text.clone(),
                    }],
                    Applicability::MaybeIncorrect,
                ),
                None => finding.help(help),
            });
        }
    }
}
