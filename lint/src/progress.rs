//! A progress bar on stderr for long runs (an instructor linting a whole
//! class): shown only when more than [`Progress::MIN_FILES`] files are
//! linted, the output is text, and both stdout and stderr are a terminal, so
//! that JSON, pipes and redirections get nothing extra. It is cleared before
//! the findings are printed.

use std::io::{self, IsTerminal};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The bar of one run; a no-op when it is not shown.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Runs of at most this many files show no bar.
    pub const MIN_FILES: usize = 50;

    /// A bar for `files` files, if this run should show one.
    pub fn start(files: usize, json: bool) -> Progress {
        let show = io::stderr().is_terminal() && io::stdout().is_terminal();
        Progress::new(files, Progress::wanted(files, json, show))
    }

    /// Whether a run of `files` files shows a bar, given whether stdout and
    /// stderr are terminals.
    pub fn wanted(files: usize, json: bool, terminals: bool) -> bool {
        terminals && !json && files > Progress::MIN_FILES
    }

    fn new(files: usize, show: bool) -> Progress {
        if !show {
            return Progress { bar: None };
        }
        let style = ProgressStyle::with_template(
            "{spinner} linting {bar:30} {pos}/{len} files ({per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr())
            .with_style(style);
        Progress { bar: Some(bar) }
    }

    /// Counts `files` more files as linted (from any thread).
    pub fn advance(&self, files: usize) {
        if let Some(bar) = &self.bar {
            bar.inc(files as u64);
        }
    }

    /// Whether the bar is shown.
    pub fn is_shown(&self) -> bool {
        self.bar.is_some()
    }

    /// Clears the bar from the terminal.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_long_text_runs_on_a_terminal_show_a_bar() {
        assert!(Progress::wanted(51, false, true));
        assert!(!Progress::wanted(50, false, true));
        assert!(!Progress::wanted(500, true, true));
        assert!(!Progress::wanted(500, false, false));
    }

    #[test]
    fn a_hidden_bar_counts_nothing_and_finishes_quietly() {
        let progress = Progress::new(100, false);
        assert!(!progress.is_shown());
        progress.advance(3);
        progress.finish();
        let progress = Progress::new(100, true);
        assert!(progress.is_shown());
        progress.advance(100);
        assert_eq!(progress.bar.as_ref().unwrap().position(), 100);
        progress.finish();
    }
}
