//! What a body does to shared objects, including through the helpers it calls.

use std::collections::HashSet;
use std::rc::Rc;

use super::{BodyId, EventKind, LockMode, Model, ObjId, ReadHow, WaitHow, WriteHow};
use crate::source::Span;

/// How deep calls are followed.
const MAX_CALL_DEPTH: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EffectKind {
    Read(ReadHow),
    Write(WriteHow),
    Lock(LockMode),
    Wait(WaitHow),
}

/// One access a body makes, in the body's own terms: a parameter of a helper
/// is replaced by the argument the body passed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Effect {
    pub obj: ObjId,
    pub kind: EffectKind,
    /// Where the access is (possibly inside a helper).
    pub span: Span,
    /// The calls through which it happens, outermost first (call spans).
    pub via: Vec<Span>,
}

impl Model {
    /// Every access `body` makes to shared objects, directly or through the
    /// helpers it calls, in program order.
    pub fn effects(&self, body: BodyId) -> Rc<Vec<Effect>> {
        self.effects_at_depth(body, &mut HashSet::new(), 0)
    }

    fn effects_at_depth(
        &self,
        body: BodyId,
        active: &mut HashSet<BodyId>,
        depth: usize,
    ) -> Rc<Vec<Effect>> {
        if let Some(cached) = self.effects_cache.borrow().get(&body) {
            return cached.clone();
        }
        if depth > MAX_CALL_DEPTH || !active.insert(body) {
            return Rc::new(Vec::new());
        }
        let mut out = Vec::new();
        for index in 0..self.body(body).events.len() {
            out.extend(self.event_effects(body, index, active, depth));
        }
        active.remove(&body);
        let out = Rc::new(out);
        // Cached even inside a cycle of calls (the cycle was cut there), so a
        // recursive helper costs one walk, not one per call site.
        self.effects_cache.borrow_mut().insert(body, out.clone());
        out
    }

    /// The accesses one event of `body` makes (a call expands to its callee's).
    pub fn event_effects(
        &self,
        body: BodyId,
        index: usize,
        active: &mut HashSet<BodyId>,
        depth: usize,
    ) -> Vec<Effect> {
        let event = &self.body(body).events[index];
        let direct = |obj: ObjId, kind| {
            vec![Effect {
                obj,
                kind,
                span: event.span,
                via: Vec::new(),
            }]
        };
        match &event.kind {
            EventKind::Read { obj, how, .. } => direct(*obj, EffectKind::Read(*how)),
            EventKind::Write { obj, how, .. } => direct(*obj, EffectKind::Write(*how)),
            EventKind::Lock { obj, mode, .. } => direct(*obj, EffectKind::Lock(*mode)),
            EventKind::Wait {
                obj: Some(obj),
                how,
            } => direct(*obj, EffectKind::Wait(*how)),
            EventKind::Call { callees, args } => {
                let mut out = Vec::new();
                for &callee in callees {
                    for effect in self.effects_at_depth(callee, active, depth + 1).iter() {
                        let obj = match self.object(effect.obj).param_of {
                            Some((of, i)) if of == callee => match args.get(i) {
                                Some(Some(arg)) => *arg,
                                _ => continue,
                            },
                            _ => effect.obj,
                        };
                        let mut via = vec![event.span];
                        via.extend(effect.via.iter().copied());
                        out.push(Effect {
                            obj,
                            kind: effect.kind,
                            span: effect.span,
                            via,
                        });
                    }
                }
                out
            }
            _ => Vec::new(),
        }
    }

    /// The objects a body writes, directly or through helpers.
    pub fn written_objects(&self, body: BodyId) -> Vec<(ObjId, Span)> {
        self.effects(body)
            .iter()
            .filter(|e| matches!(e.kind, EffectKind::Write(_)))
            .map(|e| (e.obj, e.span))
            .collect()
    }
}
