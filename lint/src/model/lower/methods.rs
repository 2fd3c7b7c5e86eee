//! Method calls: the dispatch on the receiver (each kind has its own file:
//! [`atomics`](super::atomics), [`locks`](super::locks),
//! [`interior`](super::interior), [`channels`](super::channels),
//! [`handles`](super::handles)), iterator adapters, and calls of the crate's
//! own methods.

use super::*;

impl<'a> Builder<'a> {
    /// A method call: dispatched on what the receiver is (a thread builder or
    /// scope, a value of the crate's own type, a join result, a guard, a lock,
    /// an atomic, a channel, a collection of handles), else a call of one of
    /// the crate's methods or of something unknown.
    pub(super) fn walk_method_call(&mut self, call: &syn::ExprMethodCall) -> Val {
        let method = call.method.to_string();
        let method_span = self.span_of(&call.method);
        let span = self
            .span(first_token(&call.receiver).unwrap_or_else(|| call.receiver.span()))
            .to(self.span(call.paren_token.span.close()));
        let nargs = call.args.len();

        // `builder.spawn(closure)` on a `thread::Builder`, and `s.spawn(closure)` in a scope.
        if method == "spawn" && nargs == 1 {
            if self.is_builder_chain(&call.receiver) {
                self.walk_expr(&call.receiver);
                return self.spawn(method_span, span, &call.args[0], false);
            }
            let recv = self.walk_expr(&call.receiver);
            if recv.scope {
                return self.spawn(method_span, span, &call.args[0], true);
            }
            self.defer(&call.args[0]);
            return Val::deps(recv.deps);
        }

        if SPAWN_LIKE.contains(&method.as_str())
            && call
                .args
                .iter()
                .any(|a| matches!(strip_parens(a), Expr::Closure(_) | Expr::Async(_)))
        {
            let recv = self.walk_expr(&call.receiver);
            for arg in &call.args {
                self.defer(arg);
            }
            return Val::deps(recv.deps);
        }

        // The closure of a once-cell runs on one thread, once.
        let once_static = matches!(&*call.receiver, Expr::Path(p) if p.path.get_ident().is_some_and(|i| self.once_statics.contains(&i.to_string())));
        if ONCE_METHODS.contains(&method.as_str())
            || (once_static && matches!(method.as_str(), "init" | "initialize" | "set_with"))
        {
            let recv = self.walk_expr(&call.receiver);
            self.claims += 1;
            let args = self.walk_exprs(&call.args);
            self.claims -= 1;
            // `INIT.call_once(|| ..)`: returns once the initializer has run, on
            // whichever thread ran it (the `Wait` comes after what it runs here).
            if let (Some(obj), "call_once" | "call_once_force" | "get_or_init") =
                (recv.obj, method.as_str())
            {
                self.emit(
                    EventKind::Wait {
                        obj: Some(obj),
                        how: WaitHow::Once,
                    },
                    span,
                );
                return Val::default();
            }
            let mut val = Val::deps(recv.deps);
            for a in &args {
                val.merge_deps(a);
            }
            return val;
        }

        let recv = self.walk_expr(&call.receiver);
        if let Some(val) = self.guard_method_call(call, &recv, span) {
            return val;
        }

        match (recv.claim, method.as_str()) {
            (Some(Claim::Cas(obj)), "is_ok") => {
                return Val {
                    claim: Some(Claim::WonIfTrue(Some(obj))),
                    ..Val::deps(recv.deps)
                };
            }
            (Some(Claim::Cas(obj)), "is_err") => {
                return Val {
                    claim: Some(Claim::WonIfFalse(Some(obj))),
                    ..Val::deps(recv.deps)
                };
            }
            (Some(Claim::Cas(obj)), "unwrap_or_else" | "unwrap_or" | "into_ok_or_err") => {
                self.walk_exprs(&call.args);
                return Val {
                    claim: Some(Claim::CasValue(obj)),
                    cas_expected: recv.cas_expected.clone(),
                    ..Val::deps(recv.deps)
                };
            }
            _ => {}
        }
        // `thread::current().id()`, `THREAD_ID.with(|id| *id)`: this thread's identity.
        let ident = (recv.thread_ident && nargs == 0)
            || method.contains("thread_id")
            || (method == "with"
                && matches!(&*call.receiver, Expr::Path(p) if p.path.get_ident().is_some_and(|i| self.thread_locals.contains(&i.to_string()))));
        if ident {
            self.walk_exprs(&call.args);
            return Val {
                thread_ident: true,
                ..Val::default()
            };
        }

        // A value of the crate's own type: its method, whatever the name.
        if let Some(ty) = recv.ty.clone() {
            let known = self
                .methods
                .get(&method)
                .is_some_and(|m| m.iter().any(|(_, t)| t.as_ref() == Some(&ty)));
            if known {
                let args = self.walk_exprs(&call.args);
                let returns_self = self.constructors.contains(&(ty.clone(), method.clone()));
                self.call_method(&recv, &args, &call.args, span, method, ty.clone());
                let mut val = Val::default();
                for arg in &args {
                    val.merge_deps(arg);
                }
                if returns_self {
                    val.ty = Some(ty);
                }
                return val;
            }
        }

        // Joins.
        if method == "join" && nargs == 0 && !recv.foreign {
            return self.join(&recv, method_span, span);
        }
        let m = MethodCall {
            call,
            method: &method,
            method_span,
            span,
            nargs,
        };
        if let Some(val) = self.join_result_method(&m, &recv) {
            return val;
        }
        if let Some(val) = self.guard_method(&m, &recv) {
            return val;
        }

        let kind = recv.obj.map(|o| self.model.objects[o.index()].kind);

        if let Some(val) = self.interior_method(&m) {
            return val;
        }
        if let Some(val) = self.lock_method(&m, &recv, kind) {
            return val;
        }
        if let Some(val) = self.iter_adapter_method(&m, &recv) {
            return val;
        }
        if let Some(val) = self.condvar_wait_method(&m) {
            return val;
        }

        let args = self.walk_exprs(&call.args);
        let ordering = args.iter().rev().find_map(|a| a.ordering);

        if let Some(val) = self.atomic_method(&m, &recv, kind, &args, ordering) {
            return val;
        }
        if let Some(val) = self.channel_method(&m, &recv, kind, &args) {
            return val;
        }
        if let Some(val) = self.wait_method(&m, &recv, kind, &args) {
            return val;
        }
        if let Some(val) = self.handle_push_method(&m, &recv, &args) {
            return val;
        }

        // Handle collections and iterators of handles.
        if let Some(handle) = &recv.handle {
            if let Some(val) = self.handle_method(handle.clone(), &method, call, &args) {
                return val;
            }
        }

        if method == "clone" && nargs == 0 {
            return Val {
                obj: recv.obj,
                deps: recv.deps.clone(),
                ty: recv.ty.clone(),
                tuple: recv.tuple.clone(),
                foreign: recv.foreign,
                ..Val::default()
            };
        }

        // Other method calls: a helper of this crate, or something else.
        let mut val = Val::deps(recv.deps.clone());
        for a in &args {
            val.merge_deps(a);
        }
        if let (Some(obj), None) = (recv.obj, recv.guard) {
            match method.as_str() {
                // An iterator over a shared collection: its items are the elements.
                "iter" | "iter_mut" | "into_iter" | "values" | "values_mut" => val.obj = Some(obj),
                "get" | "first" | "last" | "get_mut" => {
                    val.obj = Some(self.element_object(obj, "[]", span));
                }
                _ => {}
            }
        }
        if matches!(
            method.as_str(),
            "unwrap" | "expect" | "into_inner" | "unwrap_or_else"
        ) {
            val.obj = recv.obj;
            val.handle = recv.handle.clone();
            val.tuple = recv.tuple.clone();
        }
        // A handle taken out of its place: `self.worker.take()`, `handles.pop()`.
        if matches!(
            method.as_str(),
            "unwrap"
                | "expect"
                | "take"
                | "pop"
                | "pop_front"
                | "pop_back"
                | "remove"
                | "swap_remove"
                | "into_iter"
                | "drain"
                | "iter_mut"
        ) {
            val.std_handle = recv.std_handle;
        }
        // A receiver whose type is not known: the call is not followed. A
        // method of the same name elsewhere in the crate (often the one being
        // walked) is not taken for it. What it does is unknown (it may wait).
        if !PLUMBING_METHODS.contains(&method.as_str()) {
            let next = self.model.bodies[self.body.index()].events.len();
            self.model.opaque_calls.insert((self.body, next));
        }
        // `wg.wait()`, `parker.park()`: a wait on something the model does not know.
        if recv
            .obj
            .is_none_or(|o| self.model.objects[o.index()].kind == ObjKind::Unknown)
            && recv.handle.is_none()
            && UNKNOWN_WAITS.contains(&method.as_str())
        {
            let next = self.model.bodies[self.body.index()].events.len();
            self.model
                .unknown_waits
                .entry(self.body)
                .or_default()
                .insert(next);
        }
        for arg in &args {
            if arg.handle.is_some() {
                self.escape(arg);
            }
        }
        val
    }

