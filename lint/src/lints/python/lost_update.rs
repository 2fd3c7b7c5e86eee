//! `lost_update` in Python: `counter += 1` on state several threads share,
//! outside any lock.

use std::collections::HashSet;

use super::PythonCheck;
use crate::diagnostic::Finding;
use crate::python::model::{EventKind, FnId, Model, Place};

pub(crate) const FORM: PythonCheck = PythonCheck {
    lint: &crate::lints::race::lost_update::LOST_UPDATE,
    check,
    lesson: Some(LESSON),
};

const LESSON: &str = r#"
    ### What it does
    Finds `counter += 1` (on a `global` or `nonlocal` name, an attribute such
    as `c.value`, or an item such as `stats["hits"]`) on state that several
    threads share, outside any lock; and a value read from shared state and
    written back later (`temp = counter` ... `counter = temp + 1`).

    ### Why is this bad?
    `counter += 1` is three steps: read `counter`, add 1, write it back.
    Python promises no atomicity for them: another thread can run between
    the read and the write, and then both threads write the same value and
    one update is lost. On CPython 3.11-3.13 a bare `+=` rarely loses
    updates because of the GIL, but a call between the read and the write,
    another Python version, or a free-threaded build loses them readily.

    ### Example
    ```python
    counter = 0

    def work():
        global counter
        for _ in range(100_000):
            counter += 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    ```

    Use instead:
    ```python
    counter = 0
    lock = threading.Lock()

    def work():
        global counter
        for _ in range(100_000):
            with lock:
                counter += 1
    ```

    A `counter += 1` in a function without `global counter` is not a race:
    it raises `UnboundLocalError`, and racelint leaves it to Python.
"#;

fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    let mut reported: HashSet<(FnId, Place)> = HashSet::new();
    for (s, spawn) in model.spawns.iter().enumerate() {
        let crate::python::model::Target::Function(target) = spawn.target else {
            continue;
        };
        let _ = s;
        if model.concurrency(target).0 < 2 {
            continue;
        }
        let runners = model.spawns_running(target);
        for (g, held) in model.reachable(target) {
            let events = &model.function(g).events;
            for (i, event) in events.iter().enumerate() {
                let EventKind::Write {
                    place,
                    aug,
                    from_self,
                    mutates: false,
                } = &event.kind
                else {
                    continue;
                };
                if !held.is_empty() || !event.ctx.locks.is_empty() {
                    continue;
                }
                if !model.shared_root(g, place, &runners) || reported.contains(&(g, place.clone()))
                {
                    continue;
                }
                // A write computed from an earlier read of the same place in this function.
                let earlier_read = if *aug || *from_self {
                    None
                } else {
                    events[..i].iter().rev().find(|e| {
                        matches!(&e.kind, EventKind::Read { place: p } if p == place)
                            && e.ctx.locks.is_empty()
                            && e.ctx.loops == event.ctx.loops
                    })
                };
                if !*aug && !*from_self && earlier_read.is_none() {
                    continue;
                }
                reported.insert((g, place.clone()));
                let name = place.display();
                let mut finding = Finding::new(
                    &crate::lints::race::lost_update::LOST_UPDATE,
                    event.span,
                    format!(
                        "updates of `{name}` can be lost: the read and the write are separate steps"
                    ),
                );
                finding = match earlier_read {
                    Some(read) => finding
                        .label(read.span, format!("`{name}` is read here"))
                        .primary_label(format!(
                            "this writes back a value computed from that read; another thread may have written `{name}` in between"
                        )),
                    None => finding.primary_label(format!(
                        "this reads `{name}`, adds, and writes it back; another thread can run in between"
                    )),
                };
                if let Some((span, text)) = model.concurrency_label(target) {
                    finding = finding.label(span, text);
                }
                if g != target {
                    finding = finding.note(format!(
                        "the threads run this through `{}` -> `{}`",
                        model.function(target).name,
                        model.function(g).name
                    ));
                }
                out.push(
                    finding
                        .note("two threads can both read the same value and both write value + 1: one update is lost (the GIL makes this rare on CPython for a bare `+=`, not impossible; a free-threaded build loses updates readily)")
                        .help(format!("hold one lock for the whole update: `with lock:` around the read and the write of `{name}`")),
                );
            }
        }
    }
}
