//! Calls of free functions and paths: spawns, `drop`, `mem::forget`,
//! `sleep`, constructors of shared types, and the crate's own functions.

use super::*;

impl<'a> Builder<'a> {
    pub(super) fn walk_call(&mut self, call: &syn::ExprCall) -> Val {
        let Expr::Path(func) = &*call.func else {
            let f = self.walk_expr(&call.func);
            let args = self.walk_exprs(&call.args);
            let mut val = Val::deps(f.deps);
            for arg in &args {
                val.merge_deps(arg);
            }
            return val;
        };
        let segs: Vec<String> = func
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        let segs_ref: Vec<&str> = segs.iter().map(String::as_str).collect();
        let last = segs_ref.last().copied().unwrap_or("");
        let span = self
            .span(first_token(&call.func).unwrap_or_else(|| call.func.span()))
            .to(self.span(call.paren_token.span.close()));
        let func_span = self.span_of(func);
        // What the path names, resolved once for every question below.
        let resolved = self.names.resolve(&self.module, &segs_ref);

        if is_spawn_fn(&resolved) {
            if let Some(arg) = call.args.first() {
                return self.spawn(func_span, span, arg, false);
            }
        }
        if (last == "current" && segs_ref.len() >= 2 && segs_ref[segs_ref.len() - 2] == "thread")
            || last.contains("thread_id")
        {
            return Val {
                thread_ident: true,
                ..Val::default()
            };
        }
        if segs_ref == ["try_lock"] && call.args.is_empty() {
            // A `try_lock` callback: `true` when this thread got the lock.
            return Val {
                claim: Some(Claim::WonIfTrue(None)),
                ..Val::default()
            };
        }
        if SPAWN_LIKE.contains(&last) {
            for arg in &call.args {
                self.defer(arg);
            }
            return Val::default();
        }
        if is_scope_fn(&resolved) {
            if let Some(Expr::Closure(c)) = call.args.first() {
                return self.walk_scope(c, span);
            }
        }
        if last == "sleep" && (segs_ref.len() == 1 || segs_ref.contains(&"thread")) {
            self.walk_exprs(&call.args);
            self.emit(
                EventKind::Sleep {
                    polling: self.polling > 0,
                },
                span,
            );
            return Val::default();
        }
        if last == "drop" && (segs_ref.len() == 1 || segs_ref.contains(&"mem")) {
            for arg in &call.args {
                let val = self.walk_expr(arg);
                if let Some(guard) = val.guard {
                    self.release(guard, span);
                }
                if let Some(obj) = val.obj {
                    if self.model.objects[obj.index()].kind == ObjKind::Channel {
                        // `drop(tx)`: this body is done with the channel.
                        self.model.closes.entry(self.body).or_default().insert(obj);
                    }
                }
                self.mark_used(&val);
            }
            return Val::default();
        }
        if last == "fence" && (segs_ref.len() == 1 || segs_ref.contains(&"atomic")) {
            let vals = self.walk_exprs(&call.args);
            let ordering = vals.iter().find_map(|v| v.ordering);
            self.emit(EventKind::Fence { ordering }, span);
            return Val::default();
        }
        if matches!(last, "write" | "write_volatile" | "write_unaligned")
            && segs_ref.contains(&"ptr")
            && call.args.len() == 2
        {
            // `ptr::write(p, v)`
            if let Some(obj) = self.peek_raw(&call.args[0]) {
                let value = self.walk_expr(&call.args[1]);
                let step = self.step();
                self.emit(
                    EventKind::Write {
                        obj,
                        step,
                        how: WriteHow::RawPointer,
                        deps: value.deps,
                        ordering: None,
                    },
                    span,
                );
                return Val::default();
            }
        }
        if (segs_ref.len() >= 2).then(|| segs_ref[segs_ref.len() - 2]) == Some("ManuallyDrop") {
            match last {
                "new" if call.args.len() == 1 => {
                    let val = self.walk_expr(&call.args[0]);
                    if let Some(guard) = val.guard {
                        // Dropped by hand or never: decided when its scope ends.
                        self.manual.insert(guard, span);
                    }
                    return val;
                }
                "drop" | "into_inner" | "take" => {
                    let vals = self.walk_exprs(&call.args);
                    for val in &vals {
                        if let Some(guard) = val.guard {
                            self.manual.remove(&guard);
                            self.release(guard, span);
                        }
                    }
                    return Val::default();
                }
                _ => {}
            }
        }
        let leak = match (
            (segs_ref.len() >= 2).then(|| segs_ref[segs_ref.len() - 2]),
            last,
        ) {
            (_, "forget") if segs_ref.len() == 1 || segs_ref.contains(&"mem") => {
                Some(LeakHow::Forget)
            }
            (Some("Box"), "leak") => Some(LeakHow::BoxLeak),
            _ => None,
        };
        if let Some(how) = leak {
            let vals = self.walk_exprs(&call.args);
            for val in &vals {
                if let Some(guard) = val.guard {
                    self.forget_guard(guard);
                    self.emit(EventKind::Leak { guard, how }, span);
                }
                self.mark_used(val);
            }
            return Val::default();
        }
        let type_seg = (segs_ref.len() >= 2).then(|| segs_ref[segs_ref.len() - 2]);
        // Constructors of shared objects.
        if matches!(last, "new" | "default" | "from" | "new_with") {
            if let Some(ty) = type_seg {
                if let Some(kind) = kind_of_type_name(ty, &|n| self.names.defines_type(n)) {
                    let inner = self.walk_exprs(&call.args);
                    let obj = self.new_object(String::new(), kind, span);
                    // `Mutex::new(tx)`: the lock keeps a channel end.
                    if let Some(channel) = inner
                        .first()
                        .and_then(|v| v.obj)
                        .filter(|o| self.model.objects[o.index()].kind == ObjKind::Channel)
                    {
                        self.model.wrapped_channels.insert(obj, channel);
                    }
                    if ty == "AtomicPtr" {
                        self.model.atomic_ptrs.insert(obj);
                    }
                    return Val::obj(obj);
                }
                if matches!(
                    ty,
                    "Arc" | "Rc" | "Box" | "LazyLock" | "Lazy" | "OnceLock" | "CachePadded"
                ) {
                    let inner = call
                        .args
                        .first()
                        .map(|a| self.walk_expr(a))
                        .unwrap_or_default();
                    // `Arc::new((Mutex::new(..), Condvar::new()))` keeps its parts:
                    // `let (lock, cvar) = &*pair;` names them.
                    if inner.obj.is_some() || inner.handle.is_some() || inner.tuple.is_some() {
                        return inner;
                    }
                    let obj = self.new_object(String::new(), ObjKind::Unknown, span);
                    let mut val = Val::obj(obj);
                    val.deps = inner.deps;
                    val.ty = inner.ty;
                    val.foreign = inner.foreign;
                    return val;
                }
            }
        }
        if last == "clone"
            && matches!(
                type_seg,
                Some("Arc" | "Rc" | "Clone" | "Sender" | "SyncSender")
            )
        {
            if let Some(arg) = call.args.first() {
                let val = self.walk_expr(arg);
                return Val {
                    obj: val.obj,
                    deps: val.deps,
                    ty: val.ty,
                    tuple: val.tuple,
                    foreign: val.foreign,
                    ..Val::default()
                };
            }
        }
        if matches!(last, "channel" | "sync_channel" | "unbounded" | "bounded") {
            self.walk_exprs(&call.args);
            let obj = self.new_object("channel".into(), ObjKind::Channel, span);
            return Val {
                tuple: Some(vec![Val::obj(obj), Val::obj(obj)]),
                obj: Some(obj),
                ..Val::default()
            };
        }
        if matches!(last, "Some" | "Ok" | "Err" | "Box") && call.args.len() == 1 {
            return self.walk_expr(&call.args[0]);
        }
        // `JoinHandle::join(h)`
        if last == "join" && type_seg == Some("JoinHandle") && call.args.len() == 1 {
            let val = self.walk_expr(&call.args[0]);
            return self.join(&val, span, span);
        }

        let args = self.walk_exprs(&call.args);
        let mut val = Val::default();
        for arg in &args {
            val.merge_deps(arg);
        }
        // `Counter(..)`, `Counter::new(..)`: a value of the crate's type.
        let ty = if segs_ref.len() == 1 && self.struct_names.contains(last) {
            Some(last.to_string())
        } else if let Some(t) = type_seg.filter(|t| REENTRANT_LOCKS.contains(t)) {
            // A lock its holder may take again: its `lock()` is no double lock.
            Some(t.to_string())
        } else {
            type_seg.and_then(|t| {
                let t = if t == "Self" {
                    self.self_ty.clone()?
                } else {
                    t.to_string()
                };
                self.constructors
                    .contains(&(t.clone(), last.to_string()))
                    .then_some(t)
            })
        };
        val.ty = ty;
        // `Executor::new()` of another crate (not std): its methods are that
        // crate's, whatever their names (`ex.join()` is no `JoinHandle::join`).
        val.foreign = matches!(
            &resolved,
            Resolved::Extern(p) if p.len() >= 2
                && !matches!(p[0].as_str(), "std" | "core" | "alloc" | "thread")
                && p[p.len() - 2].starts_with(|c: char| c.is_ascii_uppercase())
        );
        let other_crates_fn = matches!(&resolved, Resolved::Extern(p)
            if !matches!(p[0].as_str(), "std" | "core" | "alloc" | "thread"));
        let callees = self.path_callees(&segs_ref, resolved);
        if !callees.is_empty() {
            for arg in &args {
                if let Some(guard) = arg.guard {
                    if !is_reference_arg(call, arg, &args) {
                        self.release(guard, span);
                    }
                }
                self.escape(arg);
            }
            let event = self.emit(
                EventKind::Call {
                    callees,
                    args: args.iter().map(|a| a.obj).collect(),
                },
                span,
            );
            self.record_call_handles(event, &args, 0);
        } else {
            // A guard moved into a function the model does not follow
            // (`RwLockWriteGuard::downgrade(w)`): what holds the lock now
            // is out of sight, and `w` holds nothing.
            let wraps = is_constructor(last) || last.starts_with(|c: char| c.is_ascii_uppercase());
            // A closure handed to another crate's function runs when, where and
            // under what lock that function decides (parking_lot_core's
            // callbacks run under its queue lock).
            if other_crates_fn {
                for arg in &args {
                    if let Some((start, end)) = arg.closure_events {
                        for index in start..end {
                            self.model.foreign_callbacks.insert((self.body, index));
                        }
                    }
                }
            }
            for (arg, expr) in args.iter().zip(call.args.iter()) {
                if let (Some(guard), false, false) =
                    (arg.guard, wraps, matches!(expr, Expr::Reference(_)))
                {
                    self.release(guard, span);
                }
            }
            for arg in &args {
                self.escape(arg);
            }
            if !is_constructor(last) {
                let next = self.model.bodies[self.body.index()].events.len();
                self.model.opaque_calls.insert((self.body, next));
            }
        }
        val
    }

