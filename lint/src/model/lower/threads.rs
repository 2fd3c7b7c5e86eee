//! Threads: `thread::spawn`, `thread::scope` and its spawns, the body a
//! spawned closure becomes, and `join`.

use super::*;

impl<'a> Builder<'a> {
    pub(super) fn walk_scope(&mut self, c: &syn::ExprClosure, span: Span) -> Val {
        self.scopes.push(Vec::new());
        let scope_val = Val {
            scope: true,
            ..Val::default()
        };
        let val = self.walk_closure(c, vec![scope_val]);
        let spawns = self.scopes.pop().unwrap_or_default();
        let end = Span {
            file: span.file,
            lo: span.hi,
            hi: span.hi,
        };
        self.emit(EventKind::ScopeEnd { spawns }, end);
        if only_spawns(&c.body) {
            self.model.idle_scopes.insert(end);
        }
        val
    }

    /// A spawn: the closure (or function) becomes a thread body.
    pub(super) fn spawn(&mut self, span: Span, call: Span, arg: &Expr, scoped: bool) -> Val {
        let id = SpawnId(self.model.spawns.len() as u32);
        let many = !self.ctx.loops.is_empty();
        let count = self
            .ctx
            .loops
            .last()
            .and_then(|l| self.loop_counts.get(l).copied());
        let always_panics = match strip_parens(arg) {
            Expr::Closure(c) => always_diverges(&c.body),
            Expr::Path(p) if p.path.segments.len() == 1 => self
                .panicking_closures
                .contains(&p.path.segments[0].ident.to_string()),
            _ => false,
        };
        self.model.spawns.push(Spawn {
            span,
            call,
            spawner: self.body,
            event: 0,
            body: None,
            scoped,
            many,
            count,
            always_panics,
            fate: HandleFate::Discarded,
        });
        let event = self.emit(EventKind::Spawn { spawn: id }, span);
        self.model.spawns[id.index()].event = event;
        if scoped {
            if let Some(scope) = self.scopes.last_mut() {
                scope.push(id);
            }
        }
        let mut arg = arg;
        let mut opened = false;
        if let Expr::Block(b) = arg {
            if let Some(Stmt::Expr(tail @ Expr::Closure(_), None)) = b.block.stmts.last() {
                // `spawn({ let c = Arc::clone(&c); move || .. })`
                self.push_frame(FrameKind::Block);
                opened = true;
                for stmt in &b.block.stmts[..b.block.stmts.len() - 1] {
                    self.walk_stmt(stmt);
                }
                arg = tail;
            }
        }
        self.spawn_entry(id, arg, scoped);
        if opened {
            self.pop_frame();
        }
        Val {
            handle: Some(HandleVal::Fresh(vec![id])),
            ..Val::default()
        }
    }

    /// What a spawned thread runs: a closure body, or a named function.
    pub(super) fn spawn_entry(&mut self, id: SpawnId, arg: &Expr, scoped: bool) {
        match arg {
            Expr::Closure(c) => {
                let header = self.span_of(&c.or1_token).to(self.span_of(&c.or2_token));
                let body = self.new_body("closure".into(), header, BodyKind::ThreadClosure(id));
                self.model.spawns[id.index()].body = Some(body);
                // Walk the closure as its own body; enclosing names stay visible (captures).
                let saved_body = std::mem::replace(&mut self.body, body);
                let saved_ctx = std::mem::take(&mut self.ctx);
                let saved_temps = std::mem::take(&mut self.temps);
                let saved_scopes = std::mem::take(&mut self.scopes);
                let saved_depth = std::mem::replace(&mut self.closure_depth, 0);
                let params: Vec<Val> = if scoped {
                    vec![Val {
                        scope: true,
                        ..Val::default()
                    }]
                } else {
                    Vec::new()
                };
                let tail = self.walk_closure(c, params);
                // What the thread returns (a handle, say) goes to whoever joins it.
                self.escape(&tail);
                self.scopes = saved_scopes;
                self.closure_depth = saved_depth;
                self.temps = saved_temps;
                self.ctx = saved_ctx;
                self.body = saved_body;
            }
            Expr::Path(p) => {
                // `thread::spawn(worker)`: the named function is the thread's body.
                let name = p
                    .path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default();
                let path_span = self.span_of(p);
                let segs = path_segments(&p.path);
                let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
                let resolved = self.names.resolve(&self.module, &segs);
                let callees = self.path_callees(&segs, resolved);
                let body = self.new_body(name.clone(), path_span, BodyKind::ThreadClosure(id));
                self.model.spawns[id.index()].body = Some(body);
                self.model.bodies[body.index()].events.push(Event {
                    kind: EventKind::Call {
                        callees,
                        args: Vec::new(),
                    },
                    span: path_span,
                    ctx: Ctx::default(),
                    subject: None,
                    fix: None,
                    control: Vec::new(),
                });
            }
            other => {
                self.walk_expr(other);
            }
        }
    }

