//! Methods that hand out a lock guard (`fn state(&self) -> MutexGuard<'_, T> {
//! self.inner.lock().unwrap() }`): a call of one locks `inner` at the call
//! site, and the guard lives in the caller like one it took itself.

use super::*;

impl<'a> Builder<'a> {
    /// Records a method whose whole body locks a field of `self` and returns the guard.
    pub(super) fn note_guard_method(
        &mut self,
        sig: &syn::Signature,
        block: &Block,
        self_ty: Option<&String>,
    ) {
        let (Some(ty), syn::ReturnType::Type(_, ret)) = (self_ty, &sig.output) else {
            return;
        };
        let by_ref =
            matches!(sig.inputs.first(), Some(syn::FnArg::Receiver(r)) if r.reference.is_some());
        if !by_ref || sig.inputs.len() != 1 {
            return;
        }
        let returns = ["MutexGuard", "RwLockReadGuard", "RwLockWriteGuard"]
            .into_iter()
            .find(|g| type_mentions(ret, g));
        let [Stmt::Expr(tail, None)] = block.stmts.as_slice() else {
            return;
        };
        if let (Some(returns), Some((field, mode))) = (returns, locked_self_field(tail)) {
            let fits = match mode {
                LockMode::Exclusive => returns == "MutexGuard",
                LockMode::Read => returns == "RwLockReadGuard",
                LockMode::Write => returns == "RwLockWriteGuard",
            };
            if fits {
                self.guard_methods
                    .insert((ty.clone(), sig.ident.to_string()), (field, mode));
            }
        }
    }

    /// `x.state()` of a method recorded above: the lock it takes, here.
    pub(super) fn guard_method_call(
        &mut self,
        call: &syn::ExprMethodCall,
        recv: &Val,
        span: Span,
    ) -> Option<Val> {
        if !call.args.is_empty() || recv.guard.is_some() {
            return None;
        }
        let ty = match &recv.ty {
            Some(ty) => ty.clone(),
            None if is_self(&call.receiver) => self.self_ty.clone()?,
            None => return None,
        };
        let (field, mode) = self
            .guard_methods
            .get(&(ty, call.method.to_string()))?
            .clone();
        let obj = self.field_object(recv.obj?, &field, span);
        let subject = self.model.objects[obj.index()].name.clone();
        Some(self.acquire(obj, mode, subject, span))
    }
}

/// `self.field.lock().unwrap()` (or `.read()`, `.write()`, with `expect`):
/// the field and how it is locked.
fn locked_self_field(e: &Expr) -> Option<(String, LockMode)> {
    let Expr::MethodCall(unwrap) = strip_parens(e) else {
        return None;
    };
    if !matches!(unwrap.method.to_string().as_str(), "unwrap" | "expect") {
        return None;
    }
    let Expr::MethodCall(lock) = strip_parens(&unwrap.receiver) else {
        return None;
    };
    let mode = match lock.method.to_string().as_str() {
        "lock" => LockMode::Exclusive,
        "read" => LockMode::Read,
        "write" => LockMode::Write,
        _ => return None,
    };
    let Expr::Field(f) = strip_parens(&lock.receiver) else {
        return None;
    };
    let syn::Member::Named(field) = &f.member else {
        return None;
    };
    (lock.args.is_empty() && is_self(&f.base)).then(|| (field.to_string(), mode))
}

fn is_self(e: &Expr) -> bool {
    matches!(strip_parens(e), Expr::Path(p) if p.path.is_ident("self"))
}
