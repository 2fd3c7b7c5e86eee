//! Free syntax helpers: type and pattern shapes, first and last tokens of
//! an expression, place roots, and macro arguments. No builder state.

use super::*;

/// `+=`, `-=`, ...: in syn 2 these are binary operators.
pub(super) fn is_compound_assign(op: &syn::BinOp) -> bool {
    use syn::BinOp::*;
    matches!(
        op,
        AddAssign(_)
            | SubAssign(_)
            | MulAssign(_)
            | DivAssign(_)
            | RemAssign(_)
            | BitXorAssign(_)
            | BitAndAssign(_)
            | BitOrAssign(_)
            | ShlAssign(_)
            | ShrAssign(_)
    )
}

pub(super) fn parse_ordering(name: &str) -> Option<Ordering> {
    Some(match name {
        "Relaxed" => Ordering::Relaxed,
        "Release" => Ordering::Release,
        "Acquire" => Ordering::Acquire,
        "AcqRel" => Ordering::AcqRel,
        "SeqCst" => Ordering::SeqCst,
        _ => return None,
    })
}

pub(super) fn is_atomic_method(method: &str) -> bool {
    matches!(
        method,
        "load"
            | "store"
            | "swap"
            | "fetch_add"
            | "fetch_sub"
            | "fetch_and"
            | "fetch_or"
            | "fetch_xor"
            | "fetch_nand"
            | "fetch_max"
            | "fetch_min"
            | "fetch_update"
            | "compare_exchange"
            | "compare_exchange_weak"
            | "compare_and_swap"
    )
}

/// A field type that can be written through `&self`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Interior {
    UnsafeCell,
    Cell,
    RefCell,
    RawPtr,
}

pub(super) fn interior_kind(ty: &Type) -> Option<Interior> {
    match ty {
        Type::Ptr(_) => Some(Interior::RawPtr),
        Type::Path(p) => {
            let seg = p.path.segments.last()?;
            match seg.ident.to_string().as_str() {
                "UnsafeCell" | "SyncUnsafeCell" => Some(Interior::UnsafeCell),
                "Cell" => Some(Interior::Cell),
                "RefCell" => Some(Interior::RefCell),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The shared-object kind a type name stands for. `own` tells the crate's
/// own types: an `AtomicEpoch` the crate defines has methods of its own,
/// whatever its name says.
pub(super) fn kind_of_type_name(name: &str, own: &dyn Fn(&str) -> bool) -> Option<ObjKind> {
    Some(match name {
        n if n.starts_with("Atomic") && !own(n) => ObjKind::Atomic,
        "Mutex" | "FairMutex" => ObjKind::Mutex,
        "RwLock" => ObjKind::RwLock,
        "Condvar" => ObjKind::Condvar,
        "Barrier" => ObjKind::Barrier,
        "Sender" | "SyncSender" | "Receiver" => ObjKind::Channel,
        _ => return None,
    })
}

/// The shared-object kind of a type, looking through `Arc`, `&`, `Box`, ...
/// (`own` as for [`kind_of_type_name`]).
pub(super) fn type_kind(ty: &Type, own: &dyn Fn(&str) -> bool) -> Option<ObjKind> {
    match ty {
        Type::Reference(r) => type_kind(&r.elem, own),
        Type::Paren(p) => type_kind(&p.elem, own),
        Type::Group(g) => type_kind(&g.elem, own),
        Type::Path(p) => {
            let seg = p.path.segments.last()?;
            let name = seg.ident.to_string();
            if let Some(kind) = kind_of_type_name(&name, own) {
                return Some(kind);
            }
            if matches!(
                name.as_str(),
                "Arc" | "Rc" | "Box" | "LazyLock" | "Lazy" | "CachePadded"
            ) {
                if let syn::PathArguments::AngleBracketed(args) = &seg.arguments {
                    for arg in &args.args {
                        if let syn::GenericArgument::Type(inner) = arg {
                            return type_kind(inner, own).or(Some(ObjKind::Unknown));
                        }
                    }
                }
            }
            None
        }
        _ => None,
    }
}

/// `&T` or `Arc<T>` of a user type: possibly shared.
pub(super) fn is_shareable_type(ty: &Type) -> bool {
    match ty {
        Type::Reference(r) => {
            matches!(&*r.elem, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident.to_string().starts_with(|c: char| c.is_ascii_uppercase()) && !matches!(s.ident.to_string().as_str(), "String" | "Vec" | "HashMap" | "str" | "Path" | "PathBuf")))
        }
        Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == "Arc"),
        _ => false,
    }
}

pub(super) fn type_mentions(ty: &Type, name: &str) -> bool {
    fn walk(ts: TokenStream, name: &str) -> bool {
        ts.into_iter().any(|t| match t {
            proc_macro2::TokenTree::Ident(i) => i == name,
            proc_macro2::TokenTree::Group(g) => walk(g.stream(), name),
            _ => false,
        })
    }
    walk(ty.to_token_stream(), name)
}

pub(super) fn type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        Type::Reference(r) => type_name(&r.elem),
        _ => None,
    }
}