    /// An iterator adapter that runs a closure per item (`map`, `for_each`, ...).
    pub(super) fn iter_adapter_method(&mut self, m: &MethodCall<'_>, recv: &Val) -> Option<Val> {
        let method = m.method;
        let call = m.call;
        // Iterator adapters that run a closure per item.
        // `fold(init, |acc, item| ..)`: the closure comes second, the item is its second parameter.
        let folds = matches!(method, "fold" | "try_fold" | "scan");
        let closure_arg = if folds {
            call.args.iter().nth(1)
        } else {
            call.args.first()
        };
        if ITER_CLOSURE_METHODS.contains(&method) || folds {
            if let Some(Expr::Closure(c)) = closure_arg {
                if folds {
                    if let Some(init) = call.args.first() {
                        self.walk_expr(init);
                    }
                }
                let channel = recv
                    .obj
                    .filter(|o| self.model.objects[o.index()].kind == ObjKind::Channel);
                if let (Some(obj), true) = (
                    channel,
                    folds || matches!(method, "for_each" | "try_for_each"),
                ) {
                    // `rx.iter().for_each(..)`: every message, until every sender is gone.
                    self.emit(
                        EventKind::Wait {
                            obj: Some(obj),
                            how: WaitHow::Drain,
                        },
                        m.span,
                    );
                }
                let item = self.item_of(recv);
                let params = if folds {
                    vec![Val::default(), item]
                } else {
                    vec![item]
                };
                let out = self.in_loop(|b| {
                    b.with_ring_var(c.inputs.first(), &call.receiver, |b| {
                        b.walk_closure(c, params)
                    })
                });
                if let Some(event) = out.join_event {
                    if method == "filter_map" && out.join_ok {
                        self.set_join_use(event, JoinResultUse::OkDiscarded);
                    }
                }
                let mut val = Val::deps(recv.deps.clone());
                val.merge_deps(&out);
                if !folds && matches!(method, "map" | "filter" | "filter_map" | "inspect") {
                    // Still the channel's messages: `rx.iter().map(..).sum()` drains it.
                    val.obj = channel;
                }
                match out.handle {
                    Some(HandleVal::Fresh(s)) | Some(HandleVal::FreshMany(s)) => {
                        if method == "for_each" {
                            for &spawn in &s {
                                self.model.spawns[spawn.index()].fate = HandleFate::Discarded;
                            }
                        } else {
                            val.handle = Some(HandleVal::Lazy(s));
                        }
                    }
                    other => {
                        if method == "map" {
                            if let Some(HandleVal::Items(_)) = recv.handle {
                                // Mapped items are results now, not handles.
                            } else {
                                val.handle = other;
                            }
                        }
                    }
                }
                return Some(val);
            }
        }
        None
    }

