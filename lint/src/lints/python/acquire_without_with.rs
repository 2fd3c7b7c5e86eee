use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::python::model::{Event, EventKind, Model};

declare_lint! {
    /// ### What it does
    /// Finds `lock.acquire()` whose `release()` is not in a `finally:`.
    ///
    /// ### Why is this bad?
    /// If anything between `acquire()` and `release()` raises, `release()`
    /// never runs: the lock stays locked forever and every other thread that
    /// wants it waits forever. `with lock:` releases it however the block
    /// ends.
    ///
    /// ### Example
    /// ```python
    /// lock.acquire()
    /// balance += amount
    /// lock.release()
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// with lock:
    ///     balance += amount
    /// ```
    pub static ACQUIRE_WITHOUT_WITH = {
        name: "acquire_without_with",
        group: Lock,
        level: Warn,
        summary: "`acquire()` without `try/finally`: an exception leaves the lock locked forever",
    };
}

pub(crate) fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    for func in &model.functions {
        let events = &func.events;
        for (i, event) in events.iter().enumerate() {
            let EventKind::Method {
                recv,
                name,
                args: 0,
                statement: true,
                ..
            } = &event.kind
            else {
                continue;
            };
            if name != "acquire" {
                continue;
            }
            let releases: Vec<&Event> = events
                .iter()
                .filter(|e| matches!(&e.kind, EventKind::Method { recv: r, name, .. } if r == recv && name == "release"))
                .collect();
            let Some(release) = releases.iter().find(|e| e.span.lo > event.span.hi) else {
                continue;
            };
            let safe = releases.iter().any(|r| {
                r.ctx.finally_of.is_some_and(|t| {
                    event.ctx.tries.contains(&t)
                        || (t >= event.span.hi
                            && !events[i + 1..]
                                .iter()
                                .any(|e| e.span.lo > event.span.hi && e.span.lo < t))
                })
            });
            if safe {
                continue;
            }
            out.push(
                Finding::new(
                    &ACQUIRE_WITHOUT_WITH,
                    event.span,
                    format!(
                        "if the code after `{}.acquire()` raises, the lock is never released",
                        recv.display()
                    ),
                )
                .primary_label("the lock is taken here")
                .label(
                    release.span,
                    "this release is skipped when an exception is raised before it",
                )
                .note("every other thread that wants the lock then waits forever")
                .help(format!(
                    "use `with {}:`, which releases the lock however the block ends",
                    recv.display()
                )),
            );
        }
    }
}