pub(super) fn pat_name(pat: &Pat) -> Option<String> {
    match pat {
        Pat::Ident(p) => Some(p.ident.to_string()),
        Pat::Type(p) => pat_name(&p.pat),
        Pat::Reference(p) => pat_name(&p.pat),
        _ => None,
    }
}

pub(super) fn is_wild(pat: &Pat) -> bool {
    match pat {
        Pat::Wild(_) => true,
        Pat::Type(p) => is_wild(&p.pat),
        _ => false,
    }
}

/// `_` or `_name`: the value is ignored.
pub(super) fn pat_ignores(pat: &Pat) -> bool {
    match pat {
        Pat::Wild(_) => true,
        Pat::Ident(p) => p.ident.to_string().starts_with('_'),
        Pat::Type(p) => pat_ignores(&p.pat),
        _ => false,
    }
}

pub(super) fn pat_is_ok(pat: &Pat) -> bool {
    matches!(pat, Pat::TupleStruct(p) if p.path.segments.last().is_some_and(|s| s.ident == "Ok"))
}

/// Whether the guard argument is passed by reference (`&guard`, `&mut *guard`).
pub(super) fn is_reference_arg(call: &syn::ExprCall, arg: &Val, args: &[Val]) -> bool {
    let Some(i) = args.iter().position(|a| a.guard == arg.guard) else {
        return false;
    };
    matches!(call.args.iter().nth(i), Some(Expr::Reference(_)))
}

/// Whether a loop body checks a real condition each time round: an atomic
/// load, `try_recv`, `is_finished`, `try_lock`.
/// How many items a literal range has: `0..4`, `1..=3`.
pub(super) fn literal_range_len(expr: &Expr) -> Option<u64> {
    let Expr::Range(r) = strip_parens(expr) else {
        return None;
    };
    let lit = |e: &Option<Box<Expr>>| match e.as_deref().map(strip_parens) {
        Some(Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        })) => i.base10_parse::<u64>().ok(),
        _ => None,
    };
    let (lo, hi) = (lit(&r.start)?, lit(&r.end)?);
    match r.limits {
        syn::RangeLimits::HalfOpen(_) => hi.checked_sub(lo),
        syn::RangeLimits::Closed(_) => hi.checked_sub(lo).map(|n| n + 1),
    }
}

/// A scope closure whose statements only spawn threads (and bind what they
/// borrow): `|s| { s.spawn(..); }`.
pub(super) fn only_spawns(body: &Expr) -> bool {
    let Expr::Block(b) = strip_parens(body) else {
        return matches!(strip_parens(body), Expr::MethodCall(m) if m.method == "spawn");
    };
    b.block.stmts.iter().all(|stmt| match stmt {
        Stmt::Expr(Expr::MethodCall(m), _) => m.method == "spawn",
        Stmt::Local(l) => l.init.as_ref().is_none_or(|init| {
            matches!(
                strip_parens(&init.expr),
                Expr::Reference(_) | Expr::Path(_) | Expr::MethodCall(_)
            ) && !matches!(strip_parens(&init.expr), Expr::MethodCall(m) if m.method != "clone" && m.method != "spawn")
        }),
        _ => false,
    })
}

/// A function that only builds a value: `Type::new`, `from`, `default`,
/// `with_capacity`, `from_millis`.
pub(super) fn is_constructor(name: &str) -> bool {
    matches!(name, "new" | "from" | "default" | "with_capacity")
        || name.starts_with("from_")
        || name.starts_with("new_")
}

