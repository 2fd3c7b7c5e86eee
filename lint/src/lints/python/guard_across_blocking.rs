//! `guard_across_blocking` in Python: a lock held across `time.sleep`, `join`, `Queue.get`.

use super::PythonCheck;
use crate::diagnostic::Finding;
use crate::python::model::{Callee, EventKind, FnId, Model, Value};

pub(crate) const FORM: PythonCheck = PythonCheck {
    lint: &crate::lints::lock::guard_across_blocking::GUARD_ACROSS_BLOCKING,
    check,
    lesson: Some(LESSON),
};

const LESSON: &str = r#"
    ### What it does
    Finds a lock held across a call that blocks: `time.sleep`, `join()`,
    `Queue.get()`, while other threads want that lock.

    ### Why is this bad?
    While this thread sleeps or waits, every other thread that needs the
    lock waits too: the threads run one at a time, or, if the awaited
    thread needs the lock, never finish.

    ### Example
    ```python
    with lock:
        balance += amount
        time.sleep(0.1)
    ```

    Use instead:
    ```python
    with lock:
        balance += amount
    time.sleep(0.1)
    ```
"#;

fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    for (index, func) in model.functions.iter().enumerate() {
        let f = FnId(index as u32);
        if model.concurrency(f).0 < 2 {
            continue;
        }
        for event in &func.events {
            let Some(held) = event.ctx.locks.last() else {
                continue;
            };
            let what = match &event.kind {
                EventKind::Call {
                    callee: Callee::Qualified(q),
                    ..
                } if q == "time.sleep" => "`time.sleep`",
                EventKind::Method {
                    recv,
                    name,
                    args: 0,
                    ..
                } if name == "join" => {
                    let _ = recv;
                    "`join()`"
                }
                EventKind::Method { recv, name, .. }
                    if name == "get" && matches!(model.value_of(f, recv), Some(Value::Queue)) =>
                {
                    "`Queue.get()`"
                }
                _ => continue,
            };
            if model.lock_kind(f, &held.lock).is_none() {
                continue;
            }
            let lock = held.lock.display();
            let mut finding = Finding::new(
                &crate::lints::lock::guard_across_blocking::GUARD_ACROSS_BLOCKING,
                event.span,
                format!("`{lock}` is held across {what}: the other threads wait too"),
            )
            .primary_label("this blocks while the lock is held")
            .label(held.span, format!("`{lock}` is taken here"));
            if let Some((span, text)) = model.concurrency_label(f) {
                finding = finding.label(span, text);
            }
            out.push(finding.help(format!(
                "release `{lock}` before blocking: end the `with` block first"
            )));
        }
    }
}
