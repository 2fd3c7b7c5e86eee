//! Waiting for a turn, then taking it in a second step. A `&self` method of
//! a shared type that checks a field under one guard, lets go of it, waits
//! for another thread (a message on a channel, a condition variable) and then
//! changes the field under a new guard: the wait is there for another thread
//! to act, so the check can be stale when the change comes, whoever calls the
//! method. And a spin (`while locked.load(..) {}`) followed by the store that
//! takes the flag: two threads can leave the loop at once.

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

    /// Whether the act at event `index` of `body` fits its check: after a
    /// spin on a flag, only a store of the value the spin waited to go away
    /// (`while locked.load(..) {}` then `locked.store(true, ..)`) claims it.
    /// Any other check fits.
    pub fn act_fits_check(&self, body: BodyId, index: usize, check: &super::Dep) -> bool {
        match self.spin_checks.get(&check.span) {
            Some(&exit) => self.bool_stores.get(&(body, index)) == Some(&!exit),
            None => true,
        }
    }

    /// Whether a read is the load a spin loop waits on.
    pub fn is_spin_check(&self, span: Span) -> bool {
        self.spin_checks.contains_key(&span)
    }
}