/// An assertion that something has not happened: `!x`, `.is_err()`, `.is_none()`.
pub(super) fn asserts_absence(expr: &Expr) -> bool {
    match strip_parens(expr) {
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Not(_),
            ..
        }) => true,
        Expr::MethodCall(m) => matches!(m.method.to_string().as_str(), "is_err" | "is_none"),
        _ => false,
    }
}

/// The block ends the enclosing loop: `{ break; }`.
pub(super) fn ends_in_break(block: &Block) -> bool {
    matches!(block.stmts.last(), Some(Stmt::Expr(e, _)) if matches!(strip_parens(e), Expr::Break(_)))
}

/// A loop body with a top-level `if .. { break }`: it runs until a check passes.
pub(super) fn breaks_on_check(body: &Block) -> bool {
    body.stmts.iter().any(|stmt| {
        matches!(stmt, Stmt::Expr(Expr::If(i), _) if i.else_branch.is_none() && ends_in_break(&i.then_branch))
    })
}

/// Whether the expression calls a method of this name (outside closures).
pub(super) fn calls_method(expr: &Expr, name: &str) -> bool {
    struct Finder<'n>(&'n str, bool);
    impl<'a> syn::visit::Visit<'a> for Finder<'_> {
        fn visit_expr_method_call(&mut self, m: &'a syn::ExprMethodCall) {
            if m.method == self.0 {
                self.1 = true;
            }
            syn::visit::visit_expr_method_call(self, m);
        }
        fn visit_expr_closure(&mut self, _: &'a syn::ExprClosure) {}
    }
    let mut finder = Finder(name, false);
    syn::visit::Visit::visit_expr(&mut finder, expr);
    finder.1
}

/// A closure (or function body) that panics, or otherwise never returns, on
/// every path: `|| panic!(..)`, `{ ..; panic!(..) }`, `|e| resume_unwind(e)`.
pub(super) fn always_diverges(expr: &Expr) -> bool {
    match strip_parens(expr) {
        Expr::Block(b) => block_diverges(&b.block),
        Expr::Unsafe(u) => block_diverges(&u.block),
        Expr::Macro(m) => is_panic_macro(&m.mac),
        Expr::Call(c) => {
            matches!(&*c.func, Expr::Path(p) if p.path.segments.last().is_some_and(|s| matches!(s.ident.to_string().as_str(), "resume_unwind" | "panic_any" | "exit" | "abort")))
        }
        _ => false,
    }
}

pub(super) fn block_diverges(block: &Block) -> bool {
    block.stmts.iter().any(|stmt| match stmt {
        Stmt::Expr(e, _) => always_diverges(e),
        Stmt::Macro(m) => is_panic_macro(&m.mac),
        _ => false,
    })
}

fn is_panic_macro(mac: &syn::Macro) -> bool {
    mac.path.segments.last().is_some_and(|s| {
        matches!(
            s.ident.to_string().as_str(),
            "panic" | "unreachable" | "todo" | "unimplemented"
        )
    })
}

pub(super) fn is_polling_body(body: &Block) -> bool {
    struct Finder(bool);
    impl<'a> syn::visit::Visit<'a> for Finder {
        fn visit_expr_method_call(&mut self, m: &'a syn::ExprMethodCall) {
            if matches!(
                m.method.to_string().as_str(),
                "load" | "try_recv" | "is_finished" | "try_lock" | "recv_timeout"
            ) {
                self.0 = true;
            }
            syn::visit::visit_expr_method_call(self, m);
        }
        fn visit_expr_closure(&mut self, _: &'a syn::ExprClosure) {}
    }
    let mut finder = Finder(false);
    syn::visit::Visit::visit_block(&mut finder, body);
    finder.0
}

/// The guard argument of a `Condvar::wait` call inside a loop body.
pub(super) fn condvar_wait_arg(body: &Block) -> Option<&Expr> {
    struct Finder<'a>(Option<&'a Expr>);
    impl<'a> syn::visit::Visit<'a> for Finder<'a> {
        fn visit_expr_method_call(&mut self, m: &'a syn::ExprMethodCall) {
            if self.0.is_none()
                && matches!(
                    m.method.to_string().as_str(),
                    "wait" | "wait_timeout" | "wait_while" | "wait_for" | "wait_until"
                )
                && !m.args.is_empty()
            {
                // `cvar.wait(guard)`, or parking_lot's `cvar.wait(&mut guard)`.
                self.0 = m.args.first().map(|a| match a {
                    Expr::Reference(r) => &*r.expr,
                    other => other,
                });
            }
            syn::visit::visit_expr_method_call(self, m);
        }
        fn visit_expr_closure(&mut self, _: &'a syn::ExprClosure) {}
    }
    let mut finder = Finder(None);
    syn::visit::Visit::visit_block(&mut finder, body);
    finder.0
}

