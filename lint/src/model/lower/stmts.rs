//! Blocks and statements: how long temporaries (and the guards they hold)
//! live, `let _ =` and discarded values, values that escape, and the fix
//! text attached to events.

use super::*;

impl<'a> Builder<'a> {
    pub(super) fn walk_block(&mut self, block: &Block) -> Val {
        self.push_frame(FrameKind::Block);
        let val = self.walk_block_inner(block);
        self.pop_frame();
        val
    }

    /// Walks the statements of a block in the current frame; returns the tail's value.
    pub(super) fn walk_block_inner(&mut self, block: &Block) -> Val {
        let saved_control = self.control.len();
        let (saved_claims, saved_locks) = (self.claims, self.lock_calls);
        let tail = self.walk_stmts(block);
        self.claims = saved_claims;
        self.lock_calls = saved_locks;
        self.control.truncate(saved_control);
        tail
    }

    pub(super) fn walk_stmts(&mut self, block: &Block) -> Val {
        let mut tail = Val::default();
        let count = block.stmts.len();
        // `#[cfg(P)] let g = ..; #[cfg(not(P))] let g = ..;`: the compiler
        // keeps one of the two; so does the walk.
        let mut conditions: Vec<String> = Vec::new();
        for (i, stmt) in block.stmts.iter().enumerate() {
            if let Some(cfg) = stmt_cfg(stmt) {
                let alternative = match cfg.strip_prefix("not(").and_then(|c| c.strip_suffix(')')) {
                    Some(positive) => conditions.iter().any(|c| c == positive),
                    None => conditions.iter().any(|c| *c == format!("not({cfg})")),
                };
                if alternative || cfg_never(&cfg) {
                    continue;
                }
                conditions.push(cfg);
            }
            let last = i + 1 == count;
            match stmt {
                Stmt::Expr(expr, None) if last => {
                    let mark = self.temps.len();
                    tail = self.walk_expr(expr);
                    self.end_temps(mark, self.expr_span(expr));
                }
                _ => self.walk_stmt(stmt),
            }
        }
        tail
    }

    pub(super) fn end_temps(&mut self, mark: usize, span: Span) {
        while self.temps.len() > mark {
            if let Some(guard) = self.temps.pop() {
                let end = Span {
                    file: span.file,
                    lo: span.hi,
                    hi: span.hi,
                };
                self.unlock(guard, end);
            }
        }
    }

    pub(super) fn walk_stmt(&mut self, stmt: &Stmt) {
        let mark = self.temps.len();
        match stmt {
            Stmt::Local(local) => {
                if let (Some(init), Some(name)) = (&local.init, pat_name(&local.pat)) {
                    if matches!(strip_parens(&init.expr), Expr::Closure(c) if always_diverges(&c.body))
                    {
                        self.panicking_closures.insert(name);
                    }
                }
                let val = match &local.init {
                    Some(init) => {
                        let mut val = self.walk_expr(&init.expr);
                        self.lock_collection(&init.expr, &mut val);
                        if let Some((_, diverge)) = &init.diverge {
                            self.walk_expr(diverge);
                        }
                        val
                    }
                    None => Val::default(),
                };
                if is_wild(&local.pat) {
                    self.discard(&val, true);
                    if let (Some(event), Some(init), false) =
                        (val.join_event, &local.init, val.join_ok)
                    {
                        // `let _ = h.join();` -> `h.join().unwrap();`
                        let text = format!("{}.unwrap();", self.text(self.expr_span(&init.expr)));
                        self.set_fix(event, self.span_of(local), text, false);
                    }
                } else {
                    self.bind_pat(&local.pat, val);
                }
            }
            Stmt::Expr(expr, semi) => {
                let val = self.walk_expr(expr);
                self.discard(&val, false);
                if let (Some(event), Some(_), false) = (val.join_event, semi, val.join_ok) {
                    // `h.join();` -> `h.join().unwrap();`
                    let end = self.expr_span(expr);
                    let at = Span { lo: end.hi, ..end };
                    self.set_fix(event, at, ".unwrap()".into(), false);
                }
            }
            Stmt::Macro(m) => {
                let val = self.walk_macro(&m.mac);
                self.discard(&val, false);
            }
            // Nested items are walked as bodies of their own (see `collect_nested`).
            Stmt::Item(_) => {}
        }
        self.end_temps(mark, self.stmt_end(stmt));
    }

