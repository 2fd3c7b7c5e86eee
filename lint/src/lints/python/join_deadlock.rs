//! `join_deadlock` in Python: `t.join()` inside `with lock:` when `t` needs that lock.

use super::PythonCheck;
use crate::diagnostic::Finding;
use crate::python::model::{EventKind, Model, SpawnId, Target};

pub(crate) const FORM: PythonCheck = PythonCheck {
    lint: &crate::lints::lock::join_deadlock::JOIN_DEADLOCK,
    check,
    lesson: Some(LESSON),
};

const LESSON: &str = r#"
    ### What it does
    Finds `t.join()` called while holding a lock that the thread `t` must
    take before it can finish.

    ### Why is this bad?
    The joining thread waits for `t` while holding the lock; `t` waits for
    the lock. Neither can go on: the program hangs.

    ### Example
    ```python
    with lock:
        t.start()
        t.join()  # t's target does `with lock:`
    ```

    Use instead:
    ```python
    with lock:
        t.start()
    t.join()
    ```
"#;

fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    for s in (0..model.spawns.len() as u32).map(SpawnId) {
        let spawn = model.spawn(s);
        let Target::Function(target) = spawn.target else {
            continue;
        };
        let events = &model.function(spawn.scope).events;
        for join in model.joins(s) {
            let event = &events[join];
            if !matches!(&event.kind, EventKind::Method { name, .. } if name == "join") {
                continue;
            }
            for held in &event.ctx.locks {
                if model.lock_kind(spawn.scope, &held.lock).is_none() || !held.lock.is_name() {
                    continue;
                }
                let needs = model.reachable(target).into_iter().find_map(|(g, _)| {
                    model.function(g).events.iter().find(|e| {
                        matches!(&e.kind, EventKind::With { lock, .. } if *lock == held.lock)
                            && model.binding(g, &held.lock.root)
                                == model.binding(spawn.scope, &held.lock.root)
                    })
                });
                let Some(needs) = needs else { continue };
                let lock = held.lock.display();
                out.push(
                    Finding::new(
                        &crate::lints::lock::join_deadlock::JOIN_DEADLOCK,
                        event.span,
                        format!("this waits for a thread that needs `{lock}`, while holding `{lock}`: both wait forever"),
                    )
                    .primary_label("the join waits for the thread to finish")
                    .label(held.span, format!("`{lock}` is held from here"))
                    .label(needs.span, format!("the thread waits here for `{lock}`"))
                    .help(format!("join after releasing `{lock}` (after the `with` block)")),
                );
            }
        }
    }
}