/// Whether a block always leaves the enclosing code (`return`, `break`, `continue`, a panic).
pub(super) fn diverges(block: &Block) -> bool {
    match block.stmts.last() {
        Some(Stmt::Expr(e, _)) => {
            matches!(
                strip_parens(e),
                Expr::Return(_) | Expr::Break(_) | Expr::Continue(_)
            ) || matches!(e, Expr::Macro(m) if m.mac.path.segments.last().is_some_and(|s| matches!(s.ident.to_string().as_str(), "panic" | "unreachable" | "todo" | "unimplemented")))
        }
        Some(Stmt::Macro(m)) => m.mac.path.segments.last().is_some_and(|s| {
            matches!(
                s.ident.to_string().as_str(),
                "panic" | "unreachable" | "todo" | "unimplemented"
            )
        }),
        _ => false,
    }
}

pub(super) fn delim_close(delimiter: &syn::MacroDelimiter) -> proc_macro2::Span {
    match delimiter {
        syn::MacroDelimiter::Paren(p) => p.span.close(),
        syn::MacroDelimiter::Brace(b) => b.span.close(),
        syn::MacroDelimiter::Bracket(b) => b.span.close(),
    }
}

/// The first token of an expression, following the left edge of the tree.
pub(super) fn first_token(expr: &Expr) -> Option<proc_macro2::Span> {
    use syn::spanned::Spanned as _;
    Some(match expr {
        Expr::Array(e) => e.bracket_token.span.open(),
        Expr::Assign(e) => return first_token(&e.left),
        Expr::Async(e) => e.async_token.span,
        Expr::Await(e) => return first_token(&e.base),
        Expr::Binary(e) => return first_token(&e.left),
        Expr::Block(e) => match &e.label {
            Some(label) => label.name.apostrophe,
            None => e.block.brace_token.span.open(),
        },
        Expr::Break(e) => e.break_token.span,
        Expr::Call(e) => return first_token(&e.func),
        Expr::Cast(e) => return first_token(&e.expr),
        Expr::Closure(e) => match (&e.capture, &e.asyncness) {
            (_, Some(a)) => a.span,
            (Some(m), None) => m.span,
            (None, None) => e.or1_token.span,
        },
        Expr::Const(e) => e.const_token.span,
        Expr::Continue(e) => e.continue_token.span,
        Expr::Field(e) => return first_token(&e.base),
        Expr::ForLoop(e) => match &e.label {
            Some(label) => label.name.apostrophe,
            None => e.for_token.span,
        },
        Expr::Group(e) => return first_token(&e.expr),
        Expr::If(e) => e.if_token.span,
        Expr::Index(e) => return first_token(&e.expr),
        Expr::Infer(e) => e.underscore_token.span,
        Expr::Let(e) => e.let_token.span,
        Expr::Lit(e) => e.lit.span(),
        Expr::Loop(e) => match &e.label {
            Some(label) => label.name.apostrophe,
            None => e.loop_token.span,
        },
        Expr::Macro(e) => e.mac.path.segments.first()?.ident.span(),
        Expr::Match(e) => e.match_token.span,
        Expr::MethodCall(e) => return first_token(&e.receiver),
        Expr::Paren(e) => e.paren_token.span.open(),
        Expr::Path(e) => match (&e.qself, &e.path.leading_colon) {
            (Some(q), _) => q.lt_token.span,
            (None, Some(c)) => c.spans[0],
            (None, None) => e.path.segments.first()?.ident.span(),
        },
        Expr::Range(e) => match &e.start {
            Some(start) => return first_token(start),
            None => e.limits.span(),
        },
        Expr::RawAddr(e) => e.and_token.span,
        Expr::Reference(e) => e.and_token.span,
        Expr::Repeat(e) => e.bracket_token.span.open(),
        Expr::Return(e) => e.return_token.span,
        Expr::Struct(e) => e.path.segments.first()?.ident.span(),
        Expr::Try(e) => return first_token(&e.expr),
        Expr::TryBlock(e) => e.try_token.span,
        Expr::Tuple(e) => e.paren_token.span.open(),
        Expr::Unary(e) => e.op.span(),
        Expr::Unsafe(e) => e.unsafe_token.span,
        Expr::While(e) => match &e.label {
            Some(label) => label.name.apostrophe,
            None => e.while_token.span,
        },
        Expr::Yield(e) => e.yield_token.span,
        _ => return None,
    })
}

