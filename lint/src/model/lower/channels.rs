//! Methods of channel ends: `send`, `recv` and their variants.

use super::*;

impl<'a> Builder<'a> {
    /// A method of a channel end: sends write, receives wait.
    pub(super) fn channel_method(
        &mut self,
        m: &MethodCall<'_>,
        recv: &Val,
        kind: Option<ObjKind>,
        args: &[Val],
    ) -> Option<Val> {
        let method = m.method;
        let span = m.span;
        // Channels.
        if kind == Some(ObjKind::Channel) {
            let obj = recv.obj.unwrap_or(ObjId(0));
            match method {
                "send" | "try_send" => {
                    let step = self.step();
                    let deps = args.first().map(|a| a.deps.clone()).unwrap_or_default();
                    self.emit(
                        EventKind::Write {
                            obj,
                            step,
                            how: WriteHow::Send,
                            deps,
                            ordering: None,
                        },
                        span,
                    );
                    return Some(Val::default());
                }
                "recv" | "recv_timeout" | "recv_deadline" => {
                    self.emit(
                        EventKind::Wait {
                            obj: Some(obj),
                            how: WaitHow::Channel,
                        },
                        span,
                    );
                    return Some(Val::default());
                }
                "try_recv" | "try_iter" => {
                    let step = self.step();
                    self.emit(
                        EventKind::Read {
                            obj,
                            step,
                            how: ReadHow::TryRecv,
                            ordering: None,
                        },
                        span,
                    );
                    return Some(Val::deps(vec![Dep { obj, step, span }]));
                }
                "iter" | "into_iter" => return Some(Val::obj(obj)),
                "clone" => return Some(Val::obj(obj)),
                // `rx.iter().sum()`, `.collect()`: every message, until every sender is gone.
                "sum" | "product" | "collect" | "count" | "last" | "max" | "min" => {
                    self.emit(
                        EventKind::Wait {
                            obj: Some(obj),
                            how: WaitHow::Drain,
                        },
                        span,
                    );
                    return Some(Val::default());
                }
                // `rx.iter().take(n)`: `n` messages.
                "take" => {
                    let n = match m.call.args.first().map(strip_parens) {
                        Some(Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Int(i),
                            ..
                        })) => i.base10_parse::<u64>().ok(),
                        _ => None,
                    };
                    self.emit(
                        EventKind::Wait {
                            obj: Some(obj),
                            how: WaitHow::Take(n),
                        },
                        span,
                    );
                    return Some(Val::default());
                }
                _ => {}
            }
        }
        None
    }
}
