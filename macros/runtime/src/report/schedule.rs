//! One execution's visible steps: each step said in words, the replay that
//! checks a witness against one-step-at-a-time memory, and the swimlanes
//! (a column per thread, a row per step).

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use super::{Outcome, Step, StepKind, Value};

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