/// The last token of an expression, following the right edge of the tree.
pub(super) fn last_token(expr: &Expr) -> Option<proc_macro2::Span> {
    use syn::spanned::Spanned as _;
    Some(match expr {
        Expr::Array(e) => e.bracket_token.span.close(),
        Expr::Assign(e) => return last_token(&e.right),
        Expr::Async(e) => e.block.brace_token.span.close(),
        Expr::Await(e) => e.await_token.span,
        Expr::Binary(e) => return last_token(&e.right),
        Expr::Block(e) => e.block.brace_token.span.close(),
        Expr::Break(e) => match (&e.expr, &e.label) {
            (Some(value), _) => return last_token(value),
            (None, Some(label)) => label.ident.span(),
            (None, None) => e.break_token.span,
        },
        Expr::Call(e) => e.paren_token.span.close(),
        Expr::Cast(e) => e.ty.span(),
        Expr::Closure(e) => return last_token(&e.body),
        Expr::Const(e) => e.block.brace_token.span.close(),
        Expr::Continue(e) => match &e.label {
            Some(label) => label.ident.span(),
            None => e.continue_token.span,
        },
        Expr::Field(e) => e.member.span(),
        Expr::ForLoop(e) => e.body.brace_token.span.close(),
        Expr::Group(e) => return last_token(&e.expr),
        Expr::If(e) => match &e.else_branch {
            Some((_, other)) => return last_token(other),
            None => e.then_branch.brace_token.span.close(),
        },
        Expr::Index(e) => e.bracket_token.span.close(),
        Expr::Infer(e) => e.underscore_token.span,
        Expr::Let(e) => return last_token(&e.expr),
        Expr::Lit(e) => e.lit.span(),
        Expr::Loop(e) => e.body.brace_token.span.close(),
        Expr::Macro(e) => delim_close(&e.mac.delimiter),
        Expr::Match(e) => e.brace_token.span.close(),
        Expr::MethodCall(e) => e.paren_token.span.close(),
        Expr::Paren(e) => e.paren_token.span.close(),
        Expr::Path(e) => {
            let last = e.path.segments.last()?;
            match &last.arguments {
                syn::PathArguments::AngleBracketed(a) => a.gt_token.span,
                _ => last.ident.span(),
            }
        }
        Expr::Range(e) => match &e.end {
            Some(end) => return last_token(end),
            None => e.limits.span(),
        },
        Expr::RawAddr(e) => return last_token(&e.expr),
        Expr::Reference(e) => return last_token(&e.expr),
        Expr::Repeat(e) => e.bracket_token.span.close(),
        Expr::Return(e) => match &e.expr {
            Some(value) => return last_token(value),
            None => e.return_token.span,
        },
        Expr::Struct(e) => e.brace_token.span.close(),
        Expr::Try(e) => e.question_token.span,
        Expr::TryBlock(e) => e.block.brace_token.span.close(),
        Expr::Tuple(e) => e.paren_token.span.close(),
        Expr::Unary(e) => return last_token(&e.expr),
        Expr::Unsafe(e) => e.block.brace_token.span.close(),
        Expr::While(e) => e.body.brace_token.span.close(),
        Expr::Yield(e) => match &e.expr {
            Some(value) => return last_token(value),
            None => e.yield_token.span,
        },
        _ => return None,
    })
}

pub(super) fn strip_parens(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(p) => strip_parens(&p.expr),
        Expr::Group(g) => strip_parens(&g.expr),
        other => other,
    }
}

