//! Collections of locks made by the code (`(0..n).map(|_| Mutex::new(..)).collect()`,
//! `vec![Mutex::new(..), ..]`): their elements get an identity by index, and an
//! index written from a loop variable over `0..n` (`i`, or `(i + 1) % n`) is
//! recorded, so that a ring of locks (the dining philosophers) can be seen.

use super::*;

impl<'a> Builder<'a> {
    /// `let forks = <a collection of locks>`: an object for the collection.
    pub(super) fn lock_collection(&mut self, init: &Expr, val: &mut Val) {
        if makes_lock_collection(init) {
            let obj = self.new_object(String::new(), ObjKind::Unknown, self.expr_span(init));
            self.model.lock_collections.insert(obj);
            val.obj = Some(obj);
        }
    }

    /// Runs `f` with `pat` known as a loop variable over `range`, when the
    /// range is `0..end` and the pattern a plain name.
    pub(super) fn with_ring_var<T>(
        &mut self,
        pat: Option<&Pat>,
        range: &Expr,
        f: impl FnOnce(&mut Self) -> T,
    ) -> T {
        let var = match (pat.map(strip_pat_type), strip_parens(range)) {
            (Some(Pat::Ident(p)), Expr::Range(r))
                if p.subpat.is_none()
                    && matches!(r.limits, syn::RangeLimits::HalfOpen(_))
                    && r.start.as_deref().is_some_and(is_zero) =>
            {
                r.end.as_deref().map(|end| {
                    (
                        p.ident.to_string(),
                        self.span_of(&p.ident),
                        expr_text(end),
                        self.body,
                    )
                })
            }
            _ => None,
        };
        let pushed = var.is_some();
        if let Some(var) = var {
            self.ring_vars.push(var);
        }
        let out = f(self);
        if pushed {
            self.ring_vars.pop();
        }
        out
    }

    /// `if .. { (left, right) } else { (right, left) }`: the value is the
    /// first arm's, so elements that differ between the arms lose their index.
    pub(super) fn ring_arms_agree(&mut self, a: &Val, b: &Val) {
        fn objs(v: &Val, out: &mut Vec<Option<ObjId>>) {
            out.push(v.obj);
            for item in v.tuple.iter().flatten() {
                objs(item, out);
            }
        }
        let (mut x, mut y) = (Vec::new(), Vec::new());
        objs(a, &mut x);
        objs(b, &mut y);
        if x == y {
            return;
        }
        for obj in x.into_iter().chain(y).flatten() {
            if let Some(ring) = self.model.ring_indices.get_mut(&obj) {
                *ring = None;
            }
        }
    }

    /// `left = ..` or `swap(&mut left, &mut right)` on a binding that holds an
    /// element: which element it holds is no longer known.
    pub(super) fn ring_rebound(&mut self, place: &Expr) {
        let Expr::Path(p) = strip_parens(place) else {
            return;
        };
        let Some(ident) = p.path.get_ident() else {
            return;
        };
        let Some((fi, bi)) = self.lookup_ident(ident) else {
            return;
        };
        if let Some(obj) = self.frames[fi].bindings[bi].val.obj {
            if let Some(ring) = self.model.ring_indices.get_mut(&obj) {
                *ring = None;
            }
        }
    }

    /// `forks[i]` or `forks[(i + 1) % n]` of a collection of locks, with `i` a
    /// loop variable over `0..n`.
    pub(super) fn note_ring_index(&mut self, elem: ObjId, base: ObjId, index: &Expr) {
        if !self.model.lock_collections.contains(&base) {
            return;
        }
        let Some((name, offset, modulus)) = ring_step(index) else {
            self.model.ring_indices.insert(elem, None);
            return;
        };
        let Some((_, var, end, spawner)) = self.ring_vars.iter().rev().find(|(n, ..)| *n == name)
        else {
            self.model.ring_indices.insert(elem, None);
            return;
        };
        let ring = RingIndex {
            var: *var,
            spawner: *spawner,
            offset,
            modulus,
            end: end.clone(),
        };
        let entry = self
            .model
            .ring_indices
            .entry(elem)
            .or_insert(Some(ring.clone()));
        if entry.as_ref() != Some(&ring) {
            // The same text with another variable: no identity to rely on.
            *entry = None;
        }
    }
}

