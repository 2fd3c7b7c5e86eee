use crate::diagnostic::Finding;
use crate::lints::{concurrency_note, declare_lint};
use crate::model::{Concurrency, EventKind, Model, ObjKind, WriteHow};

declare_lint! {
    /// ### What it does
    /// Finds a decision taken on a value read in one step and acted on in a
    /// later step: a check under one lock guard and the change under another
    /// (`contains` then `insert`), or an atomic `load` in a condition and a
    /// `store` in its branch, while other threads run the same code. A spin
    /// (`while locked.load(..) {}`) followed by the store that takes the flag
    /// is such a check too, and so is a count checked under one guard, the
    /// guard dropped, a wait for another thread (`recv`), and the count changed
    /// under a new guard.
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
                || model.in_foreign_callback(body, index)
                || model.is_guessed(*obj)
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
                    // After a spin, only a store that claims the flag acts on it.
                    && model.act_fits_check(body, index, &c.dep)
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
            let concurrency = model.concurrent_writer(body, index, *obj);
            // A spin claims a flag from threads running the same code; another
            // thread that only sets or clears it is the other side of a handshake.
            let spin = model.is_spin_check(check.span);
            if spin && !matches!(concurrency, Some(Concurrency::ManyThreads(_))) {
                continue;
            }
            // No thread in sight, but the method waits for one between the check and the act.
            let waited = match concurrency {
                Some(_) => None,
                None => match model.waits_between_check_and_act(body, check.step, index, *obj) {
                    Some(span) => Some(span),
                    None => continue,
                },
            };
            let name = model.subject(event);
            let (check_label, help) = if spin {
                (
                    format!(
                        "the spin waits here for `{name}` to change; another thread can leave the same loop at the same moment"
                    ),
                    format!(
                        "spin on one atomic step that tests and sets: `while {name}.swap(true, Ordering::Acquire) {{ std::hint::spin_loop(); }}`, or `compare_exchange`"
                    ),
                )
            } else if atomic {
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
            let finding = match (concurrency, waited) {
                (Some(concurrency), _) => concurrency_note(model, finding, body, concurrency),
                (None, Some(wait)) => finding
                    .label(
                        wait,
                        "this waits for another thread: by the time it returns, the check may no longer hold",
                    )
                    .help(format!(
                        "check again after the wait, under the guard that changes it: loop on `let mut {name} = ..lock().unwrap();`, or wait with a `Condvar` in a `while` loop"
                    )),
                (None, None) => finding,
            };
            out.push(if waited.is_some() {
                finding
            } else {
                finding.help(help)
            });
        }
    }
}
