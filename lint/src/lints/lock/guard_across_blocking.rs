use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::{BodyId, EffectKind, EventKind, GuardId, LockMode, Model, ObjId, WaitHow};

declare_lint! {
    /// ### What it does
    /// Finds a lock guard that is still alive while its thread blocks: across
    /// `join()`, `recv()`, `thread::sleep`, `Barrier::wait`, or a
    /// `Condvar::wait` on another lock, when other threads can want that lock:
    /// threads that run the same code, or other threads that take it, also
    /// when the wait is in a method the spawning code calls while they run.
    /// (A `Condvar::wait` on its own guard releases it while waiting: fine.
    /// A read guard of an `RwLock` stalls only the threads that write it:
    /// readers do not exclude readers.)
    ///
    /// ### Why is this bad?
    /// While the thread sleeps or waits, it keeps the lock: every other thread
    /// that needs it stalls for the whole wait, so the threads run one at a
    /// time. If the thread it waits for needs that same lock, neither can go
    /// on: a deadlock.
    ///
    /// ### Example
    /// ```rust,ignore
    /// let mut log = log.lock().unwrap();
    /// log.push("waiting");
    /// worker.join().unwrap();           // the worker needs `log` too: deadlock
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// log.lock().unwrap().push("waiting"); // the guard is dropped at the `;`
    /// worker.join().unwrap();
    /// ```
    pub static GUARD_ACROSS_BLOCKING = {
        name: "guard_across_blocking",
        group: Lock,
        level: Warn,
        summary: "a lock held while the thread sleeps, joins or waits",
    };
}

/// Whether another thread can want `obj` while `body` holds it at `index`
/// in `mode`. A read guard of an `RwLock` stalls only threads that write it:
/// readers do not exclude readers.
fn contended(model: &Model, body: BodyId, index: usize, obj: ObjId, mode: LockMode) -> bool {
    let excludes = |other: LockMode| mode != LockMode::Read || other != LockMode::Read;
    let wanted_by = |thread: BodyId| -> Vec<usize> {
        model
            .effects(thread)
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                matches!(e.kind, EffectKind::Lock(m) if excludes(m))
                    && model.same_object(e.obj, obj)
            })
            .map(|(i, _)| i)
            .collect()
    };
    if model.runs_on_many_threads(body) && (mode != LockMode::Read || !wanted_by(body).is_empty()) {
        return true;
    }
    let on_thread = model.runs_on_thread(body);
    // In spawning code: the places where this runs after a spawn (here, or in
    // a caller that spawned before calling it).
    let points: Vec<(BodyId, usize)> = if on_thread {
        Vec::new()
    } else {
        model
            .call_points(body, index)
            .into_iter()
            .filter(|&(b, i)| model.spawns.iter().any(|s| s.spawner == b && s.event < i))
            .collect()
    };
    if !on_thread && points.is_empty() {
        return false;
    }
    model.body_ids().any(|other| {
        if other == body || !(model.runs_on_thread(other) || on_thread) {
            return false;
        }
        let locks = wanted_by(other);
        if locks.is_empty() {
            return false;
        }
        // From the spawning side, a thread that is done with the lock does not contend.
        on_thread
            || points
                .iter()
                .any(|&(b, i)| !done_with_lock(model, b, i, other, &locks))
    })
}

/// Whether every thread that runs `thread` was spawned by `body` and has
/// taken its last turn at the lock (its effects `locks`) before `index`:
/// a wait orders that work first (a `Condvar` loop on the flag it sets
/// under the lock, a join), so it no longer wants the lock.
fn done_with_lock(
    model: &Model,
    body: BodyId,
    index: usize,
    thread: BodyId,
    locks: &[usize],
) -> bool {
    let spawns = model.threads_running(thread);
    let last = locks.iter().copied().max().unwrap_or(0);
    spawns.iter().all(|&spawn| {
        model.spawn(spawn).spawner == body
            && !model.spawn(spawn).many
            && model
                .reach_before(spawn, &model.waits_for(spawn), index)
                .covers(last)
    })
}

