//! The report as JSON (`RACELINT_DEMO_REPORT=json`), for slides and tests.

use crate::report::{Coverage, Report};

impl Report {
    /// The report as JSON, for slides and tests: the counts, the histogram,
    /// and each witness with its steps.
    pub fn to_json(&self) -> String {
        use serde_json::json;
        let coverage = match &self.coverage {
            Coverage::Complete => json!({ "complete": true }),
            Coverage::Bounded { preemptions, .. } => {
                json!({ "complete": false, "preemption_bound": preemptions })
            }
        };
        let outcomes: Vec<_> = self
            .outcomes
            .iter()
            .map(|group| {
                let witness = &group.witness;
                let steps: Vec<_> = witness
                    .shown_steps()
                    .map(|step| {
                        json!({
                            "thread": witness.thread_labels[step.thread],
                            "step": witness.describe_step(step),
                        })
                    })
                    .collect();
                json!({
                    "outcome": self.describe(&group.outcome),
                    "intended": self.intended.contains(&group.outcome),
                    "interleavings": group.schedules,
                    "classes": group.classes,
                    "explanation": witness.explain(),
                    "witness": steps,
                })
            })
            .collect();
        let report = json!({
            "demo": self.demo,
            "interleavings": self.schedules,
            "counts": self.unit(),
            "classes": self.classes,
            "loom_executions": self.executions + self.discarded_executions,
            "coverage": coverage,
            "outcomes": outcomes,
        });
        let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
        text.push('\n');
        text
    }
}
