use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::{EventKind, LeakHow, Model};

declare_lint! {
    /// ### What it does
    /// Finds a lock guard that is never dropped: `mem::forget(guard)`,
    /// `Box::leak` of a guard, `ManuallyDrop::new(guard)`, or a guard stored
    /// in a `static`.
    ///
    /// ### Why is this bad?
    /// A `Mutex` is unlocked when its guard is dropped. A guard that is never
    /// dropped keeps the lock forever: the next `lock()`, in this thread or
    /// any other, waits forever. It is the Rust form of calling `acquire()`
    /// and forgetting `release()`.
    ///
    /// ### Example
    /// ```rust,ignore
    /// let guard = counter.lock().unwrap();
    /// std::mem::forget(guard);          // never unlocked
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// let guard = counter.lock().unwrap();
    /// drop(guard);                      // or let it go out of scope
    /// ```
    pub static LEAKED_GUARD = {
        name: "leaked_guard",
        group: Lock,
        level: Deny,
        summary: "a lock guard that is never dropped, so the lock is never released",
    };
}

pub(crate) fn check(model: &Model, out: &mut Vec<Finding>) {
    for body in model.body_ids() {
        for event in &model.body(body).events {
            let EventKind::Leak { guard, how } = &event.kind else {
                continue;
            };
            let g = model.guard(*guard);
            let name = &g.subject;
            let label = match how {
                LeakHow::Forget => "`forget` skips the guard's drop, which is what unlocks",
                LeakHow::BoxLeak => "`Box::leak` keeps the guard alive until the program ends",
                LeakHow::ManuallyDrop => {
                    "`ManuallyDrop` never drops the guard unless you do it by hand"
                }
                LeakHow::Static => "a guard stored in a `static` lives until the program ends",
            };
            out.push(
                Finding::new(
                    &LEAKED_GUARD,
                    event.span,
                    format!("this guard is never dropped, so `{name}` stays locked forever"),
                )
                .primary_label(label)
                .label(g.span, format!("`{name}` is locked here"))
                .note(format!(
                    "every later `lock()` on `{name}`, in any thread, waits forever"
                ))
                .help("let the guard go out of scope, or call `drop(guard)` when you are done"),
            );
        }
    }
}
