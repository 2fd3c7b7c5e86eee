//! How many threads a demo starts, when the code says so plainly: loom
//! models at most 4 threads besides `main`.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Expr, ExprLit, ExprRange, Lit, RangeLimits};

/// The most threads loom models besides `main`.
const MAX_SPAWNED: u64 = 4;

/// How many times a literal range runs: `0..5` is 5, `1..=4` is 4.
fn range_len(expr: &Expr) -> Option<u64> {
    let Expr::Range(ExprRange {
        start, end, limits, ..
    }) = expr
    else {
        return match expr {
            Expr::Paren(paren) => range_len(&paren.expr),
            _ => None,
        };
    };
    let literal = |e: &Option<Box<Expr>>| -> Option<u64> {
        match e.as_deref() {
            None => Some(0),
            Some(Expr::Lit(ExprLit {
                lit: Lit::Int(n), ..
            })) => n.base10_parse().ok(),
            _ => None,
        }
    };
    let start = literal(start)?;
    end.as_ref()?;
    let end = literal(end)?;
    let len = match limits {
        RangeLimits::HalfOpen(_) => end.saturating_sub(start),
        RangeLimits::Closed(_) => (end + 1).saturating_sub(start),
    };
    Some(len)
}

/// The literal range at the root of a method chain like
/// `(0..5).into_iter().map(..)`.
fn chain_root_len(mut expr: &Expr) -> Option<u64> {
    loop {
        match expr {
            Expr::MethodCall(call) => expr = &call.receiver,
            other => return range_len(other),
        }
    }
}

struct SpawnCounter {
    multiplier: u64,
    total: u64,
    /// Where the count went past the limit: the loop or the call.
    first_excess: Option<(Span, u64)>,
    loop_span: Option<Span>,
}

impl<'ast> Visit<'ast> for SpawnCounter {
    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let Expr::Path(path) = &*call.func {
            let segments: Vec<String> = path
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            if segments == ["racelint_demo", "thread", "spawn"] {
                self.total += self.multiplier;
                if self.total > MAX_SPAWNED && self.first_excess.is_none() {
                    let span = self.loop_span.unwrap_or_else(|| call.span());
                    self.first_excess = Some((span, self.total));
                }
            }
        }
        visit::visit_expr_call(self, call);
    }

    fn visit_expr_for_loop(&mut self, for_loop: &'ast syn::ExprForLoop) {
        self.visit_expr(&for_loop.expr);
        let times = range_len(&for_loop.expr).unwrap_or(1);
        self.with_multiplier(times, for_loop.expr.span(), |this| {
            this.visit_block(&for_loop.body)
        });
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        self.visit_expr(&call.receiver);
        let times = chain_root_len(&call.receiver).unwrap_or(1);
        let span = call.receiver.span();
        self.with_multiplier(times, span, |this| {
            for arg in &call.args {
                this.visit_expr(arg);
            }
        });
    }
}

impl SpawnCounter {
    fn with_multiplier(&mut self, times: u64, span: Span, f: impl FnOnce(&mut Self)) {
        let (multiplier, loop_span) = (self.multiplier, self.loop_span);
        if times != 1 {
            self.multiplier = multiplier.saturating_mul(times);
            self.loop_span = Some(loop_span.unwrap_or(span));
        }
        f(self);
        self.multiplier = multiplier;
        self.loop_span = loop_span;
    }
}

/// An error if the demo visibly starts more threads than loom can model.
pub fn check_thread_count(body: &syn::Block) -> Option<syn::Error> {
    let mut counter = SpawnCounter {
        multiplier: 1,
        total: 0,
        first_excess: None,
        loop_span: None,
    };
    counter.visit_block(body);
    let (span, total) = counter.first_excess?;
    Some(syn::Error::new(
        span,
        format!(
            "this demo starts {total} threads, but loom models at most {MAX_SPAWNED} besides \
             main: use fewer threads (two already show every race)"
        ),
    ))
}
