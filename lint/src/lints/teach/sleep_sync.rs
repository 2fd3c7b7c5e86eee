use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::{BodyId, EffectKind, EventKind, HandleFate, Model, ObjId, SpawnId};
use crate::source::Span;

declare_lint! {
    /// ### What it does
    /// Finds `thread::sleep` used to wait for other threads: after spawning,
    /// before reading what the threads write, or before returning with
    /// threads that are never joined. A sleep inside a worker that stands for
    /// slow work, or in a loop that checks a real condition, is left alone.
    ///
    /// ### Why is this bad?
    /// A sleep guesses how long the other threads need. On a busy machine
    /// they need longer and the result is incomplete; on a fast one the
    /// program waits for nothing. It also hides the real mistake from tests,
    /// which usually pass. `join` waits exactly as long as needed.
    ///
    /// ### Example
    /// ```rust,ignore
    /// thread::spawn(move || results.lock().unwrap().push(work()));
    /// thread::sleep(Duration::from_millis(100)); // "long enough"?
    /// println!("{:?}", results.lock().unwrap());
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// let handle = thread::spawn(move || results.lock().unwrap().push(work()));
    /// handle.join().unwrap();                   // exactly as long as needed
    /// println!("{:?}", results.lock().unwrap());
    /// ```
    /// A channel, a `Barrier` or a `Condvar` also wait for real.
    pub static SLEEP_SYNC = {
        name: "sleep_sync",
        group: Teach,
        level: Warn,
        summary: "`thread::sleep` used to wait for other threads",
    };
}

pub(crate) fn check(model: &Model, out: &mut Vec<Finding>) {
    for body in model.body_ids() {
        let events = &model.body(body).events;
        for (index, event) in events.iter().enumerate() {
            if !matches!(event.kind, EventKind::Sleep { polling: false }) {
                continue;
            }
            let Some((writer, why)) = reads_others_work(model, body, index)
                .or_else(|| last_thing_before_return(model, body, index))
            else {
                continue;
            };
            out.push(
                Finding::new(
                    &SLEEP_SYNC,
                    event.span,
                    "`sleep` is used to wait for another thread: it only guesses how long the thread needs",
                )
                .primary_label("this sleep stands in for a real wait")
                .label(writer, why)
                .note("on a busy machine the other thread needs longer and the work is cut short; on a fast one the program waits for nothing")
                .help("wait for the thread itself: `handle.join().unwrap()`, or a channel, a `Barrier` or a `Condvar`"),
            );
        }
    }
}

/// After the sleep (and before any real wait), this code reads what another
/// thread, running at the same time, writes. Returns that thread's spawn or write.
fn reads_others_work(model: &Model, body: BodyId, index: usize) -> Option<(Span, &'static str)> {
    let events = &model.body(body).events;
    let stop = events
        .iter()
        .enumerate()
        .skip(index + 1)
        .find(|(_, e)| {
            matches!(
                e.kind,
                EventKind::Join { .. } | EventKind::ScopeEnd { .. } | EventKind::Wait { .. }
            )
        })
        .map_or(events.len(), |(i, _)| i);
    // What is read after the sleep: here, and in threads spawned after it.
    let mut reads: Vec<ObjId> = Vec::new();
    for event in &events[index + 1..stop] {
        match &event.kind {
            EventKind::Read { obj, step, .. }
                if !model.is_atomic_rmw_step(*step)
                    && !model.is_poll_read(event.span)
                    && !model.asserts_not_yet(event.span)
                    && !model.spawns.iter().any(|s| {
                        s.spawner == body && s.body.is_some_and(|t| model.is_flag_of(*obj, t))
                    }) =>
            {
                reads.push(*obj)
            }
            EventKind::Spawn { spawn } => {
                if let Some(thread) = model.spawn(*spawn).body {
                    reads.extend(
                        model
                            .effects(thread)
                            .iter()
                            .filter(|e| matches!(e.kind, EffectKind::Read(_)))
                            .map(|e| e.obj),
                    );
                }
            }
            _ => {}
        }
    }
    if reads.is_empty() {
        return None;
    }
    let read = |obj: ObjId| reads.iter().any(|&r| model.same_object(r, obj));
    // Threads this code spawned before the sleep and has not joined.
    for (s, spawn) in model.spawns.iter().enumerate() {
        let id = SpawnId(s as u32);
        if spawn.spawner != body
            || spawn.event >= index
            || model.joined_at(id).is_some_and(|j| j < index)
        {
            continue;
        }
        if events[spawn.event..index]
            .iter()
            .any(|e| matches!(e.kind, EventKind::Wait { .. }))
        {
            continue;
        }
        let Some(thread) = spawn.body else { continue };
        if model.written_objects(thread).iter().any(|&(o, _)| read(o)) {
            return Some((
                spawn.span,
                "this thread writes what is read after the sleep",
            ));
        }
    }
    // Several threads run this code: what one writes before its sleep, the others read after theirs.
    if model.runs_on_many_threads(body) {
        for event in &events[..index] {
            if let EventKind::Write { obj, .. } = &event.kind {
                if read(*obj) {
                    return Some((
                        event.span,
                        "every thread running this code writes it here, at its own pace",
                    ));
                }
            }
        }
    }
    // On a spawned thread: the spawning code and sibling threads run at the same time.
    for &running in model.threads_running(body) {
        let spawn = model.spawn(running);
        let spawner = model.body(spawn.spawner);
        let until = model.joined_at(running).unwrap_or(spawner.events.len());
        for event in &spawner.events[spawn.event..until] {
            if let EventKind::Write { obj, .. } = &event.kind {
                if read(*obj) {
                    return Some((
                        event.span,
                        "the spawning thread writes it here, at the same time",
                    ));
                }
            }
        }
        for (s, sibling) in model.spawns.iter().enumerate() {
            if SpawnId(s as u32) == running || sibling.spawner != spawn.spawner {
                continue;
            }
            let Some(thread) = sibling.body else { continue };
            if let Some(&(_, at)) = model
                .written_objects(thread)
                .iter()
                .find(|&&(o, _)| read(o))
            {
                return Some((at, "another thread writes it here"));
            }
        }
    }
    None
}

/// The sleep is the last thing before returning, with threads never joined.
fn last_thing_before_return(
    model: &Model,
    body: BodyId,
    index: usize,
) -> Option<(Span, &'static str)> {
    let events = &model.body(body).events;
    // A sleep inside a loop paces the loop's own work (print, sleep, print):
    // it keeps no thread alive on purpose.
    if !events[index].ctx.loops.is_empty() {
        return None;
    }
    let last = !events[index + 1..].iter().any(|e| {
        matches!(
            e.kind,
            EventKind::Spawn { .. }
                | EventKind::Sleep { .. }
                | EventKind::Lock { .. }
                | EventKind::Read { .. }
                | EventKind::Write { .. }
                | EventKind::Call { .. }
                // A blocking receive or wait after it: not the last thing.
                | EventKind::Wait { .. }
        )
    });
    if !last {
        return None;
    }
    model.spawns.iter().enumerate().find_map(|(s, spawn)| {
        let id = SpawnId(s as u32);
        let detached = spawn.spawner == body
            && spawn.event < index
            && !spawn.scoped
            && model.joined_at(id).is_none()
            && model.waited_for(id).is_none()
            && !matches!(spawn.fate, HandleFate::Escaped);
        detached.then_some((
            spawn.span,
            "this thread is never joined: the sleep is all that keeps it alive",
        ))
    })
}
