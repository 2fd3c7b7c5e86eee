//! `detached_thread` in Python: `t = Thread(...).start()`, and daemon threads nothing waits for.

use super::PythonCheck;
use crate::diagnostic::Finding;
use crate::python::model::{Binding, Callee, EventKind, Model, SpawnId, Target};

pub(crate) const FORM: PythonCheck = PythonCheck {
    lint: &crate::lints::join::detached_thread::DETACHED_THREAD,
    check,
    lesson: Some(LESSON),
};

const LESSON: &str = r#"
    ### What it does
    Finds `t = threading.Thread(...).start()`, which keeps `None` instead
    of the thread; and a daemon thread whose work matters (it writes
    results, a file, output) with nothing waiting for it.

    ### Why is this bad?
    `start()` returns `None`: the thread can no longer be joined
    (`t.join()` raises `AttributeError`). A daemon thread is killed when
    the main thread ends, in the middle of its work. (A thread that is not
    a daemon is waited for at exit: it is reported only when its results
    are read early, under `read_before_join`.)

    ### Example
    ```python
    t = threading.Thread(target=save, args=(data,)).start()
    t.join()
    ```

    Use instead:
    ```python
    t = threading.Thread(target=save, args=(data,))
    t.start()
    t.join()
    ```
"#;

fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    for s in (0..model.spawns.len() as u32).map(SpawnId) {
        let spawn = model.spawn(s);
        if let (Some(place), Some(start)) = (&spawn.start_result_bound, spawn.started_inline) {
            out.push(
                Finding::new(
                    &crate::lints::join::detached_thread::DETACHED_THREAD,
                    spawn.span.to(start),
                    format!("`{}` is `None`: `start()` returns nothing, and the thread is lost", place.display()),
                )
                .primary_label("`start()` returns `None`: this thread can no longer be joined")
                .note(format!("`{}.join()` would raise `AttributeError`", place.display()))
                .help(format!("create the thread first (`{} = threading.Thread(...)`), then call `{}.start()`", place.display(), place.display())),
            );
            continue;
        }
        if !spawn.daemon || spawn.scope.0 != 0 {
            continue;
        }
        let Target::Function(target) = spawn.target else {
            continue;
        };
        let matters = model.reachable(target).iter().any(|(g, _)| {
            let func = model.function(*g);
            func.events.iter().any(|e| match &e.kind {
                // Results for the main thread, or a file.
                EventKind::Write { place, mutates, .. } => {
                    matches!(model.binding(*g, &place.root), Binding::Global)
                        && (!place.is_name() || *mutates || func.globals.contains(&place.root))
                }
                EventKind::Call {
                    callee: Callee::Unknown(name),
                    ..
                } => name == "open",
                EventKind::Method { name, .. } => {
                    matches!(
                        name.as_str(),
                        "write" | "writelines" | "save" | "dump" | "commit"
                    )
                }
                _ => false,
            })
        });
        let Some(&start) = model.starts(s).first() else {
            continue;
        };
        let events = &model.function(spawn.scope).events;
        // Anything after the start that keeps the main thread busy may be what lets the
        // daemon finish: a loop, a wait, a sleep, a call of the file's own functions.
        let waits = events[start + 1..].iter().any(|e| {
            model.is_wait(spawn.scope, e)
                || super::read_before_join::is_sleep(e)
                || matches!(
                    &e.kind,
                    EventKind::While { .. }
                        | EventKind::RangeLoop { .. }
                        | EventKind::ForEach { .. }
                )
        });
        if !matters || waits || !model.joins(s).is_empty() {
            continue;
        }
        out.push(
            Finding::new(
                &crate::lints::join::detached_thread::DETACHED_THREAD,
                spawn.span,
                "this daemon thread is killed when the program ends, in the middle of its work",
            )
            .primary_label("`daemon=True`: nothing waits for this thread at exit")
            .label(
                events[start].span,
                "the thread starts here and nothing waits for it after",
            )
            .note(
                "the interpreter stops daemon threads wherever they are when the main thread ends",
            )
            .help("call `join()` on the thread before the program ends, or drop `daemon=True`"),
        );
    }
}