    pub(super) fn release(&mut self, guard: GuardId, span: Span) {
        if let Some(pos) = self.temps.iter().position(|&g| g == guard) {
            self.temps.remove(pos);
            self.unlock(guard, span);
            return;
        }
        for fi in (0..self.frames.len()).rev() {
            if let Some(pos) = self.frames[fi].guards.iter().position(|&g| g == guard) {
                self.frames[fi].guards.remove(pos);
                self.unlock(guard, span);
                return;
            }
        }
    }

    /// `mem::forget(guard)`: the guard is never dropped.
    /// `held.unwrap()` on a binding that keeps a lock's result (`let held =
    /// m.lock();`): the guard moves out of the binding into the value of the
    /// call. It is now a temporary of this statement (or the new binding's,
    /// if a `let` takes it), and the old binding keeps no lock.
    pub(super) fn move_guard_out_of_binding(&mut self, receiver: &Expr, guard: GuardId) {
        let Expr::Path(p) = receiver else { return };
        let Some(name) = p.path.get_ident().map(|i| i.to_string()) else {
            return;
        };
        let Some(binding) = self.binding_mut(&name) else {
            return;
        };
        if binding.val.guard != Some(guard) {
            return;
        }
        binding.val.guard = None;
        for frame in self.frames.iter_mut().rev() {
            if let Some(pos) = frame.guards.iter().position(|&g| g == guard) {
                frame.guards.remove(pos);
                self.temps.push(guard);
                return;
            }
        }
    }

