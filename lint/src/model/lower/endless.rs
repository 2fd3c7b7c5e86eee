//! Functions that never return past a point: a top-level `loop` that nothing
//! leaves (no `break` to it, no `return`, `?` or `exit` in it), or a `for`
//! over `incoming()` of a `TcpListener` / `UnixListener` bound in the same
//! function (an iterator that never ends) that nothing leaves either.

use super::*;

impl<'a> Builder<'a> {
    /// Records the first statement of `block` that never ends, with the
    /// early exits (`return`, `?`, `exit`) written before it.
    pub(super) fn note_endless(&mut self, block: &Block) {
        let mut listeners: Vec<String> = Vec::new();
        let mut exits: Vec<Span> = Vec::new();
        for stmt in &block.stmts {
            if let Stmt::Expr(expr, _) = stmt {
                if endless(expr, &listeners) {
                    let span = self.expr_span(expr);
                    self.model.endless.push((self.body, span, exits));
                    return;
                }
            }
            if let Stmt::Local(local) = stmt {
                if let (Pat::Ident(p), Some(init)) = (strip_type(&local.pat), &local.init) {
                    if binds_listener(&init.expr) {
                        listeners.push(p.ident.to_string());
                    }
                }
            }
            let mut finder = Exits::default();
            syn::visit::Visit::visit_stmt(&mut finder, stmt);
            exits.extend(finder.found.iter().map(|&s| self.span(s)));
        }
    }
}

fn strip_type(pat: &Pat) -> &Pat {
    match pat {
        Pat::Type(t) => strip_type(&t.pat),
        _ => pat,
    }
}

/// A statement that never finishes.
fn endless(expr: &Expr, listeners: &[String]) -> bool {
    match expr {
        Expr::Loop(l) => !leaves(&l.body, l.label.as_ref()),
        Expr::ForLoop(f) => {
            let over_incoming = matches!(strip_parens(&f.expr), Expr::MethodCall(m)
                if m.method == "incoming"
                    && m.args.is_empty()
                    && matches!(strip_parens(&m.receiver), Expr::Path(p)
                        if p.path.get_ident().is_some_and(|i| listeners.iter().any(|l| i == l))));
            over_incoming && !leaves(&f.body, f.label.as_ref())
        }
        _ => false,
    }
}

/// `TcpListener::bind(..)` or `UnixListener::bind(..)`, unwrapped or `?`'d.
fn binds_listener(expr: &Expr) -> bool {
    match strip_parens(expr) {
        Expr::Try(t) => binds_listener(&t.expr),
        Expr::MethodCall(m) if matches!(m.method.to_string().as_str(), "unwrap" | "expect") => {
            binds_listener(&m.receiver)
        }
        Expr::Call(c) => matches!(&*c.func, Expr::Path(p) if {
            let segs: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
            segs.len() >= 2
                && segs[segs.len() - 1] == "bind"
                && matches!(segs[segs.len() - 2].as_str(), "TcpListener" | "UnixListener")
        }),
        _ => false,
    }
}

/// Whether a loop body can leave the loop: a `break` to it, a `return`, a
/// `?`, an `exit`, or a macro the walk cannot see into that might hold one.
fn leaves(body: &Block, label: Option<&syn::Label>) -> bool {
    let mut finder = Exits {
        label: label.map(|l| l.name.ident.to_string()),
        ..Exits::default()
    };
    syn::visit::Visit::visit_block(&mut finder, body);
    !finder.found.is_empty() || finder.breaks
}

/// Early exits from the function (outside closures and nested items), and
/// breaks out of the loop being checked.
#[derive(Default)]
struct Exits {
    found: Vec<proc_macro2::Span>,
    /// The label of the loop being checked.
    label: Option<String>,
    /// How many loops deep inside it the visit is.
    depth: usize,
    breaks: bool,
}

impl<'a> syn::visit::Visit<'a> for Exits {
    fn visit_expr_return(&mut self, r: &'a syn::ExprReturn) {
        self.found.push(r.return_token.span);
    }
    fn visit_expr_try(&mut self, t: &'a syn::ExprTry) {
        self.found.push(t.question_token.span);
        syn::visit::visit_expr_try(self, t);
    }
    fn visit_expr_call(&mut self, c: &'a syn::ExprCall) {
        if matches!(&*c.func, Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "exit" || s.ident == "abort"))
        {
            self.found.push(c.paren_token.span.join());
        }
        syn::visit::visit_expr_call(self, c);
    }
    fn visit_expr_break(&mut self, b: &'a syn::ExprBreak) {
        match &b.label {
            Some(l) => self.breaks |= self.label.as_deref() == Some(&l.ident.to_string()),
            None => self.breaks |= self.depth == 0,
        }
        syn::visit::visit_expr_break(self, b);
    }
    fn visit_expr_loop(&mut self, l: &'a syn::ExprLoop) {
        self.depth += 1;
        syn::visit::visit_expr_loop(self, l);
        self.depth -= 1;
    }
    fn visit_expr_while(&mut self, w: &'a syn::ExprWhile) {
        self.depth += 1;
        syn::visit::visit_expr_while(self, w);
        self.depth -= 1;
    }
    fn visit_expr_for_loop(&mut self, f: &'a syn::ExprForLoop) {
        self.depth += 1;
        syn::visit::visit_expr_for_loop(self, f);
        self.depth -= 1;
    }
    fn visit_macro(&mut self, m: &'a syn::Macro) {
        // Formatting and assertion macros hold expressions, not exits; any
        // other macro (`select!`, a crate's own) may hide one.
        let known = m.path.segments.last().is_some_and(|s| {
            matches!(
                s.ident.to_string().as_str(),
                "println"
                    | "print"
                    | "eprintln"
                    | "eprint"
                    | "format"
                    | "write"
                    | "writeln"
                    | "assert"
                    | "assert_eq"
                    | "assert_ne"
                    | "debug_assert"
                    | "vec"
                    | "dbg"
                    | "panic"
                    | "unreachable"
                    | "todo"
                    | "unimplemented"
            )
        });
        if !known {
            self.found.push(m.path.segments[0].ident.span());
        }
    }
    fn visit_expr_closure(&mut self, _: &'a syn::ExprClosure) {}
    fn visit_expr_async(&mut self, _: &'a syn::ExprAsync) {}
    fn visit_item(&mut self, _: &'a syn::Item) {}
}
