use crate::diagnostic::{Applicability, Edit, Finding};
use crate::lints::declare_lint;
use crate::python::model::{Model, SpawnKind, Target};
use crate::source::Span;

declare_lint! {
    /// ### What it does
    /// Finds `Thread(target=worker(5))` and `pool.submit(worker(5))`: the
    /// function is called, not passed.
    ///
    /// ### Why is this bad?
    /// `worker(5)` runs right away, in the thread that creates the `Thread`,
    /// and its return value (`None`) becomes the target. The new thread has
    /// nothing to do: the work ran one call at a time in the main thread,
    /// and nothing overlapped.
    ///
    /// ### Example
    /// ```python
    /// t = threading.Thread(target=worker(5))
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// t = threading.Thread(target=worker, args=(5,))
    /// ```
    ///
    /// ### Fix safety
    /// The fix passes the function and its arguments separately; it is
    /// offered when the call has only positional arguments.
    pub static TARGET_CALLED = {
        name: "target_called",
        group: Join,
        level: Deny,
        summary: "the thread's function is called here instead of being passed to the thread",
    };
}

pub(crate) fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    for spawn in &model.spawns {
        let Target::Called {
            callee,
            func,
            args,
            call,
        } = &spawn.target
        else {
            continue;
        };
        let name = model.snippet(*func);
        // Only a function known to return nothing: a factory that returns a
        // function (`target=make_worker(5)`) is fine.
        let returns_nothing = match callee {
            Some(f) => !model.function(*f).returns_value,
            None => name == "print",
        };
        if !returns_nothing {
            continue;
        }
        let args_text: Option<Vec<&str>> = args
            .as_ref()
            .map(|a| a.iter().map(|s| model.snippet(*s)).collect());
        let mut finding = Finding::new(
            &TARGET_CALLED,
            *call,
            format!("`{name}` runs now, in this thread, not in the new one"),
        )
        .primary_label(format!(
            "this calls `{name}` here and passes its result (`None`) as the target"
        ))
        .note("the work runs before the thread exists, one call at a time; the thread then has nothing to run");
        match spawn.kind {
            SpawnKind::Submit | SpawnKind::Map => {
                finding = finding.help(format!(
                    "pass the function and its arguments: `submit({name}, ...)`"
                ));
                if let Some(args) = &args_text {
                    let mut text = name.to_string();
                    for a in args {
                        text.push_str(", ");
                        text.push_str(a);
                    }
                    finding = finding.suggest(
                        "pass the function and its arguments",
                        vec![Edit {
                            span: *call,
                            replacement: text,
                        }],
                        Applicability::MachineApplicable,
                    );
                }
            }
            SpawnKind::Thread | SpawnKind::Subclass | SpawnKind::Process => {
                finding = finding.help(format!(
                    "pass the function and its arguments: `target={name}, args=(...)`"
                ));
                if let (Some(args), Some(keyword), None) =
                    (&args_text, spawn.target_keyword, &spawn.args_keyword)
                {
                    let replacement = match args.len() {
                        0 => format!("target={name}"),
                        1 => format!("target={name}, args=({},)", args[0]),
                        _ => format!("target={name}, args=({})", args.join(", ")),
                    };
                    finding = finding.suggest(
                        "pass the function and its arguments",
                        vec![Edit {
                            span: Span { ..keyword },
                            replacement,
                        }],
                        Applicability::MachineApplicable,
                    );
                }
            }
        }
        // The suggestion, when there is one, is the help line.
        if finding.suggestion.is_some() {
            finding.help = None;
        }
        out.push(finding);
    }
}
