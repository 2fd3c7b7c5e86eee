use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::python::model::{EventKind, Model, SpawnId, SpawnKind};

declare_lint! {
    /// ### What it does
    /// Finds a `Thread` that is created (and maybe joined) but never
    /// started.
    ///
    /// ### Why is this bad?
    /// Creating a `Thread` object runs nothing: only `start()` launches it.
    /// The work never happens, and `join()` on a thread that was never
    /// started raises `RuntimeError: cannot join thread before it is
    /// started`.
    ///
    /// ### Example
    /// ```python
    /// threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    /// for t in threads:
    ///     t.join()
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    /// for t in threads:
    ///     t.start()
    /// for t in threads:
    ///     t.join()
    /// ```
    pub static THREAD_NEVER_STARTED = {
        name: "thread_never_started",
        group: Join,
        level: Deny,
        summary: "a thread created but never started: its work never runs",
    };
}

pub(crate) fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    for (i, spawn) in model.spawns.iter().enumerate() {
        let s = SpawnId(i as u32);
        if !matches!(
            spawn.kind,
            SpawnKind::Thread | SpawnKind::Subclass | SpawnKind::Process
        ) || spawn.started_inline.is_some()
            || spawn.run_inline.is_some()
            || spawn.start_result_bound.is_some()
            || !model.starts(s).is_empty()
            || !model.runs(s).is_empty()
        {
            continue;
        }
        // The handle must stay here: a thread passed on, returned or stored may be started
        // elsewhere.
        let Some(handle) = spawn.list.as_ref().or(spawn.handle.as_ref()) else {
            continue;
        };
        if !handle.is_name() {
            continue;
        }
        let events = &model.function(spawn.scope).events;
        let joins = model.joins(s);
        let escapes = events.iter().any(|e| match &e.kind {
            EventKind::Read { place } => {
                place.root == handle.root && !is_loop_header(events, e, handle)
            }
            EventKind::Method { recv, name, .. } => {
                recv.root == handle.root
                    && !matches!(name.as_str(), "join" | "append" | "setDaemon" | "setName")
            }
            _ => false,
        });
        // A nested function that uses the handle may start it.
        let nested = model.functions.iter().enumerate().any(|(i, f)| {
            i != spawn.scope.0 as usize
                && spawn_scope_encloses(model, spawn.scope, f)
                && f.events.iter().any(|e| match &e.kind {
                    EventKind::Read { place } | EventKind::Method { recv: place, .. } => {
                        place.root == handle.root
                    }
                    _ => false,
                })
        });
        // A thread nobody joins may be made on purpose and never run (tests do this); a
        // join says the code expects it to have run.
        if escapes || nested || joins.is_empty() {
            continue;
        }
        let mut finding = Finding::new(
            &THREAD_NEVER_STARTED,
            spawn.span,
            "this thread is created but never started: its work never runs",
        )
        .primary_label("creating a `Thread` does not run it");
        if let Some(&join) = joins.first() {
            finding = finding.label(
                events[join].span,
                "joining a thread that was never started raises `RuntimeError`",
            );
        }
        out.push(finding.help(format!(
            "call `{}.start()` before joining it",
            if spawn.list.is_some() {
                "t"
            } else {
                &handle.root
            }
        )));
    }
}

/// `for t in threads:` reads `threads` in its header.
fn is_loop_header(
    events: &[crate::python::model::Event],
    read: &crate::python::model::Event,
    list: &crate::python::model::Place,
) -> bool {
    events.iter().any(|e| {
        matches!(&e.kind, EventKind::ForEach { list: l, .. } if l == list)
            && e.span.contains(read.span)
    })
}

fn spawn_scope_encloses(
    model: &Model<'_>,
    scope: crate::python::model::FnId,
    f: &crate::python::model::Function,
) -> bool {
    let mut parent = f.parent;
    while let Some(p) = parent {
        if p == scope {
            return true;
        }
        parent = model.function(p).parent;
    }
    false
}
