use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::{EventKind, Model};

declare_lint! {
    /// ### What it does
    /// Finds a thread joined (or a channel received from, or a
    /// `thread::scope` ended) while this thread holds a lock that the awaited
    /// thread must take before it can finish. The lock was taken before the
    /// thread started, so the thread always finds it held.
    ///
    /// ### Why is this bad?
    /// `join` waits for the thread to finish, and the thread waits for the
    /// lock, which is released only after the join: each waits for the
    /// other, on every run. The program hangs.
    ///
    /// ### Example
    /// ```rust,ignore
    /// let mut log = shared.lock().unwrap();
    /// let worker = thread::spawn(move || other.lock().unwrap().push("done"));
    /// worker.join().unwrap(); // the worker waits for `log`: deadlock
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// let worker = thread::spawn(move || other.lock().unwrap().push("done"));
    /// worker.join().unwrap();
    /// let mut log = shared.lock().unwrap(); // lock after the join
    /// ```
    /// or `drop(log)` before the join.
    pub static JOIN_DEADLOCK = {
        name: "join_deadlock",
        group: Lock,
        level: Deny,
        summary: "a thread awaited while holding a lock it needs: each waits for the other forever",
    };
}

pub(crate) fn check(model: &Model, out: &mut Vec<Finding>) {
    for body in model.body_ids() {
        let events = &model.body(body).events;
        for (index, event) in events.iter().enumerate() {
            let (what, until) = match &event.kind {
                EventKind::Join { .. } => ("waits here for the thread to finish", "finish"),
                EventKind::ScopeEnd { .. } => (
                    "waits here, at the end of the scope, for its threads to finish",
                    "finish",
                ),
                EventKind::Wait { .. } => ("waits here for a message from the thread", "send"),
                _ => continue,
            };
            for deadlock in model.deadlocks_at(body, index) {
                let guard = model.guard(deadlock.guard);
                let name = &guard.subject;
                let held = match &guard.binding {
                    Some(binding) => format!("`{binding}` keeps `{name}` locked from here"),
                    None => format!("this guard keeps `{name}` locked from here"),
                };
                let help = match &guard.binding {
                    Some(binding) => format!(
                        "release the lock before waiting: `drop({binding});` before this line, or lock after the wait"
                    ),
                    None => {
                        "release the lock before waiting: take what you need out of the guard first"
                            .to_string()
                    }
                };
                out.push(
                    Finding::new(
                        &JOIN_DEADLOCK,
                        event.span,
                        format!("this thread waits while holding `{name}`, which the other thread needs: a deadlock"),
                    )
                    .primary_label(format!("this thread {what}, still holding the lock"))
                    .label(guard.span, held)
                    .label(model.spawn(deadlock.spawn).span, "the thread starts after the lock is taken")
                    .label(deadlock.lock, format!("and must lock `{name}` before it can {until}"))
                    .note("each waits for the other: the lock is released only after the wait, and the wait ends only after the thread gets the lock")
                    .help(help),
                );
            }
        }
    }
}
