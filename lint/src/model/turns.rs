//! Waiting for a turn: a `&self` method of a shared type that checks a field
//! under one guard, lets go of it, waits for another thread (a message on a
//! channel, a condition variable) and then changes the field under a new
//! guard. The wait is there for another thread to act, so the check can be
//! stale when the change comes, whoever calls the method.

use super::{BodyId, EventKind, Model, ObjId, Receiver, StepId, WaitHow};
use crate::source::Span;

impl Model {
    /// Where `body` waits for another thread between the check of `obj`
    /// (read through the guard of step `check`) and the change of it at
    /// event `act`, when `body` takes `&self` and `obj` is a field of `self`.
    pub fn waits_between_check_and_act(
        &self,
        body: BodyId,
        check: StepId,
        act: usize,
        obj: ObjId,
    ) -> Option<Span> {
        let b = self.body(body);
        if b.receiver != Some(Receiver::Shared) {
            return None;
        }
        let this = b.params.first().copied().flatten()?;
        // `self.count`, or a part of the data behind it.
        let mut part = obj;
        while part != this {
            part = *self.field_bases.get(&part)?;
        }
        let arms = &b.events.get(act)?.ctx.arms;
        let events = &b.events[..act];
        let checked = events.iter().position(|e| {
            matches!(&e.kind, EventKind::Lock { guard, .. } if self.guard(*guard).step == check)
        })?;
        // A wait on the way to the act: not in an arm the act is not in.
        events[checked..].iter().find_map(|e| match &e.kind {
            EventKind::Wait {
                how: WaitHow::Channel | WaitHow::Condvar,
                ..
            } if e.ctx.arms.iter().all(|a| arms.contains(a)) => Some(e.span),
            _ => None,
        })
    }
}
