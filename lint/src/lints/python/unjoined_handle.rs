//! `unjoined_handle` in Python: threads kept in a variable or a list and
//! joined further down, but a `return` or a `raise` between the start and
//! the joins leaves the function with the threads still running.

use std::collections::HashSet;

use super::PythonCheck;
use super::read_before_join::written_by;
use crate::diagnostic::Finding;
use crate::python::model::{EventKind, Model, SpawnId, SpawnKind};
use crate::source::Span;

pub(crate) const FORM: PythonCheck = PythonCheck {
    lint: &crate::lints::join::unjoined_handle::UNJOINED_HANDLE,
    check,
    lesson: Some(LESSON),
};

const LESSON: &str = r#"
    ### What it does
    Finds threads kept in a variable or a list and joined further down the
    function, where a `return` or a `raise` between the `start()` and the
    `join()` leaves the function on some paths without the joins.

    ### Why is this bad?
    On that path nobody waits for the threads: the function returns while
    they still run, and whoever reads what they write (a results list, a
    dict) reads it half done. An exception that leaves the function skips
    the joins the same way.

    ### Example
    ```python
    def fetch_all(urls):
        results = []
        threads = [threading.Thread(target=fetch, args=(u, results)) for u in urls]
        for t in threads:
            t.start()
        if not check_network():
            return results
        for t in threads:
            t.join()
        return results
    ```

    Use instead: check before starting the threads, or join them on every
    path (in a `finally:` block when an exception may leave):
    ```python
    def fetch_all(urls):
        results = []
        threads = [threading.Thread(target=fetch, args=(u, results)) for u in urls]
        for t in threads:
            t.start()
        try:
            check_network()
        finally:
            for t in threads:
                t.join()
        return results
    ```
"#;

fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    let mut reported: HashSet<Span> = HashSet::new();
    for s in (0..model.spawns.len() as u32).map(SpawnId) {
        let spawn = model.spawn(s);
        // A `return` ends a function; at module level the interpreter joins the threads at exit.
        if spawn.process
            || spawn.scope.0 == 0
            || !matches!(spawn.kind, SpawnKind::Thread | SpawnKind::Subclass)
        {
            continue;
        }
        let kept: Vec<&str> = [&spawn.handle, &spawn.list]
            .into_iter()
            .flatten()
            .map(|p| p.root.as_str())
            .collect();
        if kept.is_empty() {
            continue;
        }
        let Some(&start) = model.starts(s).first() else {
            continue;
        };
        let joins = model.joins(s);
        let Some(&join) = joins.iter().find(|&&j| j > start) else {
            continue;
        };
        let mut written: Vec<String> = written_by(model, s).into_iter().collect();
        written.sort();
        let Some(result) = written.first() else {
            continue;
        };
        let events = &model.function(spawn.scope).events;
        let finally_of: Vec<u32> = joins
            .iter()
            .filter_map(|&j| events[j].ctx.finally_of)
            .collect();
        let exit = (start + 1..join).find(|&i| {
            let e = &events[i];
            let leaves = match e.kind {
                EventKind::Return { .. } => true,
                // A `raise` inside a `try:` body may be caught right there.
                EventKind::Raise => e.ctx.tries.is_empty(),
                _ => false,
            };
            leaves
                // A `finally:` that joins runs on the way out (from its `try:` body, an
                // `except:` or the `else:`).
                && !e.ctx.before_finally.iter().any(|t| finally_of.contains(t))
                && !e.ctx.in_finally
                // In another arm of the `if` that starts the threads: they were not started.
                && !events[start].ctx.exclusive(&e.ctx)
                // `return threads`: the caller has the handles.
                && !events[..i].iter().any(|r| {
                    matches!(&r.kind, EventKind::Read { place } if kept.contains(&place.root.as_str()))
                        && e.span.contains(r.span)
                })
        });
        let Some(exit) = exit else {
            continue;
        };
        // `return results` before the joins: a read of the results, `read_before_join`'s lesson.
        if events[..exit].iter().any(|r| {
            matches!(&r.kind, EventKind::Read { place } if written.contains(&place.root))
                && events[exit].span.contains(r.span)
        }) {
            continue;
        }
        if !reported.insert(events[exit].span) {
            continue;
        }
        let word = match events[exit].kind {
            EventKind::Raise => "raise",
            _ => "return",
        };
        let single = match (&spawn.handle, spawn.many || spawn.list.is_some()) {
            (Some(handle), false) => Some(handle.display()),
            _ => None,
        };
        let (subject, joins_word, starts, joined, waits) = match &single {
            Some(name) => (
                format!("`{name}` is joined on some paths only"),
                "join",
                "the thread starts here",
                "it is joined only here",
                "nobody waits for the thread: it still writes",
            ),
            None => (
                "the threads are joined on some paths only".to_string(),
                "joins",
                "the threads start here",
                "they are joined only here",
                "nobody waits for the threads: they still write",
            ),
        };
        out.push(
            Finding::new(
                &crate::lints::join::unjoined_handle::UNJOINED_HANDLE,
                events[exit].span,
                format!("{subject}: this `{word}` skips the {joins_word}"),
            )
            .primary_label(format!(
                "this `{word}` leaves the function before the {joins_word}"
            ))
            .label(events[start].span, starts)
            .label(events[join].span, joined)
            .note(format!(
                "on this path {waits} `{result}` after the function has left"
            ))
            .help("join before leaving (in a `finally:` block when an exception may leave), or check before starting the threads"),
        );
    }
}
