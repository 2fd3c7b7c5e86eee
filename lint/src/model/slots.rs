//! One slot per thread: threads spawned once per `i` of a loop over `0..n`,
//! each writing only `OUT[i]` of a `static mut` array, touch different
//! memory; the spawner may read a slot once a wait orders that slot's write
//! (a join of every thread, or `SET[i]` checked for the same `i`).

use std::collections::HashSet;

use super::{BodyId, EventKind, Model, ObjId};

impl Model {
    /// Whether the write at event `index` of `body` (a thread spawned once
    /// per `i`) is to the thread's own slot `OUT[i]`, no other thread
    /// touches that array except through its own slot, and the spawner
    /// touches it only before the spawns or after a wait that orders the
    /// slot it uses: all threads joined, or `SET[j]` checked before `OUT[j]`.
    pub fn own_slot_ordered(&self, body: BodyId, index: usize, obj: ObjId) -> bool {
        let &[spawn] = self.threads_running(body) else {
            return false;
        };
        let s = self.spawn(spawn);
        if s.body != Some(body) || !s.many || self.runs_on_thread(s.spawner) {
            return false;
        }
        let span = self.body(body).events[index].span;
        let Some((_, var, binder)) = self.static_slots.get(&span) else {
            return false;
        };
        if *binder != s.spawner {
            return false;
        }
        let touches = |kind: &EventKind| matches!(kind, EventKind::Read { obj: o, .. } | EventKind::Write { obj: o, .. } if self.same_object(*o, obj));
        // Every other access, anywhere: a slot of this thread, or the spawner's.
        for other in self.body_ids() {
            if other == s.spawner {
                continue;
            }
            for event in &self.body(other).events {
                if !touches(&event.kind) {
                    continue;
                }
                let own = other == body
                    && self
                        .static_slots
                        .get(&event.span)
                        .is_some_and(|(_, v, _)| v == var);
                if !own {
                    return false;
                }
            }
        }
        let effects = self.effects(body);
        let Some(at) = effects.iter().rposition(|e| e.span == span) else {
            return false;
        };
        let waits = self.waits_for(spawn);
        let events = &self.body(s.spawner).events;
        for (i, event) in events.iter().enumerate().skip(s.event + 1) {
            let via_call = matches!(event.kind, EventKind::Call { .. })
                && self
                    .event_effects(s.spawner, i, &mut HashSet::new(), 0)
                    .iter()
                    .any(|e| self.same_object(e.obj, obj));
            if via_call {
                return false;
            }
            if !touches(&event.kind) {
                continue;
            }
            let slot = self.static_slots.get(&event.span).map(|(name, ..)| name);
            let ordered = waits.iter().take_while(|w| w.event < i).any(|w| {
                let wait = &events[w.event];
                if !w.reach.covers(at) {
                    return false;
                }
                match &wait.kind {
                    // Every thread of the spawn joined: the access is past
                    // the loop that joins them one by one.
                    EventKind::Join { .. } | EventKind::ScopeEnd { .. } => {
                        wait.ctx.loops.is_empty() || !event.ctx.loops.starts_with(&wait.ctx.loops)
                    }
                    // `SET[j]` checked in the same round, with the read of `OUT[j]` in its arm.
                    EventKind::Wait {
                        obj: Some(flag), ..
                    } => {
                        let flag = self.object(*flag);
                        slot.is_some_and(|j| {
                            flag.element_of.is_some() && flag.name.ends_with(&format!("[{j}]"))
                        }) && wait.ctx.loops == event.ctx.loops
                            && wait.ctx.arms.iter().all(|a| event.ctx.arms.contains(a))
                    }
                    _ => false,
                }
            });
            if !ordered {
                return false;
            }
        }
        true
    }
}