pub(crate) fn check(model: &Model, out: &mut Vec<Finding>) {
    for body in model.body_ids() {
        // A `#[should_panic]` test that waits wrongly on purpose.
        if model.body(body).expects_panic {
            continue;
        }
        let mut live: Vec<GuardId> = Vec::new();
        for (index, event) in model.body(body).events.iter().enumerate() {
            let (what, released) = match &event.kind {
                EventKind::Lock { guard, .. } => {
                    live.push(*guard);
                    continue;
                }
                EventKind::Unlock { guard } | EventKind::Leak { guard, .. } => {
                    live.retain(|g| g != guard);
                    continue;
                }
                EventKind::Join { .. } => ("waits here for another thread to finish", None),
                EventKind::ScopeEnd { .. } => (
                    "waits here, at the end of the scope, for its threads to finish",
                    None,
                ),
                EventKind::Sleep { .. } => ("sleeps here", None),
                EventKind::Wait {
                    how: WaitHow::Channel,
                    ..
                } => ("waits here for a message", None),
                EventKind::Wait {
                    how: WaitHow::Drain,
                    ..
                } => ("waits here for messages until every sender is gone", None),
                EventKind::Wait {
                    how: WaitHow::Barrier,
                    ..
                } => ("waits here at the barrier", None),
                EventKind::Wait {
                    how: WaitHow::Condvar,
                    obj,
                } => ("waits here on a condition variable", *obj),
                _ => continue,
            };
            // A certain deadlock is `join_deadlock`'s to report.
            let deadlocked: Vec<GuardId> = model
                .deadlocks_at(body, index)
                .iter()
                .map(|d| d.guard)
                .collect();
            for &g in &live {
                if deadlocked.contains(&g) {
                    continue;
                }
                let guard = model.guard(g);
                if released.is_some_and(|r| model.same_object(r, guard.obj)) {
                    continue;
                }
                // `rx.lock().unwrap().recv()`: the lock is how the receiver is
                // shared, and waiting on it is the design (a pool's workers).
                if let (
                    EventKind::Wait {
                        obj: Some(waited), ..
                    },
                    Some(inside),
                ) = (&event.kind, model.channel_in(guard.obj))
                {
                    if model.same_object(*waited, inside) {
                        continue;
                    }
                }
                if !contended(model, body, index, guard.obj, guard.mode) {
                    continue;
                }
                let name = &guard.subject;
                let held = match &guard.binding {
                    Some(binding) => format!("`{binding}` keeps `{name}` locked"),
                    None => format!("this guard keeps `{name}` locked"),
                };
                let mut finding = Finding::new(
                    &GUARD_ACROSS_BLOCKING,
                    event.span,
                    format!("`{name}` stays locked while this thread waits: other threads that need it stall"),
                )
                .primary_label(format!("this thread {what}, still holding the lock"))
                .label(guard.span, held);
                // A method of the spawning side: the call that runs it while a thread runs.
                if !model.runs_on_thread(body) {
                    if let Some((b, i)) = model.call_alongside_thread(body, index) {
                        finding = finding.label(
                            model.body(b).events[i].span,
                            format!(
                                "`{}` runs here, while a spawned thread may still be running",
                                model.body(body).name
                            ),
                        );
                    }
                }
                if guard.mode == LockMode::Read {
                    finding = finding.note(format!(
                        "a read guard lets other readers in, but every thread that writes `{name}` waits for it"
                    ));
                }
                if matches!(
                    event.kind,
                    EventKind::Join { .. } | EventKind::ScopeEnd { .. }
                ) {
                    finding = finding.note(format!(
                        "if the thread being joined needs `{name}`, neither can go on: a deadlock"
                    ));
                }
                let help = match &guard.binding {
                    Some(binding) => format!(
                        "release the lock before waiting: `drop({binding});`, or end its block first"
                    ),
                    None => {
                        "release the lock before waiting: take what you need out of the guard first"
                            .to_string()
                    }
                };
                out.push(
                    finding
                        .note("a lock lets one thread at a time in; holding it while waiting makes every other thread wait too")
                        .help(help),
                );
            }
        }
    }
}
