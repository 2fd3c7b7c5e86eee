//! Why a schedule ended the way it did, in the lesson's words: lost
//! updates, check-then-act, reads before `join`, deadlocks.

use crate::report::{Schedule, StepKind, Value, join_words};

impl Schedule {
    /// Writes overwritten by another thread's write that was decided on a
    /// value read before them: `(thread whose write was overwritten, thread
    /// that overwrote it, object)`, one per lost write, in order.
    pub fn overwritten_writes(&self) -> Vec<(usize, usize, usize)> {
        let writes_value = |kind: &StepKind| {
            matches!(
                kind,
                StepKind::Write { .. } | StepKind::Update { .. } | StepKind::Unlock { .. }
            ) || matches!(kind, StepKind::CompareExchange { current, found, .. } if current == found)
        };
        let mut lost: Vec<(usize, usize, usize, usize)> = Vec::new();
        for (j, write) in self.steps.iter().enumerate() {
            let Some(object) = write.object else {
                continue;
            };
            if !matches!(write.kind, StepKind::Write { .. }) {
                continue;
            }
            // The writer's last read of the object before its write: every
            // other thread's write in between is wiped out.
            let Some(read) = self.steps[..j].iter().rposition(|s| {
                s.thread == write.thread
                    && s.object == Some(object)
                    && matches!(s.kind, StepKind::Read { .. })
            }) else {
                continue;
            };
            for (i, earlier) in self.steps.iter().enumerate().take(j).skip(read + 1) {
                if earlier.object == Some(object)
                    && earlier.thread != write.thread
                    && writes_value(&earlier.kind)
                    && !lost.iter().any(|&(index, ..)| index == i)
                {
                    lost.push((i, earlier.thread, write.thread, object));
                }
            }
        }
        lost.sort_unstable();
        lost.into_iter().map(|(_, t, by, o)| (t, by, o)).collect()
    }

    /// Threads whose update of a number was lost, once per lost update.
    pub fn lost_updates(&self) -> Vec<usize> {
        self.overwritten_writes()
            .into_iter()
            .filter(|&(thread, _, object)| !self.is_flag_written_by(object, thread))
            .map(|(thread, _, _)| thread)
            .collect()
    }

    fn is_flag_written_by(&self, object: usize, thread: usize) -> bool {
        self.steps.iter().any(|s| {
            s.object == Some(object)
                && s.thread == thread
                && matches!(
                    s.kind,
                    StepKind::Write {
                        value: Value::Bool(_)
                    }
                )
        })
    }

    /// Check-then-act: two threads read the same flag, both saw it unset
    /// and both set it, so both went ahead. `(first, second, flag)`.
    pub fn double_acts(&self) -> Vec<(usize, usize, usize)> {
        let mut acts: Vec<(usize, usize, usize)> = Vec::new();
        for (first, second, object) in self.overwritten_writes() {
            if self.is_flag_written_by(object, first) {
                let pair = (first.min(second), first.max(second), object);
                if !acts.contains(&pair) {
                    acts.push(pair);
                }
            }
        }
        acts
    }

    /// Reads by `main` taken while other threads ran, after which another
    /// thread still wrote the same object: `main` read too early.
    pub fn early_reads(&self) -> Vec<(usize, usize)> {
        let mut early = Vec::new();
        for (i, read) in self.steps.iter().enumerate() {
            if read.thread != 0 || !read.concurrent || !matches!(read.kind, StepKind::Read { .. }) {
                continue;
            }
            let later_writer = self.steps[i + 1..].iter().find(|s| {
                s.object == read.object
                    && s.thread != 0
                    && matches!(
                        s.kind,
                        StepKind::Write { .. } | StepKind::Update { .. } | StepKind::Unlock { .. }
                    )
            });
            if let (Some(writer), Some(object)) = (later_writer, read.object) {
                if !early.iter().any(|&(o, _)| o == object) {
                    early.push((object, writer.thread));
                }
            }
        }
        early
    }

    /// A read that saw an older value than the latest write before it (only
    /// with weak memory): `(step index, the write it did not see)`.
    pub fn stale_read(&self) -> Option<(usize, usize)> {
        for (i, read) in self.steps.iter().enumerate() {
            let StepKind::Read { value } = &read.kind else {
                continue;
            };
            let latest = self.steps[..i].iter().rposition(|s| {
                s.object == read.object
                    && matches!(s.kind, StepKind::Write { .. } | StepKind::Update { .. })
            });
            let Some(j) = latest else {
                continue;
            };
            let written = match &self.steps[j].kind {
                StepKind::Write { value } => value,
                StepKind::Update { new, .. } => new,
                _ => continue,
            };
            if written != value && self.steps[j].thread != read.thread {
                return Some((i, j));
            }
        }
        None
    }

    /// Why this schedule ended differently from what the learner expects.
    pub fn explain(&self) -> Option<String> {
        if let Some(note) = &self.deadlock {
            return Some(note.clone());
        }
        if let Some((read, write)) = self.stale_read() {
            let (read, write) = (&self.steps[read], &self.steps[write]);
            let StepKind::Read { value } = &read.kind else {
                return None;
            };
            let written = match &write.kind {
                StepKind::Write { value } | StepKind::Update { new: value, .. } => value,
                _ => return None,
            };
            let name = read
                .object
                .and_then(|o| self.object_names.get(o))
                .map_or("?", String::as_str);
            return Some(format!(
                "{} read {name} = {value}, an older value: {}'s write of {written} was not \
                 visible to it yet (nothing ordered it before the read)",
                self.thread_labels[read.thread], self.thread_labels[write.thread]
            ));
        }
        let lost = self.lost_updates();
        if !lost.is_empty() {
            let mut threads: Vec<usize> = lost.clone();
            threads.sort_unstable();
            threads.dedup();
            let whose: Vec<String> = threads
                .iter()
                .map(|&t| {
                    let times = lost.iter().filter(|&&l| l == t).count();
                    let label = &self.thread_labels[t];
                    match times {
                        1 => format!("{label}'s"),
                        2 => format!("{label}'s twice"),
                        n => format!("{label}'s {n} times"),
                    }
                })
                .collect();
            return Some(if lost.len() == 1 {
                format!("{}'s update was lost", self.thread_labels[lost[0]])
            } else {
                format!("{} updates were lost: {}", lost.len(), join_words(&whose))
            });
        }
        let acts = self.double_acts();
        if let Some(&(first, second, object)) = acts.first() {
            let name = &self.object_names[object];
            return Some(format!(
                "{} and {} both read {name} before either wrote it, so both went ahead",
                self.thread_labels[first], self.thread_labels[second]
            ));
        }
        let early = self.early_reads();
        if let Some(&(object, writer)) = early.first() {
            return Some(format!(
                "main read {} before {} wrote it: join the threads before reading",
                self.object_names[object], self.thread_labels[writer]
            ));
        }
        None
    }
}
