//! Expectations a demo states in its attribute, checked against every
//! explored schedule.

use std::fmt::{self, Write as _};

use crate::report::{Coverage, Outcome, Report};

/// What a demo expects of its outcomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expectation {
    /// Nothing: the report is the lesson.
    Anything,
    /// `#[demo(outcomes = [...])]`: exactly these outcomes happen, each in
    /// at least one schedule, and no other.
    Exactly(Vec<Outcome>),
    /// `#[demo(always = ...)]`: every schedule ends with this outcome.
    Always(Outcome),
}

/// Reality differed from the demo's expectation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectationFailure {
    /// What differed, with a witness for each unexpected outcome.
    pub message: String,
}

impl fmt::Display for ExpectationFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExpectationFailure {}

/// Check `report` against `expectation`.
pub fn check(report: &Report, expectation: &Expectation) -> Result<(), ExpectationFailure> {
    let mut message = String::new();
    let unexpected = |allowed: &dyn Fn(&Outcome) -> bool, message: &mut String| {
        for group in report.outcomes.iter().filter(|g| !allowed(&g.outcome)) {
            let _ = writeln!(
                message,
                "{} happened in {} of {} {} but was not expected; for example:",
                report.describe(&group.outcome),
                group.schedules,
                report.schedules,
                report.unit()
            );
            message.push_str(&group.witness.swimlanes());
            let _ = writeln!(message, " {}", report.outcome_line(group));
        }
    };
    match expectation {
        Expectation::Anything => {}
        Expectation::Always(outcome) => {
            unexpected(&|o| outcome.covers(o), &mut message);
            if !message.is_empty() {
                message.insert_str(
                    0,
                    &format!(
                        "expected every schedule to end with {}, but not all did\n",
                        report.describe(outcome)
                    ),
                );
            }
        }
        Expectation::Exactly(outcomes) => {
            unexpected(&|o| outcomes.iter().any(|e| e.covers(o)), &mut message);
            for outcome in outcomes {
                let happened = report.outcomes.iter().any(|g| outcome.covers(&g.outcome));
                if !happened {
                    let _ = writeln!(
                        message,
                        "{} was expected but never happened in {} {}",
                        report.describe(outcome),
                        report.schedules,
                        report.unit()
                    );
                }
            }
        }
    }
    if message.is_empty() {
        return Ok(());
    }
    if let Coverage::Bounded { .. } = report.coverage {
        let _ = writeln!(
            message,
            "note: the exploration was {}",
            report.coverage_text()
        );
    }
    Err(ExpectationFailure {
        message: format!("demo `{}`: {}", report.demo, message.trim_end()),
    })
}
