//! How a run of the demo function ended, compared with expectations and
//! said as a learner reads it.

use std::fmt;

/// How a run of the demo function ended.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// It returned this value (its `Debug` text).
    Value(String),
    /// Threads waited for each other forever.
    Deadlock,
    /// `main` panicked; the first panic of the run, which may have started
    /// on another thread and reached `main` through `join`.
    Panicked {
        /// `main`, `thread 1`, ...
        thread: String,
        /// The panic message.
        message: String,
    },
    /// `main` never finished (should not happen: reported as a bug).
    Unfinished,
}

impl Outcome {
    /// The outcome "returned `value`", for comparing with expectations.
    pub fn value<T: fmt::Debug + ?Sized>(value: &T) -> Outcome {
        Outcome::Value(format!("{value:?}"))
    }

    /// Stands for any panic in an expectation: a panic's thread and message
    /// are known only once it happens.
    pub fn any_panic() -> Outcome {
        Outcome::Panicked {
            thread: String::new(),
            message: String::new(),
        }
    }

    /// The order outcomes are listed in: values (numbers by size), then
    /// deadlock, then panics.
    pub(crate) fn sort_key(&self) -> (u8, Option<i128>, String) {
        match self {
            Outcome::Value(v) => (0, v.parse().ok(), v.clone()),
            Outcome::Deadlock => (1, None, String::new()),
            Outcome::Panicked { thread, message } => (2, None, format!("{thread}{message}")),
            Outcome::Unfinished => (3, None, String::new()),
        }
    }

    /// Whether an expected outcome (`self`) covers an actual one: equal, or
    /// [`Outcome::any_panic`] and any panic.
    pub fn covers(&self, actual: &Outcome) -> bool {
        self == actual
            || (*self == Outcome::any_panic() && matches!(actual, Outcome::Panicked { .. }))
    }

    /// The outcome as a learner reads it, with the name of what the demo
    /// returns (`counter = 1`), if it has one.
    pub fn describe(&self, outcome_name: Option<&str>) -> String {
        match self {
            Outcome::Value(v) if v == "()" => "finished".to_string(),
            Outcome::Value(v) => match outcome_name {
                Some(name) => format!("{name} = {v}"),
                None => format!("returned {v}"),
            },
            Outcome::Deadlock => "deadlock".to_string(),
            Outcome::Panicked { thread, message } if thread.is_empty() && message.is_empty() => {
                "a panic".to_string()
            }
            Outcome::Panicked { thread, message } => format!("{thread} panicked: {message}"),
            Outcome::Unfinished => "main never finished".to_string(),
        }
    }
}
