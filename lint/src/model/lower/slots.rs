//! Slots of a `static mut` array indexed by a loop variable (`OUT[i]`, `i`
//! over `0..n`): threads spawned once per `i` that each touch only their own
//! `OUT[i]` do not touch each other's.

use super::*;

impl<'a> Builder<'a> {
    /// Records the access at `span` as one of `place`'s slot, when `place` is
    /// `NAME[i]` of a `static mut` with `i` a loop variable over `0..n`,
    /// still the loop's own binding there.
    pub(super) fn note_static_slot(&mut self, place: &Expr, span: Span) {
        let Expr::Index(ix) = strip_parens(place) else {
            return;
        };
        if self.static_mut_root(&ix.expr).is_none()
            || !matches!(strip_parens(&ix.expr), Expr::Path(_))
        {
            return;
        }
        let Expr::Path(p) = strip_parens(&ix.index) else {
            return;
        };
        let Some(ident) = p.path.get_ident().map(|i| i.to_string()) else {
            return;
        };
        let Some((_, var, _, spawner)) = self.ring_vars.iter().rev().find(|(n, ..)| *n == ident)
        else {
            return;
        };
        let (var, spawner) = (*var, *spawner);
        let Some((fi, bi)) = self.lookup(&ident) else {
            return;
        };
        if self.frames[fi].bindings[bi].decl == var {
            self.model.static_slots.insert(span, (ident, var, spawner));
        }
    }
}