fn strip_pat_type(pat: &Pat) -> &Pat {
    match pat {
        Pat::Type(t) => strip_pat_type(&t.pat),
        other => other,
    }
}

fn is_zero(e: &Expr) -> bool {
    matches!(strip_parens(e), Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) if i.base10_digits() == "0")
}

/// `i` -> (`i`, 0, None); `(i + 1) % n` -> (`i`, 1, Some(`n`)).
fn ring_step(index: &Expr) -> Option<(String, u8, Option<String>)> {
    let ident = |e: &Expr| match strip_parens(e) {
        Expr::Path(p) => p.path.get_ident().map(|i| i.to_string()),
        _ => None,
    };
    if let Some(name) = ident(index) {
        return Some((name, 0, None));
    }
    let Expr::Binary(rem) = strip_parens(index) else {
        return None;
    };
    if !matches!(rem.op, syn::BinOp::Rem(_)) {
        return None;
    }
    let Expr::Binary(add) = strip_parens(&rem.left) else {
        return None;
    };
    let one = |e: &Expr| matches!(strip_parens(e), Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) if i.base10_digits() == "1");
    if !matches!(add.op, syn::BinOp::Add(_)) {
        return None;
    }
    let name = match (ident(&add.left), ident(&add.right)) {
        (Some(n), None) if one(&add.right) => n,
        (None, Some(n)) if one(&add.left) => n,
        _ => return None,
    };
    Some((name, 1, Some(expr_text(&rem.right))))
}

/// The segments of a call's path (`Arc::new` -> [`Arc`, `new`]); empty for other callees.
fn path_of_call(c: &syn::ExprCall) -> Vec<String> {
    match strip_parens(&c.func) {
        Expr::Path(p) => p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether an expression makes a new lock: `Mutex::new(..)`, `Arc::new(RwLock::new(..))`.
fn makes_lock(e: &Expr) -> bool {
    match strip_parens(e) {
        Expr::Call(c) => match path_of_call(c).as_slice() {
            [.., ty, f] if matches!(f.as_str(), "new" | "default") => match ty.as_str() {
                "Mutex" | "RwLock" => true,
                "Arc" | "Rc" | "Box" => c.args.len() == 1 && makes_lock(&c.args[0]),
                _ => false,
            },
            _ => false,
        },
        Expr::Block(b) => {
            matches!(b.block.stmts.last(), Some(Stmt::Expr(tail, None)) if makes_lock(tail))
        }
        _ => false,
    }
}

/// Whether an expression makes a collection of new locks.
fn makes_lock_collection(e: &Expr) -> bool {
    match strip_parens(e) {
        Expr::Call(c) => {
            match path_of_call(c).as_slice() {
                [.., ty, f] if f == "new" && matches!(ty.as_str(), "Arc" | "Rc" | "Box") => {
                    c.args.len() == 1 && makes_lock_collection(&c.args[0])
                }
                // `std::array::from_fn(|_| Mutex::new(()))`
                [.., module, f] if module == "array" && f == "from_fn" => {
                    matches!(c.args.first(), Some(Expr::Closure(c)) if makes_lock(&c.body))
                }
                _ => false,
            }
        }
        // `[0; N].map(|_| Arc::new(Mutex::new(())))`
        Expr::MethodCall(m) if m.method == "map" && m.args.len() == 1 => {
            matches!(strip_parens(&m.receiver), Expr::Repeat(_))
                && matches!(&m.args[0], Expr::Closure(c) if makes_lock(&c.body))
        }
        Expr::MethodCall(m) if m.method == "collect" && m.args.is_empty() => {
            matches!(strip_parens(&m.receiver), Expr::MethodCall(map)
                if map.method == "map"
                    && map.args.len() == 1
                    && matches!(&map.args[0], Expr::Closure(c) if makes_lock(&c.body)))
        }
        Expr::Array(a) => a.elems.len() >= 2 && a.elems.iter().all(makes_lock),
        Expr::Macro(m) if m.mac.path.is_ident("vec") => m
            .mac
            .parse_body_with(Punctuated::<Expr, syn::Token![,]>::parse_terminated)
            .is_ok_and(|items| items.len() >= 2 && items.iter().all(makes_lock)),
        _ => false,
    }
}
