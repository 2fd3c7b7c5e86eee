//! Expressions: the dispatch over every expression kind, borrows, paths,
//! closures and macros (`println!`, `assert!`, `vec!`, ...).

use super::*;

impl<'a> Builder<'a> {
    pub(super) fn walk_exprs<'e>(&mut self, exprs: impl IntoIterator<Item = &'e Expr>) -> Vec<Val> {
        exprs.into_iter().map(|e| self.walk_expr(e)).collect()
    }

    pub(super) fn walk_expr(&mut self, expr: &Expr) -> Val {
        match expr {
            Expr::Path(p) => self.walk_path(p),
            Expr::Call(call) => self.walk_call(call),
            Expr::MethodCall(call) => self.walk_method_call(call),
            Expr::Field(f) => {
                let base = self.walk_expr(&f.base);
                let name = match &f.member {
                    syn::Member::Named(ident) => ident.to_string(),
                    syn::Member::Unnamed(index) => index.index.to_string(),
                };
                let mut val = Val::deps(base.deps.clone());
                val.std_handle = self.handle_fields.contains(&name);
                // The field's declared type, when it is one of the crate's: its
                // methods are the ones `self.ledger.total()` calls.
                val.ty = base
                    .ty
                    .as_ref()
                    .and_then(|t| self.field_types.get(&(t.clone(), name.clone())))
                    .filter(|t| self.struct_names.contains(*t))
                    .cloned();
                if let Some(guard) = base.guard {
                    let dep = self.read_guard_part(guard, Some(&name), self.expr_span(expr));
                    val.deps.push(dep);
                } else if let Some(obj) = base.obj {
                    let field = self.field_object(obj, &name, self.span_of(&f.member));
                    val.obj = Some(field);
                    if let Some(items) = &base.tuple {
                        if let Ok(i) = name.parse::<usize>() {
                            return items.get(i).cloned().unwrap_or(val);
                        }
                    }
                } else if let Some(items) = &base.tuple {
                    if let Ok(i) = name.parse::<usize>() {
                        return items.get(i).cloned().unwrap_or(val);
                    }
                }
                val
            }
            Expr::Index(i) => {
                let base_span = self.span_of(&*i.expr);
                self.note_static_slot(expr, base_span);
                let base = self.walk_expr(&i.expr);
                let index = self.walk_expr(&i.index);
                let mut val = Val::deps(base.deps.clone());
                val.merge_deps(&index);
                if let Some(guard) = base.guard {
                    let dep = self.read_guard(guard, self.expr_span(expr));
                    val.deps.push(dep);
                }
                if let Some(HandleVal::Place(h)) = base.handle {
                    val.handle = Some(HandleVal::Items(h));
                }
                if let (Some(obj), None) = (base.obj, base.guard) {
                    // `slots[i]` of a shared collection: one object per index expression.
                    let key = format!("[{}]", expr_text(&i.index));
                    let elem = self.element_object(obj, &key, self.expr_span(expr));
                    self.note_ring_index(elem, obj, &i.index);
                    val.obj = Some(elem);
                }
                val
            }
            Expr::Unary(u) => {
                let inner = self.walk_expr(&u.expr);
                match u.op {
                    syn::UnOp::Deref(_) => {
                        if let Some(guard) = inner.guard {
                            let mut val = Val::deps(inner.deps.clone());
                            let dep = self.read_guard(guard, self.expr_span(expr));
                            val.deps.push(dep);
                            val
                        } else {
                            inner
                        }
                    }
                    syn::UnOp::Not(_) => Val {
                        claim: inner.claim.and_then(Claim::not),
                        ..Val::deps(inner.deps)
                    },
                    _ => Val::deps(inner.deps),
                }
            }
            Expr::Reference(r) => {
                if r.mutability.is_some() {
                    self.ring_rebound(&r.expr);
                }
                self.walk_borrow(expr, &r.expr, r.mutability.is_some())
            }
            Expr::RawAddr(r) => self.walk_borrow(
                expr,
                &r.expr,
                matches!(r.mutability, syn::PointerMutability::Mut(_)),
            ),
            Expr::Binary(b) if is_compound_assign(&b.op) => {
                let rhs = self.walk_expr(&b.right);
                self.walk_place(&b.left, &rhs, true);
                Val::default()
            }
            Expr::Binary(b) => {
                // `PTR.load(..) == seen`: the loaded value is only compared.
                if matches!(b.op, syn::BinOp::Eq(_) | syn::BinOp::Ne(_)) {
                    for side in [&b.left, &b.right] {
                        if let Expr::MethodCall(m) = strip_casts(side) {
                            if m.method == "load" {
                                let span = self.span_of(&m.method);
                                self.model.compared_loads.insert(span);
                            }
                        }
                    }
                }
                let left = self.walk_expr(&b.left);
                let right = self.walk_expr(&b.right);
                // `owner == me`: only the owner thread sees `true`.
                let owner_check = if left.thread_ident {
                    right.deps.first().map(|d| Some(d.obj))
                } else if right.thread_ident {
                    left.deps.first().map(|d| Some(d.obj))
                } else {
                    None
                };
                let claim = owner_check.and_then(|obj| match b.op {
                    syn::BinOp::Eq(_) => Some(Claim::WonIfTrue(obj)),
                    syn::BinOp::Ne(_) => Some(Claim::WonIfFalse(obj)),
                    _ => None,
                });
                let mut val = Val::deps(left.deps);
                val.merge_deps(&right);
                val.claim = claim;
                val
            }
            Expr::Assign(a) => {
                self.ring_rebound(&a.left);
                let rhs = self.walk_expr(&a.right);
                self.walk_place(&a.left, &rhs, false);
                Val::default()
            }
            Expr::Paren(p) => self.walk_expr(&p.expr),
            Expr::Group(g) => self.walk_expr(&g.expr),
            Expr::Cast(c) => {
                let mut val = self.walk_expr(&c.expr);
                if matches!(&*c.ty, Type::Ptr(_)) {
                    if val.obj.is_none() {
                        val.obj = Some(self.text_object(&c.expr, ObjKind::Unknown));
                    }
                    val.raw_ptr = true;
                }
                val
            }
            Expr::Try(t) => {
                let val = self.walk_expr(&t.expr);
                let fresh_spawn = matches!(val.handle, Some(HandleVal::Fresh(_)));
                if self.closure_depth == 0 && !fresh_spawn {
                    self.emit(EventKind::Return, self.span_of(&t.question_token));
                }
                val
            }
            Expr::Await(a) => self.walk_expr(&a.base),
            Expr::Block(b) => self.walk_block(&b.block),
            Expr::Unsafe(u) => self.walk_block(&u.block),
            Expr::Const(c) => self.walk_block(&c.block),
            Expr::Async(a) => self.walk_block(&a.block),
            Expr::TryBlock(t) => self.walk_block(&t.block),
            Expr::If(i) => self.walk_if(i),
            Expr::Match(m) => self.walk_match(m),
            Expr::While(w) => self.walk_while(w),
            Expr::ForLoop(f) => self.walk_for(f),
            Expr::Loop(l) => {
                let polling = u32::from(is_polling_body(&l.body) || breaks_on_check(&l.body));
                self.polling += polling;
                self.in_loop(|b| {
                    b.walk_block(&l.body);
                });
                self.polling -= polling;
                Val::default()
            }
            Expr::Closure(c) => {
                // A closure that is called in place or stored: its body runs on this thread.
                let start = self.model.bodies[self.body.index()].events.len();
                let mut val = self.walk_closure(c, Vec::new());
                let end = self.model.bodies[self.body.index()].events.len();
                val.closure_events = Some((start, end));
                val
            }
            Expr::Return(r) => {
                if let Some(e) = &r.expr {
                    let val = self.walk_expr(e);
                    self.escape(&val);
                }
                if self.closure_depth == 0 {
                    self.emit(EventKind::Return, self.expr_span(expr));
                }
                Val::default()
            }
            Expr::Break(b) => {
                if let Some(e) = &b.expr {
                    return self.walk_expr(e);
                }
                Val::default()
            }
            Expr::Yield(y) => {
                if let Some(e) = &y.expr {
                    self.walk_expr(e);
                }
                Val::default()
            }
            Expr::Tuple(t) => {
                let items = self.walk_exprs(&t.elems);
                let mut val = Val::default();
                for item in &items {
                    val.merge_deps(item);
                    // `(name, thread::spawn(..))` carries the handle.
                    if val.handle.is_none() {
                        val.handle = item.handle.clone();
                    }
                }
                val.tuple = Some(items);
                val
            }
            Expr::Array(a) => {
                let items = self.walk_exprs(&a.elems);
                self.collection_of(items)
            }
            Expr::Repeat(r) => {
                self.walk_expr(&r.expr);
                self.walk_expr(&r.len);
                Val::default()
            }
            Expr::Struct(s) => {
                let mut val = Val {
                    ty: s.path.segments.last().map(|seg| {
                        let name = seg.ident.to_string();
                        if name == "Self" {
                            self.self_ty.clone().unwrap_or(name)
                        } else {
                            name
                        }
                    }),
                    ..Val::default()
                };
                for field in &s.fields {
                    let item = self.walk_expr(&field.expr);
                    self.escape(&item);
                    val.merge_deps(&item);
                }
                if let Some(rest) = &s.rest {
                    self.walk_expr(rest);
                }
                // A value of one of the crate's structs: an object whose fields
                // (`ledger.entries`) its methods reach as `self.entries`.
                if val
                    .ty
                    .as_ref()
                    .is_some_and(|t| self.struct_names.contains(t))
                {
                    let span = self.expr_span(expr);
                    val.obj = Some(self.new_object(String::new(), ObjKind::Unknown, span));
                }
                val
            }
            Expr::Range(r) => {
                let mut val = Val::default();
                for e in r.start.iter().chain(r.end.iter()) {
                    let item = self.walk_expr(e);
                    val.merge_deps(&item);
                }
                val
            }
            Expr::Let(l) => {
                let val = self.walk_expr(&l.expr);
                self.bind_pat(&l.pat, val.clone());
                val
            }
            Expr::Macro(m) => self.walk_macro(&m.mac),
            _ => Val::default(),
        }
    }

    /// `&x`, `&mut x`, `&raw mut x`: a mutable borrow of a `static mut` is a
    /// write to it (whatever is done through the reference later).
    pub(super) fn walk_borrow(&mut self, expr: &Expr, inner: &Expr, mutable: bool) -> Val {
        if let Some(obj) = mutable.then(|| self.static_mut_root(inner)).flatten() {
            let span = self.expr_span(expr);
            let step = self.step();
            self.emit(
                EventKind::Write {
                    obj,
                    step,
                    how: WriteHow::Plain,
                    deps: Vec::new(),
                    ordering: None,
                },
                span,
            );
            return Val::obj(obj);
        }
        self.walk_expr(inner)
    }

    pub(super) fn collection_of(&mut self, items: Vec<Val>) -> Val {
        let mut val = Val::default();
        let mut spawns = Vec::new();
        for item in &items {
            val.merge_deps(item);
            match &item.handle {
                Some(HandleVal::Fresh(s)) | Some(HandleVal::FreshMany(s)) => {
                    spawns.extend(s.iter().copied());
                }
                Some(_) => self.escape(item),
                None => {}
            }
        }
        if !spawns.is_empty() {
            val.handle = Some(HandleVal::FreshMany(spawns));
        }
        val
    }

    pub(super) fn walk_path(&mut self, p: &syn::ExprPath) -> Val {
        // Most paths are local names: look them up without allocating.
        if let Some(ident) = p.path.get_ident() {
            if let Some((fi, bi)) = self.lookup_ident(ident) {
                let val = self.frames[fi].bindings[bi].val.clone();
                if let Some(HandleVal::Place(h)) = val.handle {
                    self.model.handles[h.index()].used = true;
                }
                return val;
            }
        }
        let segs: Vec<String> = p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        if segs.len() >= 2 && segs[segs.len() - 2] == "Ordering" {
            return Val {
                ordering: parse_ordering(&segs[segs.len() - 1]),
                ..Val::default()
            };
        }
        if segs.len() == 1 {
            if let Some(ordering) = parse_ordering(&segs[0]) {
                return Val {
                    ordering: Some(ordering),
                    ..Val::default()
                };
            }
        }
        let name = segs.last().cloned().unwrap_or_default();
        if segs.len() == 1 {
            if let Some((fi, bi)) = self.lookup(&name) {
                let val = self.frames[fi].bindings[bi].val.clone();
                if let Some(HandleVal::Place(h)) = val.handle {
                    self.model.handles[h.index()].used = true;
                }
                return val;
            }
        }
        if let Some(obj) = self.static_obj(&p.path) {
            if self.model.objects[obj.index()].kind == ObjKind::StaticMut {
                let span = self.span_of(p);
                let step = self.step();
                self.emit(
                    EventKind::Read {
                        obj,
                        step,
                        how: ReadHow::Plain,
                        ordering: None,
                    },
                    span,
                );
                let mut val = Val::obj(obj);
                val.deps.push(Dep { obj, step, span });
                return val;
            }
            let mut val = Val::obj(obj);
            val.ty = self.static_types.get(&obj).cloned();
            return val;
        }
        Val::default()
    }

    /// Whether a place is rooted in a `static` (through a lock or not).
    pub(super) fn static_root(&self, expr: &Expr) -> bool {
        let mut e = place_root(expr);
        loop {
            match e {
                Expr::MethodCall(m) => e = place_root(&m.receiver),
                Expr::Path(p) => {
                    let Some(seg) = p.path.segments.last() else {
                        return false;
                    };
                    let name = seg.ident.to_string();
                    return (p.path.segments.len() > 1 || self.lookup(&name).is_none())
                        && self.static_obj(&p.path).is_some();
                }
                _ => return false,
            }
        }
    }

    pub(super) fn walk_closure(&mut self, c: &syn::ExprClosure, params: Vec<Val>) -> Val {
        self.closure_depth += 1;
        let val = self.walk_closure_body(c, params);
        self.closure_depth -= 1;
        val
    }

    pub(super) fn walk_closure_body(&mut self, c: &syn::ExprClosure, params: Vec<Val>) -> Val {
        self.push_frame(FrameKind::Closure);
        for (i, input) in c.inputs.iter().enumerate() {
            let val = params.get(i).cloned().unwrap_or_default();
            self.bind_pat(input, val);
        }
        let mark = self.temps.len();
        let val = self.walk_expr(&c.body);
        self.end_temps(mark, self.expr_span(&c.body));
        self.pop_frame();
        val
    }

    pub(super) fn walk_macro(&mut self, mac: &syn::Macro) -> Val {
        let name = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let args = parse_macro_args(&name, mac.tokens.clone());
        let mut vals = Vec::new();
        for (i, arg) in args.iter().enumerate() {
            if let Expr::Lit(lit) = arg {
                if let syn::Lit::Str(s) = &lit.lit {
                    self.read_inline_args(&s.value(), self.span_of(lit));
                }
                continue;
            }
            let mark = self.model.bodies[self.body.index()].events.len();
            let val = self.walk_expr(arg);
            if channels::asserts_disconnected(&name, &args, i) {
                self.receives_until_disconnected(mark);
            }
            if let Some(guard) = val.guard {
                let span = self.expr_span(arg);
                self.read_guard(guard, span);
            }
            // `assert!(!done.load(..))`, `assert!(rx.try_recv().is_err())`: a
            // test checking on purpose that the other thread is not done yet.
            if i == 0 && matches!(name.as_str(), "assert" | "debug_assert") && asserts_absence(arg)
            {
                let spans: Vec<Span> = val.deps.iter().map(|d| d.span).collect();
                self.model.not_yet_reads.extend(spans);
            }
            if name == "vec" {
                vals.push(val);
            } else {
                if val.handle.is_some() {
                    self.mark_used(&val);
                }
                vals.push(Val::deps(val.deps));
            }
        }
        if name == "vec" {
            return self.collection_of(vals);
        }
        let mut out = Val::default();
        for val in &vals {
            out.merge_deps(val);
        }
        out
    }

    /// `println!("{total:?}")` reads `total`.
    pub(super) fn read_inline_args(&mut self, format: &str, span: Span) {
        let mut rest = format;
        while let Some(open) = rest.find('{') {
            rest = &rest[open + 1..];
            if rest.starts_with('{') {
                rest = &rest[1..];
                continue;
            }
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let ident = &rest[..end];
            if !ident.is_empty() && !ident.starts_with(|c: char| c.is_ascii_digit()) {
                if let Some((fi, bi)) = self.lookup(ident) {
                    let val = self.frames[fi].bindings[bi].val.clone();
                    if let Some(guard) = val.guard {
                        self.read_guard(guard, span);
                    }
                    self.mark_used(&val);
                }
            }
            rest = &rest[end..];
        }
    }

    pub(super) fn mark_used(&mut self, val: &Val) {
        if let Some(HandleVal::Place(h)) | Some(HandleVal::Items(h)) = &val.handle {
            self.model.handles[h.index()].used = true;
        }
    }
}
