//! What an exploration found: schedules, outcomes, witnesses, and the text
//! a learner reads.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::time::Duration;

/// A value a step read, wrote or saw inside a lock.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    /// An integer (every atomic integer and [`SharedInt`](crate::SharedInt)).
    Int(i128),
    /// An atomic boolean.
    Bool(bool),
    /// The `Debug` text of a value behind a mutex.
    Text(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Text(text) => f.write_str(text),
        }
    }
}

/// What one visible step did.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum StepKind {
    /// Read the shared value (an atomic `load`, or the first half of
    /// `SharedInt`'s `+=`).
    Read {
        /// The value read.
        value: Value,
    },
    /// Wrote the shared value (an atomic `store`, or the second half of
    /// `SharedInt`'s `+=`).
    Write {
        /// The value written.
        value: Value,
    },
    /// Read and wrote in one indivisible step (`fetch_add`, `swap`, ...).
    Update {
        /// What the step did, as a learner would say it: `add 1`.
        operation: String,
        /// The value before.
        old: Value,
        /// The value after.
        new: Value,
    },
    /// `compare_exchange`: wrote `new` only if the value was `current`.
    CompareExchange {
        /// The value the thread expected.
        current: Value,
        /// The value it wanted to write.
        new: Value,
        /// The value it found.
        found: Value,
    },
    /// Locked a mutex; the value inside at that moment.
    Lock {
        /// The `Debug` text of the protected value.
        holds: Value,
        /// Whether a thread had panicked while holding the lock before.
        poisoned: bool,
    },
    /// Unlocked a mutex (its guard was dropped), leaving this value inside.
    Unlock {
        /// The `Debug` text of the protected value.
        leaves: Value,
        /// Whether the thread was unwinding from a panic: the unlock
        /// poisons the mutex.
        poisons: bool,
    },
    /// Found a mutex locked by another thread and had to wait.
    WaitForLock {
        /// The index of the thread holding the lock.
        holder: usize,
    },
    /// `Condvar::wait`: released the mutex and started waiting for a
    /// notification, in one step (the step's object is the condvar).
    Wait {
        /// The mutex released.
        mutex: usize,
        /// The value left inside it.
        leaves: Value,
    },
    /// `notify_one` or `notify_all` on a condvar.
    Notify {
        /// Whether every waiting thread was woken.
        all: bool,
        /// The threads it woke: their next steps come after it.
        woke: Vec<usize>,
    },
    /// Still waiting for a notification when nothing can happen any more.
    WaitForNotify,
    /// Waited in `join` for a thread that had not finished.
    WaitForJoin {
        /// The index of the thread waited for.
        thread: usize,
    },
    /// Started a thread (not drawn: it orders the steps around it).
    Spawn {
        /// The index of the new thread.
        thread: usize,
    },
    /// Came back from `join` (not drawn: it orders the steps around it).
    Joined {
        /// The index of the joined thread.
        thread: usize,
    },
    /// The thread panicked.
    Panic {
        /// The panic message.
        message: String,
    },
}

/// How a step touches its object, for deciding which steps commute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Reads only: two reads of the same object can swap places.
    Read,
    /// Changes the object (or takes or releases a lock): it is ordered
    /// against every other access of the same object.
    Write,
    /// Not an access of shared state: not counted as a step of a schedule.
    None,
}

impl StepKind {
    /// How this step touches its object.
    pub fn access(&self) -> Access {
        match self {
            StepKind::Read { .. } => Access::Read,
            StepKind::CompareExchange { current, found, .. } if current != found => Access::Read,
            StepKind::Write { .. }
            | StepKind::Update { .. }
            | StepKind::CompareExchange { .. }
            | StepKind::Lock { .. }
            | StepKind::Unlock { .. }
            | StepKind::Wait { .. }
            | StepKind::Notify { .. } => Access::Write,
            StepKind::WaitForLock { .. }
            | StepKind::WaitForNotify
            | StepKind::WaitForJoin { .. }
            | StepKind::Spawn { .. }
            | StepKind::Joined { .. }
            | StepKind::Panic { .. } => Access::None,
        }
    }

    /// Every object the step touches: its own, and the mutex a `wait`
    /// releases.
    pub fn objects(&self, object: Option<usize>) -> Vec<usize> {
        let mut objects: Vec<usize> = object.into_iter().collect();
        if let StepKind::Wait { mutex, .. } = self {
            objects.push(*mutex);
        }
        objects
    }

    /// Whether the step only orders others and is never drawn.
    pub fn is_marker(&self) -> bool {
        matches!(self, StepKind::Spawn { .. } | StepKind::Joined { .. })
    }
}

/// One visible step of one thread.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Step {
    /// The thread that took the step: 0 is `main`, then spawn order.
    pub thread: usize,
    /// The shared object it touched (an index into the schedule's names).
    pub object: Option<usize>,
    /// What it did.
    pub kind: StepKind,
    /// Whether another thread could have run at that moment (a spawned
    /// thread had not been joined yet). Only such steps are drawn.
    pub concurrent: bool,
}

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

