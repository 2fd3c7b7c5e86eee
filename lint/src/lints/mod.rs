//! The registry: every lint racelint knows, once. `--list`, `--explain`,
//! level flags and config all read [`REGISTRY`]; nothing else keeps a list of names.
//!
//! Each lint lives in its own file under a folder named for its group. The
//! file declares the lint with [`declare_lint!`] (its name, group, default
//! level and its lesson: the doc comment, which is also what
//! `racelint --explain NAME` prints) and holds its check: a short query over
//! the [`Model`](crate::model::Model). The declaration ([`Lint`], in
//! [`diagnostic`](crate::diagnostic)) and the check are apart, as a lint and
//! its pass are in clippy: [`RUST_CHECKS`] registers the Rust front-end's
//! check for each lint, and another front-end registers its own checks for
//! the same declarations.

use crate::diagnostic::Finding;
use crate::model::Model;

pub use crate::diagnostic::{Group, Level, Lint};

pub mod internal_error;
pub mod join;
pub mod lock;
pub mod python;
pub mod race;
pub mod teach;
pub mod unreadable;
pub mod unused_suppression;

/// Declares a lint: its doc comment is its lesson.
macro_rules! declare_lint {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $ident:ident = {
            name: $name:literal,
            group: $group:ident,
            level: $level:ident,
            summary: $summary:literal $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        $vis static $ident: $crate::diagnostic::Lint = $crate::diagnostic::Lint {
            name: $name,
            group: $crate::diagnostic::Group::$group,
            default_level: $crate::diagnostic::Level::$level,
            summary: $summary,
            docs: concat!($($doc, "\n"),*),
        };
    };
}
pub(crate) use declare_lint;

declare_lint! {
    /// ### What it does
    /// Reports a file that racelint could not parse as Rust, at the place
    /// where parsing stopped. The other files are still linted.
    ///
    /// ### Why is this bad?
    /// racelint reads the syntax of your program; where it cannot, it cannot
    /// look for threading mistakes either. Code that does not compile yet is
    /// fine as long as it parses: fix the syntax error and run racelint again.
    /// Until then, racelint lints the items of the file that parse on their
    /// own (the functions before and after the broken one).
    ///
    /// An unclosed or mismatched bracket is reported the way rustc reports
    /// it: which delimiter, where it opened, and where it should have closed
    /// or where the file ended. Code the compiler accepts but racelint cannot
    /// read is `unreadable` (a warning), never a `parse_error`.
    pub static PARSE_ERROR = {
        name: "parse_error",
        group: Input,
        level: Deny,
        summary: "the file could not be parsed as Rust",
    };
}

/// The note that says why a finding's code runs on several threads at once.
pub(crate) fn concurrency_note(
    model: &Model,
    finding: Finding,
    body: crate::model::BodyId,
    why: crate::model::Concurrency,
) -> Finding {
    use crate::model::Concurrency;
    let finding = match why {
        Concurrency::ManyThreads(spawn) => finding.label(
            model.spawn(spawn).span,
            if model.spawn(spawn).many {
                "this spawn runs in a loop: several threads run this code at once"
            } else {
                "this code runs on several threads spawned from more than one place"
            },
        ),
        Concurrency::OtherThread(span) => finding.label(span, "another thread writes it here"),
        Concurrency::SpawnedHere(spawn) => finding.label(
            model.spawn(spawn).span,
            "this thread may still be writing it",
        ),
    };
    let chain = model.call_chain_from_thread(body);
    if chain.is_empty() {
        finding
    } else {
        finding.note(format!(
            "the thread runs this through {}",
            chain
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(" -> ")
        ))
    }
}

/// Every lint, in the order `--list` shows them.
pub static REGISTRY: &[&Lint] = &[
    &race::lost_update::LOST_UPDATE,
    &race::check_then_act::CHECK_THEN_ACT,
    &race::static_mut_race::STATIC_MUT_RACE,
    &race::unsync_sharing::UNSYNC_SHARING,
    &race::relaxed_publication::RELAXED_PUBLICATION,
    &join::detached_thread::DETACHED_THREAD,
    &join::unjoined_handle::UNJOINED_HANDLE,
    &join::read_before_join::READ_BEFORE_JOIN,
    &join::serial_join::SERIAL_JOIN,
    &join::swallowed_panic::SWALLOWED_PANIC,
    &lock::double_lock::DOUBLE_LOCK,
    &lock::lock_order::LOCK_ORDER,
    &lock::join_deadlock::JOIN_DEADLOCK,
    &lock::guard_across_blocking::GUARD_ACROSS_BLOCKING,
    &lock::leaked_guard::LEAKED_GUARD,
    &teach::sleep_sync::SLEEP_SYNC,
    &python::target_called::TARGET_CALLED,
    &python::run_not_start::RUN_NOT_START,
    &python::args_not_tuple::ARGS_NOT_TUPLE,
    &python::thread_never_started::THREAD_NEVER_STARTED,
    &python::fresh_lock::FRESH_LOCK,
    &python::acquire_without_with::ACQUIRE_WITHOUT_WITH,
    &python::swallowed_exception::SWALLOWED_EXCEPTION,
    &python::pool_not_closed::POOL_NOT_CLOSED,
    &python::cpu_bound_threads::CPU_BOUND_THREADS,
    &PARSE_ERROR,
    &unreadable::UNREADABLE,
    &internal_error::INTERNAL_ERROR,
    &unused_suppression::UNUSED_SUPPRESSION,
];

