use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::Model;

declare_lint! {
    /// ### What it does
    /// Finds a thread joined in the same loop iteration, or the same
    /// expression, that spawned it; also a lazy iterator chain that spawns
    /// in one `map` and joins in a later one, which runs the same way.
    ///
    /// ### Why is this bad?
    /// `join` waits for the thread to finish. Joining right after spawning
    /// means the next thread starts only when the previous one is done: the
    /// threads run one after another, nothing overlaps, and the program is
    /// as slow as without threads (plus the cost of starting them).
    ///
    /// ### Example
    /// ```rust,ignore
    /// for url in urls {
    ///     let h = thread::spawn(move || download(url));
    ///     h.join().unwrap(); // waits before the next download starts
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// let handles: Vec<_> = urls
    ///     .into_iter()
    ///     .map(|url| thread::spawn(move || download(url)))
    ///     .collect(); // every thread is started first
    /// for h in handles {
    ///     h.join().unwrap();
    /// }
    /// ```
    pub static SERIAL_JOIN = {
        name: "serial_join",
        group: Join,
        level: Warn,
        summary: "a thread joined right where it was spawned, so the threads run one at a time",
        check: Some(check),
    };
}

fn check(_model: &Model, _out: &mut Vec<Finding>) {}
