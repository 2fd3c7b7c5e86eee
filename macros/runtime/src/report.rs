//! What an exploration found: schedules, outcomes, witnesses, and the text
//! a learner reads.
//!
//! - `step`: one visible step of a thread and the values it saw;
//! - `outcome`: how a run ended;
//! - `schedule`: one run's steps, their replay and their swimlanes;
//! - this file: the [`Report`] of a whole exploration (the count of each
//!   outcome, a witness for each, how far the search went) and its text.

mod outcome;
mod schedule;
mod step;

use std::fmt::Write as _;
use std::time::Duration;

pub use outcome::Outcome;
pub use schedule::{ReplayError, Schedule};
pub use step::{Access, Step, StepKind, Value};

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn join_words(words: &[String]) -> String {
    join_words_with(words, "and")
}

/// `a`, `a or b`, `a, b or c`.
fn join_words_with(words: &[String], conjunction: &str) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

/// How much of the space of schedules an exploration covered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Coverage {
    /// Every schedule of the visible steps was explored.
    Complete,
    /// Only schedules in which running threads are interrupted (preempted)
    /// at most this many times.
    Bounded {
        /// The preemption bound.
        preemptions: usize,
        /// Why the exploration was bounded.
        reason: BoundReason,
    },
}

/// Why an exploration was bounded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BoundReason {
    /// The demo's attribute or `RACELINT_DEMO_PREEMPTION_BOUND` asked for it.
    Requested,
    /// The complete exploration needed more loom executions than this.
    TooManyExecutions(u64),
    /// The exact count found this many interleavings: too many for loom to
    /// try them all quickly, so its check was bounded from the start.
    ManyInterleavings(u64),
}

/// The schedules that ended one way.
#[derive(Clone, Debug)]
pub struct OutcomeGroup {
    /// How they ended.
    pub outcome: Outcome,
    /// How many interleavings of the visible steps ended this way.
    pub schedules: u64,
    /// How many classes of equivalent interleavings (loom's unit) they
    /// fall into.
    pub classes: u64,
    /// The simplest of them: fewest steps drawn, earliest threads first.
    pub witness: Schedule,
}

/// Everything an exploration found.
#[derive(Clone, Debug)]
pub struct Report {
    /// The demo function's name.
    pub demo: String,
    /// What the demo returns, as a learner calls it (`counter`).
    pub outcome_name: Option<String>,
    /// The outcomes a learner expects; others are explained.
    pub intended: Vec<Outcome>,
    /// How many loom executions the exploration that made this report ran.
    pub executions: u64,
    /// How many loom executions ran before, in a complete exploration that
    /// was given up for a bounded one.
    pub discarded_executions: u64,
    /// How many classes of equivalent interleavings the executions showed.
    pub classes: u64,
    /// How many distinct states the exact count went through (0 when the
    /// counts come from loom's classes).
    pub states: u64,
    /// How many driven runs the exact count took to learn the threads.
    pub driven_executions: u64,
    /// How far loom explored, when the counts are exact and loom's search
    /// is the check.
    pub loom_coverage: Option<Coverage>,
    /// Why the exact count could not be made, if it was tried and failed.
    pub count_error: Option<String>,
    /// The orderings weaker than `SeqCst` the demo names (`Relaxed`, ...):
    /// the model treats them as `SeqCst`, and the report says so.
    pub weak_orderings: Vec<String>,
    /// `memory = "weak"`: loom's memory model; counts are of distinct
    /// executions.
    pub weak_memory: bool,
    /// How many interleavings of the visible steps those classes hold.
    pub schedules: u64,
    /// Whether the exploration was complete or bounded.
    pub coverage: Coverage,
    /// Each distinct outcome, the intended one first.
    pub outcomes: Vec<OutcomeGroup>,
    /// How long the exploration took.
    pub elapsed: Duration,
}

impl Report {
    /// Say which outcome a learner expects: it is listed first, and the
    /// others are explained against it.
    pub fn set_intended(&mut self, intended: Vec<Outcome>) {
        self.outcomes
            .sort_by_key(|g| (!intended.contains(&g.outcome), g.outcome.sort_key()));
        self.intended = intended;
    }

    /// The outcome as a learner reads it.
    pub fn describe(&self, outcome: &Outcome) -> String {
        outcome.describe(self.outcome_name.as_deref())
    }

    /// How many interleavings ended with `outcome` (0 if none did).
    pub fn count(&self, outcome: &Outcome) -> u64 {
        self.outcomes
            .iter()
            .find(|g| &g.outcome == outcome)
            .map_or(0, |g| g.schedules)
    }

    /// The last line under a witness: the outcome and, when it is not the
    /// intended one, what went wrong.
    pub fn outcome_line(&self, group: &OutcomeGroup) -> String {
        let mut line = format!("outcome: {}", self.describe(&group.outcome));
        if self.intended.contains(&group.outcome) {
            line.push_str(" (as expected)");
            return line;
        }
        let values: Vec<String> = self
            .intended
            .iter()
            .filter_map(|o| match o {
                Outcome::Value(v) => Some(v.clone()),
                _ => None,
            })
            .collect();
        if !values.is_empty() && matches!(group.outcome, Outcome::Value(_)) {
            let _ = write!(line, " (expected {})", join_words_with(&values, "or"));
        }
        if let Some(why) = group.witness.explain() {
            let _ = write!(line, ": {why}");
        }
        line
    }

