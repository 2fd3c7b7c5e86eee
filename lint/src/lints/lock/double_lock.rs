use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::{EffectKind, EventKind, GuardId, LockMode, Model};

declare_lint! {
    /// ### What it does
    /// Finds a `Mutex` locked again (or an `RwLock` locked for writing while
    /// any guard of it is alive, or for reading while a write guard is) by
    /// the thread that already holds a guard on it: a `let` guard still in
    /// scope, a temporary kept alive by a `match`, `if let` or `while let`
    /// scrutinee, or a helper function that locks the same lock. A method
    /// that hands out a guard (`fn state(&self) -> MutexGuard<..>`, or the
    /// crate's own extension trait on std's locks: `lock.rl()` for
    /// `self.read().unwrap()`) locks where it is called.
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
    };
}

pub(crate) fn check(model: &Model, out: &mut Vec<Finding>) {
    for body in model.body_ids() {
        let mut live: Vec<GuardId> = Vec::new();
        for (index, event) in model.body(body).events.iter().enumerate() {
            match &event.kind {
                EventKind::Lock { obj, guard, mode } => {
                    if let Some(&held) = live.iter().find(|&&g| {
                        let held = model.guard(g);
                        conflicts(held.mode, *mode)
                            && !model.object(held.obj).reentrant
                            && model.same_object(held.obj, *obj)
                    }) {
                        out.push(finding(model, held, event.span, None));
                    }
                    live.push(*guard);
                }
                EventKind::Unlock { guard } => live.retain(|g| g != guard),
                EventKind::Call { .. } if !live.is_empty() => {
                    let effects = model.event_effects(body, index, &mut Default::default(), 0);
                    let clash = effects.iter().find_map(|effect| {
                        let EffectKind::Lock(mode) = effect.kind else {
                            return None;
                        };
                        live.iter()
                            .find(|&&g| {
                                let held = model.guard(g);
                                conflicts(held.mode, mode)
                                    && !model.object(held.obj).reentrant
                                    && model.same_object(held.obj, effect.obj)
                            })
                            .map(|&g| (g, effect.span))
                    });
                    if let Some((held, inner)) = clash {
                        out.push(finding(model, held, event.span, Some(inner)));
                    }
                }
                _ => {}
            }
        }
    }
}

/// Whether a lock in `second` mode waits for a held guard in `first` mode.
fn conflicts(first: LockMode, second: LockMode) -> bool {
    !(first == LockMode::Read && second == LockMode::Read)
}

fn finding(model: &Model, held: GuardId, span: crate::Span, inner: Option<crate::Span>) -> Finding {
    let guard = model.guard(held);
    let name = &guard.subject;
    let (first_label, help) = match (&guard.binding, guard.scrutinee_of) {
        (Some(binding), _) => (
            format!("`{binding}` holds the lock on `{name}` until the end of its block"),
            format!(
                "use the guard you hold (`{binding}`) instead of locking again, or `drop({binding})` first"
            ),
        ),
        (None, Some(construct)) => (
            format!("this temporary guard lives until the end of the `{construct}`"),
            format!(
                "take what you need out first (`let item = {name}.lock().unwrap().pop();`), then `{construct}` on it: the guard is dropped at the end of that statement"
            ),
        ),
        (None, None) => (
            "this guard lives until the end of the statement".to_string(),
            "lock once, keep the guard in a variable, and use it for both".to_string(),
        ),
    };
    let mut finding = Finding::new(
        &DOUBLE_LOCK,
        span,
        format!("`{name}` is locked again while this thread already holds it: it waits for itself forever"),
    )
    .label(guard.span, first_label);
    finding = match inner {
        None => finding
            .primary_label("this waits for the guard taken before it, which is never released"),
        Some(inner) => finding
            .primary_label("this call locks it again")
            .label(inner, "locked again here, inside the call"),
    };
    finding
        .note("a lock lets one thread at a time in, and a guard releases it only when dropped: the second lock waits for a guard this same thread holds")
        .help(help)
}
