//! Methods of locks and what waits on them: `lock`/`read`/`write`, methods
//! on guards, condition variable and barrier waits.

use super::*;

impl<'a> Builder<'a> {
    /// A method on a lock guard (or a result that carries one): unwrapping keeps
    /// the guard; other methods read, or change, the guarded data.
    pub(super) fn guard_method(&mut self, m: &MethodCall<'_>, recv: &Val) -> Option<Val> {
        let method = m.method;
        let span = m.span;
        let call = m.call;
        // Guards and results that carry them.
        if let Some(guard) = recv.guard {
            match method {
                "unwrap" | "expect" | "unwrap_or_else" | "into_inner" | "unwrap_unchecked"
                | "deref" | "deref_mut" | "as_mut" | "as_ref" | "borrow_mut" => {
                    self.walk_exprs(&call.args);
                    if matches!(
                        method,
                        "unwrap" | "expect" | "unwrap_or_else" | "into_inner" | "unwrap_unchecked"
                    ) {
                        self.move_guard_out_of_binding(&call.receiver, guard);
                    }
                    return Some(recv.clone());
                }
                // `tx.lock().unwrap().send(v)`: a sender kept in a lock still sends.
                _ if self
                    .model
                    .wrapped_channels
                    .contains_key(&self.model.guards[guard.index()].obj)
                    && matches!(method, "send" | "try_send" | "recv" | "recv_timeout") =>
                {
                    let args = self.walk_exprs(&call.args);
                    let lock = self.model.guards[guard.index()].obj;
                    let channel = self.model.wrapped_channels[&lock];
                    return self.channel_method(
                        m,
                        &Val::obj(channel),
                        Some(ObjKind::Channel),
                        &args,
                    );
                }
                _ => {
                    let args = self.walk_exprs(&call.args);
                    let mut deps = Vec::new();
                    for a in &args {
                        for d in &a.deps {
                            deps.push(*d);
                        }
                    }
                    let g = &self.model.guards[guard.index()];
                    let (obj, step) = (g.obj, g.step);
                    let mut val = Val::default();
                    if MUTATING_METHODS.contains(&method) {
                        let conditional =
                            matches!(method, "entry" | "get_or_insert_with" | "get_or_insert");
                        let append = matches!(
                            method,
                            "push" | "push_back" | "push_front" | "push_str" | "extend" | "append"
                        );
                        let read = if RETURNING_MUTATORS.contains(&method) {
                            self.read_guard(guard, span)
                        } else {
                            Dep { obj, step, span }
                        };
                        self.subject = Some(self.model.guards[guard.index()].subject.clone());
                        self.emit(
                            EventKind::Write {
                                obj,
                                step,
                                how: if conditional {
                                    WriteHow::CompareExchange
                                } else if append {
                                    WriteHow::GuardAppend
                                } else {
                                    WriteHow::Guard
                                },
                                deps,
                                ordering: None,
                            },
                            span,
                        );
                        val.deps.push(read);
                    } else {
                        let read = self.read_guard(guard, span);
                        val.deps.push(read);
                    }
                    // A reference into the guarded data keeps the same guard for assignments.
                    if matches!(
                        method,
                        "get_mut"
                            | "entry"
                            | "or_insert"
                            | "or_default"
                            | "last_mut"
                            | "first_mut"
                            | "iter_mut"
                    ) {
                        val.guard = Some(guard);
                    }
                    return Some(val);
                }
            }
        }
        None
    }