/// One execution's visible steps, in the order they happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// `main`, `thread 1`, ... indexed like [`Step::thread`].
    pub thread_labels: Vec<String>,
    /// The names of the shared objects, indexed like [`Step::object`].
    pub object_names: Vec<String>,
    /// Every step, including those taken while no other thread was running.
    pub steps: Vec<Step>,
    /// How the run ended.
    pub outcome: Outcome,
    /// Who held what and waited for what, if the run deadlocked.
    pub deadlock: Option<String>,
}

/// A witness schedule broke the rules of one-step-at-a-time memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayError {
    /// The 1-based number of the offending step among all steps.
    pub step: usize,
    /// What was wrong.
    pub problem: String,
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "step {}: {}", self.step, self.problem)
    }
}

impl Schedule {
    /// The steps drawn in the swimlanes: those taken while another thread
    /// could run.
    pub fn shown_steps(&self) -> impl Iterator<Item = &Step> {
        self.steps
            .iter()
            .filter(|s| s.concurrent && !s.kind.is_marker())
    }

    /// How often consecutive shown steps belong to different threads.
    pub fn switches(&self) -> usize {
        let threads: Vec<usize> = self.shown_steps().map(|s| s.thread).collect();
        threads.windows(2).filter(|w| w[0] != w[1]).count()
    }

    fn object_name(&self, step: &Step) -> &str {
        step.object
            .and_then(|o| self.object_names.get(o))
            .map_or("?", String::as_str)
    }

    /// The step as a learner reads it: `read counter = 0`.
    pub fn describe_step(&self, step: &Step) -> String {
        let name = self.object_name(step);
        match &step.kind {
            StepKind::Read { value } => format!("read {name} = {value}"),
            StepKind::Write { value } => format!("write {name} = {value}"),
            StepKind::Update {
                operation,
                old,
                new,
            } => format!("{operation}: {name} {old} -> {new}"),
            StepKind::CompareExchange {
                current,
                new,
                found,
            } => {
                if found == current {
                    format!("compare-exchange {name}: {current} -> {new}")
                } else {
                    format!("compare-exchange {name}: found {found}, not {current}")
                }
            }
            StepKind::Lock { holds, poisoned } => {
                let poisoned = if *poisoned { ", poisoned" } else { "" };
                match holds {
                    Value::Text(t) if t == "()" => format!("lock {name}{poisoned}"),
                    _ => format!("lock {name} (holds {holds}{poisoned})"),
                }
            }
            StepKind::Unlock { leaves, poisons } => {
                let unit = matches!(leaves, Value::Text(t) if t == "()");
                match (unit, *poisons) {
                    (true, true) => format!("unlock {name} (poisoned)"),
                    (true, false) => format!("unlock {name}"),
                    (false, true) => format!("unlock {name} (leaves {leaves}, poisoned)"),
                    (false, false) => format!("unlock {name} (leaves {leaves})"),
                }
            }
            StepKind::WaitForLock { holder } => {
                let holder = self.thread_labels.get(*holder).map_or("?", String::as_str);
                format!("wait for {name} ({holder} holds it)")
            }
            StepKind::WaitForJoin { thread } => {
                let other = self.thread_labels.get(*thread).map_or("?", String::as_str);
                format!("wait for {other} to finish")
            }
            StepKind::Wait { mutex, leaves } => {
                let mutex = self.object_names.get(*mutex).map_or("?", String::as_str);
                match leaves {
                    Value::Text(t) if t == "()" => format!("wait on {name} (unlock {mutex})"),
                    _ => format!("wait on {name} (unlock {mutex}, leaves {leaves})"),
                }
            }
            StepKind::Notify { all: false, .. } => format!("notify one on {name}"),
            StepKind::Notify { all: true, .. } => format!("notify all on {name}"),
            StepKind::WaitForNotify => format!("wait for a notification on {name}"),
            StepKind::Spawn { thread } => {
                let other = self.thread_labels.get(*thread).map_or("?", String::as_str);
                format!("start {other}")
            }
            StepKind::Joined { thread } => {
                let other = self.thread_labels.get(*thread).map_or("?", String::as_str);
                format!("joined {other}")
            }
            StepKind::Panic { message } => format!("panic: {message}"),
        }
    }

