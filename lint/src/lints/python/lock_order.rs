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
    philosophers(model, out);
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

/// The dining philosophers: threads started in a loop, each given `forks[i]` and
/// `forks[(i + 1) % n]`, each taking its first lock then its second. The last
/// thread's second fork is the first thread's first: every thread can hold one
/// and wait for the next, in a circle.
fn philosophers(model: &Model<'_>, out: &mut Vec<Finding>) {
    for spawn in &model.spawns {
        let crate::python::model::Target::Function(f) = spawn.target else {
            continue;
        };
        if !spawn.many || spawn.process {
            continue;
        }
        let func = model.function(f);
        for event in &func.events {
            let EventKind::With {
                lock: inner,
                fresh: false,
            } = &event.kind
            else {
                continue;
            };
            for outer in event.ctx.locks.iter().filter(|h| !h.by_acquire) {
                let (Some(i), Some(j)) = (param(model, f, &outer.lock), param(model, f, inner))
                else {
                    continue;
                };
                let (Some(a), Some(b)) = (spawn.args.get(i), spawn.args.get(j)) else {
                    continue;
                };
                let (Some((list_a, index_a)), Some((list_b, index_b))) = (&a.item_of, &b.item_of)
                else {
                    continue;
                };
                // `forks[i]` then `forks[(i + 1) % n]`, `i` the loop variable: a circle.
                let first_is_loop_var = spawn.loop_vars.iter().any(|v| v == index_a.trim());
                let second_wraps = index_b.contains('%') && index_b.contains(index_a.trim());
                if list_a != list_b || !first_is_loop_var || !second_wraps {
                    continue;
                }
                out.push(
                    Finding::new(
                        &crate::lints::lock::lock_order::LOCK_ORDER,
                        event.span,
                        format!(
                            "every thread takes `{list_a}[{index_a}]` then `{list_a}[{index_b}]`: in a circle, each can hold one and wait for the next forever"
                        ),
                    )
                    .primary_label(format!("then `{}` here, while holding `{}`", inner.display(), outer.lock.display()))
                    .label(outer.span, format!("each thread takes `{}` first", outer.lock.display()))
                    .label(spawn.span, format!("the last thread's `{list_a}[{index_b}]` is the first thread's `{list_a}[{index_a}]`"))
                    .note("the dining philosophers: when every thread holds its first fork, none can take its second")
                    .help("take the two locks in one global order: the lower-numbered fork first (or let one thread take them the other way round)"),
                );
            }
        }
    }
}

/// The position of a parameter named by a lock path (`left`, not `self.left`).
fn param(model: &Model<'_>, f: FnId, lock: &Place) -> Option<usize> {
    if !lock.is_name() {
        return None;
    }
    match model.binding(f, &lock.root) {
        crate::python::model::Binding::Param(i) => Some(i),
        _ => None,
    }
}
