//! `check_then_act` in Python: `if key not in d: d[key] = ...` on shared state, unlocked.

use super::PythonCheck;
use crate::diagnostic::Finding;
use crate::python::model::{EventKind, Model, Target};

pub(crate) const FORM: PythonCheck = PythonCheck {
    lint: &crate::lints::race::check_then_act::CHECK_THEN_ACT,
    check,
    lesson: Some(LESSON),
};

const LESSON: &str = r#"
    ### What it does
    Finds a decision taken on shared state and acted on in a separate step
    with no lock held across both: `if key not in cache: cache[key] = ...`,
    `if not done: done = True`.

    ### Why is this bad?
    Between the test and the action another thread can make the same test,
    see the same answer, and act too: two threads both insert, both
    initialise, both claim the job.

    ### Example
    ```python
    def visit(url):
        if url not in seen:
            seen[url] = fetch(url)
    ```

    Use instead:
    ```python
    def visit(url):
        with seen_lock:
            if url in seen:
                return
            seen[url] = None  # claimed
        seen[url] = fetch(url)
    ```
"#;

fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    let mut done = Vec::new();
    for spawn in &model.spawns {
        let Target::Function(target) = spawn.target else {
            continue;
        };
        if done.contains(&target) || model.concurrency(target).0 < 2 {
            continue;
        }
        done.push(target);
        let runners = model.spawns_running(target);
        for (g, held) in model.reachable(target) {
            let events = &model.function(g).events;
            for (i, event) in events.iter().enumerate() {
                let EventKind::Test { place, .. } = &event.kind else {
                    continue;
                };
                if !held.is_empty() || !event.ctx.locks.is_empty() {
                    continue;
                }
                let act = events[i + 1..].iter().find(|e| match &e.kind {
                    EventKind::Write {
                        place: p,
                        aug: false,
                        ..
                    } => {
                        p.root == place.root
                            && (p == place || p.path.len() == place.path.len() + 1)
                            && e.ctx.conditional
                    }
                    _ => false,
                });
                let Some(act) = act else { continue };
                let shared = if act.kind_place() == Some(place) {
                    model.function(g).globals.contains(&place.root)
                        || model.function(g).nonlocals.contains(&place.root)
                } else {
                    act.kind_place()
                        .is_some_and(|p| model.shared_root(g, p, &runners))
                };
                if !shared {
                    continue;
                }
                if !act.ctx.locks.is_empty() {
                    continue;
                }
                let name = place.display();
                let mut finding = Finding::new(
                    &crate::lints::race::check_then_act::CHECK_THEN_ACT,
                    act.span,
                    format!("another thread can change `{name}` between this test and this write"),
                )
                .label(
                    event.span,
                    format!("`{name}` is tested here, with no lock held"),
                )
                .primary_label("the action is taken here, on a test that may no longer hold");
                if let Some((span, text)) = model.concurrency_label(target) {
                    finding = finding.label(span, text);
                }
                out.push(
                    finding
                        .note("two threads can both pass the test before either acts: both act")
                        .help("hold one lock across the test and the action (`with lock:` around the whole `if`)"),
                );
            }
        }
    }
}
