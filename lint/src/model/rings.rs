//! Rings of locks: the elements of one collection of locks taken by threads
//! spawned once per index, element `i` and then element `(i + 1) % n` (the
//! dining philosophers). Every thread holds one lock and waits for the next,
//! which the next thread holds: a cycle through all of them.

use super::{BodyId, EventKind, GuardId, Model, ObjId, SpawnId};
use crate::source::Span;

/// How an element of a collection of locks is indexed from a loop variable
/// over `0..end`: `v[i]` (offset 0) or `v[(i + 1) % modulus]` (offset 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RingIndex {
    /// Where the loop variable is declared.
    pub var: Span,
    /// The body whose loop binds it (where the threads are spawned).
    pub spawner: BodyId,
    pub offset: u8,
    /// The text after `%`, for offset 1.
    pub modulus: Option<String>,
    /// The text of the range's end.
    pub end: String,
}

impl Model {
    /// The collection of locks `obj` is an element of, if it is one.
    pub fn lock_collection_of(&self, obj: ObjId) -> Option<ObjId> {
        self.object(obj)
            .element_of
            .filter(|c| self.lock_collections.contains(c))
    }

    /// Whether locking `taken` while holding `held`, in `body`, is one step
    /// around a ring: `i` and `(i + 1) % n` (either way round) of one
    /// collection, `i` over `0..n` in the loop that spawns `body`'s thread,
    /// one thread per `i`.
    pub fn ring_step(&self, body: BodyId, held: ObjId, taken: ObjId) -> bool {
        let collection = self.lock_collection_of(held);
        if collection.is_none() || collection != self.lock_collection_of(taken) {
            return false;
        }
        let (Some(Some(a)), Some(Some(b))) =
            (self.ring_indices.get(&held), self.ring_indices.get(&taken))
        else {
            return false;
        };
        if a.var != b.var || a.spawner != b.spawner || a.end != b.end {
            return false;
        }
        let (zero, one) = match (a.offset, b.offset) {
            (0, 1) => (a, b),
            (1, 0) => (b, a),
            _ => return false,
        };
        if zero.modulus.is_some() || one.modulus.as_ref() != Some(&one.end) {
            return false;
        }
        // A literal count of one (or none) makes no ring.
        if one.end.parse::<u64>().is_ok_and(|n| n < 2) {
            return false;
        }
        let runs = self.threads_running(body);
        !runs.is_empty()
            && runs.iter().all(|&s| {
                let spawn = self.spawn(s);
                spawn.many
                    && spawn.spawner == a.spawner
                    && spawn.body == Some(body)
                    && self.overlap_across_iterations(s)
            })
    }

    /// Whether the threads a spawn in a loop starts can run at once: it is
    /// not joined (nor its scope ended) in the same iteration.
    fn overlap_across_iterations(&self, spawn: SpawnId) -> bool {
        let s = self.spawn(spawn);
        let events = &self.body(s.spawner).events;
        let Some(&lp) = events.get(s.event).and_then(|e| e.ctx.loops.last()) else {
            return false;
        };
        self.joined_at(spawn)
            .is_none_or(|j| events.get(j).is_some_and(|e| !e.ctx.loops.contains(&lp)))
    }

    /// Whether `body` reaches event `index` with nothing that could keep the
    /// threads from all being there at once: no other lock held (a gate), no
    /// wait (nor a call that looks like one: `sem.acquire()`), no call that
    /// locks or waits.
    pub fn ring_ungated(&self, body: BodyId, index: usize) -> bool {
        let mut live: Vec<GuardId> = Vec::new();
        for (i, event) in self.body(body).events.iter().enumerate().take(index + 1) {
            if self.is_unknown_wait(body, i) {
                return false;
            }
            match &event.kind {
                EventKind::Lock { guard, .. } => live.push(*guard),
                EventKind::Unlock { guard } | EventKind::Leak { guard, .. } => {
                    live.retain(|g| g != guard)
                }
                EventKind::Wait { .. } => return false,
                EventKind::Call { .. } => {
                    let effects = self.event_effects(body, i, &mut Default::default(), 0);
                    if effects.iter().any(|e| {
                        matches!(
                            e.kind,
                            super::EffectKind::Lock(_) | super::EffectKind::Wait(_)
                        )
                    }) {
                        return false;
                    }
                }
                _ => {}
            }
        }
        live.iter()
            .all(|&g| self.lock_collection_of(self.guard(g).obj).is_some())
    }
}
