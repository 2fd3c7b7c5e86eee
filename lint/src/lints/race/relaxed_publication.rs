use std::collections::HashSet;

use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::{BodyId, EventKind, Model, ObjKind, Ordering, ReadHow, WriteHow};

declare_lint! {
    /// ### What it does
    /// Finds data handed from one thread to another through a flag that is
    /// stored or loaded with `Ordering::Relaxed`: one thread writes the data,
    /// then sets the flag; another waits for the flag, then reads the data.
    /// A `fence(Release)` before the store and a `fence(Acquire)` after the
    /// load make it correct, and are left alone. What the reader reads inside
    /// the loop that waits for the flag, before it sees it set, is not handed
    /// over. Counters that threads only change with `fetch_add` and the like
    /// (statistics read side by side for a progress line) are no flag, unless
    /// a reader waits for one before it reads other data.
    ///
    /// ### Why is this bad?
    /// `Relaxed` promises only that the flag itself is read and written
    /// atomically; it orders nothing around it. The reader can see the flag
    /// set and still read the old data, because the processor or the
    /// compiler may make the writes visible in another order. Message passing
    /// needs `Release` on the store and `Acquire` on the load: everything
    /// written before the `Release` store is visible after the `Acquire`
    /// load that sees it.
    ///
    /// ### Example
    /// ```rust,ignore
    /// DATA.store(42, Ordering::Relaxed);
    /// READY.store(true, Ordering::Relaxed);      // publish
    /// // another thread:
    /// while !READY.load(Ordering::Relaxed) {}    // may see the flag...
    /// println!("{}", DATA.load(Ordering::Relaxed)); // ...and still read 0
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// DATA.store(42, Ordering::Relaxed);
    /// READY.store(true, Ordering::Release);
    /// // another thread:
    /// while !READY.load(Ordering::Acquire) {}
    /// println!("{}", DATA.load(Ordering::Relaxed)); // always 42
    /// ```
    pub static RELAXED_PUBLICATION = {
        name: "relaxed_publication",
        group: Race,
        level: Warn,
        summary: "data published through a flag stored or loaded with `Relaxed` ordering",
    };
}

fn releases(o: Option<Ordering>) -> bool {
    matches!(
        o,
        Some(Ordering::Release | Ordering::AcqRel | Ordering::SeqCst)
    )
}

fn acquires(o: Option<Ordering>) -> bool {
    matches!(
        o,
        Some(Ordering::Acquire | Ordering::AcqRel | Ordering::SeqCst)
    )
}

/// Whether a fence that `ok` accepts lies between two events of a body.
fn fenced(
    model: &Model,
    body: BodyId,
    from: usize,
    to: usize,
    ok: fn(Option<Ordering>) -> bool,
) -> bool {
    model.body(body).events[from.min(to)..from.max(to)]
        .iter()
        .any(|e| matches!(e.kind, EventKind::Fence { ordering } if ok(ordering)))
}

fn is_data(model: &Model, obj: crate::model::ObjId, how: WriteHow) -> bool {
    matches!(model.object(obj).kind, ObjKind::Atomic | ObjKind::StaticMut)
        || matches!(how, WriteHow::RawPointer | WriteHow::Interior)
}

/// Whether every write of `flag`, anywhere, is one atomic read-modify-write
/// (`fetch_add`, `fetch_max`, ...): a counter, not a flag that is set.
fn is_counter(model: &Model, flag: crate::model::ObjId) -> bool {
    model.body_ids().all(|body| {
        model.body(body).events.iter().all(|e| match &e.kind {
            EventKind::Write { obj, how, .. } if model.same_object(*obj, flag) => {
                *how == WriteHow::ReadModifyWrite
            }
            _ => true,
        })
    })
}

