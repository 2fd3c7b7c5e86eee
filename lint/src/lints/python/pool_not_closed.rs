use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::python::model::{EventKind, Model, Value};

declare_lint! {
    /// ### What it does
    /// Finds a `ThreadPoolExecutor` (or `multiprocessing.Pool`) created
    /// without `with` and never shut down.
    ///
    /// ### Why is this bad?
    /// Nothing waits for the pool's tasks: the code after it may read
    /// results that are not there yet, and the pool's worker threads (or
    /// processes) stay alive until the interpreter exits. `with` shuts the
    /// pool down at the end of the block, waiting for every task.
    ///
    /// ### Example
    /// ```python
    /// pool = ThreadPoolExecutor(max_workers=4)
    /// futures = [pool.submit(work, n) for n in range(10)]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// with ThreadPoolExecutor(max_workers=4) as pool:
    ///     futures = [pool.submit(work, n) for n in range(10)]
    /// ```
    pub static POOL_NOT_CLOSED = {
        name: "pool_not_closed",
        group: Join,
        level: Warn,
        summary: "a pool created without `with` and never shut down",
    };
}

pub(crate) fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    for func in &model.functions {
        for event in &func.events {
            let EventKind::Bind {
                place,
                value:
                    Value::Pool {
                        with_block: false,
                        process,
                    },
            } = &event.kind
            else {
                continue;
            };
            if !place.is_name() {
                continue;
            }
            let used_elsewhere = func.events.iter().any(|e| match &e.kind {
                EventKind::Method { recv, name, .. } => {
                    recv.root == place.root
                        && matches!(
                            name.as_str(),
                            "shutdown" | "close" | "terminate" | "join" | "__exit__"
                        )
                }
                EventKind::Read { place: p } => p.root == place.root,
                EventKind::With { lock, .. } => lock.root == place.root,
                _ => false,
            });
            if used_elsewhere || func.globals.contains(&place.root) {
                continue;
            }
            let (kind, close) = if *process {
                ("processes", "close()` and `join()")
            } else {
                ("threads", "shutdown()")
            };
            out.push(
                Finding::new(
                    &POOL_NOT_CLOSED,
                    event.span.to(event.span),
                    format!("`{}` is never shut down: nothing waits for its tasks", place.root),
                )
                .primary_label(format!("this pool's worker {kind} are never told to finish"))
                .note("results read after this may not be there yet, and the workers live until the interpreter exits")
                .help(format!("use `with ... as {}:`, or call `{}.{close}` when done", place.root, place.root)),
            );
        }
    }
}
