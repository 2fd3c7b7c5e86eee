//! Counting interleavings exactly from the executions loom explored.
//!
//! loom runs one execution for each class of equivalent interleavings (and
//! often more than one). Two interleavings are equivalent when they differ
//! only by swapping neighbouring steps that commute: steps of different
//! threads on different objects, or two reads of the same object. A class
//! is named by its [`ClassKey`]: what each thread did, in its own order,
//! and for each object the order of its conflicting accesses. Every
//! interleaving of a class ends the same way, and the interleavings of a
//! class are exactly the orders of its steps that respect its
//! happens-before order (program order, `spawn`, `join`, and the order of
//! conflicting accesses): the linear extensions, counted by
//! [`interleavings`].

use std::collections::HashMap;

use crate::report::{Access, Schedule, StepKind};

/// The name of a class of equivalent interleavings: the same key, the same
/// happens-before order.
pub(crate) type ClassKey = Vec<u32>;

/// A counted step: its thread and its place among that thread's counted
/// steps.
type Node = (usize, usize);

const SEPARATOR: u32 = u32::MAX;

fn object_code(object: Option<usize>) -> u32 {
    object.map_or(SEPARATOR - 1, |o| o as u32)
}

/// The class an execution belongs to. Values are left out on purpose: they
/// follow from the order (and the `Debug` text of a `HashMap` is not even
/// the same from one run to the next).
pub(crate) fn class_key(schedule: &Schedule) -> ClassKey {
    let threads = schedule.thread_labels.len();
    let mut per_thread: Vec<Vec<u32>> = vec![Vec::new(); threads];
    let mut counted = vec![0usize; threads];
    // For each object: writes as single nodes, runs of reads between two
    // writes as sorted groups.
    let mut per_object: HashMap<usize, Vec<Vec<Node>>> = HashMap::new();
    let mut last_was_read: HashMap<usize, bool> = HashMap::new();
    for step in &schedule.steps {
        let t = step.thread;
        match (&step.kind, step.kind.access()) {
            (StepKind::Spawn { thread }, _) => per_thread[t].extend([2, *thread as u32]),
            (StepKind::Joined { thread }, _) => per_thread[t].extend([3, *thread as u32]),
            (_, Access::None) => {}
            (StepKind::Notify { woke, .. }, _) if !woke.is_empty() => {
                per_thread[t].push(4);
                per_thread[t].extend(woke.iter().map(|&w| w as u32));
                counted[t] += 1;
                per_thread[t].extend([1, object_code(step.object)]);
                for object in step.kind.objects(step.object) {
                    per_object
                        .entry(object)
                        .or_default()
                        .push(vec![(t, counted[t] - 1)]);
                    last_was_read.insert(object, false);
                }
            }
            (_, access) => {
                let node = (t, counted[t]);
                counted[t] += 1;
                let read = access == Access::Read;
                per_thread[t].extend([u32::from(!read), object_code(step.object)]);
                for object in step.kind.objects(step.object) {
                    let groups = per_object.entry(object).or_default();
                    let previous_read = last_was_read.insert(object, read).unwrap_or(false);
                    match groups.last_mut() {
                        Some(group) if read && previous_read => group.push(node),
                        _ => groups.push(vec![node]),
                    }
                }
            }
        }
    }
    let mut key = Vec::new();
    for steps in per_thread {
        key.extend(steps);
        key.push(SEPARATOR);
    }
    let mut objects: Vec<_> = per_object.into_iter().collect();
    objects.sort_unstable_by_key(|(object, _)| *object);
    for (object, groups) in objects {
        key.push(object as u32);
        for mut group in groups {
            group.sort_unstable();
            for (t, i) in group {
                key.extend([t as u32, i as u32]);
            }
            key.push(SEPARATOR - 2);
        }
        key.push(SEPARATOR);
    }
    key
}

/// What must have happened before one counted step: for each thread, how
/// many of its counted steps.
type Requirement = Vec<usize>;

fn raise(requirement: &mut Requirement, other: &Requirement) {
    for (mine, theirs) in requirement.iter_mut().zip(other) {
        *mine = (*mine).max(*theirs);
    }
}

