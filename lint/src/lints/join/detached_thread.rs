use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::{HandleFate, Model, SpawnId};

declare_lint! {
    /// ### What it does
    /// Finds a thread whose `JoinHandle` is thrown away: `thread::spawn(..)`
    /// as a statement, `let _ = thread::spawn(..)`, or a handle bound to a
    /// name that is never used. It stays silent when something waits for
    /// the thread's work another way: the spawner, its caller or a test
    /// drains the channel the thread sends on, waits at its barrier or
    /// spins on its flag, or the receiver is handed on to code that may. It
    /// stays silent, too, when the spawner never returns past the spawn:
    /// it ends in a `loop` that nothing leaves, or serves `for conn in
    /// listener.incoming()` (of a `TcpListener` or `UnixListener`), which
    /// never ends. A `recv` counts as waiting only when the receives reach
    /// the thread's last message: one that takes a message the spawner sent
    /// itself before the spawn waits for nothing.
    ///
    /// ### Why is this bad?
    /// Dropping a `JoinHandle` detaches the thread: nothing waits for it.
    /// When `main` returns, the process exits and the thread is cut off in
    /// the middle of its work, so its output may be missing or half done.
    ///
    /// ### Example
    /// ```rust,ignore
    /// thread::spawn(|| download("a.txt"));
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// let handle = thread::spawn(|| download("a.txt"));
    /// handle.join().unwrap(); // waits until the thread is done
    /// ```
    /// or `thread::scope`, which joins every thread it spawned when it ends.
    pub static DETACHED_THREAD = {
        name: "detached_thread",
        group: Join,
        level: Warn,
        summary: "a thread's handle is dropped, so nothing waits for the thread to finish",
    };
}

pub(crate) fn check(model: &Model, out: &mut Vec<Finding>) {
    for (index, spawn) in model.spawns.iter().enumerate() {
        let id = SpawnId(index as u32);
        if spawn.scoped {
            continue;
        }
        let unused_binding = match spawn.fate {
            HandleFate::Discarded => None,
            HandleFate::Kept(h) => {
                let handle = &model.handles[h.index()];
                if handle.used || !handle.joins.is_empty() || handle.escaped {
                    continue;
                }
                if handle.place != crate::model::HandlePlace::Single {
                    continue;
                }
                Some(handle)
            }
            HandleFate::JoinedAtOnce | HandleFate::Escaped => continue,
        };
        // Waited for another way, or the spawner never returns past the
        // spawn (an endless `loop`, a server's `for conn in listener.incoming()`).
        if model.waited_for(id).is_some() || model.spawner_never_returns(id) {
            continue;
        }
        let mut finding = Finding::new(
            &DETACHED_THREAD,
            spawn.span,
            "this thread is never joined: nothing waits for it to finish",
        );
        finding = match unused_binding {
            None => finding
                .primary_label("the handle returned here is dropped, which detaches the thread"),
            Some(handle) => finding.primary_label("the thread is spawned here").label(
                handle.decl,
                format!("`{}` keeps the handle but is never used", handle.name),
            ),
        };
        out.push(
            finding
                .note("when `main` returns, the process exits and the thread is cut off, even in the middle of its work")
                .help("keep the handle and call `.join().unwrap()` on it before returning, or spawn in `thread::scope`, which joins for you"),
        );
    }
}
