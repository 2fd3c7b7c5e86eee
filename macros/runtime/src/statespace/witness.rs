//! A witness for each outcome the counter found: the steps of the first
//! path that ended that way, drawn like loom's, and the story of a
//! deadlock.

use std::fmt;

use super::{Cell, Counter, State};
use crate::drive::{Ending, How, Op};
use crate::record;
use crate::report::{Outcome, Schedule, Step, StepKind, Value};

impl<T, F> Counter<T, F>
where
    T: fmt::Debug + PartialEq + Send + 'static,
    F: Fn() -> T + Send + Sync + 'static,
{
    /// The steps of one path, as a schedule a learner reads.
    pub(super) fn schedule(&mut self, path: &[(usize, i128)], outcome: Outcome) -> Schedule {
        let mut state = State {
            threads: vec![(self.root(0), false)],
            memory: Vec::new(),
            first_panic: None,
            main_value: None,
        };
        let mut steps = Vec::new();
        let mut unjoined = 0usize;
        let mut panicked = Vec::new();
        for &(t, observed) in path {
            let Some(op) = self.ops.get(&state.threads[t].0).cloned() else {
                break;
            };
            let concurrent = unjoined > 0;
            let flag = |object: usize, state: &State| {
                matches!(state.memory.get(object), Some(Cell::Int { flag: true, .. }))
            };
            let value = |object: usize, v: i128, state: &State| {
                if flag(object, state) {
                    Value::Bool(v != 0)
                } else {
                    Value::Int(v)
                }
            };
            let mut push = |object: Option<usize>, kind: StepKind| {
                steps.push(Step {
                    thread: t,
                    object,
                    kind,
                    concurrent,
                });
            };
            match &op {
                Op::Read { object } => push(
                    Some(*object),
                    StepKind::Read {
                        value: value(*object, observed, &state),
                    },
                ),
                Op::Write { object, value: v } => push(
                    Some(*object),
                    StepKind::Write {
                        value: value(*object, *v, &state),
                    },
                ),
                Op::Update { object, how } => {
                    let (operation, new) = match how {
                        How::Add(d) => (format!("add {d}"), observed.wrapping_add(*d)),
                        How::Sub(d) => (format!("subtract {d}"), observed.wrapping_sub(*d)),
                        How::Swap(v) => {
                            let shown = value(*object, *v, &state);
                            (format!("swap in {shown}"), *v)
                        }
                    };
                    push(
                        Some(*object),
                        StepKind::Update {
                            operation,
                            old: value(*object, observed, &state),
                            new: value(*object, new, &state),
                        },
                    );
                }
                Op::Cas {
                    object,
                    current,
                    new,
                } => push(
                    Some(*object),
                    StepKind::CompareExchange {
                        current: value(*object, *current, &state),
                        new: value(*object, *new, &state),
                        found: value(*object, observed, &state),
                    },
                ),
                Op::CondWait {
                    condvar,
                    mutex,
                    leaves,
                    ..
                } => push(
                    Some(*condvar),
                    StepKind::Wait {
                        mutex: *mutex,
                        leaves: Value::Text(leaves.clone()),
                    },
                ),
                Op::Relock { mutex, .. } => push(
                    Some(*mutex),
                    StepKind::Lock {
                        holds: Value::Text(self.shown(&state, *mutex)),
                        poisoned: observed % 2 == 1,
                    },
                ),
                Op::Notify { condvar, all } => {
                    let waiters = match state.memory.get(*condvar) {
                        Some(Cell::Condvar { waiters }) => waiters.clone(),
                        _ => Vec::new(),
                    };
                    let woke = if *all {
                        waiters
                    } else {
                        waiters.into_iter().take(1).collect()
                    };
                    push(Some(*condvar), StepKind::Notify { all: *all, woke })
                }
                Op::Lock { object } => push(
                    Some(*object),
                    StepKind::Lock {
                        holds: Value::Text(self.shown(&state, *object)),
                        poisoned: observed % 2 == 1,
                    },
                ),
                Op::Unlock {
                    object,
                    leaves,
                    panic,
                    ..
                } => {
                    if let Some(message) = panic {
                        if !panicked.contains(&t) {
                            panicked.push(t);
                            push(
                                None,
                                StepKind::Panic {
                                    message: message.clone(),
                                },
                            );
                        }
                    }
                    push(
                        Some(*object),
                        StepKind::Unlock {
                            leaves: Value::Text(leaves.clone()),
                            poisons: panic.is_some(),
                        },
                    );
                }
                Op::Spawn => {
                    unjoined += 1;
                    push(
                        None,
                        StepKind::Spawn {
                            thread: observed as usize,
                        },
                    );
                }
                Op::Join { thread, .. } => {
                    unjoined = unjoined.saturating_sub(1);
                    push(None, StepKind::Joined { thread: *thread });
                }
                Op::Finish(Ending::Panicked(message)) if !panicked.contains(&t) => {
                    panicked.push(t);
                    push(
                        None,
                        StepKind::Panic {
                            message: message.clone(),
                        },
                    );
                }
                _ => {}
            }
            match self.step(&state, t, &op) {
                Ok((next, _)) => state = next,
                Err(_) => break,
            }
        }
        let mut deadlock = None;
        if outcome == Outcome::Deadlock {
            deadlock = Some(self.draw_deadlock(&state, &mut steps));
        }
        let mut object_names: Vec<String> = Vec::new();
        for (object, cell) in state.memory.iter().enumerate() {
            let kind = match cell {
                Cell::Int { flag: true, .. } => "flag",
                Cell::Int { .. } => "atomic",
                Cell::Lock { .. } => "mutex",
                Cell::Condvar { .. } => "condvar",
            };
            object_names.push(
                self.names
                    .get(&object)
                    .cloned()
                    .unwrap_or_else(|| format!("{kind} #{}", object + 1)),
            );
        }
        Schedule {
            thread_labels: (0..state.threads.len()).map(record::thread_label).collect(),
            object_names,
            steps,
            outcome,
            deadlock,
        }
    }

    /// What a lock step on `mutex` shows in `state`.
    fn shown(&self, state: &State, mutex: usize) -> String {
        match state.memory.get(mutex) {
            Some(Cell::Lock { shown, .. }) => self.texts[*shown as usize].clone(),
            _ => String::new(),
        }
    }

    /// Every thread's wait at a deadlock, drawn, and the story told.
    fn draw_deadlock(&mut self, state: &State, steps: &mut Vec<Step>) -> String {
        let mut waits: Vec<(usize, Option<usize>)> = Vec::new();
        let holder = |object: usize| match state.memory.get(object) {
            Some(Cell::Lock { holder, .. }) => *holder,
            _ => None,
        };
        for t in 0..state.threads.len() {
            if state.threads[t].1 {
                continue;
            }
            match self.ops.get(&state.threads[t].0) {
                Some(Op::Lock { object }) => {
                    if let Some(h) = holder(*object) {
                        steps.push(Step {
                            thread: t,
                            object: Some(*object),
                            kind: StepKind::WaitForLock { holder: h },
                            concurrent: true,
                        });
                        waits.push((t, Some(h)));
                    }
                }
                Some(Op::Relock { condvar, mutex }) => {
                    let waiting = matches!(
                        state.memory.get(*condvar),
                        Some(Cell::Condvar { waiters }) if waiters.contains(&t)
                    );
                    if waiting {
                        steps.push(Step {
                            thread: t,
                            object: Some(*condvar),
                            kind: StepKind::WaitForNotify,
                            concurrent: true,
                        });
                        waits.push((t, None));
                    } else if let Some(h) = holder(*mutex) {
                        steps.push(Step {
                            thread: t,
                            object: Some(*mutex),
                            kind: StepKind::WaitForLock { holder: h },
                            concurrent: true,
                        });
                        waits.push((t, Some(h)));
                    }
                }
                Some(Op::Join { thread, .. }) => {
                    steps.push(Step {
                        thread: t,
                        object: None,
                        kind: StepKind::WaitForJoin { thread: *thread },
                        concurrent: true,
                    });
                    waits.push((t, Some(*thread)));
                }
                _ => {}
            }
        }
        let waits_for = |t: usize| waits.iter().find(|w| w.0 == t).and_then(|w| w.1);
        // The cycle, told from its lowest thread.
        let mut cycle = Vec::new();
        for start in 0..state.threads.len() {
            let mut chain = vec![start];
            let mut at = start;
            while let Some(next) = waits_for(at) {
                if next == start {
                    cycle = chain.clone();
                    break;
                }
                if chain.contains(&next) {
                    break;
                }
                chain.push(next);
                at = next;
            }
            if !cycle.is_empty() {
                break;
            }
        }
        let names = |object: usize| {
            self.names
                .get(&object)
                .cloned()
                .unwrap_or_else(|| format!("mutex #{}", object + 1))
        };
        let mut parts = Vec::new();
        let told: Vec<usize> = if cycle.is_empty() {
            waits.iter().map(|w| w.0).collect()
        } else {
            cycle.clone()
        };
        for &t in &told {
            let held: Vec<String> = (0..state.memory.len())
                .filter(|&o| holder(o) == Some(t))
                .map(names)
                .collect();
            let waits = match self.ops.get(&state.threads[t].0) {
                Some(Op::Lock { object }) => format!("waits for {}", names(*object)),
                Some(Op::Join { thread, .. }) => {
                    format!("waits for {} to finish", record::thread_label(*thread))
                }
                Some(Op::Relock { condvar, mutex }) => {
                    let waiting = matches!(
                        state.memory.get(*condvar),
                        Some(Cell::Condvar { waiters }) if waiters.contains(&t)
                    );
                    if waiting {
                        let name = self
                            .names
                            .get(condvar)
                            .cloned()
                            .unwrap_or_else(|| format!("condvar #{}", condvar + 1));
                        format!("waits for a notification on {name}")
                    } else {
                        format!("waits for {}", names(*mutex))
                    }
                }
                _ => "waits".to_string(),
            };
            let holds = if held.is_empty() {
                String::new()
            } else {
                format!("holds {} and ", held.join(" and "))
            };
            parts.push(format!("{} {holds}{waits}", record::thread_label(t)));
        }
        if cycle.is_empty() {
            return format!("{}: nobody is left to change that", parts.join("; "));
        }
        let nobody = if cycle.len() == 2 {
            "neither"
        } else {
            "none of them"
        };
        format!("{}: {nobody} can go on", parts.join("; "))
    }
}