pub(crate) fn check(model: &Model, out: &mut Vec<Finding>) {
    let mut reported = HashSet::new();
    for writer in model.body_ids() {
        let events = &model.body(writer).events;
        for (i, store) in events.iter().enumerate() {
            let EventKind::Write {
                obj: flag,
                how: WriteHow::Store | WriteHow::ReadModifyWrite,
                ordering: store_ordering,
                ..
            } = &store.kind
            else {
                continue;
            };
            if model.object(*flag).kind != ObjKind::Atomic {
                continue;
            }
            let pointer = model.atomic_ptrs.contains(flag);
            // The data written before the flag (for a pointer: what it points to).
            let data_write =
                events[..i]
                    .iter()
                    .enumerate()
                    .rev()
                    .find_map(|(d, e)| match &e.kind {
                        EventKind::Write { obj, how, .. }
                            if !model.same_object(*obj, *flag) && is_data(model, *obj, *how) =>
                        {
                            Some((d, *obj))
                        }
                        _ => None,
                    });
            let (d, data) = match (data_write, pointer) {
                (Some(found), _) => (found.0, Some(found.1)),
                (None, true) => (i, None),
                (None, false) => continue,
            };
            let store_ok = releases(*store_ordering) || fenced(model, writer, d, i, releases);
            let counter = is_counter(model, *flag);
            for reader in model.body_ids() {
                if reader == writer
                    || !(model.runs_on_thread(reader) || model.runs_on_thread(writer))
                {
                    continue;
                }
                let revents = &model.body(reader).events;
                for (j, load) in revents.iter().enumerate() {
                    let EventKind::Read {
                        obj,
                        how: ReadHow::AtomicLoad,
                        ordering: load_ordering,
                        ..
                    } = &load.kind
                    else {
                        continue;
                    };
                    if !model.same_object(*obj, *flag) {
                        continue;
                    }
                    // The reader must be able to run while the writer does.
                    if let Some(&spawn) = model.threads_running(writer).first() {
                        let s = model.spawn(spawn);
                        if s.spawner == reader
                            && (j < s.event || model.joined_at(spawn).is_some_and(|jn| jn < j))
                        {
                            continue;
                        }
                    }
                    // What runs in the loop that waits for the flag, before
                    // it is seen (`while !ready.load(..) { .. }`), is not
                    // handed over by it.
                    let polled = model.polled_loop(load);
                    let gated = |e: &crate::model::Event| {
                        polled.is_none_or(|l| {
                            !e.ctx.loops.contains(&l) || e.ctx.arms.len() > load.ctx.arms.len()
                        })
                    };
                    let data_read = match data {
                        Some(data) => revents.iter().enumerate().skip(j + 1).find(|(_, e)| {
                            matches!(&e.kind, EventKind::Read { obj, .. } if model.same_object(*obj, data))
                                && gated(e)
                        }),
                        // A pointer only compared (`P.load(..) == seen`) is
                        // not followed: nothing is read through it.
                        None if model.load_only_compared(load.span) => None,
                        None => Some((j, load)),
                    };
                    let Some((k, data_read)) = data_read else {
                        continue;
                    };
                    // A counter (only ever changed by `fetch_add` and the
                    // like) hands nothing over unless the reader waits for it
                    // before reading the data: statistics read side by side
                    // are no flag and its payload.
                    if counter
                        && !revents[j + 1..k].iter().any(|e| {
                            matches!(&e.kind, EventKind::Wait { obj: Some(o), .. } if model.same_object(*o, *flag))
                        })
                    {
                        continue;
                    }
                    let load_ok = acquires(*load_ordering) || fenced(model, reader, j, k, acquires);
                    if store_ok && load_ok {
                        continue;
                    }
                    let at = if load_ok { store.span } else { load.span };
                    if !reported.insert(at) {
                        continue;
                    }
                    let flag_name = model.subject(store);
                    // Named as the writer wrote it (the reader may use another alias).
                    let data_desc = if data.is_some() {
                        format!("`{}`", model.subject(&events[d]))
                    } else {
                        format!("the data behind `{flag_name}`")
                    };
                    let message = if data.is_some() {
                        format!(
                            "{data_desc} is handed over through `{flag_name}` with `Relaxed` ordering: the reader may see the flag but not the data"
                        )
                    } else {
                        format!(
                            "the data `{flag_name}` points to is published with `Relaxed` ordering: the reader may see the pointer but not the data"
                        )
                    };
                    let mut finding = Finding::new(&RELAXED_PUBLICATION, at, message)
                        .primary_label(if load_ok {
                            "this `Relaxed` store does not publish the writes before it"
                        } else {
                            "this `Relaxed` load does not make the writer's earlier writes visible"
                        });
                    if data.is_some() {
                        finding =
                            finding.label(events[d].span, format!("{data_desc} is written here"));
                    }
                    if load_ok {
                        finding = finding.label(load.span, "the reader waits for the flag here");
                    } else {
                        finding = finding.label(store.span, "the flag is set here");
                    }
                    if data.is_some() {
                        finding = finding.label(
                            data_read.span,
                            "and read here: it may still be the old value",
                        );
                    }
                    out.push(
                        finding
                            .note("`Relaxed` orders nothing but the flag itself: the writes before it need not be visible after it")
                            .help("store the flag with `Ordering::Release` and load it with `Ordering::Acquire`"),
                    );
                }
            }
        }
    }
}
