//! The one internal form of a diagnostic; `render` turns it into text, JSON or SARIF.
//!
//! A [`Finding`] names its [`Lint`]: the lint's declaration (name, group,
//! default level, lesson) lives here, below every front-end, so that any of
//! them can report it. The [registry](crate::lints) lists the lints and their
//! checks.

use std::fmt;

use crate::source::Span;

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

/// One lint's declaration: its public name, group, default level and lesson.
/// What finds it is registered apart, per front-end (see
/// [`lints::RUST_CHECKS`](crate::lints::RUST_CHECKS)), so that one lint can be
/// checked in Rust and in Python under the same name.
pub struct Lint {
    /// The stable public name (`racelint::NAME` in diagnostics).
    pub name: &'static str,
    pub group: Group,
    pub default_level: Level,
    /// One line for `--list` and SARIF's short description.
    pub summary: &'static str,
    /// The lesson, in Markdown: what it does, why it is bad, an example, what to write instead.
    pub(crate) docs: &'static str,
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

/// Text attached to a span: the primary span says what is wrong, secondary
/// labels point at each other step of the mistake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

impl Label {
    pub fn new(span: Span, message: impl Into<String>) -> Label {
        Label {
            span,
            message: message.into(),
        }
    }
}

/// How sure a fix is to keep the program's meaning (rustc's applicability).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Applicability {
    /// Meaning preserved: `--fix` applies it.
    MachineApplicable,
    /// Probably right, but the behaviour may change: shown, never applied automatically.
    MaybeIncorrect,
    /// Contains placeholders the user must fill in.
    HasPlaceholders,
    Unspecified,
}

impl Applicability {
    /// The name rustc's JSON uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::MachineApplicable => "MachineApplicable",
            Applicability::MaybeIncorrect => "MaybeIncorrect",
            Applicability::HasPlaceholders => "HasPlaceholders",
            Applicability::Unspecified => "Unspecified",
        }
    }
}

/// Replace the text of `span` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A fix: one or more edits applied together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// What the fix does, e.g. "use one atomic read-modify-write".
    pub message: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

/// One problem found in the learner's code.
#[derive(Clone, Debug)]
pub struct Finding {
    pub lint: &'static Lint,
    /// The level in force for this finding (never `Allow`: allowed findings are dropped).
    pub level: Level,
    /// Short, lowercase, no period: what goes wrong at run time.
    pub message: String,
    /// Where the problem is; its message may be empty.
    pub primary: Label,
    /// The other steps of the mistake, in program order.
    pub labels: Vec<Label>,
    /// `note:` lines: the run-time consequence, and any assumption the analyzer made.
    pub notes: Vec<String>,
    /// The one `help:` line: what to write instead.
    pub help: Option<String>,
    pub suggestion: Option<Suggestion>,
}

impl Finding {
    pub fn new(lint: &'static Lint, span: Span, message: impl Into<String>) -> Finding {
        Finding {
            lint,
            level: lint.default_level,
            message: message.into(),
            primary: Label::new(span, ""),
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
            suggestion: None,
        }
    }

    /// Text for the primary label.
    pub fn primary_label(mut self, message: impl Into<String>) -> Finding {
        self.primary.message = message.into();
        self
    }

    pub fn label(mut self, span: Span, message: impl Into<String>) -> Finding {
        self.labels.push(Label::new(span, message));
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Finding {
        self.notes.push(note.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub fn suggest(
        mut self,
        message: impl Into<String>,
        edits: Vec<Edit>,
        applicability: Applicability,
    ) -> Finding {
        self.suggestion = Some(Suggestion {
            message: message.into(),
            edits,
            applicability,
        });
        self
    }

    /// Order for output: by file, then position, then lint name.
    pub fn sort_key(&self) -> (u32, u32, u32, &'static str) {
        (
            self.primary.span.file.0,
            self.primary.span.lo,
            self.primary.span.hi,
            self.lint.name,
        )
    }
}
