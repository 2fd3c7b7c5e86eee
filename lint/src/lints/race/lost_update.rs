use crate::diagnostic::{Applicability, Edit, Finding};
use crate::lints::{concurrency_note, declare_lint};
use crate::model::{EventKind, Model, ObjKind, WriteHow};

declare_lint! {
    /// ### What it does
    /// Finds a read-modify-write on shared state split into separate steps
    /// while more than one thread runs it: an atomic `load` followed by a
    /// `store` of a value computed from it (in one expression or across
    /// statements), a value read under one lock guard and written back under
    /// a later guard of the same lock, or an `RwLock` read guard followed by
    /// a write guard for the update.
    ///
    /// ### Why is this bad?
    /// Between the read and the write, another thread can run the same
    /// read-add-write. Both read the same old value, both write old + 1, and
    /// one update is lost: two threads adding one give 1 instead of 2. Each
    /// step is atomic on its own; the update as a whole is not. This is
    /// Python's `counter += 1` race, and it happens in Rust too as soon as the
    /// read and the write are separate operations.
    ///
    /// ### Example
    /// ```rust,ignore
    /// let v = counter.load(Ordering::SeqCst);   // read
    /// counter.store(v + 1, Ordering::SeqCst);   // add, write
    ///
    /// let v = *total.lock().unwrap();           // read under one guard
    /// *total.lock().unwrap() = v + 1;           // write under another
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// counter.fetch_add(1, Ordering::SeqCst);   // one atomic step
    ///
    /// let mut total = total.lock().unwrap();    // one guard for the whole update
    /// *total += 1;
    /// ```
    /// For updates other than addition, `fetch_update` or a
    /// `compare_exchange` loop does the read and the write as one step.
    ///
    /// ### Fix safety
    /// `c.store(c.load(o) + k, o)` becomes `c.fetch_add(k, o)`: the same
    /// addition, now atomic (machine-applicable). Other forms are explained,
    /// not rewritten.
    pub static LOST_UPDATE = {
        name: "lost_update",
        group: Race,
        level: Deny,
        summary: "a read-modify-write on shared state split into steps another thread can run between",
    };
}

pub(crate) fn check(model: &Model, out: &mut Vec<Finding>) {
    for body in model.body_ids() {
        for (index, event) in model.body(body).events.iter().enumerate() {
            let EventKind::Write {
                obj,
                step,
                how,
                deps,
                ..
            } = &event.kind
            else {
                continue;
            };
            if !matches!(how, WriteHow::Store | WriteHow::Swap | WriteHow::Guard) {
                continue;
            }
            // Only the thread that won a claim runs here, or only code that
            // holds its callers' lock: nobody writes in between.
            if model.is_exclusive(body, index)
                || model.in_foreign_callback(body, index)
                || model.is_guessed(*obj)
                || model.only_called_under_lock(body)
            {
                continue;
            }
            let Some(read) = deps.iter().find(|d| {
                d.step != *step
                        && model.same_object(d.obj, *obj)
                        // Still holding the first guard is a deadlock (`double_lock`), not a lost update.
                        && !model.guard_held_at(body, index, d.step)
            }) else {
                continue;
            };
            let Some(concurrency) = model.concurrent_writer(body, index, *obj) else {
                continue;
            };
            let object = model.object(*obj);
            let name = model.subject(event);
            let (read_label, help) = match (how, object.kind) {
                (WriteHow::Guard, ObjKind::RwLock) => (
                    format!("`{name}` is read under a read guard here, and that guard is dropped"),
                    format!(
                        "take the write lock once for the whole update: `let mut value = {name}.write().unwrap(); *value += 1;`"
                    ),
                ),
                (WriteHow::Guard, _) => (
                    format!("`{name}` is read under one guard here, and that guard is dropped"),
                    format!(
                        "lock once and do the read and the write through that one guard: `let mut value = {name}.lock().unwrap();`"
                    ),
                ),
                _ => (
                    format!("`{name}` is read here"),
                    format!(
                        "use `{name}.fetch_add(..)` (or `fetch_update`), which reads and writes in one atomic step"
                    ),
                ),
            };
            let mut finding = Finding::new(
                &LOST_UPDATE,
                event.span,
                format!("updates of `{name}` can be lost: the read and the write are separate steps"),
            )
            .primary_label(format!(
                "this writes back a value computed from that read; another thread may have written `{name}` in between"
            ))
            .label(read.span, read_label)
            .note(
                "two threads can both read the same value and both write value + 1: one update is lost",
            );
            finding = concurrency_note(model, finding, body, concurrency);
            finding = match &event.fix {
                Some(fix) => finding.suggest(
                    "read, add and write in one atomic step",
                    vec![Edit {
                        span: fix.span,
                        replacement: fix.text.clone(),
                    }],
                    if fix.exact {
                        Applicability::MachineApplicable
                    } else {
                        Applicability::MaybeIncorrect
                    },
                ),
                None => finding.help(help),
            };
            out.push(finding);
        }
    }
}
