use crate::diagnostic::{Applicability, Edit, Finding};
use crate::lints::declare_lint;
use crate::python::model::{EventKind, Model, SpawnId};
use crate::source::Span;

declare_lint! {
    /// ### What it does
    /// Finds `t.run()` on a `Thread`.
    ///
    /// ### Why is this bad?
    /// `run()` is the method that holds the thread's work: calling it runs
    /// the target right here, in the calling thread, like any function
    /// call. No new thread starts, so nothing runs at the same time.
    /// `start()` creates the thread, and the thread then calls `run()`.
    ///
    /// ### Example
    /// ```python
    /// t = threading.Thread(target=download, args=(url,))
    /// t.run()
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// t = threading.Thread(target=download, args=(url,))
    /// t.start()
    /// ```
    ///
    /// ### Fix safety
    /// `.run()` becomes `.start()`: the work then runs on its own thread,
    /// which is what the code asked for.
    pub static RUN_NOT_START = {
        name: "run_not_start",
        group: Join,
        level: Deny,
        summary: "`run()` runs the thread's work in the calling thread; `start()` starts a thread",
    };
}

fn finding(model: &Model<'_>, call: Span, tail: Span, spawn: Span) -> Finding {
    let text = model.snippet(tail);
    let mut f = Finding::new(
        &RUN_NOT_START,
        call,
        "`run()` runs the work in this thread: no new thread starts",
    )
    .primary_label("this runs the target here, like a plain function call")
    .label(spawn, "the thread is created here")
    .help("call `start()`: it starts the thread, which then calls `run()`");
    if let Some(at) = text.find("run") {
        f.help = None;
        let lo = tail.lo + at as u32;
        f = f.suggest(
            "call `start()`: it starts the thread, which then calls `run()`",
            vec![Edit {
                span: Span {
                    file: tail.file,
                    lo,
                    hi: lo + 3,
                },
                replacement: "start".into(),
            }],
            Applicability::MachineApplicable,
        );
    }
    f
}

pub(crate) fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    for (i, spawn) in model.spawns.iter().enumerate() {
        if let Some(tail) = spawn.run_inline {
            out.push(finding(model, spawn.span.to(tail), tail, spawn.span));
            continue;
        }
        let events = &model.function(spawn.scope).events;
        for at in model.runs(SpawnId(i as u32)) {
            if let EventKind::Method { tail, args: 0, .. } = &events[at].kind {
                out.push(finding(model, events[at].span, *tail, spawn.span));
            }
        }
    }
}
