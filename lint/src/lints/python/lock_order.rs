//! `lock_order` in Python: two locks taken in opposite orders by threads that run at once.

use super::PythonCheck;
use crate::diagnostic::Finding;
use crate::python::model::{EventKind, FnId, Model, Place};
use crate::source::Span;

pub(crate) const FORM: PythonCheck = PythonCheck {
    lint: &crate::lints::lock::lock_order::LOCK_ORDER,
    check,
    lesson: Some(LESSON),
};

const LESSON: &str = r#"
    ### What it does
    Finds two locks taken in opposite orders (`with a: with b:` in one
    function, `with b: with a:` in another) by threads that run at once.

    ### Why is this bad?
    Each thread can take its first lock and then wait for the other's:
    both wait forever (a deadlock). The dining philosophers hang this way.

    ### Example
    ```python
    def transfer_ab():
        with lock_a:
            with lock_b: ...

    def transfer_ba():
        with lock_b:
            with lock_a: ...
    ```

    Use instead: take the locks in one global order everywhere.
"#;

struct Edge {
    outer: Place,
    inner: Place,
    outer_span: Span,
    inner_span: Span,
    f: FnId,
}

fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    let mut edges: Vec<Edge> = Vec::new();
    for (index, func) in model.functions.iter().enumerate() {
        let f = FnId(index as u32);
        if model.spawns_running(f).is_empty() {
            continue;
        }
        for event in &func.events {
            let EventKind::With { lock, fresh: false } = &event.kind else {
                continue;
            };
            if !lock.is_name() || model.lock_kind(f, lock).is_none() {
                continue;
            }
            for held in &event.ctx.locks {
                if held.lock != *lock
                    && held.lock.is_name()
                    && model.lock_kind(f, &held.lock).is_some()
                {
                    edges.push(Edge {
                        outer: held.lock.clone(),
                        inner: lock.clone(),
                        outer_span: held.span,
                        inner_span: event.span,
                        f,
                    });
                }
            }
        }
    }
    for (i, a) in edges.iter().enumerate() {
        for b in &edges[i + 1..] {
            if a.outer != b.inner || a.inner != b.outer || a.f == b.f {
                continue;
            }
            let (x, y) = (a.outer.display(), a.inner.display());
            out.push(
                Finding::new(
                    &crate::lints::lock::lock_order::LOCK_ORDER,
                    b.inner_span,
                    format!("`{x}` and `{y}` are taken in opposite orders: two threads can wait for each other forever"),
                )
                .primary_label(format!("`{}` then `{}` here", b.outer.display(), b.inner.display()))
                .label(a.outer_span, format!("`{x}` is taken first in `{}`", model.function(a.f).name))
                .label(a.inner_span, format!("then `{y}`"))
                .label(b.outer_span, format!("`{y}` is taken first in `{}`", model.function(b.f).name))
                .note("each thread can hold its first lock and wait for the other's")
                .help("take the locks in the same order everywhere"),
            );
        }
    }
}
