//! The registry: every lint racelint knows, once. `--list`, `--explain`,
//! level flags and config all read [`REGISTRY`]; nothing else keeps a list of names.
//!
//! Each lint lives in its own file under a folder named for its group. The
//! file holds the lint's name, group, default level, its lesson (the doc
//! comment, which is also what `racelint --explain NAME` prints), and the
//! check: a short query over the [`Model`](crate::model::Model).

use std::fmt;

use crate::diagnostic::Finding;
use crate::model::Model;

pub mod internal_error;
pub mod join;
pub mod lock;
pub mod race;
pub mod teach;
pub mod unreadable;
pub mod unused_suppression;

/// How loudly a lint speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported as a warning; the exit status stays 0.
    Warn,
    /// Reported as an error; the exit status is 1.
    Deny,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The lesson topic a lint belongs to; level flags accept group names too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// Unsynchronized shared mutation.
    Race,
    /// Thread lifecycle: spawning and joining.
    Join,
    /// Lock misuse.
    Lock,
    /// Habits worth unlearning.
    Teach,
    /// The file itself could not be analyzed.
    Input,
}

impl Group {
    pub const ALL: [Group; 5] = [
        Group::Race,
        Group::Join,
        Group::Lock,
        Group::Teach,
        Group::Input,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Group::Race => "race",
            Group::Join => "join",
            Group::Lock => "lock",
            Group::Teach => "teach",
            Group::Input => "input",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Group::Race => "unsynchronized shared mutation",
            Group::Join => "thread lifecycle: spawning and joining",
            Group::Lock => "lock misuse",
            Group::Teach => "habits worth unlearning",
            Group::Input => "files racelint could not analyze",
        }
    }

    pub fn from_name(name: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.as_str() == name)
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The check a lint runs: a query over the model that reports findings.
pub type CheckFn = fn(&Model, &mut Vec<Finding>);

/// One lint: its public name, group, default level, lesson and check.
pub struct Lint {
    /// The stable public name (`racelint::NAME` in diagnostics).
    pub name: &'static str,
    pub group: Group,
    pub default_level: Level,
    /// One line for `--list` and SARIF's short description.
    pub summary: &'static str,
    /// The lesson, in Markdown: what it does, why it is bad, an example, what to write instead.
    docs: &'static str,
    pub check: Option<CheckFn>,
}

impl Lint {
    /// The lesson text printed by `--explain`, with the doc comment's leading space removed.
    pub fn docs(&self) -> String {
        let mut out = String::new();
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim_end().to_string() + "\n"
    }

    /// `racelint::NAME`, the code in every diagnostic.
    pub fn code(&self) -> String {
        format!("racelint::{}", self.name)
    }
}

impl fmt::Debug for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lint").field("name", &self.name).finish()
    }
}

impl PartialEq for Lint {
    fn eq(&self, other: &Lint) -> bool {
        self.name == other.name
    }
}

impl Eq for Lint {}

/// Declares a lint: its doc comment is its lesson.
macro_rules! declare_lint {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $ident:ident = {
            name: $name:literal,
            group: $group:ident,
            level: $level:ident,
            summary: $summary:literal,
            check: $check:expr $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        $vis static $ident: $crate::lints::Lint = $crate::lints::Lint {
            name: $name,
            group: $crate::lints::Group::$group,
            default_level: $crate::lints::Level::$level,
            summary: $summary,
            docs: concat!($($doc, "\n"),*),
            check: $check,
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
        check: None,
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
    &lock::guard_across_blocking::GUARD_ACROSS_BLOCKING,
    &lock::leaked_guard::LEAKED_GUARD,
    &teach::sleep_sync::SLEEP_SYNC,
    &PARSE_ERROR,
    &unreadable::UNREADABLE,
    &internal_error::INTERNAL_ERROR,
    &unused_suppression::UNUSED_SUPPRESSION,
];

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
    candidates
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|&(distance, candidate)| distance <= candidate.len().max(3) / 3 + 1)
        .min()
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
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
    fn closest_name_suggests_typos() {
        assert_eq!(closest_name("lost_updates"), Some("lost_update"));
        assert_eq!(closest_name("doublelock"), Some("double_lock"));
        assert_eq!(closest_name("zzzzzzzzzzzz"), None);
        assert_eq!(find("racelint::serial_join").unwrap().name, "serial_join");
    }
}
