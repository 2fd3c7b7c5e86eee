//! Methods of atomics: loads, stores and read-modify-writes, with their orderings.

use super::*;

impl<'a> Builder<'a> {
    /// A method of an atomic: loads, stores and read-modify-writes with their ordering.
    pub(super) fn atomic_method(
        &mut self,
        m: &MethodCall<'_>,
        recv: &Val,
        kind: Option<ObjKind>,
        args: &[Val],
        ordering: Option<Ordering>,
    ) -> Option<Val> {
        let method = m.method;
        let span = m.span;
        let call = m.call;
        // Atomics.
        let atomic = matches!(kind, Some(ObjKind::Atomic))
            || (ordering.is_some()
                && matches!(kind, Some(ObjKind::Unknown) | None)
                && is_atomic_method(method));
        if atomic && is_atomic_method(method) {
            let obj = match recv.obj {
                Some(obj) => obj,
                None => self.text_object(&call.receiver, ObjKind::Atomic),
            };
            if self.model.objects[obj.index()].kind == ObjKind::Unknown {
                self.model.objects[obj.index()].kind = ObjKind::Atomic;
            }
            let step = self.step();
            let subject = self.subject_of(&call.receiver, obj);
            match method {
                "load" => {
                    self.subject = Some(subject.clone());
                    self.emit(
                        EventKind::Read {
                            obj,
                            step,
                            how: ReadHow::AtomicLoad,
                            ordering,
                        },
                        span,
                    );
                    return Some(Val::deps(vec![Dep { obj, step, span }]));
                }
                "store" | "swap" => {
                    let deps = args.first().map(|a| a.deps.clone()).unwrap_or_default();
                    let how = if method == "store" {
                        WriteHow::Store
                    } else {
                        WriteHow::Swap
                    };
                    self.subject = Some(subject.clone());
                    let event = self.emit(
                        EventKind::Write {
                            obj,
                            step,
                            how,
                            deps,
                            ordering,
                        },
                        span,
                    );
                    if how == WriteHow::Store {
                        if let Some(value) = call.args.first() {
                            self.note_bool_store(event, value);
                        }
                        if let Some(text) = self.fetch_rewrite(call) {
                            self.set_fix(event, span, text, true);
                        }
                        // Storing releases a spin lock held on it.
                        self.spin_claims.retain(|&o| o != obj);
                    }
                    let mut val = Val::deps(vec![Dep { obj, step, span }]);
                    if how == WriteHow::Swap
                        && matches!(call.args.first(), Some(Expr::Lit(l)) if matches!(&l.lit, syn::Lit::Bool(b) if b.value))
                    {
                        // `swap(true, ..)` returns `false` to the one thread that set it.
                        val.claim = Some(Claim::WonIfFalse(Some(obj)));
                    }
                    return Some(val);
                }
                _ => {
                    self.subject = Some(subject.clone());
                    self.emit(
                        EventKind::Read {
                            obj,
                            step,
                            how: ReadHow::AtomicLoad,
                            ordering,
                        },
                        span,
                    );
                    self.subject = Some(subject.clone());
                    self.emit(
                        EventKind::Write {
                            obj,
                            step,
                            how: if matches!(
                                method,
                                "compare_exchange"
                                    | "compare_exchange_weak"
                                    | "compare_and_swap"
                                    | "fetch_update"
                            ) {
                                WriteHow::CompareExchange
                            } else {
                                WriteHow::ReadModifyWrite
                            },
                            deps: Vec::new(),
                            ordering,
                        },
                        span,
                    );
                    let mut val = Val::deps(vec![Dep { obj, step, span }]);
                    if matches!(method, "compare_exchange" | "compare_exchange_weak") {
                        // `Ok` goes to the one thread whose exchange took effect.
                        val.claim = Some(Claim::Cas(obj));
                        val.cas_expected = call.args.first().map(expr_text);
                    } else if method.starts_with("fetch_") && method != "fetch_update" {
                        val.claim = Some(Claim::RmwValue(obj));
                    }
                    return Some(val);
                }
            }
        }
        None
    }
}
