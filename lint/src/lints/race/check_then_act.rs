use crate::diagnostic::Finding;
use crate::lints::{concurrency_note, declare_lint};
use crate::model::{EventKind, Model, ObjKind, WriteHow};

declare_lint! {
    /// ### What it does
    /// Finds a decision taken on a value read in one step and acted on in a
    /// later step: a check under one lock guard and the change under another
    /// (`contains` then `insert`), or an atomic `load` in a condition and a
    /// `store` in its branch, while other threads run the same code.
    ///
    /// ### Why is this bad?
    /// Between the check and the act, another thread can make the same check,
    /// see the same answer, and act too: both threads insert the "new" key,
    /// both run the one-time setup, both take the last ticket. Each step is
    /// safe on its own; the decision is not, because the lock was let go (or
    /// the atomic was read) before the act.
    ///
    /// ### Example
    /// ```rust,ignore
    /// if !seen.lock().unwrap().contains(&url) {   // check, guard dropped
    ///     seen.lock().unwrap().push(url);         // act, under a new guard
    /// }
    /// if !started.load(Ordering::SeqCst) {
    ///     started.store(true, Ordering::SeqCst);  // two threads can both get here
    ///     setup();
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// let mut seen = seen.lock().unwrap();        // one guard for check and act
    /// if !seen.contains(&url) {
    ///     seen.push(url);
    /// }
    /// if !started.swap(true, Ordering::SeqCst) {  // check and act in one atomic step
    ///     setup();
    /// }
    /// ```
    /// `compare_exchange` works for other values, and `OnceLock` for one-time setup.
    pub static CHECK_THEN_ACT = {
        name: "check_then_act",
        group: Race,
        level: Deny,
        summary: "a decision read in one step and acted on in another, with room for another thread in between",
    };
}

pub(crate) fn check(model: &Model, out: &mut Vec<Finding>) {
    for body in model.body_ids() {
        for (index, event) in model.body(body).events.iter().enumerate() {
            let EventKind::Write {
                obj,
                step,
                how,
                deps,
                ..
            } = &event.kind
            else {
                continue;
            };
            if !matches!(
                how,
                WriteHow::Store
                    | WriteHow::Swap
                    | WriteHow::Guard
                    | WriteHow::GuardAppend
                    | WriteHow::ReadModifyWrite
            ) || model.is_exclusive(body, index)
            {
                continue;
            }
            let stale = |d: &crate::model::Dep| {
                d.step != *step
                    && model.same_object(d.obj, *obj)
                    && !model.guard_held_at(body, index, d.step)
            };
            // A value computed from the stale read is `lost_update`'s finding.
            if deps.iter().any(stale) {
                continue;
            }
            let atomic = model.object(*obj).kind == ObjKind::Atomic;
            let Some(check) = event.control.iter().find(|c| {
                stale(&c.dep)
                    // A `compare_exchange` or `swap` in the condition claims the value.
                    && !model.is_atomic_rmw_step(c.dep.step)
                    // `for .. { if found.load() { return } .. if hit { found.store(true) } }`:
                    // a cancellation flag set under another condition, not a claim.
                    && !(c.loop_exit && atomic && event.ctx.arms.len() > c.arms)
            }) else {
                continue;
            };
            let check = &check.dep;
            // Checked again under the guard that acts: double-checked, and correct.
            if event
                .control
                .iter()
                .any(|c| c.dep.step == *step && model.same_object(c.dep.obj, *obj))
            {
                continue;
            }
            // An atomic act under a lock taken after the check is serialized by
            // that lock; so is code only ever called with a lock held.
            if atomic
                && (model.any_guard_held_at(body, index) || model.only_called_under_lock(body))
            {
                continue;
            }
            let Some(concurrency) = model.concurrent_writer(body, index, *obj) else {
                continue;
            };
            let name = model.subject(event);
            let (check_label, help) = if atomic {
                (
                    format!("the check reads `{name}` here"),
                    format!(
                        "make the check and the act one atomic step: `if !{name}.swap(true, Ordering::SeqCst) {{ .. }}`, or `compare_exchange`"
                    ),
                )
            } else {
                (
                    format!(
                        "the check reads `{name}` here, under a guard that is dropped before the act"
                    ),
                    format!(
                        "keep one guard for the check and the act: `let mut guard = {name}.lock().unwrap();` then check and change through `guard`"
                    ),
                )
            };
            let finding = Finding::new(
                &CHECK_THEN_ACT,
                event.span,
                format!("`{name}` is checked in one step and changed in another: another thread can act in between"),
            )
            .primary_label("this acts on a check that may no longer hold")
            .label(check.span, check_label)
            .note("two threads can both see the check pass and both act: both insert, or both run the one-time setup");
            out.push(concurrency_note(model, finding, body, concurrency).help(help));
        }
    }
}
