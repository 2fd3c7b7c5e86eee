//! Running a demo function over every interleaving: the exact count, and loom.

use std::any::Any;
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Instant;

use crate::record::{self, Abandoned, TooManyThreads};
use crate::report::{BoundReason, Coverage, Outcome, OutcomeGroup, Report, Schedule};
use crate::{count, statespace};

/// With an exact count above this many interleavings, loom's check starts
/// bounded.
const MANY: u64 = 2_000;

/// How far to explore.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// Every schedule if that takes at most [`Settings::execution_budget`]
    /// loom executions; otherwise start again bounded by
    /// [`Settings::fallback_preemptions`], and say so in the report.
    Auto,
    /// Every schedule, however long it takes.
    Complete,
    /// Only schedules in which running threads are interrupted at most this
    /// many times (loom's preemption bound).
    Preemptions(usize),
}

impl Bound {
    /// The bound named by `RACELINT_DEMO_PREEMPTION_BOUND` (a number, or
    /// `none` for a complete exploration), if it is set.
    ///
    /// # Panics
    ///
    /// If the variable is set to anything else.
    pub fn from_env() -> Option<Bound> {
        let text = std::env::var("RACELINT_DEMO_PREEMPTION_BOUND").ok()?;
        let text = text.trim();
        if text.eq_ignore_ascii_case("none") || text.eq_ignore_ascii_case("complete") {
            return Some(Bound::Complete);
        }
        match text.parse() {
            Ok(n) => Some(Bound::Preemptions(n)),
            Err(_) => panic!(
                "RACELINT_DEMO_PREEMPTION_BOUND must be a number of preemptions or `none`, \
                 not `{text}`"
            ),
        }
    }
}

/// Exploration settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// How far to explore.
    pub bound: Bound,
    /// With [`Bound::Auto`], the most loom executions a complete exploration
    /// may take before it is given up for a bounded one.
    pub execution_budget: u64,
    /// With [`Bound::Auto`], the preemption bound to fall back to.
    pub fallback_preemptions: usize,
    /// Count every interleaving exactly with the state-space counter
    /// (loom still checks the outcomes and draws the witnesses). Without
    /// it, or when the counter gives up, counts come from loom's classes.
    pub count: bool,
    /// loom's memory model instead of one step at a time: atomics use the
    /// orderings the demo names, and a read may see an older write. There
    /// is no exact count then: the report counts distinct executions.
    pub weak_memory: bool,
}

impl Default for Settings {
    /// Complete when it takes at most 20,000 loom executions (well under a
    /// second), else bounded at 2 preemptions.
    fn default() -> Settings {
        Settings {
            bound: Bound::Auto,
            execution_budget: 20_000,
            fallback_preemptions: 2,
            count: true,
            weak_memory: false,
        }
    }
}

/// The exploration itself failed: loom stopped it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExploreError {
    /// loom's message, or ours.
    pub message: String,
}

impl fmt::Display for ExploreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hint = if self.message.contains("maximum number of branches") {
            "\nhelp: a run took too many steps; a loop that waits for another thread (a spin \
             loop) never ends under loom: wait with a `Mutex` or `join` instead"
        } else {
            ""
        };
        write!(
            f,
            "the exploration stopped: {}{hint}",
            self.message.trim_end()
        )
    }
}

impl std::error::Error for ExploreError {}

/// Run `body` over every interleaving (or as many as `settings` allow) and
/// report the interleavings of its visible steps and their outcomes.
///
/// `body` is the demo function with `std`'s threads and sync types replaced
/// by this crate's (the `#[demo]` attribute does that). Its results are
/// compared with `PartialEq`: equal values are one outcome, whatever their
/// `Debug` text.
pub fn explore<T, F>(demo: &str, settings: &Settings, body: F) -> Result<Report, ExploreError>
where
    T: fmt::Debug + PartialEq + Send + 'static,
    F: Fn() -> T + Send + Sync + 'static,
{
    explore_values(demo, settings, body).map(|(report, _)| report)
}