    /// `lock()`, `read()` and `write()`: a new guard, live until its temporary or binding ends.
    pub(super) fn lock_method(
        &mut self,
        m: &MethodCall<'_>,
        recv: &Val,
        kind: Option<ObjKind>,
    ) -> Option<Val> {
        let method = m.method;
        let method_span = m.method_span;
        let span = m.span;
        let nargs = m.nargs;
        let call = m.call;
        // Locks.
        if nargs == 0 && matches!(method, "lock" | "read" | "write") {
            let mode = match method {
                "lock" => LockMode::Exclusive,
                "read" => LockMode::Read,
                _ => LockMode::Write,
            };
            // A reentrant lock is a lock (for `lock_order`, for waits while
            // holding it) that its holder may take again (no `double_lock`).
            let reentrant = recv
                .ty
                .as_deref()
                .is_some_and(|t| REENTRANT_LOCKS.contains(&t));
            let lockable = match kind {
                Some(ObjKind::Mutex) => mode == LockMode::Exclusive,
                Some(ObjKind::RwLock) => mode != LockMode::Exclusive,
                // A value of a known type that is no `Mutex`: its own `lock`.
                Some(ObjKind::Unknown) => {
                    mode == LockMode::Exclusive && (recv.ty.is_none() || reentrant)
                }
                None => {
                    mode == LockMode::Exclusive && !recv.scope && (recv.ty.is_none() || reentrant)
                }
                _ => false,
            };
            if lockable {
                let obj = match recv.obj {
                    Some(obj) => obj,
                    None => self.text_object(&call.receiver, ObjKind::Mutex),
                };
                self.model.objects[obj.index()].reentrant |= reentrant;
                if self.model.objects[obj.index()].kind == ObjKind::Unknown {
                    self.model.objects[obj.index()].kind = if mode == LockMode::Exclusive {
                        ObjKind::Mutex
                    } else {
                        ObjKind::RwLock
                    };
                }
                let subject = self.subject_of(&call.receiver, obj);
                let lock_span = Span {
                    lo: method_span.lo,
                    hi: span.hi,
                    file: span.file,
                };
                return Some(self.acquire(obj, mode, subject, lock_span));
            }
        }
        None
    }

    /// A new guard on `obj`, live until its temporary or binding ends.
    pub(super) fn acquire(
        &mut self,
        obj: ObjId,
        mode: LockMode,
        subject: String,
        span: Span,
    ) -> Val {
        let guard = GuardId(self.model.guards.len() as u32);
        let step = self.step();
        self.subject = Some(subject.clone());
        self.model.guards.push(Guard {
            subject,
            obj,
            mode,
            span,
            binding: None,
            scrutinee_of: None,
            step,
        });
        self.emit(EventKind::Lock { obj, guard, mode }, span);
        self.temps.push(guard);
        Val {
            obj: Some(obj),
            guard: Some(guard),
            ..Val::default()
        }
    }

    /// A condition variable's `wait*` given a guard: the lock is released while it waits.
    pub(super) fn condvar_wait_method(&mut self, m: &MethodCall<'_>) -> Option<Val> {
        let method = m.method;
        let span = m.span;
        let nargs = m.nargs;
        let call = m.call;
        if nargs >= 1 && CONDVAR_WAITS.contains(&method) {
            let first = self.walk_expr(&call.args[0]);
            if let Some(guard) = first.guard {
                let obj = self.model.guards[guard.index()].obj;
                // The lock the condition variable releases while it waits; the
                // predicate is checked after the wait.
                self.emit(
                    EventKind::Wait {
                        obj: Some(obj),
                        how: WaitHow::Condvar,
                    },
                    span,
                );
                for arg in call.args.iter().skip(1) {
                    self.walk_expr(arg);
                }
                return Some(Val {
                    guard: Some(guard),
                    obj: Some(obj),
                    ..Val::default()
                });
            }
            for arg in call.args.iter().skip(1) {
                self.walk_expr(arg);
            }
            return Some(Val::default());
        }
        None
    }

    /// The other waits: a `Condvar` wait on a guard not seen before, and `Barrier::wait`.
    pub(super) fn wait_method(
        &mut self,
        m: &MethodCall<'_>,
        recv: &Val,
        kind: Option<ObjKind>,
        args: &[Val],
    ) -> Option<Val> {
        let method = m.method;
        let span = m.span;
        let nargs = m.nargs;
        // Condvar and Barrier waits.
        if CONDVAR_WAITS.contains(&method) {
            if nargs >= 1 {
                let guard = args.first().and_then(|a| a.guard);
                let obj = guard.map(|g| self.model.guards[g.index()].obj);
                // The lock the condition variable releases while it waits.
                self.emit(
                    EventKind::Wait {
                        obj: obj.or(recv.obj),
                        how: WaitHow::Condvar,
                    },
                    span,
                );
                return Some(Val {
                    guard,
                    obj,
                    ..Val::default()
                });
            }
            if nargs == 0 && matches!(kind, Some(ObjKind::Barrier) | Some(ObjKind::Unknown)) {
                self.emit(
                    EventKind::Wait {
                        obj: recv.obj,
                        how: WaitHow::Barrier,
                    },
                    span,
                );
                return Some(Val::default());
            }
        }
        None
    }
}