    /// A closure (or `async` block) handed to a spawn API other than std's
    /// threads: a runtime's task, a pool's job, a loom thread. It runs later,
    /// elsewhere, under rules racelint does not model: it becomes a body of
    /// its own that nothing calls, so no finding joins it to this code.
    pub(super) fn defer(&mut self, arg: &Expr) {
        let (header, walk): (Span, &Expr) = match strip_parens(arg) {
            Expr::Closure(c) => (
                self.span_of(&c.or1_token).to(self.span_of(&c.or2_token)),
                arg,
            ),
            Expr::Async(a) => (self.span_of(&a.async_token), arg),
            other => {
                self.walk_expr(other);
                return;
            }
        };
        let body = self.new_body("task".into(), header, BodyKind::Fn);
        let saved_body = std::mem::replace(&mut self.body, body);
        let saved_ctx = std::mem::take(&mut self.ctx);
        let saved_temps = std::mem::take(&mut self.temps);
        let saved_scopes = std::mem::take(&mut self.scopes);
        let saved_depth = std::mem::replace(&mut self.closure_depth, 0);
        self.push_frame(FrameKind::Closure);
        let mark = self.temps.len();
        match walk {
            Expr::Closure(c) => {
                for input in &c.inputs {
                    self.bind_pat(input, Val::default());
                }
                self.walk_expr(&c.body);
                self.end_temps(mark, self.expr_span(&c.body));
            }
            other => {
                self.walk_expr(other);
                self.end_temps(mark, header);
            }
        }
        self.pop_frame();
        self.scopes = saved_scopes;
        self.closure_depth = saved_depth;
        self.temps = saved_temps;
        self.ctx = saved_ctx;
        self.body = saved_body;
    }

    pub(super) fn join(&mut self, recv: &Val, method_span: Span, call_span: Span) -> Val {
        let (handle, spawns) = match &recv.handle {
            Some(HandleVal::Place(h)) | Some(HandleVal::Items(h)) => {
                self.model.handles[h.index()].used = true;
                (Some(*h), self.model.handles[h.index()].spawns.clone())
            }
            Some(HandleVal::Fresh(s)) => {
                for &spawn in s {
                    self.model.spawns[spawn.index()].fate = HandleFate::JoinedAtOnce;
                }
                (None, s.clone())
            }
            Some(HandleVal::LazyItem(s))
            | Some(HandleVal::Lazy(s))
            | Some(HandleVal::FreshMany(s)) => {
                for &spawn in s {
                    self.model.spawns[spawn.index()].fate = HandleFate::JoinedAtOnce;
                }
                (None, s.clone())
            }
            None => (None, Vec::new()),
        };
        let spawns_known = spawns.clone();
        let serial = match &recv.handle {
            Some(HandleVal::Fresh(_)) => Some(SerialHow::SameExpression),
            Some(HandleVal::LazyItem(_)) => Some(SerialHow::LazyIterator),
            _ => None,
        };
        let event = self.emit(
            EventKind::Join {
                handle,
                spawns,
                method: method_span,
                result: JoinResultUse::Used,
                serial,
                std_handle: recv.std_handle || !spawns_known.is_empty(),
            },
            call_span,
        );
        if let Some(h) = handle {
            let ctx = self.ctx.clone();
            self.model.handles[h.index()].joins.push(JoinSite {
                span: method_span,
                ctx,
                event,
            });
        }
        Val {
            join_event: Some(event),
            ..Val::default()
        }
    }
}