    /// A call of one of the crate's methods, on a receiver of type `self_ty`:
    /// the receiver and the arguments are passed on.
    pub(super) fn call_method(
        &mut self,
        recv: &Val,
        args: &[Val],
        exprs: &Punctuated<Expr, syn::Token![,]>,
        span: Span,
        name: String,
        self_ty: String,
    ) {
        let mut objs = vec![recv.obj];
        objs.extend(args.iter().map(|a| a.obj));
        for arg in args {
            // A guard passed by value is the callee's now: it drops it.
            if let Some(guard) = arg.guard {
                let moved = args
                    .iter()
                    .position(|a| a.guard == Some(guard))
                    .and_then(|i| exprs.iter().nth(i))
                    .is_some_and(|e| !matches!(e, Expr::Reference(_)));
                if moved {
                    self.release(guard, span);
                }
            }
            self.escape(arg);
        }
        let callees = self.methods_of(&self_ty, &name);
        let own_lock = !callees.is_empty();
        // The call itself runs before the lock is taken, and while it is still held.
        let event = self.emit(
            EventKind::Call {
                callees,
                args: objs,
            },
            span,
        );
        // A lock of the crate's own, taken and given back through its methods.
        if own_lock {
            if name.starts_with("lock") || name.starts_with("acquire") {
                self.lock_calls += 1;
            } else if name.starts_with("unlock") || name.starts_with("release") {
                self.lock_calls = self.lock_calls.saturating_sub(1);
            }
        }
        self.record_call_handles(event, args, 1);
    }
}
