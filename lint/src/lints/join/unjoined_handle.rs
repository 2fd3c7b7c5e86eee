use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::{Ctx, HandlePlace, Model};

declare_lint! {
    /// ### What it does
    /// Finds join handles that are kept (in a variable, pushed into a `Vec`,
    /// or collected) but not joined on every path before the function
    /// returns.
    ///
    /// ### Why is this bad?
    /// Keeping a handle does not wait for the thread. If the handle is
    /// dropped without `join`, the thread is detached: `main` may return
    /// while it is still running, and its work is cut off. A join inside an
    /// `if` leaves the other path without one.
    ///
    /// ### Example
    /// ```rust,ignore
    /// let handles: Vec<_> = (0..4).map(|i| thread::spawn(move || work(i))).collect();
    /// println!("started {} threads", handles.len());
    /// // handles dropped here: nobody waits
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// for handle in handles {
    ///     handle.join().unwrap();
    /// }
    /// ```
    pub static UNJOINED_HANDLE = {
        name: "unjoined_handle",
        group: Join,
        level: Warn,
        summary: "join handles kept but not joined on every path",
    };
}

pub(crate) fn check(model: &Model, out: &mut Vec<Finding>) {
    for handle in &model.handles {
        if handle.escaped || handle.spawns.is_empty() {
            continue;
        }
        if handle.spawns.iter().all(|&s| model.spawn(s).scoped) {
            continue;
        }
        if handle.place == HandlePlace::Single && !handle.used && handle.joins.is_empty() {
            // Never used at all: `detached_thread` reports it.
            continue;
        }
        let first = handle.spawns[0];
        if model.waited_for(first).is_some() {
            continue;
        }
        let (many, it, them) = match handle.place {
            HandlePlace::Single => (false, "this thread", "it"),
            HandlePlace::Collection => (true, "these threads", "them"),
        };
        let name = &handle.name;
        let mut finding = if handle.joins.is_empty() {
            Finding::new(
                &UNJOINED_HANDLE,
                handle.decl,
                format!("{it} {} never joined", if many { "are" } else { "is" }),
            )
            .primary_label(format!(
                "`{name}` keeps the handle{} but nothing joins {them}",
                if many { "s" } else { "" }
            ))
        } else if !joined_on_every_path(&handle.ctx, handle.joins.iter().map(|j| &j.ctx)) {
            let join = &handle.joins[0];
            Finding::new(
                &UNJOINED_HANDLE,
                handle.decl,
                format!(
                    "{it} {} joined only on some paths",
                    if many { "are" } else { "is" }
                ),
            )
            .primary_label(format!(
                "`{name}` keeps the handle{}",
                if many { "s" } else { "" }
            ))
            .label(join.span, "joined only when this branch runs")
        } else if let Some(exit) = early_exit(model, handle) {
            Finding::new(
                &UNJOINED_HANDLE,
                handle.decl,
                format!(
                    "{it} {} not joined when the function returns early",
                    if many { "are" } else { "is" }
                ),
            )
            .primary_label(format!(
                "`{name}` keeps the handle{}",
                if many { "s" } else { "" }
            ))
            .label(exit, format!("this returns before `{name}` is joined"))
        } else {
            continue;
        };
        finding = finding.label(model.spawn(first).span, "spawned here");
        let help = if many {
            format!(
                "join every handle before returning: `for handle in {name} {{ handle.join().unwrap(); }}`"
            )
        } else {
            format!("call `{name}.join().unwrap()` on every path before returning")
        };
        out.push(
            finding
                .note(format!("a dropped handle detaches the thread: `main` may return while {it} still {}, and {} work is cut off", if many { "run" } else { "runs" }, if many { "their" } else { "its" }))
                .help(help),
        );
    }
}

/// A `return` or `?` between the spawn and the first join of the handle.
fn early_exit(model: &Model, handle: &crate::model::Handle) -> Option<crate::Span> {
    let first_join = handle.joins.iter().map(|j| j.event).min()?;
    let spawn = model.spawn(*handle.spawns.first()?);
    if spawn.spawner != handle.body {
        return None;
    }
    model
        .body(handle.body)
        .events
        .iter()
        .take(first_join)
        .skip(spawn.event)
        .find(|e| matches!(e.kind, crate::model::EventKind::Return))
        .map(|e| e.span)
}

/// Whether some join runs whenever the code that keeps the handle runs:
/// a join outside any branch the handle is not in, or joins in every arm of
/// one branch.
fn joined_on_every_path<'a>(decl: &Ctx, joins: impl Iterator<Item = &'a Ctx>) -> bool {
    let mut arms_seen: std::collections::HashMap<u32, (u16, std::collections::HashSet<u16>)> =
        std::collections::HashMap::new();
    for join in joins {
        let extra = join
            .arms
            .iter()
            .filter(|arm| !decl.arms.contains(arm))
            .collect::<Vec<_>>();
        match extra.first() {
            None => return true,
            Some(&&(branch, arm, arms)) if extra.len() == 1 => {
                let entry = arms_seen
                    .entry(branch)
                    .or_insert((arms, Default::default()));
                entry.1.insert(arm);
                if arms > 1 && entry.1.len() == arms as usize {
                    return true;
                }
            }
            Some(_) => {}
        }
    }
    false
}