/// The check a lint runs on the Rust model: a query that reports findings.
pub type CheckFn = fn(&Model, &mut Vec<Finding>);

/// The Rust front-end's check for one registered lint.
#[derive(Clone, Copy, Debug)]
pub struct RustCheck {
    pub lint: &'static Lint,
    pub check: CheckFn,
}

/// The Rust checks, one per lint of [`REGISTRY`] that has one, in its order.
/// The lints of group `input` have none: racelint reports them itself.
pub static RUST_CHECKS: &[RustCheck] = &[
    RustCheck {
        lint: &race::lost_update::LOST_UPDATE,
        check: race::lost_update::check,
    },
    RustCheck {
        lint: &race::check_then_act::CHECK_THEN_ACT,
        check: race::check_then_act::check,
    },
    RustCheck {
        lint: &race::static_mut_race::STATIC_MUT_RACE,
        check: race::static_mut_race::check,
    },
    RustCheck {
        lint: &race::unsync_sharing::UNSYNC_SHARING,
        check: race::unsync_sharing::check,
    },
    RustCheck {
        lint: &race::relaxed_publication::RELAXED_PUBLICATION,
        check: race::relaxed_publication::check,
    },
    RustCheck {
        lint: &join::detached_thread::DETACHED_THREAD,
        check: join::detached_thread::check,
    },
    RustCheck {
        lint: &join::unjoined_handle::UNJOINED_HANDLE,
        check: join::unjoined_handle::check,
    },
    RustCheck {
        lint: &join::read_before_join::READ_BEFORE_JOIN,
        check: join::read_before_join::check,
    },
    RustCheck {
        lint: &join::serial_join::SERIAL_JOIN,
        check: join::serial_join::check,
    },
    RustCheck {
        lint: &join::swallowed_panic::SWALLOWED_PANIC,
        check: join::swallowed_panic::check,
    },
    RustCheck {
        lint: &lock::double_lock::DOUBLE_LOCK,
        check: lock::double_lock::check,
    },
    RustCheck {
        lint: &lock::lock_order::LOCK_ORDER,
        check: lock::lock_order::check,
    },
    RustCheck {
        lint: &lock::join_deadlock::JOIN_DEADLOCK,
        check: lock::join_deadlock::check,
    },
    RustCheck {
        lint: &lock::guard_across_blocking::GUARD_ACROSS_BLOCKING,
        check: lock::guard_across_blocking::check,
    },
    RustCheck {
        lint: &lock::leaked_guard::LEAKED_GUARD,
        check: lock::leaked_guard::check,
    },
    RustCheck {
        lint: &teach::sleep_sync::SLEEP_SYNC,
        check: teach::sleep_sync::check,
    },
];

/// The Rust check registered for `lint`, if it has one.
pub fn rust_check(lint: &Lint) -> Option<CheckFn> {
    RUST_CHECKS
        .iter()
        .find(|entry| entry.lint == lint)
        .map(|entry| entry.check)
}

/// The lint with this name (`racelint::` prefix allowed).
pub fn find(name: &str) -> Option<&'static Lint> {
    let name = name.strip_prefix("racelint::").unwrap_or(name);
    REGISTRY.iter().copied().find(|lint| lint.name == name)
}

/// The known name closest to `name`, for "did you mean" hints.
pub fn closest_name(name: &str) -> Option<&'static str> {
    let candidates = REGISTRY
        .iter()
        .map(|lint| lint.name)
        .chain(Group::ALL.iter().map(|g| g.as_str()));
    crate::typo::closest(name, candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_lowercase_and_documented() {
        let mut names: Vec<&str> = REGISTRY.iter().map(|l| l.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), REGISTRY.len(), "duplicate lint name");
        for lint in REGISTRY {
            assert!(
                lint.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_')
            );
            assert!(
                !lint.summary.ends_with('.'),
                "{}: summary ends with a period",
                lint.name
            );
            let docs = lint.docs();
            assert!(
                docs.contains("### What it does"),
                "{}: no 'What it does'",
                lint.name
            );
            assert!(
                docs.contains("### Why is this bad?"),
                "{}: no 'Why is this bad?'",
                lint.name
            );
            if lint.group != Group::Input {
                assert!(docs.contains("### Example"), "{}: no example", lint.name);
                assert!(
                    docs.contains("Use instead:"),
                    "{}: no 'Use instead:'",
                    lint.name
                );
            }
        }
    }

    #[test]
    fn every_lint_but_input_has_one_rust_check_in_registry_order() {
        let order = |lint: &Lint| REGISTRY.iter().position(|l| *l == lint);
        let positions: Vec<_> = RUST_CHECKS.iter().map(|c| order(c.lint)).collect();
        assert!(
            positions.iter().all(Option::is_some),
            "check for an unregistered lint"
        );
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "checks out of order"
        );
        for lint in REGISTRY {
            let python = python::PYTHON_CHECKS.iter().any(|c| c.lint == *lint);
            assert_eq!(
                rust_check(lint).is_some() || python,
                lint.group != Group::Input,
                "{}",
                lint.name
            );
        }
    }

    #[test]
    fn closest_name_suggests_typos() {
        assert_eq!(closest_name("lost_updates"), Some("lost_update"));
        assert_eq!(closest_name("doublelock"), Some("double_lock"));
        assert_eq!(closest_name("zzzzzzzzzzzz"), None);
        assert_eq!(find("racelint::serial_join").unwrap().name, "serial_join");
    }
}
