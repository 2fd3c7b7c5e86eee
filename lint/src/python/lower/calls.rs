//! Calls: spawns (`Thread(..)`, `submit`, `map`), their targets and arguments,
//! method calls on places (`t.start()`, `lock.acquire()`), module functions.

use ruff_python_ast::{self as ast, Arguments, Expr};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::*;

impl Lower<'_> {
    pub(super) fn call(&mut self, call: &ast::ExprCall) {
        let start = call.range().start().to_u32();
        let statement = self.statement_call == Some(start);
        self.statement_call = None;
        let qualified = self.qualify(&call.func);
        if let Some(q) = &qualified
            && RELEASES_GIL
                .iter()
                .any(|m| q == m || (q.starts_with(m) && q.as_bytes().get(m.len()) == Some(&b'.')))
        {
            self.func().releases_gil = true;
        }
        if let Expr::Name(name) = &*call.func
            && matches!(name.id.as_str(), "open" | "input")
        {
            self.func().releases_gil = true;
        }
        if qualified.as_deref() == Some("threading.Thread") {
            return self.thread(call, SpawnKind::Thread, None);
        }
        if qualified.as_deref() == Some("multiprocessing.Process") {
            return self.thread(call, SpawnKind::Process, None);
        }
        if let Some(class) = self.thread_class(&call.func) {
            return self.thread(call, SpawnKind::Subclass, Some(class));
        }
        if let (Some(q), Expr::Attribute(_)) = (&qualified, &*call.func) {
            // A module's function (`time.sleep`), not a method of a value.
            self.push(
                EventKind::Call {
                    callee: Callee::Qualified(q.clone()),
                    statement,
                },
                call.range(),
            );
            self.arguments(&call.arguments);
            return;
        }
        if let Expr::Attribute(attr) = &*call.func {
            let method = attr.attr.as_str();
            if matches!(
                method,
                "submit"
                    | "map"
                    | "apply_async"
                    | "starmap"
                    | "imap"
                    | "imap_unordered"
                    | "map_async"
            ) && let Some(process) = self.pool_kind(&attr.value)
            {
                let kind = if method == "submit" || method == "apply_async" {
                    SpawnKind::Submit
                } else {
                    SpawnKind::Map
                };
                return self.task(call, kind, statement, process);
            }
            if let Some(recv) = place_of(&attr.value) {
                // The receiver's subscripts and the arguments are evaluated before the call.
                self.subscript_reads(&attr.value);
                self.arguments(&call.arguments);
                let tail = self.span(TextRange::new(attr.value.range().end(), call.range().end()));
                if recv.is_name() && recv.root == "self" {
                    self.push(
                        EventKind::Call {
                            callee: Callee::Unknown(format!("self.{method}")),
                            statement,
                        },
                        call.range(),
                    );
                }
                let mutates = MUTATING.contains(&method);
                if mutates && self.no_reads == 0 {
                    self.push(
                        EventKind::Write {
                            place: recv.clone(),
                            aug: false,
                            from_self: false,
                            mutates: true,
                        },
                        call.range(),
                    );
                }
                self.push(
                    EventKind::Method {
                        recv: recv.clone(),
                        name: method.to_string(),
                        args: call.arguments.len(),
                        statement,
                        tail,
                    },
                    call.range(),
                );
                // `lock.acquire()` ... `lock.release()`: the lock is held in between.
                if statement && method == "acquire" && call.arguments.is_empty() {
                    let span = self.span(call.range());
                    self.ctx_mut().locks.push(Held {
                        lock: recv.clone(),
                        span,
                        by_acquire: true,
                    });
                } else if statement && method == "release" {
                    if let Some(i) = self
                        .ctx
                        .locks
                        .iter()
                        .rposition(|h| h.lock == recv && h.by_acquire)
                    {
                        self.ctx_mut().locks.remove(i);
                    }
                }
                if method == "append"
                    && let Some(Expr::Name(arg)) = call.arguments.args.first()
                    && let Some(&s) = self.thread_binds.get(arg.id.as_str())
                {
                    self.model.spawns[s.0 as usize]
                        .list
                        .get_or_insert(recv.clone());
                }
                if method == "append"
                    && let Some(Expr::Call(arg)) = call.arguments.args.first()
                    && let Some(&s) = self.spawn_at.get(&arg.range().start().to_u32())
                {
                    self.model.spawns[s.0 as usize]
                        .list
                        .get_or_insert(recv.clone());
                }
                // `t.start()` on a handle is not a read of results; the root of
                // a mutating call is not either.
                if matches!(
                    method,
                    "copy" | "items" | "keys" | "values" | "count" | "index" | "most_common"
                ) && self.no_reads == 0
                    && !(recv.is_name() && recv.root == "self")
                {
                    self.push(EventKind::Read { place: recv }, attr.value.range());
                }
                return;
            }
            if (method == "start" || method == "run")
                && let Expr::Call(inner) = &*attr.value
            {
                self.call(inner);
                if let Some(&s) = self.spawn_at.get(&inner.range().start().to_u32()) {
                    let span = self.span(TextRange::new(inner.range().end(), call.range().end()));
                    let spawn = &mut self.model.spawns[s.0 as usize];
                    if method == "start" {
                        spawn.started_inline = Some(span);
                    } else {
                        spawn.run_inline = Some(span);
                    }
                }
                self.arguments(&call.arguments);
                return;
            }
        }
        let callee = match (&*call.func, qualified) {
            (_, Some(q)) => Some(Callee::Qualified(q)),
            (Expr::Name(name), None) => Some(Callee::Unknown(name.id.to_string())),
            _ => None,
        };
        if let Some(callee) = callee {
            self.push(EventKind::Call { callee, statement }, call.range());
        }
        if !matches!(&*call.func, Expr::Name(_)) {
            self.expr(&call.func);
        }
        self.arguments(&call.arguments);
    }

    pub(super) fn arguments(&mut self, args: &Arguments) {
        for arg in &args.args {
            self.expr(arg);
        }
        for keyword in &args.keywords {
            self.expr(&keyword.value);
        }
    }

    /// Whether the expression is a pool, and whether its workers are processes.
    pub(super) fn pool_kind(&self, expr: &Expr) -> Option<bool> {
        match expr {
            Expr::Call(call) => self.qualify(&call.func).as_deref().and_then(is_pool_ctor),
            _ => match self.model.value_of(self.cur, &place_of(expr)?) {
                Some(Value::Pool { process, .. }) => Some(*process),
                _ => None,
            },
        }
    }

    pub(super) fn loop_info(&self) -> (bool, Vec<String>, Vec<String>) {
        let many = !self.loops.is_empty();
        let vars = self
            .loops
            .iter()
            .flat_map(|l| l.vars.iter().cloned())
            .collect();
        let locals = self
            .loops
            .iter()
            .flat_map(|l| l.assigned.iter().cloned())
            .collect();
        (many, vars, locals)
    }

    /// A target expression: a function name, `self.work`, a lambda, `partial(f, ..)`, a call.
    pub(super) fn target(&mut self, expr: &Expr, spawn: SpawnId) -> Target {
        match expr {
            Expr::Name(name) => {
                self.pending_targets
                    .push((spawn, PendingTarget::Name(name.id.to_string(), self.cur)));
                Target::Unknown
            }
            Expr::Attribute(attr) if matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == "self") =>
            {
                self.pending_targets.push((
                    spawn,
                    PendingTarget::Method(attr.attr.to_string(), self.cur),
                ));
                Target::Unknown
            }
            Expr::Lambda(lambda) => {
                let id = self.lambda(lambda);
                Target::Function(id)
            }
            Expr::Call(call) => {
                if self.qualify(&call.func).as_deref() == Some("functools.partial") {
                    if let Some(first) = call.arguments.args.first() {
                        let target = self.target(first, spawn);
                        for arg in call.arguments.args.iter().skip(1) {
                            self.expr(arg);
                        }
                        return target;
                    }
                    return Target::Unknown;
                }
                let func = self.span(call.func.range());
                let args = if call.arguments.keywords.is_empty()
                    && call
                        .arguments
                        .args
                        .iter()
                        .all(|a| !matches!(a, Expr::Starred(_)))
                {
                    Some(
                        call.arguments
                            .args
                            .iter()
                            .map(|a| self.span(a.range()))
                            .collect(),
                    )
                } else {
                    None
                };
                if let Expr::Name(name) = &*call.func {
                    self.pending_targets.push((
                        spawn,
                        PendingTarget::Name(format!("()={}", name.id), self.cur),
                    ));
                }
                let call_span = self.span(call.range());
                self.call(call);
                Target::Called {
                    callee: None,
                    func,
                    args,
                    call: call_span,
                }
            }
            _ => {
                self.expr(expr);
                Target::Unknown
            }
        }
    }

    pub(super) fn lambda(&mut self, lambda: &ast::ExprLambda) -> FnId {
        let params = lambda
            .parameters
            .as_deref()
            .map(param_names)
            .unwrap_or_default();
        let span = self.span(lambda.range);
        let id = self.new_function("<lambda>".into(), span, span, params, None);
        self.enter(id, |this| this.expr(&lambda.body));
        id
    }

    pub(super) fn new_spawn(&mut self, kind: SpawnKind, call: &ast::ExprCall) -> SpawnId {
        let (many, loop_vars, loop_locals) = self.loop_info();
        let id = SpawnId(self.model.spawns.len() as u32);
        let end = call.range().end();
        self.model.spawns.push(Spawn {
            kind,
            target: Target::Unknown,
            span: self.span(call.range()),
            scope: self.cur,
            many,
            loop_vars,
            loop_locals,
            args: Vec::new(),
            args_keyword: None,
            daemon: false,
            target_keyword: None,
            close_paren: self.span(TextRange::new(end - TextSize::from(1), end)),
            started_inline: None,
            handle: None,
            list: None,
            start_result_bound: None,
            result_discarded: false,
            pool_with_end: None,
            run_inline: None,
            process: kind == SpawnKind::Process,
        });
        self.spawn_at.insert(call.range().start().to_u32(), id);
        self.push(EventKind::Spawn(id), call.range());
        id
    }

    pub(super) fn arg(&self, expr: &Expr) -> Arg {
        Arg {
            span: self.span(expr.range()),
            name: match expr {
                Expr::Name(n) => Some(n.id.to_string()),
                _ => None,
            },
            item_of: match expr {
                Expr::Subscript(sub) => match &*sub.value {
                    Expr::Name(list) => Some((
                        list.id.to_string(),
                        self.model.source.text[sub.slice.range().start().to_usize()
                            ..sub.slice.range().end().to_usize()]
                            .to_string(),
                    )),
                    _ => None,
                },
                _ => None,
            },
        }
    }

    pub(super) fn thread(&mut self, call: &ast::ExprCall, kind: SpawnKind, class: Option<usize>) {
        let id = self.new_spawn(kind, call);
        self.no_reads += 1;
        let mut target = Target::Unknown;
        if let Some(class) = class {
            let name = self.model.classes[class].name.clone();
            self.pending_targets.push((id, PendingTarget::Class(name)));
            let args: Vec<Arg> = call.arguments.args.iter().map(|a| self.arg(a)).collect();
            self.model.spawns[id.0 as usize].args = args;
        }
        for (i, arg) in call.arguments.args.iter().enumerate() {
            if class.is_none() && i == 1 {
                target = self.target(arg, id);
            } else {
                self.expr(arg);
            }
        }
        for keyword in &call.arguments.keywords {
            let value = &keyword.value;
            match keyword.arg.as_ref().map(|a| a.as_str()) {
                Some("target") if class.is_none() => {
                    self.model.spawns[id.0 as usize].target_keyword =
                        Some(self.span(keyword.range));
                    target = self.target(value, id);
                }
                Some("args") if class.is_none() => {
                    let eq = keyword
                        .arg
                        .as_ref()
                        .map_or(keyword.range.start(), |a| a.range.end());
                    let text =
                        &self.model.source.text[eq.to_usize()..keyword.range.end().to_usize()];
                    let skip = text
                        .find(|c: char| c != '=' && !c.is_whitespace())
                        .unwrap_or(0);
                    let value_range =
                        TextRange::new(eq + TextSize::from(skip as u32), keyword.range.end());
                    let maybe_sequence = !matches!(
                        value,
                        Expr::NumberLiteral(_)
                            | Expr::StringLiteral(_)
                            | Expr::FString(_)
                            | Expr::BooleanLiteral(_)
                            | Expr::NoneLiteral(_)
                            | Expr::BinOp(_)
                            | Expr::UnaryOp(_)
                    ) && !self.is_number_loop_var(value);
                    let args: Vec<Arg> = match value {
                        Expr::Tuple(t) => t.elts.iter().map(|a| self.arg(a)).collect(),
                        Expr::List(l) => l.elts.iter().map(|a| self.arg(a)).collect(),
                        _ => Vec::new(),
                    };
                    let spawn = &mut self.model.spawns[id.0 as usize];
                    spawn.args = args;
                    spawn.args_keyword = Some(ArgsKeyword {
                        keyword: Span::new(
                            self.file,
                            keyword.range.start().to_usize()..keyword.range.end().to_usize(),
                        ),
                        value: Span::new(
                            self.file,
                            value_range.start().to_usize()..value_range.end().to_usize(),
                        ),
                        inner: Span::new(
                            self.file,
                            value.range().start().to_usize()..value.range().end().to_usize(),
                        ),
                        maybe_sequence,
                    });
                    self.expr(value);
                }
                Some("daemon") => {
                    if matches!(value, Expr::BooleanLiteral(b) if b.value) {
                        self.model.spawns[id.0 as usize].daemon = true;
                    }
                }
                _ => self.expr(value),
            }
        }
        self.no_reads -= 1;
        self.model.spawns[id.0 as usize].target = target;
    }

    /// A module-level name bound once to a number literal (`N = 1_000_000`).
    pub(super) fn is_constant(&self, expr: &Expr) -> bool {
        let Expr::Name(name) = expr else { return false };
        self.model.functions[0].events.iter().any(|e| {
            matches!(&e.kind, EventKind::Bind { place, value: Value::Literal } if place.is_name() && place.root == name.id.as_str())
        })
    }

    /// `for i in range(..)`: the loop variable is a number.
    pub(super) fn is_number_loop_var(&self, expr: &Expr) -> bool {
        let Expr::Name(name) = expr else { return false };
        let name = name.id.as_str();
        self.range_vars.contains(name)
            || matches!(
                self.model.value_of(self.cur, &Place::name(name)),
                Some(Value::Literal)
            ) && !self.model.functions[self.cur.0 as usize]
                .params
                .iter()
                .any(|p| p == name)
    }

    pub(super) fn task(
        &mut self,
        call: &ast::ExprCall,
        kind: SpawnKind,
        statement: bool,
        process: bool,
    ) {
        let id = self.new_spawn(kind, call);
        let pool_with_end = match &*call.func {
            Expr::Attribute(attr) => match &*attr.value {
                Expr::Name(n) => self
                    .pools
                    .iter()
                    .rev()
                    .find(|(p, _)| p == n.id.as_str())
                    .map(|(_, end)| *end),
                _ => None,
            },
            _ => None,
        };
        self.no_reads += 1;
        let mut args = call.arguments.args.iter();
        let target = match args.next() {
            Some(first) => self.target(first, id),
            None => Target::Unknown,
        };
        let rest: Vec<Arg> = args.clone().map(|a| self.arg(a)).collect();
        for arg in args {
            self.expr(arg);
        }
        for keyword in &call.arguments.keywords {
            self.expr(&keyword.value);
        }
        self.no_reads -= 1;
        if let Expr::Attribute(attr) = &*call.func
            && place_of(&attr.value).is_none()
        {
            self.expr(&attr.value);
        }
        let spawn = &mut self.model.spawns[id.0 as usize];
        spawn.target = target;
        spawn.args = rest;
        spawn.result_discarded = statement;
        spawn.pool_with_end = pool_with_end;
        spawn.process = process;
        spawn.many = spawn.many || kind == SpawnKind::Map;
    }
}
