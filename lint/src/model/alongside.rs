//! Code of the spawning side that runs while a thread runs: the spawner
//! between the spawn and the join, and the crate's functions and methods it
//! calls there (`s.ba()` in `main`, after spawning a thread that runs
//! `c.ab()`). A function no one calls, or one called only before the spawn or
//! after the join, runs alongside no thread.

use std::collections::HashSet;

use super::{BodyId, EventKind, Model, SpawnId};

/// How far up the chain of callers the spawning code is looked for.
const MAX_CALL_DEPTH: usize = 8;

impl Model {
    /// The places in the code where the event at `index` of `body` happens:
    /// the event itself, and each call (from code that runs on no spawned
    /// thread) through which `body` is reached, as (body, event index).
    pub fn call_points(&self, body: BodyId, index: usize) -> Vec<(BodyId, usize)> {
        let mut out = vec![(body, index)];
        let mut seen = HashSet::from([body]);
        let mut work = vec![(body, 0usize)];
        while let Some((b, depth)) = work.pop() {
            if depth >= MAX_CALL_DEPTH {
                continue;
            }
            for &(caller, event) in self.callers(b) {
                if self.runs_on_thread(caller) {
                    continue;
                }
                out.push((caller, event));
                if seen.insert(caller) {
                    work.push((caller, depth + 1));
                }
            }
        }
        out
    }

    /// The call, in code that spawned threads, through which the event at
    /// `index` of `body` runs while one of those threads may still run (for
    /// a label: "`f` runs here, while a spawned thread may still be running").
    pub fn call_alongside_thread(&self, body: BodyId, index: usize) -> Option<(BodyId, usize)> {
        self.call_points(body, index)
            .into_iter()
            .skip(1)
            .find(|&(b, i)| !self.running_at(b, i).is_empty())
    }

    /// The spawns whose threads may be running when the event at `index` of
    /// `body` happens in the spawning code: started before it (by `body`, or
    /// by a caller before its call) and not yet known to be finished.
    pub fn running_at(&self, body: BodyId, index: usize) -> Vec<SpawnId> {
        let mut out = Vec::new();
        for (b, i) in self.call_points(body, index) {
            for (s, spawn) in self.spawns.iter().enumerate() {
                let id = SpawnId(s as u32);
                if spawn.spawner == b
                    && spawn.event < i
                    && self.joined_at(id).is_none_or(|j| i < j)
                    && !out.contains(&id)
                {
                    out.push(id);
                }
            }
        }
        out
    }

    /// Whether `body` may wait for a thread between events `from` and `to`
    /// (both excluded): a join, the end of a scope, any other wait, a call
    /// that looks like a wait on something unknown, or a call of the crate's
    /// own code that waits.
    pub fn may_wait_between(&self, body: BodyId, from: usize, to: usize) -> bool {
        let (lo, hi) = (from.min(to), from.max(to));
        let mut seen = HashSet::new();
        (lo + 1..hi).any(|i| self.may_wait_at(body, i, &mut seen))
            || (lo + 1..=hi).any(|i| self.is_unknown_wait(body, i))
    }

    fn may_wait_at(&self, body: BodyId, index: usize, seen: &mut HashSet<BodyId>) -> bool {
        match &self.body(body).events[index].kind {
            EventKind::Join { .. } | EventKind::ScopeEnd { .. } | EventKind::Wait { .. } => true,
            EventKind::Call { callees, .. } => callees.iter().any(|&callee| {
                seen.insert(callee)
                    && ((0..self.body(callee).events.len())
                        .any(|i| self.may_wait_at(callee, i, seen))
                        || self.unknown_waits.contains_key(&callee))
            }),
            _ => false,
        }
    }
}
