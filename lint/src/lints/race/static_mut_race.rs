use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::{Concurrency, EventKind, Model, ObjKind, WriteHow};

declare_lint! {
    /// ### What it does
    /// Finds a `static mut` written in code that runs on a spawned thread
    /// (directly, or in a function the thread calls), or written by one
    /// thread while another thread can read it. A write by one thread is
    /// fine when every other use of the `static mut` waits for it first: a
    /// `join`, a flag stored with `Release` after the write and loaded with
    /// `Acquire` (or `Relaxed` and then `fence(Acquire)`) before the read, a
    /// message. So is one slot per thread: thread `i` writes only `OUT[i]`,
    /// read once every thread is joined or once `SET[i]` says it is done.
    ///
    /// ### Why is this bad?
    /// A `static mut` has no synchronization at all. Two threads writing it,
    /// or one writing while another reads, is a data race: undefined
    /// behaviour, not merely a lost update. The compiler lets it through
    /// only because you wrote `unsafe`. Writes made before any thread
    /// starts, and only read afterwards, are fine.
    ///
    /// ### Example
    /// ```rust,ignore
    /// static mut COUNTER: u32 = 0;
    /// thread::spawn(|| unsafe { COUNTER += 1 });
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// static COUNTER: AtomicU32 = AtomicU32::new(0);
    /// thread::spawn(|| COUNTER.fetch_add(1, Ordering::SeqCst));
    /// ```
    /// A `static` holding a `Mutex` works for larger data, and a `OnceLock`
    /// for a value set once.
    pub static STATIC_MUT_RACE = {
        name: "static_mut_race",
        group: Race,
        level: Deny,
        summary: "a `static mut` written while another thread can use it: a data race",
    };
}

pub(crate) fn check(model: &Model, out: &mut Vec<Finding>) {
    for body in model.body_ids() {
        for (index, event) in model.body(body).events.iter().enumerate() {
            let EventKind::Write {
                obj,
                how: WriteHow::Plain,
                ..
            } = &event.kind
            else {
                continue;
            };
            let object = model.object(*obj);
            // Only the thread that won a claim (a `Once`, a `compare_exchange`) writes here.
            if object.kind != ObjKind::StaticMut || model.is_exclusive(body, index) {
                continue;
            }
            // Every use of it is under one same lock: the lock protects it.
            if model.always_under_one_lock(*obj) {
                continue;
            }
            let name = &object.name;
            let message =
                format!("`{name}` is a `static mut` written while another thread can use it");
            // The only writer, and every other use waits for this write first.
            if model.runs_on_thread(body)
                && (model.write_ordered_before_others(body, index, *obj)
                    || model.own_slot_ordered(body, index, *obj))
            {
                continue;
            }
            let finding = if model.runs_on_thread(body) {
                let spawn = model.threads_running(body)[0];
                let mut finding = Finding::new(&STATIC_MUT_RACE, event.span, message)
                    .primary_label("this write runs on a spawned thread")
                    .label(model.spawn(spawn).span, "the thread is spawned here");
                let chain = model.call_chain_from_thread(body);
                if !chain.is_empty() {
                    finding = finding.note(format!(
                        "the thread reaches this write through {}",
                        chain
                            .iter()
                            .map(|f| format!("`{f}`"))
                            .collect::<Vec<_>>()
                            .join(" -> ")
                    ));
                }
                finding
            } else {
                match model.concurrent_writer(body, index, *obj) {
                    Some(Concurrency::SpawnedHere(spawn)) => Finding::new(&STATIC_MUT_RACE, event.span, message)
                        .primary_label("this write happens while the thread spawned above may still be running")
                        .label(model.spawn(spawn).span, format!("this thread uses `{name}` too")),
                    _ => match readers_running(model, body, index, *obj) {
                        Some(spawn) => Finding::new(&STATIC_MUT_RACE, event.span, message)
                            .primary_label("this write happens while the thread spawned above may be reading it")
                            .label(model.spawn(spawn).span, format!("this thread reads `{name}`")),
                        None => continue,
                    },
                }
            };
            out.push(
                finding
                    .note("two threads touching a `static mut` at once, with one of them writing, is a data race: undefined behaviour, not just a wrong number")
                    .help(format!(
                        "make `{name}` an atomic (`static {name}: AtomicUsize`, updated with `fetch_add`) or put it in a `Mutex`"
                    )),
            );
        }
    }
}

/// A thread spawned before `index` in `body`, not yet joined, that reads `obj`.
fn readers_running(
    model: &Model,
    body: crate::model::BodyId,
    index: usize,
    obj: crate::model::ObjId,
) -> Option<crate::model::SpawnId> {
    model.spawns.iter().enumerate().find_map(|(s, spawn)| {
        let id = crate::model::SpawnId(s as u32);
        if spawn.spawner != body || spawn.event >= index {
            return None;
        }
        if model.joined_at(id).is_some_and(|j| j < index) {
            return None;
        }
        let thread = spawn.body?;
        model
            .effects(thread)
            .iter()
            .any(|e| model.same_object(e.obj, obj))
            .then_some(id)
    })
}