/// The number of interleavings of the schedule's counted steps that respect
/// its happens-before order: every one of them is a run of the program that
/// ends the same way.
pub(crate) fn interleavings(schedule: &Schedule) -> u64 {
    let threads = schedule.thread_labels.len();
    let mut current: Vec<Requirement> = vec![vec![0; threads]; threads];
    let mut counted = vec![0usize; threads];
    let mut nodes: Vec<Vec<Requirement>> = vec![Vec::new(); threads];
    let mut last_write: HashMap<usize, Node> = HashMap::new();
    let mut reads_since: HashMap<usize, Vec<Node>> = HashMap::new();
    // A woken thread's next step comes after the notify that woke it.
    let mut woken_by: HashMap<usize, Node> = HashMap::new();
    for step in &schedule.steps {
        let t = step.thread;
        match (&step.kind, step.kind.access()) {
            (StepKind::Spawn { thread }, _) => {
                let mut start = current[t].clone();
                start[t] = counted[t];
                if let Some(child) = current.get_mut(*thread) {
                    raise(child, &start);
                }
            }
            (StepKind::Joined { thread }, _) => {
                if let Some(child) = current.get(*thread) {
                    let mut end = child.clone();
                    end[*thread] = counted[*thread];
                    raise(&mut current[t], &end);
                }
            }
            (_, Access::None) => {}
            (_, access) => {
                let mut requirement = current[t].clone();
                if let Some((u, i)) = woken_by.remove(&t) {
                    if u != t {
                        requirement[u] = requirement[u].max(i + 1);
                    }
                }
                if let StepKind::Notify { woke, .. } = &step.kind {
                    for &w in woke {
                        woken_by.insert(w, (t, counted[t]));
                    }
                }
                for object in step.kind.objects(step.object) {
                    let mut after = |(u, i): Node| {
                        if u != t {
                            requirement[u] = requirement[u].max(i + 1);
                        }
                    };
                    if let Some(&write) = last_write.get(&object) {
                        after(write);
                    }
                    if access == Access::Write {
                        for &read in reads_since.get(&object).into_iter().flatten() {
                            after(read);
                        }
                        last_write.insert(object, (t, counted[t]));
                        reads_since.remove(&object);
                    } else {
                        reads_since.entry(object).or_default().push((t, counted[t]));
                    }
                }
                nodes[t].push(requirement);
                counted[t] += 1;
            }
        }
    }
    count_linear_extensions(&nodes)
}

/// Count the paths from "nothing done" to "everything done" through states
/// "thread t has done pos[t] steps", where a thread's next step may go once
/// its requirement holds. States are numbered in mixed radix, so every
/// successor has a larger number: one pass from the last state down.
fn count_linear_extensions(nodes: &[Vec<Requirement>]) -> u64 {
    let threads: Vec<usize> = (0..nodes.len()).filter(|&t| !nodes[t].is_empty()).collect();
    let lens: Vec<usize> = threads.iter().map(|&t| nodes[t].len()).collect();
    let mut radix = Vec::with_capacity(threads.len());
    let mut states = 1usize;
    for len in &lens {
        radix.push(states);
        states = states.saturating_mul(len + 1);
    }
    if states > 50_000_000 {
        return count_reachable(nodes);
    }
    let mut paths = vec![0u64; states];
    paths[states - 1] = 1;
    let mut pos = vec![0usize; nodes.len()];
    for index in (0..states - 1).rev() {
        let mut rest = index;
        for (k, &t) in threads.iter().enumerate() {
            pos[t] = rest % (lens[k] + 1);
            rest /= lens[k] + 1;
        }
        let mut total = 0u64;
        for (k, &t) in threads.iter().enumerate() {
            if pos[t] < lens[k] && ready(&nodes[t][pos[t]], &pos) {
                total = total.saturating_add(paths[index + radix[k]]);
            }
        }
        paths[index] = total;
    }
    paths[0]
}

fn ready(requirement: &Requirement, pos: &[usize]) -> bool {
    requirement.iter().zip(pos).all(|(need, done)| done >= need)
}

/// The same count over reachable states only, for very long schedules.
fn count_reachable(nodes: &[Vec<Requirement>]) -> u64 {
    fn go(
        nodes: &[Vec<Requirement>],
        pos: &mut Vec<usize>,
        memo: &mut HashMap<Vec<usize>, u64>,
    ) -> u64 {
        if let Some(&known) = memo.get(pos.as_slice()) {
            return known;
        }
        let mut total = 0u64;
        let mut any = false;
        for t in 0..nodes.len() {
            if pos[t] < nodes[t].len() && ready(&nodes[t][pos[t]], pos) {
                any = true;
                pos[t] += 1;
                total = total.saturating_add(go(nodes, pos, memo));
                pos[t] -= 1;
            }
        }
        if !any {
            total = 1;
        }
        memo.insert(pos.clone(), total);
        total
    }
    go(nodes, &mut vec![0; nodes.len()], &mut HashMap::new())
}
