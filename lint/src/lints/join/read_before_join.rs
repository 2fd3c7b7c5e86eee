use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::{EventKind, Model, ReadHow, SpawnId};

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
    /// the race rarer. Reads after another real wait (a `for v in rx` loop
    /// that ends when every sender is gone, a `Condvar` wait on a predicate,
    /// a `Barrier`) are fine.
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
        let written = model.written_objects(thread);
        if written.is_empty() {
            continue;
        }
        let joined = model.joined_at(id);
        let waited = model.waited_for_otherwise(id, spawn.event);
        let end = [joined, waited].into_iter().flatten().min();
        let events = &model.body(spawn.spawner).events;
        let stop = end.unwrap_or(events.len());
        for (index, event) in events.iter().enumerate().take(stop).skip(spawn.event + 1) {
            let EventKind::Read { obj, how, .. } = &event.kind else {
                continue;
            };
            if !matches!(how, ReadHow::Guard | ReadHow::AtomicLoad | ReadHow::TryRecv) {
                continue;
            }
            let Some(&(_, write)) = written.iter().find(|(o, _)| model.same_object(*o, *obj))
            else {
                continue;
            };
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
            let help = match joined {
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
