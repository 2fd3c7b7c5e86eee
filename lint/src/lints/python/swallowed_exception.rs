use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::python::model::{EventKind, Model, SpawnKind};

declare_lint! {
    /// ### What it does
    /// Finds tasks whose exceptions nobody will see: `executor.submit(...)`
    /// whose future is thrown away, `executor.map(...)` whose results are
    /// never iterated.
    ///
    /// ### Why is this bad?
    /// An exception raised in a task is stored in its future and raised
    /// again only by `future.result()` (or when `map`'s results are read).
    /// If nobody asks, the error disappears: the program reports success
    /// with the work half done.
    ///
    /// ### Example
    /// ```python
    /// with ThreadPoolExecutor() as pool:
    ///     for url in urls:
    ///         pool.submit(download, url)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// with ThreadPoolExecutor() as pool:
    ///     futures = [pool.submit(download, url) for url in urls]
    ///     for future in as_completed(futures):
    ///         future.result()  # raises here if the task failed
    /// ```
    pub static SWALLOWED_EXCEPTION = {
        name: "swallowed_exception",
        group: Join,
        level: Warn,
        summary: "a task's exception is never observed: its future or results are thrown away",
    };
}

pub(crate) fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    for spawn in &model.spawns {
        if !spawn.result_discarded && !future_unused(model, spawn) {
            continue;
        }
        let (message, help) = match spawn.kind {
            SpawnKind::Submit => (
                "the future is thrown away: an exception in this task disappears",
                "keep the futures and call `.result()` on each (for example over `as_completed(futures)`)",
            ),
            SpawnKind::Map => (
                "the results of `map` are never read: an exception in a task disappears",
                "iterate over the results (`for result in pool.map(...)`), which raises a task's exception",
            ),
            _ => continue,
        };
        out.push(
            Finding::new(&SWALLOWED_EXCEPTION, spawn.span, message)
                .primary_label("nothing asks this task for its result")
                .note("a task's exception is raised again only when its result is asked for")
                .help(help),
        );
    }
}

/// `f = pool.submit(..)` (or `results = pool.map(..)`) and the name is never used again.
fn future_unused(model: &Model<'_>, spawn: &crate::python::model::Spawn) -> bool {
    let Some(handle) = &spawn.handle else {
        return false;
    };
    if !matches!(spawn.kind, SpawnKind::Submit | SpawnKind::Map)
        || !handle.is_name()
        || spawn.list.is_some()
    {
        return false;
    }
    let func = model.function(spawn.scope);
    if func.globals.contains(&handle.root) {
        return false;
    }
    let used = |events: &[crate::python::model::Event]| {
        events.iter().any(|e| match &e.kind {
            EventKind::Read { place } | EventKind::Method { recv: place, .. } => {
                place.root == handle.root
            }
            _ => false,
        })
    };
    // A module-level name may be read by any function of the file; a local one by the
    // functions nested in its own.
    !used(&func.events)
        && !model
            .functions
            .iter()
            .any(|f| (spawn.scope.0 == 0 || f.parent == Some(spawn.scope)) && used(&f.events))
}
