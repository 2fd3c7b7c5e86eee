//! `sleep_sync` in Python: `time.sleep` used to wait for threads.

use super::PythonCheck;
use super::read_before_join::{early_read, is_sleep};
use crate::diagnostic::Finding;
use crate::python::model::{Model, SpawnId};

pub(crate) const FORM: PythonCheck = PythonCheck {
    lint: &crate::lints::teach::sleep_sync::SLEEP_SYNC,
    check,
    lesson: Some(LESSON),
};

const LESSON: &str = r#"
    ### What it does
    Finds `time.sleep` used to wait for other threads to finish before
    their results are read.

    ### Why is this bad?
    A sleep guesses how long the threads need. On a busy machine they need
    longer, and the results are read half done; on a fast one the program
    waits for nothing. `join()` (or an `Event`, a `Queue`, `future.result()`)
    waits exactly as long as needed.

    ### Example
    ```python
    t.start()
    time.sleep(1)
    print(results)
    ```

    Use instead:
    ```python
    t.start()
    t.join()
    print(results)
    ```
"#;

fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    let mut seen = Vec::new();
    for s in (0..model.spawns.len() as u32).map(SpawnId) {
        let Some((start, read, _)) = early_read(model, s) else {
            continue;
        };
        let events = &model.function(model.spawn(s).scope).events;
        let Some(sleep) = events[start..read].iter().find(|e| is_sleep(e)) else {
            continue;
        };
        if seen.contains(&sleep.span) {
            continue;
        }
        seen.push(sleep.span);
        out.push(
            Finding::new(
                &crate::lints::teach::sleep_sync::SLEEP_SYNC,
                sleep.span,
                "`time.sleep` is used to wait for the threads: it guesses how long they need",
            )
            .primary_label("the threads may need longer than this")
            .label(events[read].span, "their results are read here")
            .help(
                "wait with `join()` on each thread (or an `Event`, a `Queue`, `future.result()`)",
            ),
        );
    }
}
