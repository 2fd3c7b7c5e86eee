//! Rendering findings: for people ([`human`]) and for IDEs and tools ([`json`]).
//!
//! Besides findings, a run can meet files it cannot read (permissions, text
//! that is not UTF-8): those are [`FileError`]s, reported in the same stream
//! so that the run goes on with the other files.

use crate::diagnostic::Finding;
use crate::diagnostic::Level;
pub use crate::source::{FileError, FileLocation};

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod window;

/// What a run found, for the closing line and the exit status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files read and linted.
    pub files: usize,
    /// Files with at least one finding.
    pub with_problems: usize,
    /// Findings at deny level.
    pub denied: usize,
    /// Findings at warn level.
    pub warnings: usize,
    /// Files that could not be read.
    pub unreadable: usize,
}

impl Summary {
    /// Counts findings by level, and the files they are in (the findings of
    /// one unit).
    pub fn count(&mut self, findings: &[Finding]) {
        let mut files: Vec<_> = findings
            .iter()
            .filter(|f| f.level != Level::Allow)
            .map(|f| f.primary.span.file)
            .collect();
        files.sort_unstable();
        files.dedup();
        self.with_problems += files.len();
        for finding in findings {
            match finding.level {
                Level::Deny => self.denied += 1,
                Level::Warn => self.warnings += 1,
                Level::Allow => {}
            }
        }
    }

    pub fn merge(&mut self, other: Summary) {
        self.files += other.files;
        self.with_problems += other.with_problems;
        self.denied += other.denied;
        self.warnings += other.warnings;
        self.unreadable += other.unreadable;
    }

    /// Whether the run fails (exit status 1): something denied, or a file unread.
    pub fn failed(&self) -> bool {
        self.denied > 0 || self.unreadable > 0
    }

    /// The closing line, e.g. `3 problems (2 denied, 1 warning) in 2 of 7
    /// files` (`in 2 files` when every file linted has one),
    /// `no problems found in 7 files`, with `; 1 file could not be read` after
    /// either when some file was not read.
    pub fn line(&self) -> String {
        let problems = self.denied + self.warnings;
        let files = if problems == 0 || self.with_problems >= self.files {
            plural(self.files, "file", "files")
        } else {
            format!(
                "{} of {}",
                self.with_problems,
                plural(self.files, "file", "files")
            )
        };
        let mut line = if problems == 0 {
            format!("no problems found in {files}")
        } else {
            let mut kinds = Vec::new();
            if self.denied > 0 {
                kinds.push(format!("{} denied", self.denied));
            }
            if self.warnings > 0 {
                kinds.push(plural(self.warnings, "warning", "warnings"));
            }
            format!(
                "{} ({}) in {files}",
                plural(problems, "problem", "problems"),
                kinds.join(", ")
            )
        };
        if self.unreadable > 0 {
            line.push_str(&format!(
                "; {} could not be read",
                plural(self.unreadable, "file", "files")
            ));
        }
        line
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(files: usize, denied: usize, warnings: usize, unreadable: usize) -> String {
        Summary {
            files,
            with_problems: files.min(denied + warnings),
            denied,
            warnings,
            unreadable,
        }
        .line()
    }

    #[test]
    fn summary_line_grammar() {
        assert_eq!(summary(7, 0, 0, 0), "no problems found in 7 files");
        assert_eq!(summary(1, 0, 0, 0), "no problems found in 1 file");
        assert_eq!(summary(0, 0, 0, 0), "no problems found in 0 files");
        assert_eq!(
            summary(2, 2, 1, 0),
            "3 problems (2 denied, 1 warning) in 2 files"
        );
        assert_eq!(summary(1, 1, 0, 0), "1 problem (1 denied) in 1 file");
        assert_eq!(
            summary(3, 0, 2, 0),
            "2 problems (2 warnings) in 2 of 3 files"
        );
        assert_eq!(
            summary(2, 0, 0, 1),
            "no problems found in 2 files; 1 file could not be read"
        );
        assert_eq!(
            summary(2, 1, 0, 2),
            "1 problem (1 denied) in 1 of 2 files; 2 files could not be read"
        );
    }

    #[test]
    fn failure_needs_a_denied_finding_or_an_unread_file() {
        let mut s = Summary {
            files: 3,
            warnings: 4,
            ..Summary::default()
        };
        assert!(!s.failed());
        s.unreadable = 1;
        assert!(s.failed());
        s.unreadable = 0;
        s.denied = 1;
        assert!(s.failed());
    }
}
