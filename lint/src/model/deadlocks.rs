//! Certain deadlocks: a thread that waits (a join, the end of a scope, a
//! `recv`) while it holds a lock that the awaited thread must take before it
//! can finish. `join_deadlock` reports them; `guard_across_blocking` leaves
//! them to it.

use super::{BodyId, EffectKind, EventKind, Model, SpawnId, WaitHow, WriteHow};

/// A wait that can never end: this thread holds `guard` while it waits for a
/// thread that was started after the guard was taken and must take the same
/// lock before it can finish (or before it sends).
#[derive(Clone, Copy, Debug)]
pub struct Deadlock {
    pub guard: super::GuardId,
    pub spawn: SpawnId,
    /// The awaited thread's `lock()`.
    pub lock: crate::source::Span,
}

impl Model {
    /// The certain deadlocks at event `index` of `body` (a join, the end of a
    /// scope, a `recv`): one per guard held there.
    pub fn deadlocks_at(&self, body: BodyId, index: usize) -> Vec<Deadlock> {
        let events = &self.body(body).events;
        let (spawns, channel): (Vec<SpawnId>, Option<super::ObjId>) = match &events[index].kind {
            EventKind::Join { spawns, .. } | EventKind::ScopeEnd { spawns } => {
                (spawns.clone(), None)
            }
            EventKind::Wait {
                obj: Some(obj),
                how: WaitHow::Channel | WaitHow::Drain,
            } => {
                let senders = (0..self.spawns.len() as u32)
                    .map(SpawnId)
                    .filter(|&s| self.spawn(s).spawner == body && self.spawn(s).event < index)
                    .collect();
                (senders, Some(*obj))
            }
            _ => return Vec::new(),
        };
        // Guards live at `index`, with where each was taken.
        let mut live: Vec<(super::GuardId, usize)> = Vec::new();
        for (i, event) in events.iter().enumerate().take(index) {
            match &event.kind {
                EventKind::Lock { guard, .. } => live.push((*guard, i)),
                EventKind::Unlock { guard } | EventKind::Leak { guard, .. } => {
                    live.retain(|(g, _)| g != guard)
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        for (guard, taken) in live {
            let held = self.guard(guard);
            // A lock known only by its spelling is no ground for a certain deadlock.
            if self.guessed_objects.contains(&held.obj) {
                continue;
            }
            if let Some(c) = channel {
                // Every sender must be stuck: this thread sends nothing, and
                // each thread that sends takes the lock first and started
                // after the lock was taken.
                let sends = |b: BodyId| {
                    self.effects(b).iter().any(|e| {
                        e.kind == EffectKind::Write(WriteHow::Send) && self.same_object(e.obj, c)
                    })
                };
                if sends(body) {
                    continue;
                }
                let senders: Vec<SpawnId> = (0..self.spawns.len() as u32)
                    .map(SpawnId)
                    .filter(|&s| self.spawn(s).body.is_some_and(sends))
                    .collect();
                let stuck: Vec<(SpawnId, crate::source::Span)> = senders
                    .iter()
                    .filter_map(|&s| {
                        let sp = self.spawn(s);
                        if sp.spawner != body || sp.event < taken || !spawns.contains(&s) {
                            return None;
                        }
                        let lock = self.must_lock_first(sp.body?, held.obj, held.mode, channel)?;
                        Some((s, lock))
                    })
                    .collect();
                if !senders.is_empty() && stuck.len() == senders.len() {
                    let (spawn, lock) = stuck[0];
                    out.push(Deadlock { guard, spawn, lock });
                }
                continue;
            }
            for &spawn in &spawns {
                let s = self.spawn(spawn);
                if s.spawner != body || s.event < taken {
                    continue;
                }
                let Some(thread) = s.body else { continue };
                if let Some(lock) = self.must_lock_first(thread, held.obj, held.mode, None) {
                    out.push(Deadlock { guard, spawn, lock });
                    break;
                }
            }
        }
        out
    }

    /// The `lock()` that a thread runs on every path before it can finish
    /// (or, given a channel, before its first `send` on it), if there is one.
    fn must_lock_first(
        &self,
        thread: BodyId,
        obj: super::ObjId,
        held: super::LockMode,
        channel: Option<super::ObjId>,
    ) -> Option<crate::source::Span> {
        use super::LockMode;
        for event in &self.body(thread).events {
            let unconditional = event.ctx.arms.is_empty() && event.ctx.loops.is_empty();
            match &event.kind {
                // An early exit may leave before the lock.
                EventKind::Return => return None,
                EventKind::Write {
                    obj: o,
                    how: WriteHow::Send,
                    ..
                } if channel.is_some_and(|c| self.same_object(*o, c)) => return None,
                EventKind::Lock { obj: o, mode, .. }
                    if unconditional
                        && !self.guessed_objects.contains(o)
                        && self.same_object(*o, obj)
                        && !(held == LockMode::Read && *mode == LockMode::Read) =>
                {
                    return Some(event.span);
                }
                _ => {}
            }
        }
        None
    }
}
