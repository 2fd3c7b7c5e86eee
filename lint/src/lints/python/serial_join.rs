//! `serial_join` in Python: `t.start(); t.join()` in the same loop iteration.

use super::PythonCheck;
use crate::diagnostic::Finding;
use crate::python::model::{Model, SpawnId};

pub(crate) const FORM: PythonCheck = PythonCheck {
    lint: &crate::lints::join::serial_join::SERIAL_JOIN,
    check,
    lesson: Some(LESSON),
};

const LESSON: &str = r#"
    ### What it does
    Finds a thread joined in the same loop iteration that started it.

    ### Why is this bad?
    `join()` waits for the thread to finish, so the next thread starts only
    when the previous one is done: the threads run one after another,
    nothing overlaps, and the program is as slow as without threads.

    ### Example
    ```python
    for url in urls:
        t = threading.Thread(target=download, args=(url,))
        t.start()
        t.join()
    ```

    Use instead:
    ```python
    threads = [threading.Thread(target=download, args=(url,)) for url in urls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ```
"#;

fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    for s in (0..model.spawns.len() as u32).map(SpawnId) {
        let spawn = model.spawn(s);
        let events = &model.function(spawn.scope).events;
        let Some(&start) = model.starts(s).first() else {
            continue;
        };
        let Some(&loop_id) = events[start].ctx.loops.last() else {
            continue;
        };
        let Some(join) = model
            .joins(s)
            .into_iter()
            .find(|&j| {
                j > start
                    && events[j].ctx.loops.last() == Some(&loop_id)
                    // `join(timeout)` may return before the thread ends: the loop may overlap.
                    && matches!(&events[j].kind, crate::python::model::EventKind::Method { args: 0, .. })
            })
        else {
            continue;
        };
        out.push(
            Finding::new(
                &crate::lints::join::serial_join::SERIAL_JOIN,
                events[join].span,
                "this waits for the thread in the iteration that started it: the threads run one at a time",
            )
            .primary_label("the loop goes on only when this thread has finished")
            .label(events[start].span, "the thread starts here")
            .note("nothing overlaps: the program is as slow as without threads")
            .help("start every thread in one loop, then join them all in a second loop"),
        );
    }
}
