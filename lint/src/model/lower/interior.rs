//! Writes through interior mutability (`Cell`, `RefCell`, `UnsafeCell`)
//! and raw pointers, by method.

use super::*;

impl<'a> Builder<'a> {
    /// A write through interior mutability (`Cell`, `RefCell`, `UnsafeCell`) or a raw pointer.
    pub(super) fn interior_method(&mut self, m: &MethodCall<'_>) -> Option<Val> {
        let method = m.method;
        let span = m.span;
        let call = m.call;
        // `self.cell.set(v)`, `self.cell.borrow_mut()`, `(*self.cell.get()).push(v)`
        if let Some(obj) = self.interior_receiver(&call.receiver, method) {
            let args = self.walk_exprs(&call.args);
            let step = self.step();
            let mut deps = Vec::new();
            for a in &args {
                deps.extend(a.deps.iter().copied());
            }
            self.subject = Some(self.model.objects[obj.index()].name.clone());
            self.emit(
                EventKind::Write {
                    obj,
                    step,
                    how: WriteHow::Interior,
                    deps,
                    ordering: None,
                },
                span,
            );
            return Some(Val::default());
        }
        if let Some(obj) = self.raw_write_receiver(&call.receiver, method) {
            let args = self.walk_exprs(&call.args);
            let step = self.step();
            let deps = args.iter().flat_map(|a| a.deps.iter().copied()).collect();
            self.emit(
                EventKind::Write {
                    obj,
                    step,
                    how: WriteHow::RawPointer,
                    deps,
                    ordering: None,
                },
                span,
            );
            return Some(Val::default());
        }
        None
    }

    /// The object written by a mutating call on an interior-mutable field.
    pub(super) fn interior_receiver(&mut self, receiver: &Expr, method: &str) -> Option<ObjId> {
        let (field_expr, kind_needed): (&Expr, &[Interior]) = match strip_parens(receiver) {
            Expr::Field(_) if matches!(method, "set" | "replace" | "take" | "swap") => {
                (receiver, &[Interior::Cell])
            }
            Expr::Field(_) if matches!(method, "borrow_mut") => (receiver, &[Interior::RefCell]),
            Expr::Unary(u)
                if matches!(u.op, syn::UnOp::Deref(_)) && MUTATING_METHODS.contains(&method) =>
            {
                // `(*self.log).push(line)` through a raw-pointer field
                if let Some(obj) = self.raw_field(&u.expr) {
                    return Some(obj);
                }
                match strip_parens(&u.expr) {
                    Expr::MethodCall(m) if m.method == "get" && m.args.is_empty() => {
                        (&*m.receiver, &[Interior::UnsafeCell])
                    }
                    _ => return None,
                }
            }
            _ => return None,
        };
        let Expr::Field(f) = strip_parens(field_expr) else {
            return None;
        };
        let syn::Member::Named(name) = &f.member else {
            return None;
        };
        let kind = self.interior_fields.get(&name.to_string()).copied()?;
        if !kind_needed.contains(&kind) {
            return None;
        }
        let base = self.walk_expr(&f.base);
        Some(match base.obj {
            Some(b) => self.field_object(b, &name.to_string(), self.span_of(name)),
            None => self.text_object(field_expr, ObjKind::Unknown),
        })
    }

    /// `ptr.write(v)` on a raw pointer.
    pub(super) fn raw_write_receiver(&mut self, receiver: &Expr, method: &str) -> Option<ObjId> {
        if !matches!(method, "write" | "write_volatile" | "write_unaligned") {
            return None;
        }
        match strip_parens(receiver) {
            Expr::Path(p) => {
                let name = p.path.get_ident()?.to_string();
                let (fi, bi) = self.lookup(&name)?;
                let val = &self.frames[fi].bindings[bi].val;
                if val.raw_ptr { val.obj } else { None }
            }
            other @ (Expr::Cast(_) | Expr::MethodCall(_)) => self.peek_raw(other),
            _ => None,
        }
    }
}