    pub(super) fn forget_guard(&mut self, guard: GuardId) {
        self.temps.retain(|&g| g != guard);
        for frame in &mut self.frames {
            frame.guards.retain(|&g| g != guard);
        }
    }
}

impl Builder<'_> {
    /// Remembers which arguments of a call of the crate's own function carry
    /// join handles (`wait_all(handles)`), so that a helper that joins its
    /// parameter counts as a join at the call. `first` is the index of the
    /// first argument among the callee's parameters (1 for a method).
    pub(super) fn record_call_handles(&mut self, event: usize, args: &[Val], first: usize) {
        let mut passed = Vec::new();
        for (i, arg) in args.iter().enumerate() {
            let spawns = match &arg.handle {
                Some(
                    HandleVal::Fresh(s)
                    | HandleVal::FreshMany(s)
                    | HandleVal::Lazy(s)
                    | HandleVal::LazyItem(s),
                ) => s.clone(),
                Some(HandleVal::Place(h) | HandleVal::Items(h)) => {
                    self.model.handles[h.index()].spawns.clone()
                }
                None => continue,
            };
            if !spawns.is_empty() {
                passed.push((i + first, spawns));
            }
        }
        if !passed.is_empty() {
            self.model.call_handles.insert((self.body, event), passed);
        }
    }
}