/// The field right after the root of a place: `items` in `state.items[0] = x`.
pub(super) fn first_field(place: &Expr) -> Option<String> {
    let mut e = place;
    let mut last = None;
    loop {
        match e {
            Expr::Field(f) => {
                if let syn::Member::Named(n) = &f.member {
                    last = Some(n.to_string());
                }
                e = &f.base;
            }
            Expr::Index(i) => e = &i.expr,
            Expr::Unary(u) => e = &u.expr,
            Expr::Paren(p) => e = &p.expr,
            Expr::MethodCall(m) => {
                last = None;
                e = &m.receiver;
            }
            _ => return last,
        }
    }
}

/// The innermost expression of a place: `x` in `*x.a[i].b`.
/// The receiver of the `unwrap()` / `expect(..)` a place is reached
/// through, if any (`held` in `held.unwrap().balance`): the value moves out
/// of it.
pub(super) fn unwrapped_in_place(expr: &Expr) -> Option<&Expr> {
    match expr {
        Expr::Field(f) => unwrapped_in_place(&f.base),
        Expr::Index(i) => unwrapped_in_place(&i.expr),
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => unwrapped_in_place(&u.expr),
        Expr::Paren(p) => unwrapped_in_place(&p.expr),
        Expr::MethodCall(m) if matches!(m.method.to_string().as_str(), "unwrap" | "expect") => {
            Some(&m.receiver)
        }
        Expr::MethodCall(m) => unwrapped_in_place(&m.receiver),
        _ => None,
    }
}

/// An expression without parentheses and `as` casts around it.
pub(super) fn strip_casts(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(p) => strip_casts(&p.expr),
        Expr::Group(g) => strip_casts(&g.expr),
        Expr::Cast(c) => strip_casts(&c.expr),
        other => other,
    }
}

pub(super) fn place_root(expr: &Expr) -> &Expr {
    match expr {
        Expr::Field(f) => place_root(&f.base),
        Expr::Index(i) => place_root(&i.expr),
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => place_root(&u.expr),
        Expr::Paren(p) => place_root(&p.expr),
        Expr::MethodCall(m)
            if matches!(
                m.method.to_string().as_str(),
                "get_mut"
                    | "entry"
                    | "or_insert"
                    | "or_default"
                    | "or_insert_with"
                    | "unwrap"
                    | "expect"
                    | "last_mut"
                    | "first_mut"
                    | "as_mut"
                    | "deref_mut"
            ) =>
        {
            place_root(&m.receiver)
        }
        other => other,
    }
}

pub(super) fn contains_atomic_load(expr: &Expr) -> bool {
    find_atomic_load_receiver(expr).is_some()
}

pub(super) fn find_atomic_load_receiver(expr: &Expr) -> Option<&Expr> {
    match expr {
        Expr::MethodCall(m) if m.method == "load" && m.args.len() == 1 => Some(&m.receiver),
        Expr::MethodCall(m) => find_atomic_load_receiver(&m.receiver),
        Expr::Unary(u) => find_atomic_load_receiver(&u.expr),
        Expr::Binary(b) => {
            find_atomic_load_receiver(&b.left).or_else(|| find_atomic_load_receiver(&b.right))
        }
        Expr::Paren(p) => find_atomic_load_receiver(&p.expr),
        _ => None,
    }
}

/// Text of an expression without spaces, to name objects reached through
/// expressions racelint does not follow (`data[i]`).
pub(super) fn expr_text(expr: &Expr) -> String {
    expr.to_token_stream().to_string().replace(' ', "")
}