    /// The coverage line, said plainly.
    pub fn coverage_text(&self) -> String {
        match &self.coverage {
            Coverage::Complete => "complete: every schedule of the visible steps was tried".into(),
            Coverage::Bounded {
                preemptions,
                reason,
            } => {
                let why = match reason {
                    BoundReason::Requested => "as this demo asks".to_string(),
                    BoundReason::TooManyExecutions(budget) => format!(
                        "because trying every schedule needs more than {budget} loom executions"
                    ),
                    BoundReason::ManyInterleavings(n) => {
                        format!("because there are {n} interleavings")
                    }
                };
                format!(
                    "bounded: only schedules in which running threads are interrupted at most \
                     {preemptions} time{} (preemption bound {preemptions}, {why}); rarer \
                     schedules were not tried",
                    if *preemptions == 1 { "" } else { "s" }
                )
            }
        }
    }

    /// What the counts count: interleavings, or with weak memory, distinct
    /// executions.
    pub fn unit(&self) -> &'static str {
        if self.weak_memory {
            "executions"
        } else {
            "interleavings"
        }
    }

    /// The whole report as text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let threads = self
            .outcomes
            .iter()
            .map(|g| g.witness.thread_labels.len().saturating_sub(1))
            .max()
            .unwrap_or(0);
        let _ = writeln!(
            out,
            "demo `{}`: {} thread{} besides main, explored with loom",
            self.demo,
            threads,
            if threads == 1 { "" } else { "s" }
        );
        let bounded = matches!(self.coverage, Coverage::Bounded { .. });
        let found = if bounded { "found " } else { "" };
        let how = if self.states > 0 {
            format!(
                ", counted exactly over {} state{}",
                self.states,
                plural(self.states)
            )
        } else {
            String::new()
        };
        let unit = self.unit();
        if self.weak_memory {
            let _ = writeln!(
                out,
                "  {found}{} distinct execution{}: what each read saw, as well as the order",
                self.schedules,
                plural(self.schedules),
            );
        } else {
            let _ = writeln!(
                out,
                "  {found}{} interleaving{} of the visible steps{how}",
                self.schedules,
                plural(self.schedules),
            );
        }
        let all = self.executions + self.discarded_executions;
        let discarded = if self.discarded_executions > 0 {
            format!(
                " ({} in a complete search given up, {} in the bounded one)",
                self.discarded_executions, self.executions
            )
        } else {
            String::new()
        };
        let loom_bound = match &self.loom_coverage {
            Some(Coverage::Bounded { preemptions, .. }) => format!(
                "; loom's check was bounded (preemption bound {preemptions}): the counts are \
                 exact, loom checked the outcomes it reached"
            ),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  loom: {all} execution{} in all{discarded}, {} class{} of equivalent \
             interleavings{loom_bound}, {:.2} s",
            plural(all),
            self.classes,
            if self.classes == 1 { "" } else { "es" },
            self.elapsed.as_secs_f64()
        );
        let _ = writeln!(out, "  coverage: {}", self.coverage_text());
        if let Some(why) = &self.count_error {
            let _ = writeln!(
                out,
                "  note: no exact count ({why}): the counts are those of loom's classes"
            );
        }
        if self.weak_memory {
            let _ = writeln!(
                out,
                "  model: weak memory (loom's): a read may see a write older than the latest, \
                 unless the orderings forbid it"
            );
        } else {
            let _ = writeln!(
                out,
                "  model: sequentially consistent: one step at a time, and every read sees the \
                 latest write"
            );
        }
        if !self.weak_orderings.is_empty() {
            let names: Vec<String> = self
                .weak_orderings
                .iter()
                .map(|o| format!("`{o}`"))
                .collect();
            let _ = writeln!(
                out,
                "  note: this demo uses {}, treated here as `SeqCst`: the stale reads weaker \
                 orderings allow on real hardware are not shown",
                join_words(&names)
            );
        }
        let _ = writeln!(out, "\noutcomes:");
        let width = self
            .outcomes
            .iter()
            .map(|g| self.describe(&g.outcome).chars().count())
            .max()
            .unwrap_or(0);
        for group in &self.outcomes {
            if bounded {
                let _ = writeln!(
                    out,
                    "  {:<width$}  found in {} of the {} {unit} tried",
                    self.describe(&group.outcome),
                    group.schedules,
                    self.schedules
                );
            } else {
                let _ = writeln!(
                    out,
                    "  {:<width$}  in {} of {} {unit}",
                    self.describe(&group.outcome),
                    group.schedules,
                    self.schedules
                );
            }
        }
        if bounded {
            let _ = writeln!(
                out,
                "  (a bounded search: these counts are not how often each outcome happens)"
            );
        }
        for group in &self.outcomes {
            let _ = writeln!(out, "\nwitness for {}:", self.describe(&group.outcome));
            out.push_str(&group.witness.swimlanes());
            let _ = writeln!(out, " {}", self.outcome_line(group));
        }
        out
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}
