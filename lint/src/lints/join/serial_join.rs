use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::{BodyId, EventKind, HandlePlace, Model, SerialHow, SpawnId};

declare_lint! {
    /// ### What it does
    /// Finds a thread joined in the same loop iteration, or the same
    /// expression, that spawned it, with nothing else done in between; also
    /// a lazy iterator chain that spawns in one `map` and joins in a later
    /// one, which runs the same way, and a `thread::scope` opened in each
    /// iteration with a single thread in it (the scope joins it at its end).
    ///
    /// ### Why is this bad?
    /// `join` waits for the thread to finish. Joining right after spawning
    /// means the next thread starts only when the previous one is done: the
    /// threads run one after another, nothing overlaps, and the program is
    /// as slow as without threads (plus the cost of starting them).
    ///
    /// ### Example
    /// ```rust,ignore
    /// for url in urls {
    ///     let h = thread::spawn(move || download(url));
    ///     h.join().unwrap(); // waits before the next download starts
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// let handles: Vec<_> = urls
    ///     .into_iter()
    ///     .map(|url| thread::spawn(move || download(url)))
    ///     .collect(); // every thread is started first
    /// for h in handles {
    ///     h.join().unwrap();
    /// }
    /// ```
    pub static SERIAL_JOIN = {
        name: "serial_join",
        group: Join,
        level: Warn,
        summary: "a thread joined right where it was spawned, so the threads run one at a time",
    };
}

pub(crate) fn check(model: &Model, out: &mut Vec<Finding>) {
    for body in model.body_ids() {
        let events = &model.body(body).events;
        for (index, event) in events.iter().enumerate() {
            if let EventKind::ScopeEnd { spawns } = &event.kind {
                if let Some(finding) = scope_per_iteration(model, body, index, spawns) {
                    out.push(finding);
                }
                continue;
            }
            let EventKind::Join {
                handle,
                spawns,
                method,
                serial,
                ..
            } = &event.kind
            else {
                continue;
            };
            let Some(&first) = spawns.first() else {
                continue;
            };
            let spawn = model.spawn(first);
            let finding = match serial {
                // A single spawn-and-join (to isolate a panic, say) serializes nothing;
                // in a loop or an iterator it runs the threads one at a time.
                Some(SerialHow::SameExpression) if event.ctx.loops.is_empty() => continue,
                Some(SerialHow::SameExpression) => Finding::new(
                    &SERIAL_JOIN,
                    *method,
                    "this thread is joined right where it is spawned: nothing runs in parallel",
                )
                .primary_label("`join` waits here until the thread is done")
                .help("spawn all the threads first and keep their handles in a `Vec`, then join them"),
                Some(SerialHow::LazyIterator) => Finding::new(
                    &SERIAL_JOIN,
                    *method,
                    "each thread is joined before the next one is spawned: the threads run one at a time",
                )
                .primary_label("this join runs as each item is produced, before the next thread starts")
                .label(spawn.span, "iterators are lazy: this spawn runs only when the next item is asked for")
                .help("`collect()` the handles into a `Vec` first, then join them in a second step"),
                None => {
                    let Some(h) = handle else { continue };
                    let handle = &model.handles[h.index()];
                    let spawn_loop = model.body(spawn.spawner).events[spawn.event].ctx.loops.last();
                    let same_iteration = spawn.spawner == body
                        && handle.place == HandlePlace::Single
                        && spawn_loop.is_some()
                        && spawn_loop == event.ctx.loops.last()
                        && handle.ctx.loops.last() == spawn_loop;
                    // Work done here between the spawn and the join runs alongside the thread.
                    if !same_iteration || works_between(model, body, spawn.event, index) {
                        continue;
                    }
                    Finding::new(
                        &SERIAL_JOIN,
                        *method,
                        "each thread is joined before the next one is spawned: the threads run one at a time",
                    )
                    .primary_label("`join` waits here, in the same iteration that spawned the thread")
                    .label(spawn.span, "spawned here")
                    .help("spawn every thread first and push the handles into a `Vec`, then join them in a second loop")
                }
            };
            out.push(finding.note(
                "`join` waits for the thread to finish, so nothing overlaps: the program is as slow as without threads",
            ));
        }
    }
}

/// Whether the spawning code does work of its own (calls, shared accesses,
/// other threads) between the spawn at `from` and the wait at `to`: then the
/// thread overlaps with it.
fn works_between(model: &Model, body: BodyId, from: usize, to: usize) -> bool {
    model.opaque_call_between(body, from, to)
        || model.body(body).events[from + 1..to].iter().any(|e| {
            matches!(
                e.kind,
                EventKind::Call { .. }
                    | EventKind::Read { .. }
                    | EventKind::Write { .. }
                    | EventKind::Lock { .. }
                    | EventKind::Spawn { .. }
                    | EventKind::Wait { .. }
                    | EventKind::Join { .. }
            )
        })
}

/// A `thread::scope` opened in each iteration of a loop, with one thread and
/// nothing else running in it: each iteration waits for its thread.
fn scope_per_iteration(
    model: &Model,
    body: BodyId,
    index: usize,
    spawns: &[SpawnId],
) -> Option<Finding> {
    let event = &model.body(body).events[index];
    let [only] = spawns else { return None };
    let spawn = model.spawn(*only);
    if event.ctx.loops.is_empty() || spawn.spawner != body {
        return None;
    }
    // A spawn in a loop of its own inside the scope starts many threads.
    if model.body(body).events[spawn.event].ctx.loops != event.ctx.loops {
        return None;
    }
    if !model.is_idle_scope(event.span) || works_between(model, body, spawn.event, index) {
        return None;
    }
    Some(
        Finding::new(
            &SERIAL_JOIN,
            event.span,
            "each scope waits for its thread before the next one starts: the threads run one at a time",
        )
        .primary_label("the scope ends here, in every iteration, and waits for its thread")
        .label(spawn.span, "the only thread of this scope")
        .help("open one `thread::scope` around the loop and spawn every thread in it")
        .note("`join` waits for the thread to finish, so nothing overlaps: the program is as slow as without threads"),
    )
}