    /// Replay the steps one at a time on plain memory, checking that every
    /// read saw the latest write, that a lock was free when taken, and that
    /// a waiting thread really found the lock taken. Returns each object's
    /// last value.
    pub fn replay(&self) -> Result<BTreeMap<String, Value>, ReplayError> {
        let mut memory: BTreeMap<usize, Value> = BTreeMap::new();
        let mut holders: BTreeMap<usize, usize> = BTreeMap::new();
        for (index, step) in self.steps.iter().enumerate() {
            let fail = |problem: String| ReplayError {
                step: index + 1,
                problem,
            };
            let name = self.object_name(step).to_string();
            let object = step.object;
            let mut expect_current = |seen: &Value, what: &str| -> Result<(), ReplayError> {
                let object = object.ok_or_else(|| fail(format!("{what} without an object")))?;
                match memory.get(&object) {
                    Some(latest) if latest != seen => Err(fail(format!(
                        "{what} {name} = {seen}, but the latest write left {latest}"
                    ))),
                    Some(_) => Ok(()),
                    None => {
                        memory.insert(object, seen.clone());
                        Ok(())
                    }
                }
            };
            match &step.kind {
                StepKind::Read { value } => expect_current(value, "read")?,
                StepKind::Write { value } => {
                    memory.insert(object.unwrap_or(usize::MAX), value.clone());
                }
                StepKind::Update { old, new, .. } => {
                    expect_current(old, "update saw")?;
                    memory.insert(object.unwrap_or(usize::MAX), new.clone());
                }
                StepKind::CompareExchange {
                    current,
                    new,
                    found,
                } => {
                    expect_current(found, "compare-exchange found")?;
                    if found == current {
                        memory.insert(object.unwrap_or(usize::MAX), new.clone());
                    }
                }
                StepKind::Lock { holds, .. } => {
                    expect_current(holds, "lock saw")?;
                    let object = object.unwrap_or(usize::MAX);
                    if let Some(holder) = holders.get(&object) {
                        return Err(fail(format!(
                            "locked {name} while {} held it",
                            self.thread_labels[*holder]
                        )));
                    }
                    holders.insert(object, step.thread);
                }
                StepKind::Unlock { leaves, .. } => {
                    let object = object.unwrap_or(usize::MAX);
                    if holders.remove(&object) != Some(step.thread) {
                        return Err(fail(format!("unlocked {name} without holding it")));
                    }
                    memory.insert(object, leaves.clone());
                }
                StepKind::WaitForLock { holder } => {
                    let object = object.unwrap_or(usize::MAX);
                    if holders.get(&object) != Some(holder) {
                        return Err(fail(format!(
                            "waited for {name}, but {} did not hold it",
                            self.thread_labels[*holder]
                        )));
                    }
                }
                StepKind::Wait { mutex, leaves } => {
                    if holders.remove(mutex) != Some(step.thread) {
                        return Err(fail(format!("waited on {name} without holding its mutex")));
                    }
                    memory.insert(*mutex, leaves.clone());
                }
                StepKind::WaitForJoin { .. }
                | StepKind::Notify { .. }
                | StepKind::WaitForNotify
                | StepKind::Spawn { .. }
                | StepKind::Joined { .. }
                | StepKind::Panic { .. } => {}
            }
        }
        Ok(memory
            .into_iter()
            .map(|(object, value)| {
                let name = self
                    .object_names
                    .get(object)
                    .cloned()
                    .unwrap_or_else(|| "?".to_string());
                (name, value)
            })
            .collect())
    }

    /// The lanes drawn: every thread with a shown step, in thread order.
    pub fn lanes(&self) -> Vec<usize> {
        let mut lanes: Vec<usize> = self.shown_steps().map(|s| s.thread).collect();
        lanes.sort_unstable();
        lanes.dedup();
        lanes
    }

    /// The swimlanes as text: a column per thread, a row per step.
    pub fn swimlanes(&self) -> String {
        let lanes = self.lanes();
        let cells: Vec<(usize, String)> = self
            .shown_steps()
            .map(|s| (s.thread, self.describe_step(s)))
            .collect();
        let widths: Vec<usize> = lanes
            .iter()
            .map(|&lane| {
                cells
                    .iter()
                    .filter(|(t, _)| *t == lane)
                    .map(|(_, text)| text.chars().count())
                    .chain([self.thread_labels[lane].len(), 16])
                    .max()
                    .unwrap_or(16)
                    + 3
            })
            .collect();
        let mut out = String::new();
        let mut header = String::from(" step  ");
        for (lane, width) in lanes.iter().zip(&widths) {
            let _ = write!(header, "{:<width$}", self.thread_labels[*lane]);
        }
        out.push_str(header.trim_end());
        out.push('\n');
        for (number, (thread, text)) in cells.iter().enumerate() {
            let mut row = format!("{:>4}   ", number + 1);
            for (lane, width) in lanes.iter().zip(&widths) {
                let cell = if lane == thread { text.as_str() } else { "" };
                let _ = write!(row, "{cell:<width$}");
            }
            out.push_str(row.trim_end());
            out.push('\n');
        }
        if cells.is_empty() {
            out.push_str("       (no step ran while another thread could run)\n");
        }
        out
    }
}

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
