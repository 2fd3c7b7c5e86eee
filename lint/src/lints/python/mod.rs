//! The lints in their Python forms: each a short query on the Python
//! [`Model`](crate::python::model::Model).
//!
//! The Python-only lints are declared here, one file each, with their lesson
//! in Python; the shared lints keep their declaration (and Rust lesson) in
//! their own group and add their Python form and lesson in a file here.

use crate::lints::Lint;
use crate::python::PyCheckFn;

pub mod acquire_without_with;
pub mod args_not_tuple;
pub mod check_then_act;
pub mod cpu_bound_threads;
pub mod detached_thread;
pub mod double_lock;
pub mod fresh_lock;
pub mod guard_across_blocking;
pub mod join_deadlock;
pub mod lock_order;
pub mod lost_update;
pub mod pool_not_closed;
pub mod read_before_join;
pub mod run_not_start;
pub mod serial_join;
pub mod sleep_sync;
pub mod swallowed_exception;
pub mod target_called;
pub mod thread_never_started;
pub mod unjoined_handle;

/// A lint's Python form: its check, and for the shared lints the lesson told in Python.
pub struct PythonCheck {
    pub lint: &'static Lint,
    pub check: PyCheckFn,
    /// The Python lesson of a shared lint (the Python-only lints' docs are in Python already).
    pub lesson: Option<&'static str>,
}

/// Every lint that has a Python form.
pub static PYTHON_CHECKS: &[PythonCheck] = &[
    lost_update::FORM,
    check_then_act::FORM,
    detached_thread::FORM,
    read_before_join::FORM,
    serial_join::FORM,
    double_lock::FORM,
    lock_order::FORM,
    join_deadlock::FORM,
    guard_across_blocking::FORM,
    sleep_sync::FORM,
    unjoined_handle::FORM,
    PythonCheck {
        lint: &target_called::TARGET_CALLED,
        check: target_called::check,
        lesson: None,
    },
    PythonCheck {
        lint: &run_not_start::RUN_NOT_START,
        check: run_not_start::check,
        lesson: None,
    },
    PythonCheck {
        lint: &args_not_tuple::ARGS_NOT_TUPLE,
        check: args_not_tuple::check,
        lesson: None,
    },
    PythonCheck {
        lint: &thread_never_started::THREAD_NEVER_STARTED,
        check: thread_never_started::check,
        lesson: None,
    },
    PythonCheck {
        lint: &fresh_lock::FRESH_LOCK,
        check: fresh_lock::check,
        lesson: None,
    },
    PythonCheck {
        lint: &acquire_without_with::ACQUIRE_WITHOUT_WITH,
        check: acquire_without_with::check,
        lesson: None,
    },
    PythonCheck {
        lint: &swallowed_exception::SWALLOWED_EXCEPTION,
        check: swallowed_exception::check,
        lesson: None,
    },
    PythonCheck {
        lint: &pool_not_closed::POOL_NOT_CLOSED,
        check: pool_not_closed::check,
        lesson: None,
    },
    PythonCheck {
        lint: &cpu_bound_threads::CPU_BOUND_THREADS,
        check: cpu_bound_threads::check,
        lesson: None,
    },
];

/// The Python lesson of a lint, if it has one of its own.
pub fn lesson(lint: &Lint) -> Option<String> {
    let form = PYTHON_CHECKS.iter().find(|f| f.lint == lint)?;
    let text = form.lesson?;
    let mut out = String::new();
    for line in text.lines() {
        out.push_str(line.strip_prefix("    ").unwrap_or(line.trim_start()));
        out.push('\n');
    }
    Some(out.trim().to_string() + "\n")
}

/// The lesson a Python learner reads: a shared lint's lesson in Python (not
/// its Rust lesson), a Python-only lint's own; `None` for a lint with no
/// Python form.
pub fn python_docs(lint: &Lint) -> Option<String> {
    let form = PYTHON_CHECKS.iter().find(|f| f.lint == lint)?;
    Some(match form.lesson {
        Some(_) => lesson(lint)?,
        None => lint.docs(),
    })
}

/// `--explain NAME.py`: the lesson of a lint told in Python only, with the
/// header `--explain NAME` prints; `None` when the name does not end in `.py`.
pub fn explain(name: &str) -> Option<Result<String, String>> {
    let bare = name.strip_suffix(".py")?;
    let Some(lint) = crate::lints::find(bare) else {
        return Some(Err(format!("no lint named `{bare}`")));
    };
    Some(match python_docs(lint) {
        Some(docs) => Ok(format!(
            "racelint::{}: {}\ngroup: {}, default level: {}\n\n{}",
            lint.name, lint.summary, lint.group, lint.default_level, docs
        )),
        None => Err(format!(
            "`{}` has no Python form: run `racelint --explain {}` for its lesson",
            lint.name, lint.name
        )),
    })
}

/// Lints whose findings rest on something being absent later in the scope (a join, a
/// start, a shutdown): left out after a syntax error.
pub fn is_ordering(lint: &Lint) -> bool {
    matches!(
        lint.name,
        "read_before_join"
            | "detached_thread"
            | "unjoined_handle"
            | "serial_join"
            | "sleep_sync"
            | "thread_never_started"
            | "pool_not_closed"
            | "acquire_without_with"
            | "swallowed_exception"
            | "cpu_bound_threads"
            | "lost_update"
            | "check_then_act"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_python_check_is_of_a_registered_lint_once() {
        for (i, check) in PYTHON_CHECKS.iter().enumerate() {
            assert!(
                crate::lints::REGISTRY.contains(&check.lint),
                "{} is not registered",
                check.lint.name
            );
            assert!(
                PYTHON_CHECKS[..i].iter().all(|c| c.lint != check.lint),
                "{} twice",
                check.lint.name
            );
            // A shared lint tells its Python lesson here; a Python-only one in its docs.
            let python_only = crate::lints::rust_check(check.lint).is_none();
            assert_eq!(check.lesson.is_none(), python_only, "{}", check.lint.name);
            if let Some(lesson) = lesson(check.lint) {
                assert!(lesson.contains("### What it does"), "{}", check.lint.name);
                assert!(lesson.contains("```python"), "{}", check.lint.name);
            }
        }
    }

    #[test]
    fn explain_py_tells_only_the_python_lesson() {
        let shared = explain("lost_update.py").unwrap().unwrap();
        assert!(shared.starts_with("racelint::lost_update: "), "{shared}");
        assert!(shared.contains("```python"), "{shared}");
        assert!(!shared.contains("```rust"), "{shared}");
        let only = explain("racelint::target_called.py").unwrap().unwrap();
        assert!(only.contains("Thread(target=worker(5))"), "{only}");
        // A Rust-only lint has no Python lesson to tell; a name without `.py` is not this one's.
        let rust_only = crate::lints::REGISTRY
            .iter()
            .find(|l| python_docs(l).is_none())
            .expect("a lint with no Python form");
        let error = explain(&format!("{}.py", rust_only.name))
            .unwrap()
            .unwrap_err();
        assert!(error.contains("no Python form"), "{error}");
        assert!(explain("nope.py").unwrap().is_err());
        assert!(explain("lost_update").is_none());
    }
}