    /// A value thrown away: a spawn's handle is dropped, a join result ignored.
    pub(super) fn discard(&mut self, val: &Val, let_underscore: bool) {
        match &val.handle {
            Some(HandleVal::Fresh(spawns)) | Some(HandleVal::FreshMany(spawns)) => {
                for &spawn in spawns {
                    if !self.model.spawns[spawn.index()].scoped {
                        self.model.spawns[spawn.index()].fate = HandleFate::Discarded;
                    }
                }
            }
            _ => {}
        }
        if let Some(event) = val.join_event {
            let use_ = if let_underscore {
                JoinResultUse::LetUnderscore
            } else if val.join_ok {
                JoinResultUse::OkDiscarded
            } else {
                JoinResultUse::Discarded
            };
            self.set_join_use(event, use_);
        }
    }

    /// The source text of a span.
    pub(super) fn text(&self, span: Span) -> &'a str {
        self.texts
            .get(&span.file)
            .and_then(|t| t.get(span.range()))
            .unwrap_or("")
    }

    pub(super) fn set_fix(&mut self, event: usize, span: Span, text: String, exact: bool) {
        if let Some(e) = self.model.bodies[self.body.index()].events.get_mut(event) {
            e.fix = Some(Replacement { span, text, exact });
        }
    }

    /// `c.store(c.load(o) + k, o)` -> `c.fetch_add(k, o)`, when the two orderings agree.
    pub(super) fn fetch_rewrite(&self, call: &syn::ExprMethodCall) -> Option<String> {
        let [value, ordering] = [call.args.first()?, call.args.get(1)?];
        let Expr::Binary(b) = strip_parens(value) else {
            return None;
        };
        let recv = self.text(self.expr_span(&call.receiver));
        let is_load = |e: &Expr| match strip_parens(e) {
            Expr::MethodCall(m) if m.method == "load" && m.args.len() == 1 => {
                self.text(self.expr_span(&m.receiver)) == recv
                    && self.text(self.span_of(&m.args[0])) == self.text(self.span_of(ordering))
            }
            _ => false,
        };
        let (op, amount) = match b.op {
            syn::BinOp::Add(_) if is_load(&b.left) => ("fetch_add", &b.right),
            syn::BinOp::Add(_) if is_load(&b.right) => ("fetch_add", &b.left),
            syn::BinOp::Sub(_) if is_load(&b.left) => ("fetch_sub", &b.right),
            _ => return None,
        };
        Some(format!(
            "{recv}.{op}({}, {})",
            self.text(self.span_of(amount)),
            self.text(self.span_of(ordering))
        ))
    }

    pub(super) fn set_join_use(&mut self, event: usize, use_: JoinResultUse) {
        if let Some(e) = self.model.bodies[self.body.index()].events.get_mut(event) {
            if let EventKind::Join { result, .. } = &mut e.kind {
                if *result == JoinResultUse::Used {
                    *result = use_;
                }
            }
        }
    }

    /// A value handed out of reach (returned, passed on, stored elsewhere).
    pub(super) fn escape(&mut self, val: &Val) {
        if let Some(obj) = val.obj {
            self.model
                .handed_on
                .entry(self.body)
                .or_default()
                .insert(obj);
            if let Some(&channel) = self.model.wrapped_channels.get(&obj) {
                self.model
                    .handed_on
                    .entry(self.body)
                    .or_default()
                    .insert(channel);
            }
            if self.model.objects[obj.index()].kind == ObjKind::Channel {
                // A channel end handed on: whoever gets it may drain it.
                self.model
                    .escaped_channels
                    .entry(self.body)
                    .or_default()
                    .insert(obj);
            }
        }
        match &val.handle {
            Some(HandleVal::Place(h)) | Some(HandleVal::Items(h)) => {
                self.model.handles[h.index()].escaped = true;
            }
            Some(HandleVal::Fresh(spawns)) | Some(HandleVal::FreshMany(spawns)) => {
                for &spawn in spawns {
                    self.model.spawns[spawn.index()].fate = HandleFate::Escaped;
                }
            }
            _ => {}
        }
        if let Some(items) = &val.tuple {
            for item in items.clone() {
                self.escape(&item);
            }
        }
    }
}
