use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::python::model::{EventKind, Model, Place, Value};

declare_lint! {
    /// ### What it does
    /// Finds a lock that protects nothing: `with threading.Lock():`, or a
    /// lock created inside the function the threads run, so that each
    /// thread makes its own.
    ///
    /// ### Why is this bad?
    /// A lock lets one thread at a time in only if every thread uses the
    /// *same* lock object. A lock created on the spot is new each time:
    /// nobody else can ever hold it, so `with` always gets in at once and
    /// the update it seems to protect can still be lost.
    ///
    /// ### Example
    /// ```python
    /// def worker():
    ///     global counter
    ///     with threading.Lock():
    ///         counter += 1
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// lock = threading.Lock()
    ///
    /// def worker():
    ///     global counter
    ///     with lock:
    ///         counter += 1
    /// ```
    pub static FRESH_LOCK = {
        name: "fresh_lock",
        group: Lock,
        level: Deny,
        summary: "a lock created where it is used: each thread gets its own, so it protects nothing",
    };
}

pub(crate) fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    for (index, func) in model.functions.iter().enumerate() {
        let f = crate::python::model::FnId(index as u32);
        for event in &func.events {
            match &event.kind {
                EventKind::With { fresh: true, .. } => out.push(
                    Finding::new(
                        &FRESH_LOCK,
                        event.span,
                        "this lock is created here, so no other thread can ever hold it",
                    )
                    .primary_label("a new lock each time: `with` always gets in at once")
                    .note("a lock lets one thread at a time in only if every thread uses the same lock object")
                    .help("create the lock once, outside (`lock = threading.Lock()`), and write `with lock:`"),
                ),
                EventKind::With { lock, fresh: false } if lock.is_name() && f.0 != 0 => {
                    let Some(bind) = func.events.iter().find(|e| {
                        matches!(&e.kind, EventKind::Bind { place, value: Value::Lock(_) } if place == lock)
                    }) else {
                        continue;
                    };
                    if model.binding(f, &lock.root) != crate::python::model::Binding::Local
                        || model.concurrency(f).0 < 2
                        || func.events.iter().any(|e| matches!(&e.kind, EventKind::Return { .. }))
                    {
                        continue;
                    }
                    out.push(local_lock(model, f, lock, bind.span, event.span));
                }
                _ => {}
            }
        }
    }
}

fn local_lock(
    model: &Model<'_>,
    f: crate::python::model::FnId,
    lock: &Place,
    created: crate::source::Span,
    used: crate::source::Span,
) -> Finding {
    let mut finding = Finding::new(
        &FRESH_LOCK,
        used,
        format!(
            "each thread creates its own `{}`, so it protects nothing",
            lock.root
        ),
    )
    .primary_label("every thread gets in at once: each holds a different lock")
    .label(
        created,
        "a new lock is created each time this function runs",
    );
    if let Some((span, text)) = model.concurrency_label(f) {
        finding = finding.label(span, text);
    }
    finding
        .note("a lock lets one thread at a time in only if every thread uses the same lock object")
        .help("create the lock once, outside the function the threads run, and share it")
}
