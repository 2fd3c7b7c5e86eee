//! A spin before a store: `while flag.load(..) {}` then `flag.store(true, ..)`.
//! The store runs only once the loop saw the flag clear, so the loop's load is
//! the check the store acts on, and another thread can pass the same loop in
//! between. A `swap` or `compare_exchange` in the loop is one atomic step
//! and no such check.

use super::*;

impl<'a> Builder<'a> {
    /// After a spin loop: its load decides the code that follows, until the
    /// enclosing block ends.
    pub(super) fn after_spin(&mut self, w: &syn::ExprWhile, cond: &[Dep]) {
        let Some(exit) = spin_exit(w) else {
            return;
        };
        let depth = self.ctx.arms.len();
        for dep in cond {
            if self.model.objects[dep.obj.index()].kind != ObjKind::Atomic {
                continue;
            }
            self.model.spin_checks.insert(dep.span, exit);
            self.control.push(Control::new(*dep, depth));
        }
    }

    /// `flag.store(true, ..)`: the literal stored, for a spin's check.
    pub(super) fn note_bool_store(&mut self, event: usize, value: &Expr) {
        if let Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Bool(b),
            ..
        }) = strip_parens(value)
        {
            self.model.bool_stores.insert((self.body, event), b.value);
        }
    }
}

/// `while flag.load(..) {}` exits when the flag is `false`; `while
/// !flag.load(..) {}` when it is `true`. The body only spins (a hint, a
/// yield, a sleep) or is empty.
fn spin_exit(w: &syn::ExprWhile) -> Option<bool> {
    let spins = w.body.stmts.iter().all(|s| {
        let e = match s {
            Stmt::Expr(e, _) => e,
            _ => return false,
        };
        let Expr::Call(c) = strip_parens(e) else {
            return false;
        };
        let Expr::Path(p) = strip_parens(&c.func) else {
            return false;
        };
        p.path.segments.last().is_some_and(|s| {
            matches!(
                s.ident.to_string().as_str(),
                "spin_loop" | "spin_loop_hint" | "yield_now" | "sleep"
            )
        })
    });
    if !spins {
        return None;
    }
    let (cond, exit) = match strip_parens(&w.cond) {
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Not(_)) => (&*u.expr, true),
        other => (other, false),
    };
    match strip_parens(cond) {
        Expr::MethodCall(m) if m.method == "load" && m.args.len() == 1 => Some(exit),
        _ => None,
    }
}
