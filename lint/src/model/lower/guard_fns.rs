//! Methods that hand out a lock guard (`fn state(&self) -> MutexGuard<'_, T> {
//! self.inner.lock().unwrap() }`): a call of one locks `inner` at the call
//! site, and the guard lives in the caller like one it took itself. The same
//! for the crate's own extension trait on std's locks (`impl<T> Handy<T> for
//! RwLock<T> { fn rl(&self) -> RwLockReadGuard<'_, T> { self.read().unwrap()
//! } }`): `lock.rl()` read-locks `lock`.

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
        // An impl on std's lock type itself (not a type of the crate's own
        // that happens to have the name): the method locks `self`.
        let on_lock = matches!(ty.as_str(), "Mutex" | "RwLock") && !self.struct_names.contains(ty);
        let locked = locked_self(tail).filter(|(field, _)| field.is_some() || on_lock);
        if let (Some(returns), Some((field, mode))) = (returns, locked) {
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
        let lock_kind = recv
            .obj
            .map(|o| self.model.objects[o.index()].kind)
            .and_then(|kind| match kind {
                ObjKind::Mutex => Some("Mutex"),
                ObjKind::RwLock => Some("RwLock"),
                _ => None,
            });
        let ty = match (&recv.ty, lock_kind) {
            (Some(ty), _) => ty.clone(),
            // A std lock: the crate's extension methods on it.
            (None, Some(kind)) => kind.to_string(),
            (None, None) if is_self(&call.receiver) => self.self_ty.clone()?,
            (None, None) => return None,
        };
        let (field, mode) = self
            .guard_methods
            .get(&(ty, call.method.to_string()))?
            .clone();
        let obj = match field {
            Some(field) => self.field_object(recv.obj?, &field, span),
            None => recv.obj?,
        };
        let subject = self.model.objects[obj.index()].name.clone();
        Some(self.acquire(obj, mode, subject, span))
    }
}

/// `self.field.lock().unwrap()` (or `.read()`, `.write()`, with `expect`):
/// the field and how it is locked; `self.read().unwrap()` (or a bare
/// `self.read()`, as `parking_lot`'s locks return the guard): no field,
/// `self` itself.
fn locked_self(e: &Expr) -> Option<(Option<String>, LockMode)> {
    let Expr::MethodCall(call) = strip_parens(e) else {
        return None;
    };
    let unwrapped = matches!(call.method.to_string().as_str(), "unwrap" | "expect");
    let lock = match strip_parens(&call.receiver) {
        Expr::MethodCall(lock) if unwrapped => lock,
        _ => call,
    };
    let mode = match lock.method.to_string().as_str() {
        "lock" => LockMode::Exclusive,
        "read" => LockMode::Read,
        "write" => LockMode::Write,
        _ => return None,
    };
    if !lock.args.is_empty() {
        return None;
    }
    if is_self(&lock.receiver) {
        return Some((None, mode));
    }
    let Expr::Field(f) = strip_parens(&lock.receiver) else {
        return None;
    };
    let syn::Member::Named(field) = &f.member else {
        return None;
    };
    (unwrapped && is_self(&f.base)).then(|| (Some(field.to_string()), mode))
}

fn is_self(e: &Expr) -> bool {
    matches!(strip_parens(e), Expr::Path(p) if p.path.is_ident("self"))
}
