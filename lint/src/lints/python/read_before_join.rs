//! `read_before_join` in Python: results the threads write, read before the threads are joined.

use std::collections::HashSet;

use super::PythonCheck;
use crate::diagnostic::Finding;
use crate::python::model::{Binding, EventKind, Model, Place, SpawnId, SpawnKind, Target, Value};
use crate::source::Span;

pub(crate) const FORM: PythonCheck = PythonCheck {
    lint: &crate::lints::join::read_before_join::READ_BEFORE_JOIN,
    check,
    lesson: Some(LESSON),
};

const LESSON: &str = r#"
    ### What it does
    Finds results that threads write (a list they append to, a dict, a
    global, an attribute) read by the thread that started them before it
    waits for them with `join()`. `Queue.get`, `Event.wait`,
    `Condition.wait_for`, `Barrier.wait`, `future.result()` and
    `as_completed` are waits too; `time.sleep` is not.

    A `return` inside a `try:` whose `finally:` joins the threads (or
    inside a pool's `with` block) computes its value first and waits after:
    `return results` hands the caller the list itself, complete once the
    joins have run, and is fine; `return sum(results)`, `len(results)`,
    `results[:]`, or a name the threads assign anew, is taken before the
    joins and is reported.

    ### Why is this bad?
    `start()` returns at once: the threads may still be running when the
    next line reads their results, so it sees a partial list or an old
    value, and which one changes from run to run.

    ### Example
    ```python
    for t in threads:
        t.start()
    print(sum(results))
    ```

    Use instead:
    ```python
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(sum(results))
    ```
"#;

/// The names, in the spawner's scope, of the objects a spawn's threads write.
pub(crate) fn written_by(model: &Model<'_>, s: SpawnId) -> HashSet<String> {
    writes_of(model, s)
        .into_iter()
        .map(|(place, _)| place.root)
        .collect()
}

/// What a spawn's threads write, as paths in the spawner's scope, each with whether the
/// write changes the object in place (`results.append(v)`) rather than binding a new value
/// to the path (`total += n`, `results[i] = v`).
fn writes_of(model: &Model<'_>, s: SpawnId) -> Vec<(Place, bool)> {
    let spawn = model.spawn(s);
    let mut out = Vec::new();
    let Target::Function(target) = spawn.target else {
        return out;
    };
    if spawn.process {
        return out;
    }
    for (g, _) in model.reachable(target) {
        for event in &model.function(g).events {
            let EventKind::Write { place, mutates, .. } = &event.kind else {
                continue;
            };
            let object = !place.is_name() || *mutates;
            let root = match model.binding(g, &place.root) {
                Binding::Global if object || model.function(g).globals.contains(&place.root) => {
                    Some(place.root.clone())
                }
                Binding::Enclosing(f)
                    if f == spawn.scope
                        && (object || model.function(g).nonlocals.contains(&place.root)) =>
                {
                    Some(place.root.clone())
                }
                Binding::Param(i) if g == target && object => {
                    let offset = usize::from(spawn.kind == SpawnKind::Subclass);
                    spawn
                        .args
                        .get(i.wrapping_sub(offset))
                        .and_then(|a| a.name.clone())
                }
                _ => None,
            };
            if let Some(root) = root {
                let place = Place {
                    root,
                    path: place.path.clone(),
                };
                out.push((place, *mutates));
            }
        }
    }
    out
}

/// How a read of the results sits in a `return` whose function waits for the threads on its
/// way out (in a `finally:`, or at the end of the pool's `with` block): Python computes the
/// returned value first, then runs the `finally:` or the `with` exit, then hands the value
/// to the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OnTheWayOut {
    /// Not a read in such a `return`.
    No,
    /// The returned value is computed from the read before the wait: it is early.
    Computed(WaitAt),
    /// The read hands the object itself to the caller, who sees it after the wait: it is not
    /// early.
    Handed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WaitAt {
    Finally,
    WithEnd,
}

fn on_the_way_out(model: &Model<'_>, s: SpawnId, read: usize, wait: Option<usize>) -> OnTheWayOut {
    let spawn = model.spawn(s);
    let events = &model.function(spawn.scope).events;
    let e = &events[read];
    let EventKind::Read { place } = &e.kind else {
        return OnTheWayOut::No;
    };
    let Some(refs) = events[read..].iter().find_map(|r| match &r.kind {
        EventKind::Return { refs } if r.span.contains(e.span) => Some(refs),
        _ => None,
    }) else {
        return OnTheWayOut::No;
    };
    let at = match wait {
        Some(w)
            if events[w]
                .ctx
                .finally_of
                .is_some_and(|t| e.ctx.before_finally.contains(&t)) =>
        {
            WaitAt::Finally
        }
        // The first wait after the start is the end of the pool's `with` block, and this
        // `return` is inside that block.
        _ if spawn.pool_with_end.is_some_and(|end| {
            e.span.hi <= end && wait.is_none_or(|w| events[w].span.lo >= end)
        }) =>
        {
            WaitAt::WithEnd
        }
        _ => return OnTheWayOut::No,
    };
    // The object itself, unless a thread binds a new value to this path or to a path it
    // goes through (`total += n` and `return total`; `results[i] = v` and `return results[0]`).
    let handed = refs.contains(&e.span)
        && !writes_of(model, s).iter().any(|(w, mutates)| {
            w.root == place.root
                && w.path.len() <= place.path.len()
                && w.path == place.path[..w.path.len()]
                && !(*mutates && w.path.len() == place.path.len())
        });
    if handed {
        OnTheWayOut::Handed
    } else {
        OnTheWayOut::Computed(at)
    }
}

/// The first read of the threads' results between their start and the first wait.
pub(crate) fn early_read(model: &Model<'_>, s: SpawnId) -> Option<(usize, usize, Option<usize>)> {
    let spawn = model.spawn(s);
    let written = written_by(model, s);
    if written.is_empty() {
        return None;
    }
    let start = *model.starts(s).first()?;
    let wait = model.first_wait_after(s, start);
    let events = &model.function(spawn.scope).events;
    let end = wait.unwrap_or(events.len());
    let start_loops = &events[start].ctx.loops;
    // A `while` loop that reads the results polls them: a wait racelint does not judge.
    let polls: Vec<u32> = events[start..]
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::While { loop_id } => Some(loop_id),
            _ => None,
        })
        .collect();
    let sync_object = |place: &crate::python::model::Place| {
        matches!(
            model.value_of(spawn.scope, &crate::python::model::Place::name(&place.root)),
            Some(
                Value::Queue | Value::Event | Value::Barrier | Value::Lock(_) | Value::Pool { .. }
            )
        )
    };
    (start + 1..end)
        .find(|&i| {
            let e = &events[i];
            matches!(&e.kind, EventKind::Read { place } if written.contains(&place.root)
                && (spawn.scope.0 == 0 || model.binding(spawn.scope, &place.root) != Binding::Unknown))
                // Reads inside the loop that starts the threads are that loop's business.
                && !start_loops.iter().any(|l| e.ctx.loops.contains(l))
                && !polls.iter().any(|l| e.ctx.loops.contains(l))
                && !matches!(&e.kind, EventKind::Read { place } if sync_object(place))
                && on_the_way_out(model, s, i, wait) != OnTheWayOut::Handed
        })
        .map(|read| (start, read, wait))
}

fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    let mut reported: HashSet<Span> = HashSet::new();
    for s in (0..model.spawns.len() as u32).map(SpawnId) {
        let spawn = model.spawn(s);
        let Some((start, read, wait)) = early_read(model, s) else {
            continue;
        };
        let events = &model.function(spawn.scope).events;
        if !reported.insert(events[read].span) {
            continue;
        }
        let EventKind::Read { place } = &events[read].kind else {
            continue;
        };
        let name = place.root.clone();
        let mut finding = Finding::new(
            &crate::lints::join::read_before_join::READ_BEFORE_JOIN,
            events[read].span,
            format!("`{name}` is read while the threads that write it may still be running"),
        )
        .primary_label("this read can see partial results")
        .label(events[start].span, "the threads start here and write it");
        if let Some(sleep) = events[start..read].iter().find(|e| is_sleep(e)) {
            finding = finding.label(
                sleep.span,
                "a sleep is not a wait: the threads may need longer",
            );
        }
        finding = match (wait, on_the_way_out(model, s, read, wait)) {
            (Some(w), OnTheWayOut::Computed(WaitAt::Finally)) => finding
                .label(events[w].span, "the threads are waited for only here, after the returned value is computed")
                .note("`return` computes its value before `finally:` runs: the joins there come after this read"),
            (_, OnTheWayOut::Computed(WaitAt::WithEnd)) => finding
                .note("`return` computes its value before the `with` block ends: the pool waits for its tasks only after this read"),
            (Some(w), _) => finding.label(events[w].span, "the threads are waited for only here"),
            (None, _) => finding.note("nothing waits for the threads before this read"),
        };
        out.push(
            finding
                .note("`start()` returns at once; the threads write their results while this code goes on")
                .help(match spawn.kind {
                    SpawnKind::Submit | SpawnKind::Map => "read the results through the futures (`future.result()`), or after the pool's `with` block",
                    _ => "call `join()` on every thread before reading what they write",
                }),
        );
    }
}

pub(crate) fn is_sleep(e: &crate::python::model::Event) -> bool {
    matches!(&e.kind, EventKind::Call { callee: crate::python::model::Callee::Qualified(q), .. } if q == "time.sleep")
}
