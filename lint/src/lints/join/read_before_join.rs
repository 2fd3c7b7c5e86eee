use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::{EffectKind, EventKind, HandleFate, Model, ObjId, Reach, ReadHow, SpawnId};
use crate::source::Span;

declare_lint! {
    /// ### What it does
    /// Finds the spawning thread reading shared state that its spawned
    /// threads write (a locked `Vec` or map, an atomic counter, a channel
    /// drained with `try_recv`) before it has joined those threads.
    ///
    /// ### Why is this bad?
    /// The threads may still be running: the read sees whatever they have
    /// done so far, so the result is incomplete and changes from run to run.
    /// `join` waits for a thread to finish; only after every writer is
    /// joined is the result complete. A `sleep` is not a wait: it only makes
    /// the race rarer. Reads after another real wait are fine: a join in a
    /// helper the handles are passed to, the end of a scope, a channel
    /// received from until every sender is gone (`for v in rx`,
    /// `rx.iter().sum()`, a counted `recv()` loop), a `Condvar` wait on a
    /// predicate, a `Barrier`, a flag the writers set last, a polling loop.
    /// What a polling loop reads while it waits (progress so far) is a
    /// snapshot on purpose, and is not reported. Nor is the spawner's own
    /// share of the work: a read-modify-write under one guard, like the
    /// threads' (`let s = v.iter().sum(); v.push(s);`), is no read of the
    /// results, as its own `fetch_add` is none.
    ///
    /// ### Example
    /// ```rust,ignore
    /// for i in 0..5 {
    ///     let results = Arc::clone(&results);
    ///     handles.push(thread::spawn(move || results.lock().unwrap().push(i * i)));
    /// }
    /// println!("{:?}", results.lock().unwrap()); // threads may still be running
    /// for h in handles { h.join().unwrap(); }
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// for h in handles { h.join().unwrap(); }
    /// println!("{:?}", results.lock().unwrap()); // every thread is done
    /// ```
    pub static READ_BEFORE_JOIN = {
        name: "read_before_join",
        group: Join,
        level: Deny,
        summary: "shared results read before the threads writing them are joined",
    };
}

pub(crate) fn check(model: &Model, out: &mut Vec<Finding>) {
    let mut reported = std::collections::HashSet::new();
    for (s, spawn) in model.spawns.iter().enumerate() {
        let id = SpawnId(s as u32);
        let Some(thread) = spawn.body else { continue };
        let effects = model.effects(thread);
        let writes: Vec<(usize, ObjId, Span)> = effects
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e.kind, EffectKind::Write(_)))
            .map(|(i, e)| (i, e.obj, e.span))
            .collect();
        if writes.is_empty() {
            continue;
        }
        let waits = model.waits_for(id);
        let finished = waits
            .iter()
            .find(|w| w.reach == Reach::All)
            .map(|w| w.event);
        if finished.is_none() && escaped_unseen(model, id) {
            // The handle went somewhere the model cannot follow: it may be joined there.
            continue;
        }
        let events = &model.body(spawn.spawner).events;
        // Past a wait the model does not understand, nothing is certain.
        let stop = [finished, model.unknown_wait_after(id)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(events.len());
        for (index, event) in events.iter().enumerate().take(stop).skip(spawn.event + 1) {
            let EventKind::Read { obj, how, step, .. } = &event.kind else {
                continue;
            };
            if !matches!(how, ReadHow::Guard | ReadHow::AtomicLoad | ReadHow::TryRecv)
                || model.is_atomic_rmw_step(*step)
                || model.is_poll_read(event.span)
                || model.asserts_not_yet(event.span)
                || model.in_poll_loop(event)
                || model.is_flag_of(*obj, thread)
                || own_turn(model, events, index)
            {
                continue;
            }
            // The thread's last write of what is read here.
            let Some(&(last, _, write)) = writes
                .iter()
                .rev()
                .find(|(_, o, _)| model.same_object(*o, *obj))
            else {
                continue;
            };
            if model.reach_before(id, &waits, index).covers(last) {
                continue;
            }
            if !reported.insert((spawn.spawner, index)) {
                continue;
            }
            let name = model.subject(event);
            let mut finding = Finding::new(
                &READ_BEFORE_JOIN,
                event.span,
                format!("`{name}` is read before the threads that write it are joined"),
            )
            .primary_label(
                "this read may see only part of the work: the threads may still be running",
            )
            .label(write, format!("a spawned thread writes `{name}` here"));
            let help = match finished {
                Some(j) => {
                    finding = finding.label(events[j].span, "the threads are joined only here");
                    "move this read after the joins"
                }
                None => "join the threads (`handle.join().unwrap()`) before reading the results",
            };
            if *how == ReadHow::TryRecv {
                finding = finding
                    .note("`try_recv` does not wait: it takes only the messages sent so far");
            }
            out.push(
                finding
                    .note("`join` waits for a thread to finish; only after every writer is joined is the result complete (a `sleep` only makes the race rarer)")
                    .help(help),
            );
        }
    }
}

/// Whether the read at `index` is the spawner's own share of the work: a
/// read-modify-write under one guard (`let s = v.iter().sum(); v.push(s);`),
/// like the threads' own, whose value goes back into the data it was read
/// from. It is the lock form of the spawner's own `fetch_add`, not a read of
/// the results.
fn own_turn(model: &Model, events: &[crate::model::Event], index: usize) -> bool {
    let EventKind::Read {
        obj,
        step,
        how: ReadHow::Guard,
        ..
    } = &events[index].kind
    else {
        return false;
    };
    let span = events[index].span;
    events[index + 1..].iter().any(|e| {
        matches!(&e.kind, EventKind::Write { obj: o, step: s, deps, .. }
            if s == step
                && model.same_object(*o, *obj)
                && deps.iter().any(|d| d.step == *step && d.span == span))
    })
}

/// The thread's handle was handed on (returned, stored, passed to a function
/// the model does not know) and never joined where the model can see.
fn escaped_unseen(model: &Model, spawn: SpawnId) -> bool {
    let escaped = match model.spawn(spawn).fate {
        HandleFate::Escaped => true,
        HandleFate::Kept(h) => model.handles[h.index()].escaped,
        HandleFate::Discarded | HandleFate::JoinedAtOnce => false,
    };
    escaped && !model.passed_to_known_fn(spawn)
}
