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
                // `it.next()` on `rx.iter()`: one message, like `recv`.
                "recv" | "recv_timeout" | "recv_deadline" | "next" => {
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

impl<'a> Builder<'a> {
    /// The receives emitted since event `mark` are asserted to find the
    /// channel closed (`assert!(rx.recv().is_err())`, `assert_eq!(it.next(),
    /// None)`): each returned only once every sender was dropped, so each
    /// waited for the senders to be done, like a drain.
    pub(super) fn receives_until_disconnected(&mut self, mark: usize) {
        for event in &mut self.model.bodies[self.body.index()].events[mark..] {
            if let EventKind::Wait {
                how: how @ WaitHow::Channel,
                ..
            } = &mut event.kind
            {
                *how = WaitHow::Drain;
            }
        }
    }
}

/// Whether argument `index` of the macro `name` asserts that a receive found
/// the channel closed: `assert!(X.is_err())`, `assert!(X.is_none())`,
/// `assert_eq!(X, None)` (either side), with `X` a `recv()` or `next()`.
pub(super) fn asserts_disconnected(name: &str, args: &[Expr], index: usize) -> bool {
    let receive = |e: &Expr| {
        matches!(strip_parens(e), Expr::MethodCall(m)
            if m.args.is_empty() && matches!(m.method.to_string().as_str(), "recv" | "next"))
    };
    let none = |e: &Expr| matches!(strip_parens(e), Expr::Path(p) if p.path.is_ident("None"));
    match name {
        "assert" | "debug_assert" if index == 0 => {
            matches!(strip_parens(&args[0]), Expr::MethodCall(m)
            if m.args.is_empty()
                && matches!(m.method.to_string().as_str(), "is_err" | "is_none")
                && receive(&m.receiver))
        }
        "assert_eq" | "debug_assert_eq" if index < 2 && args.len() >= 2 => {
            receive(&args[index]) && none(&args[1 - index])
        }
        _ => false,
    }
}
