//! Methods on join handles and what carries them: join results,
//! collections and iterators of handles.

use super::*;

impl<'a> Builder<'a> {
    /// A method on the result of a `join()`: `ok`, the `unwrap_or*` defaults, `is_ok`.
    pub(super) fn join_result_method(&mut self, m: &MethodCall<'_>, recv: &Val) -> Option<Val> {
        let method = m.method;
        let method_span = m.method_span;
        let span = m.span;
        let call = m.call;
        if let Some(event) = recv.join_event {
            match method {
                "ok" => {
                    return Some(Val {
                        join_event: Some(event),
                        join_ok: true,
                        ..Val::default()
                    });
                }
                "unwrap_or_default" | "unwrap_or" => {
                    self.walk_exprs(&call.args);
                    self.set_join_use(event, JoinResultUse::Defaulted);
                    // `.unwrap_or_default()` -> `.unwrap()`
                    let at = Span {
                        lo: method_span.lo,
                        ..span
                    };
                    self.set_fix(event, at, "unwrap()".into(), false);
                    return Some(Val::default());
                }
                "unwrap_or_else" => {
                    // `|_| panic!("..")` and `|e| resume_unwind(e)` pass the panic on.
                    let ignores_error = matches!(call.args.first(), Some(Expr::Closure(c)) if c.inputs.first().is_none_or(pat_ignores) && !always_diverges(&c.body));
                    self.walk_exprs(&call.args);
                    if ignores_error {
                        self.set_join_use(event, JoinResultUse::Defaulted);
                    }
                    return Some(Val::default());
                }
                "is_ok" | "is_err" => {
                    return Some(Val::default());
                }
                _ => {}
            }
        }
        None
    }

    /// `handles.push(thread::spawn(..))` on a collection not yet known to hold handles.
    pub(super) fn handle_push_method(
        &mut self,
        m: &MethodCall<'_>,
        recv: &Val,
        args: &[Val],
    ) -> Option<Val> {
        let method = m.method;
        let call = m.call;
        // `handles.push(thread::spawn(..))` on a `Vec` not yet known to hold handles.
        if recv.handle.is_none()
            && matches!(method, "push" | "push_back" | "insert" | "extend")
            && args.iter().any(|a| {
                matches!(
                    a.handle,
                    Some(
                        HandleVal::Fresh(_)
                            | HandleVal::FreshMany(_)
                            | HandleVal::Lazy(_)
                            | HandleVal::Place(_)
                    )
                )
            })
        {
            if let Expr::Path(p) = &*call.receiver {
                if let Some(ident) = p.path.get_ident() {
                    let name = ident.to_string();
                    if let Some(binding) = self.binding_mut(&name).cloned() {
                        let id = self.new_handle_at(&name, binding.decl, binding.ctx.clone());
                        if let Some(b) = self.binding_mut(&name) {
                            b.val.handle = Some(HandleVal::Place(id));
                        }
                        return Some(
                            self.handle_method(HandleVal::Place(id), method, call, args)
                                .unwrap_or_default(),
                        );
                    }
                }
            }
        }
        None
    }

    /// Methods on a value that carries handles.
    pub(super) fn handle_method(
        &mut self,
        handle: HandleVal,
        method: &str,
        call: &syn::ExprMethodCall,
        args: &[Val],
    ) -> Option<Val> {
        match (&handle, method) {
            (HandleVal::Place(h), "push" | "push_back" | "insert" | "extend") => {
                let h = *h;
                for arg in args {
                    match &arg.handle {
                        Some(HandleVal::Fresh(s))
                        | Some(HandleVal::FreshMany(s))
                        | Some(HandleVal::Lazy(s)) => {
                            self.add_to_handle(h, s.clone());
                        }
                        Some(HandleVal::Place(other)) => {
                            let spawns = self.model.handles[other.index()].spawns.clone();
                            self.model.handles[other.index()].escaped = true;
                            self.model.handles[other.index()].used = true;
                            self.add_to_handle(h, spawns);
                        }
                        _ => {}
                    }
                }
                Some(Val::default())
            }
            (HandleVal::Place(h) | HandleVal::Items(h), _)
                if PASS_THROUGH_ADAPTERS.contains(&method)
                    || matches!(
                        method,
                        "pop"
                            | "pop_front"
                            | "remove"
                            | "swap_remove"
                            | "enumerate"
                            | "zip"
                            | "filter"
                    ) =>
            {
                self.model.handles[h.index()].used = true;
                Some(Val {
                    handle: Some(HandleVal::Items(*h)),
                    ..Val::default()
                })
            }
            (
                HandleVal::Place(h) | HandleVal::Items(h),
                "map" | "for_each" | "filter_map" | "try_for_each" | "fold",
            ) => {
                let h = *h;
                self.model.handles[h.index()].used = true;
                // `.map(JoinHandle::join)` / `.map(thread::JoinHandle::join)`
                if let Some(Expr::Path(p)) = call.args.first() {
                    if p.path.segments.last().is_some_and(|s| s.ident == "join") {
                        let span = self.span_of(p);
                        return Some(self.join(
                            &Val {
                                handle: Some(HandleVal::Items(h)),
                                ..Val::default()
                            },
                            span,
                            span,
                        ));
                    }
                }
                None
            }
            (HandleVal::Lazy(s), m) if PASS_THROUGH_ADAPTERS.contains(&m) || m == "enumerate" => {
                Some(Val {
                    handle: Some(HandleVal::Lazy(s.clone())),
                    ..Val::default()
                })
            }
            (HandleVal::FreshMany(s), m) if PASS_THROUGH_ADAPTERS.contains(&m) => Some(Val {
                handle: Some(HandleVal::FreshMany(s.clone())),
                ..Val::default()
            }),
            (HandleVal::Lazy(s), "collect") => Some(Val {
                handle: Some(HandleVal::FreshMany(s.clone())),
                ..Val::default()
            }),
            (HandleVal::Lazy(s), "map" | "for_each") => {
                if let Some(Expr::Path(p)) = call.args.first() {
                    if p.path
                        .segments
                        .last()
                        .is_some_and(|seg| seg.ident == "join")
                    {
                        let span = self.span_of(p);
                        return Some(self.join(
                            &Val {
                                handle: Some(HandleVal::LazyItem(s.clone())),
                                ..Val::default()
                            },
                            span,
                            span,
                        ));
                    }
                }
                None
            }
            (_, "len" | "is_empty" | "is_finished" | "thread") => {
                self.mark_used(&Val {
                    handle: Some(handle.clone()),
                    ..Val::default()
                });
                Some(Val::default())
            }
            _ => None,
        }
    }

    pub(super) fn add_to_handle(&mut self, h: HandleId, spawns: Vec<SpawnId>) {
        for &spawn in &spawns {
            self.model.spawns[spawn.index()].fate = HandleFate::Kept(h);
        }
        let handle = &mut self.model.handles[h.index()];
        handle.place = HandlePlace::Collection;
        handle.spawns.extend(spawns);
    }
}
