//! The one internal form of a diagnostic; `render` turns it into text, JSON or SARIF.

use crate::lints::{Level, Lint};
use crate::source::Span;

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