/// Arguments of a macro whose arguments are expressions (`println!`, `vec!`, `assert!`, ...).
pub(super) fn parse_macro_args(name: &str, tokens: TokenStream) -> Vec<Expr> {
    use syn::parse::Parser;
    const EXPR_MACROS: &[&str] = &[
        "println",
        "print",
        "eprintln",
        "eprint",
        "format",
        "write",
        "writeln",
        "panic",
        "assert",
        "assert_eq",
        "assert_ne",
        "debug_assert",
        "debug_assert_eq",
        "debug_assert_ne",
        "dbg",
        "vec",
        "format_args",
        "todo",
        "unreachable",
        "unimplemented",
        "info",
        "debug",
        "warn",
        "error",
        "trace",
    ];
    let parser = Punctuated::<Expr, syn::Token![,]>::parse_terminated;
    if !EXPR_MACROS.contains(&name) {
        // A macro of its own (`assert_ok!(h.join())`): what it does is
        // unknown, but a `join` written in it still joins.
        return match parser.parse2(tokens) {
            Ok(args) if args.iter().any(|a| calls_method(a, "join")) => args.into_iter().collect(),
            _ => Vec::new(),
        };
    }
    match parser.parse2(tokens.clone()) {
        Ok(args) => args.into_iter().collect(),
        Err(_) => {
            // `vec![x; n]`
            let parser = |input: syn::parse::ParseStream| {
                let e: Expr = input.parse()?;
                let _: syn::Token![;] = input.parse()?;
                let n: Expr = input.parse()?;
                Ok(vec![e, n])
            };
            parser.parse2(tokens).unwrap_or_default()
        }
    }
}

/// The names declared by `thread_local! { static NAME: T = ..; }`.
pub(super) fn thread_local_names(tokens: &TokenStream) -> Vec<String> {
    let mut names = Vec::new();
    let mut after_static = false;
    for token in tokens.clone() {
        match token {
            proc_macro2::TokenTree::Ident(i) if i == "static" => after_static = true,
            proc_macro2::TokenTree::Ident(i) if after_static && i != "mut" => {
                after_static = false;
                names.push(i.to_string());
            }
            _ => {}
        }
    }
    names
}

/// The name of the type a field holds, seen through `&`, `Arc`, `Rc` and
/// `Box`: `Ledger` for `Arc<Ledger>`.
pub(super) fn held_type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Reference(r) => held_type_name(&r.elem),
        Type::Paren(p) => held_type_name(&p.elem),
        Type::Path(p) => {
            let seg = p.path.segments.last()?;
            let name = seg.ident.to_string();
            if matches!(name.as_str(), "Arc" | "Rc" | "Box" | "CachePadded") {
                if let syn::PathArguments::AngleBracketed(args) = &seg.arguments {
                    if let Some(syn::GenericArgument::Type(inner)) = args.args.first() {
                        return held_type_name(inner);
                    }
                }
            }
            Some(name)
        }
        _ => None,
    }
}

/// A pattern that matches one constant value: a literal, or a path such as
/// `WAITING` or `State::Idle` (not `_`, not a binding).
pub(super) fn is_constant_pattern(pat: &Pat) -> bool {
    match pat {
        Pat::Lit(_) | Pat::Path(_) => true,
        Pat::Ident(p) => {
            p.subpat.is_none()
                && p.ident
                    .to_string()
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        }
        _ => false,
    }
}

/// The condition of a `#[cfg(..)]` attribute, as text without spaces.
pub(super) fn cfg_condition(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|attr| match &attr.meta {
        syn::Meta::List(list) if list.path.is_ident("cfg") => {
            Some(list.tokens.to_string().replace(' ', ""))
        }
        _ => None,
    })
}

/// The `#[cfg(..)]` condition of a statement.
pub(super) fn stmt_cfg(stmt: &Stmt) -> Option<String> {
    match stmt {
        Stmt::Local(l) => cfg_condition(&l.attrs),
        Stmt::Macro(m) => cfg_condition(&m.attrs),
        Stmt::Item(_) => None,
        Stmt::Expr(e, _) => match e {
            Expr::Call(c) => cfg_condition(&c.attrs),
            Expr::MethodCall(m) => cfg_condition(&m.attrs),
            Expr::Assign(a) => cfg_condition(&a.attrs),
            Expr::Block(b) => cfg_condition(&b.attrs),
            Expr::If(i) => cfg_condition(&i.attrs),
            Expr::Match(m) => cfg_condition(&m.attrs),
            _ => None,
        },
    }
}

/// A condition false on every target that has threads and atomics: code
/// for targets without atomics (`not(target_has_atomic = "ptr")`), which
/// is written for one core.
pub(super) fn cfg_never(condition: &str) -> bool {
    condition.starts_with("not(target_has_atomic")
}

/// The attributes of an item.
pub(super) fn item_attrs(item: &syn::Item) -> Option<&[syn::Attribute]> {
    Some(match item {
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        _ => return None,
    })
}
