use crate::diagnostic::{Applicability, Edit, Finding};
use crate::lints::declare_lint;
use crate::python::model::Model;
use crate::source::Span;

declare_lint! {
    /// ### What it does
    /// Finds `Thread(target=f, args=(5))`: parentheses around one value do
    /// not make a tuple.
    ///
    /// ### Why is this bad?
    /// `(5)` is the number 5. The thread calls `f(*args)`, and unpacking a
    /// number fails: the new thread dies at once with `TypeError` (printed
    /// by `threading.excepthook`, easy to miss) and its work never runs.
    /// A string, `("abc")`, unpacks into one argument per character. The
    /// main thread carries on as if nothing happened.
    ///
    /// ### Example
    /// ```python
    /// t = threading.Thread(target=worker, args=(5))
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// t = threading.Thread(target=worker, args=(5,))
    /// ```
    ///
    /// ### Fix safety
    /// The fix adds the comma that makes a one-element tuple.
    pub static ARGS_NOT_TUPLE = {
        name: "args_not_tuple",
        group: Join,
        level: Deny,
        summary: "`args=(5)` is not a tuple: the thread dies with `TypeError` before its work runs",
    };
}

pub(crate) fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    for spawn in &model.spawns {
        let Some(args) = &spawn.args_keyword else {
            continue;
        };
        if args.maybe_sequence {
            continue;
        }
        let written = model.snippet(args.value);
        let inner = model.snippet(args.inner);
        let parenthesized = written.starts_with('(') && written.ends_with(')');
        let is_string = inner.ends_with('"') || inner.ends_with('\'');
        let edit = if parenthesized {
            Edit {
                span: Span {
                    file: args.inner.file,
                    lo: args.inner.hi,
                    hi: args.inner.hi,
                },
                replacement: ",".into(),
            }
        } else {
            Edit {
                span: args.value,
                replacement: format!("({inner},)"),
            }
        };
        let consequence = if is_string {
            "each character of the string becomes an argument: the call fails with `TypeError`, or runs with the wrong arguments"
        } else {
            "the thread unpacks `args` to call the target: it dies at once with `TypeError` and the work never runs"
        };
        out.push(
            Finding::new(
                &ARGS_NOT_TUPLE,
                args.keyword,
                format!("`args={written}` is not a tuple"),
            )
            .primary_label(
                "parentheses around one value are just grouping: this is the value itself",
            )
            .note(consequence)
            .suggest(
                "write a one-element tuple",
                vec![edit],
                Applicability::MachineApplicable,
            ),
        );
    }
}