/// [`explore`], and the distinct values the demo returned, each with the
/// text its outcome is shown as.
pub fn explore_values<T, F>(
    demo: &str,
    settings: &Settings,
    body: F,
) -> Result<(Report, Vec<(T, String)>), ExploreError>
where
    T: fmt::Debug + PartialEq + Send + 'static,
    F: Fn() -> T + Send + Sync + 'static,
{
    let start = Instant::now();
    let body = Arc::new(body);
    let mut count_error = None;
    let counted = match settings.bound {
        Bound::Preemptions(_) => None,
        _ if !settings.count || settings.weak_memory => None,
        _ => match statespace::count(&body) {
            Ok(counted) => Some(counted),
            Err(why) => {
                count_error = Some(why);
                None
            }
        },
    };
    let (counted, seed) = match counted {
        Some(mut counted) => {
            let seed: Vec<(Box<dyn Any>, String)> = std::mem::take(&mut counted.values)
                .into_iter()
                .map(|(value, text)| (Box::new(value) as Box<dyn Any>, text))
                .collect();
            (Some(counted), seed)
        }
        None => (None, Vec::new()),
    };
    let mut discarded = 0;
    let (run, coverage) = match settings.bound {
        Bound::Complete => (
            run_loom(None, None, &body, seed, settings.weak_memory)?,
            Coverage::Complete,
        ),
        Bound::Preemptions(preemptions) => (
            run_loom(Some(preemptions), None, &body, seed, settings.weak_memory)?,
            Coverage::Bounded {
                preemptions,
                reason: BoundReason::Requested,
            },
        ),
        Bound::Auto if counted.as_ref().is_some_and(|c| c.total > MANY) => {
            // loom needs an execution or more per class of interleavings:
            // with this many, its complete search would be given up anyway.
            let preemptions = settings.fallback_preemptions;
            let total = counted.as_ref().map_or(0, |c| c.total);
            (
                run_loom(Some(preemptions), None, &body, seed, settings.weak_memory)?,
                Coverage::Bounded {
                    preemptions,
                    reason: BoundReason::ManyInterleavings(total),
                },
            )
        }
        Bound::Auto => {
            // With exact counts, loom is the check: a smaller budget before
            // it falls back to a bounded search.
            let budget = if counted.is_some() {
                settings.execution_budget / 10
            } else {
                settings.execution_budget
            };
            let run = run_loom(None, Some(budget), &body, seed, settings.weak_memory)?;
            if run.executions < budget {
                (run, Coverage::Complete)
            } else {
                discarded = run.executions;
                let preemptions = settings.fallback_preemptions;
                (
                    run_loom(
                        Some(preemptions),
                        None,
                        &body,
                        run.values,
                        settings.weak_memory,
                    )?,
                    Coverage::Bounded {
                        preemptions,
                        reason: BoundReason::TooManyExecutions(budget),
                    },
                )
            }
        }
    };
    let classes = run.classes.len() as u64;
    let mut outcomes = group_by_outcome(run.classes, settings.weak_memory);
    let mut schedules = outcomes.iter().map(|g| g.schedules).sum();
    let mut loom_coverage = None;
    let mut coverage = coverage;
    let mut states = 0;
    let mut driven = 0;
    if let Some(counted) = counted {
        outcomes = merge(demo, outcomes, counted.outcomes, &coverage)?;
        schedules = counted.total;
        states = counted.states;
        driven = counted.executions;
        loom_coverage = Some(std::mem::replace(&mut coverage, Coverage::Complete));
    }
    let values = run
        .values
        .into_iter()
        .filter_map(|(value, text)| value.downcast::<T>().ok().map(|value| (*value, text)))
        .collect();
    let report = Report {
        demo: demo.to_string(),
        outcome_name: None,
        intended: Vec::new(),
        executions: run.executions,
        discarded_executions: discarded,
        classes,
        states,
        driven_executions: driven,
        count_error,
        weak_orderings: Vec::new(),
        weak_memory: settings.weak_memory,
        loom_coverage,
        schedules,
        coverage,
        outcomes,
        elapsed: start.elapsed(),
    };
    Ok((report, values))
}

/// The counter's exact counts, with loom's witnesses where loom found the
/// outcome. Loom is the check: every outcome it finds must be counted, and
/// when it explored everything, its counts must be the counter's.
fn merge(
    demo: &str,
    from_loom: Vec<OutcomeGroup>,
    counted: Vec<(Outcome, u64, Schedule)>,
    loom_coverage: &Coverage,
) -> Result<Vec<OutcomeGroup>, ExploreError> {
    let disagree = |what: String| ExploreError {
        message: format!(
            "demo `{demo}`: the exact count and loom disagree ({what}); this is a bug in \
             racelint-demo, or the demo is not deterministic"
        ),
    };
    for group in &from_loom {
        let Some((_, n, _)) = counted.iter().find(|(o, ..)| *o == group.outcome) else {
            return Err(disagree(format!("loom found {:?}", group.outcome)));
        };
        if *loom_coverage == Coverage::Complete && *n != group.schedules {
            return Err(disagree(format!(
                "{:?}: {n} counted, {} from loom's classes",
                group.outcome, group.schedules
            )));
        }
    }
    if *loom_coverage == Coverage::Complete && from_loom.len() != counted.len() {
        return Err(disagree("loom found fewer outcomes".to_string()));
    }
    let mut groups: Vec<OutcomeGroup> = counted
        .into_iter()
        .map(|(outcome, schedules, witness)| {
            match from_loom.iter().find(|g| g.outcome == outcome) {
                Some(group) => OutcomeGroup {
                    outcome,
                    schedules,
                    classes: group.classes,
                    witness: group.witness.clone(),
                },
                None => OutcomeGroup {
                    outcome,
                    schedules,
                    classes: 0,
                    witness,
                },
            }
        })
        .collect();
    groups.sort_by_key(|g| g.outcome.sort_key());
    Ok(groups)
}

