//! `double_lock` in Python: a `Lock` taken again by the thread that holds it.

use super::PythonCheck;
use crate::diagnostic::Finding;
use crate::python::model::{Callee, EventKind, FnId, LockKind, Model};

pub(crate) const FORM: PythonCheck = PythonCheck {
    lint: &crate::lints::lock::double_lock::DOUBLE_LOCK,
    check,
    lesson: Some(LESSON),
};

const LESSON: &str = r#"
    ### What it does
    Finds a `threading.Lock` (not an `RLock`) taken again, by `with` or
    `acquire()`, by the thread that already holds it, directly or in a
    function it calls.

    ### Why is this bad?
    A `Lock` does not know who holds it: the second `acquire` waits for the
    lock to be released, and only this thread could release it. The thread
    waits for itself forever.

    ### Example
    ```python
    def deposit(amount):
        with lock:
            log_balance()  # also does `with lock:`
    ```

    Use instead: take the lock once (call a helper that expects the lock to
    be held), or use `threading.RLock()` when re-entry is intended.
"#;

fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    for (index, func) in model.functions.iter().enumerate() {
        let f = FnId(index as u32);
        for event in &func.events {
            match &event.kind {
                EventKind::With { lock, fresh: false } => {
                    // A lock taken by `acquire()` may be released by another thread (a lock
                    // used as a signal): only `with` says this thread holds it.
                    let Some(outer) = event
                        .ctx
                        .locks
                        .iter()
                        .find(|h| h.lock == *lock && !h.by_acquire)
                    else {
                        continue;
                    };
                    if model.lock_kind(f, lock) != Some(LockKind::Lock) {
                        continue;
                    }
                    out.push(finding(lock.display(), event.span, outer.span, None));
                }
                EventKind::Call {
                    callee: Callee::Local(callee),
                    ..
                } if !event.ctx.locks.is_empty() => {
                    for held in event.ctx.locks.iter().filter(|h| !h.by_acquire) {
                        if !held.lock.is_name()
                            || model.lock_kind(f, &held.lock) != Some(LockKind::Lock)
                        {
                            continue;
                        }
                        for (g, _) in model.reachable(*callee) {
                            let inner = model.function(g).events.iter().find(|e| {
                                matches!(&e.kind, EventKind::With { lock, .. } if *lock == held.lock)
                                    && e.ctx.locks.is_empty()
                                    && model.binding(g, &held.lock.root) == model.binding(f, &held.lock.root)
                            });
                            if let Some(inner) = inner {
                                out.push(finding(
                                    held.lock.display(),
                                    event.span,
                                    held.span,
                                    Some((inner.span, model.function(g).name.clone())),
                                ));
                                break;
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn finding(
    lock: String,
    at: crate::source::Span,
    outer: crate::source::Span,
    inner: Option<(crate::source::Span, String)>,
) -> Finding {
    let mut f = Finding::new(
        &crate::lints::lock::double_lock::DOUBLE_LOCK,
        at,
        format!("`{lock}` is taken again by the thread that already holds it: it waits for itself forever"),
    )
    .label(outer, format!("`{lock}` is taken here first"));
    f = match inner {
        Some((span, name)) => f
            .primary_label(format!("this call takes `{lock}` again, in `{name}`"))
            .label(span, format!("`{name}` takes `{lock}` here")),
        None => f.primary_label("this waits for the lock this thread holds"),
    };
    f.note("a `threading.Lock` does not know who holds it: the second acquire never returns")
        .help("take the lock once, or use `threading.RLock()` if re-entry is intended")
}