struct Run {
    executions: u64,
    classes: Vec<Schedule>,
    values: Vec<(Box<dyn Any>, String)>,
}

fn run_loom<T, F>(
    preemption_bound: Option<usize>,
    budget: Option<u64>,
    body: &Arc<F>,
    values: Vec<(Box<dyn Any>, String)>,
    weak_memory: bool,
) -> Result<Run, ExploreError>
where
    T: fmt::Debug + PartialEq + 'static,
    F: Fn() -> T + Send + Sync + 'static,
{
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = preemption_bound;
    builder.checkpoint_file = None;
    builder.max_duration = None;
    builder.log = false;
    builder.location = false;
    match budget {
        Some(budget) => {
            // loom checks the permutation limit every `checkpoint_interval`
            // executions, and stops before running the `max_permutations`th:
            // so at most `budget` executions run, and a run that used them
            // all counts as cut short.
            builder.checkpoint_interval = 1;
            builder.max_permutations = Some(budget as usize + 1);
        }
        None => builder.max_permutations = None,
    }
    let body = Arc::clone(body);
    record::start_exploration(values, weak_memory);
    let checked = panic::catch_unwind(AssertUnwindSafe(|| {
        builder.check(move || one_execution(&*body));
    }));
    let collector = record::finish_exploration();
    if let Err(payload) = checked {
        if let Some(TooManyThreads(message)) = payload.downcast_ref::<TooManyThreads>() {
            return Err(ExploreError {
                message: message.clone(),
            });
        }
        let message =
            record::take_last_panic().unwrap_or_else(|| record::payload_message(&*payload));
        return Err(ExploreError { message });
    }
    Ok(Run {
        executions: collector.executions,
        classes: collector.classes.into_values().collect(),
        values: collector.values,
    })
}

/// One loom execution: run the body on loom's main thread and note how it
/// ended.
fn one_execution<T: fmt::Debug + PartialEq + 'static>(body: &dyn Fn() -> T) {
    record::begin_execution();
    let result = panic::catch_unwind(AssertUnwindSafe(body));
    record::release_deferred(0);
    let outcome = match result {
        Ok(value) => record::value_outcome(value),
        Err(payload) if payload.is::<Abandoned>() => Outcome::Deadlock,
        // Not an outcome: the demo cannot be modelled. Out of loom it goes.
        Err(payload) if payload.is::<TooManyThreads>() => panic::resume_unwind(payload),
        Err(payload) => {
            let message =
                record::take_last_panic().unwrap_or_else(|| record::payload_message(&*payload));
            record::main_panicked(message)
        }
    };
    record::set_outcome(outcome);
}

/// The simplest witness first: the fewest steps, then the earlier threads
/// first at each step (so thread 1 starts, as a learner would tell it).
fn witness_key(schedule: &Schedule) -> (usize, Vec<usize>) {
    let shown: Vec<usize> = schedule.shown_steps().map(|s| s.thread).collect();
    (shown.len(), shown)
}

/// One group per outcome: the interleavings of every class that ended that
/// way, and the simplest class as the witness.
fn group_by_outcome(classes: Vec<Schedule>, weak_memory: bool) -> Vec<OutcomeGroup> {
    let mut groups: Vec<OutcomeGroup> = Vec::new();
    for schedule in classes {
        // With weak memory, interleavings do not decide what a read sees:
        // each distinct execution counts once.
        let interleavings = if weak_memory {
            1
        } else {
            count::interleavings(&schedule)
        };
        match groups.iter_mut().find(|g| g.outcome == schedule.outcome) {
            Some(group) => {
                group.schedules += interleavings;
                group.classes += 1;
                if witness_key(&schedule) < witness_key(&group.witness) {
                    group.witness = schedule;
                }
            }
            None => groups.push(OutcomeGroup {
                outcome: schedule.outcome.clone(),
                schedules: interleavings,
                classes: 1,
                witness: schedule,
            }),
        }
    }
    groups.sort_by_key(|g| g.outcome.sort_key());
    groups
}
