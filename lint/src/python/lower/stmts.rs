//! Statements: bindings, loops, `with`, `try`, in program order.

use std::collections::HashSet;

use ruff_python_ast::{self as ast, CmpOp, Expr, Stmt, UnaryOp};
use ruff_text_size::Ranged;

use super::*;

impl Lower<'_> {
    pub(super) fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::FunctionDef(def) => {
                for decorator in &def.decorator_list {
                    self.expr(&decorator.expression);
                }
                let class = self.class.map(|c| self.model.classes[c].name.clone());
                if self.class.is_none() {
                    self.bind_local(def.name.as_str());
                }
                let id = self.new_function(
                    def.name.to_string(),
                    self.span(def.name.range),
                    self.span(def.range),
                    param_names(&def.parameters),
                    class,
                );
                self.enter(id, |this| this.suite(&def.body));
            }
            Stmt::ClassDef(class) => {
                self.bind_local(class.name.as_str());
                let thread_subclass = class.arguments.as_ref().is_some_and(|args| {
                    args.args.iter().any(|base| {
                        self.qualify(base).as_deref() == Some("threading.Thread")
                            || self.thread_class(base).is_some()
                    })
                });
                let index = self.model.classes.len();
                self.model.classes.push(Class {
                    name: class.name.to_string(),
                    thread_subclass,
                    attributes: HashSet::new(),
                    lock_attributes: Vec::new(),
                });
                let outer = self.class.replace(index);
                self.suite(&class.body);
                self.class = outer;
            }
            Stmt::Return(ret) => {
                if let Some(value) = &ret.value {
                    if !matches!(**value, Expr::NoneLiteral(_)) {
                        self.func().returns_value = true;
                    }
                    self.expr(value);
                }
                let refs = ret.value.as_deref().map_or_else(Vec::new, |value| {
                    let parts = match value {
                        Expr::Tuple(tuple) => tuple.elts.iter().collect(),
                        value => vec![value],
                    };
                    parts
                        .into_iter()
                        .filter(|part| place_of(part).is_some())
                        .map(|part| self.span(part.range()))
                        .collect()
                });
                self.push(EventKind::Return { refs }, ret.range);
            }
            Stmt::Raise(raise) => {
                if let Some(exc) = &raise.exc {
                    self.expr(exc);
                }
                self.push(EventKind::Raise, raise.range);
            }
            Stmt::Delete(delete) => delete.targets.iter().for_each(|t| self.expr(t)),
            Stmt::Assign(assign) => {
                self.assign_value(&assign.value, &assign.targets);
            }
            Stmt::AnnAssign(assign) => {
                if let Some(value) = &assign.value {
                    self.assign_value(value, std::slice::from_ref(&*assign.target));
                }
            }
            Stmt::AugAssign(aug) => {
                self.expr(&aug.value);
                if let Some(place) = place_of(&aug.target) {
                    self.subscript_reads(&aug.target);
                    if place.is_name() {
                        self.bind_local(&place.root);
                    }
                    self.push(
                        EventKind::Write {
                            place,
                            aug: true,
                            from_self: true,
                            mutates: false,
                        },
                        aug.range,
                    );
                } else {
                    self.expr(&aug.target);
                }
            }
            Stmt::TypeAlias(_) | Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) => {}
            Stmt::IpyEscapeCommand(_) => {}
            Stmt::For(stmt) => {
                self.expr(&stmt.iter);
                let mut vars = Vec::new();
                names_in(&stmt.target, &mut vars);
                for var in &vars {
                    self.bind_local(var);
                }
                let id = self.next_loop;
                self.next_loop += 1;
                if let Expr::Call(call) = &*stmt.iter
                    && matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "range")
                {
                    self.range_vars.extend(vars.iter().cloned());
                    let literal = call
                        .arguments
                        .args
                        .iter()
                        .all(|a| matches!(a, Expr::NumberLiteral(_)) || self.is_constant(a));
                    self.push(
                        EventKind::RangeLoop {
                            loop_id: id,
                            literal,
                        },
                        stmt.range,
                    );
                }
                if let Some(list) = place_of(&stmt.iter)
                    && let Expr::Name(var) = &*stmt.target
                {
                    self.push(
                        EventKind::ForEach {
                            list,
                            var: var.id.to_string(),
                            loop_id: id,
                        },
                        stmt.range,
                    );
                }
                self.looped(id, vars, |this| this.suite(&stmt.body));
                self.conditional(|this| this.suite(&stmt.orelse));
            }
            Stmt::While(stmt) => {
                let id = self.next_loop;
                self.next_loop += 1;
                self.push(EventKind::While { loop_id: id }, stmt.range);
                self.looped(id, Vec::new(), |this| {
                    this.expr(&stmt.test);
                    this.suite(&stmt.body)
                });
                self.conditional(|this| this.suite(&stmt.orelse));
            }
            Stmt::If(stmt) => {
                self.test(&stmt.test);
                self.expr(&stmt.test);
                let id = stmt.range.start().to_u32();
                self.conditional(|this| {
                    this.arm(id, 0, |this| this.suite(&stmt.body));
                    for (i, clause) in stmt.elif_else_clauses.iter().enumerate() {
                        if let Some(test) = &clause.test {
                            this.expr(test);
                        }
                        this.arm(id, i as u32 + 1, |this| this.suite(&clause.body));
                    }
                });
            }
            Stmt::With(with) => self.with(with),
            Stmt::Match(stmt) => {
                self.expr(&stmt.subject);
                let id = stmt.range.start().to_u32();
                self.conditional(|this| {
                    for (i, case) in stmt.cases.iter().enumerate() {
                        if let Some(guard) = &case.guard {
                            this.expr(guard);
                        }
                        this.arm(id, i as u32, |this| this.suite(&case.body));
                    }
                });
            }
            Stmt::Try(stmt) => {
                let id = stmt.range.start().to_u32();
                let finally = !stmt.finalbody.is_empty();
                if finally {
                    self.ctx_mut().before_finally.push(id);
                }
                self.ctx_mut().tries.push(id);
                let before = self.ctx.conditional;
                self.suite(&stmt.body);
                self.ctx_mut().tries.pop();
                self.ctx_mut().conditional = true;
                for handler in &stmt.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    if let Some(name) = &h.name {
                        self.bind_local(name.as_str());
                    }
                    self.suite(&h.body);
                }
                self.suite(&stmt.orelse);
                self.ctx_mut().conditional = before;
                if finally {
                    self.ctx_mut().before_finally.pop();
                }
                let in_finally = std::mem::replace(&mut self.ctx_mut().in_finally, true);
                let finally_of = self.ctx_mut().finally_of.replace(id);
                self.suite(&stmt.finalbody);
                self.ctx_mut().in_finally = in_finally;
                self.ctx_mut().finally_of = finally_of;
            }
            Stmt::Assert(stmt) => {
                self.expr(&stmt.test);
                if let Some(msg) = &stmt.msg {
                    self.expr(msg);
                }
            }
            Stmt::Import(import) => {
                for alias in &import.names {
                    let name = alias.asname.as_ref().unwrap_or(&alias.name).as_str();
                    let first = name.split('.').next().unwrap_or(name).to_string();
                    self.bind_local(&first);
                }
            }
            Stmt::ImportFrom(from) => {
                for alias in &from.names {
                    let name = alias.asname.as_ref().unwrap_or(&alias.name).to_string();
                    self.bind_local(&name);
                }
            }
            Stmt::Global(global) => {
                for name in &global.names {
                    let name = name.to_string();
                    self.func().globals.insert(name);
                }
            }
            Stmt::Nonlocal(nonlocal) => {
                for name in &nonlocal.names {
                    let name = name.to_string();
                    self.func().nonlocals.insert(name);
                }
            }
            Stmt::Expr(stmt) => {
                self.statement_call = Some(stmt.value.range().start().to_u32());
                self.expr(&stmt.value);
                self.statement_call = None;
            }
        }
    }

    pub(super) fn looped(&mut self, id: u32, vars: Vec<String>, f: impl FnOnce(&mut Self)) {
        self.loops.push(OpenLoop {
            vars,
            assigned: HashSet::new(),
        });
        self.ctx_mut().loops.push(id);
        self.conditional(f);
        self.ctx_mut().loops.pop();
        self.loops.pop();
    }

    /// `if key not in d:`, `if not flag:`: the place tested.
    pub(super) fn test(&mut self, test: &Expr) {
        match test {
            Expr::Compare(cmp) if cmp.ops.len() == 1 => {
                if let Some(place) = place_of(&cmp.comparators[0])
                    && matches!(cmp.ops[0], CmpOp::NotIn)
                {
                    self.push(
                        EventKind::Test {
                            place,
                            negated_member: true,
                        },
                        cmp.range,
                    );
                }
            }
            Expr::UnaryOp(op) if matches!(op.op, UnaryOp::Not) => {
                if let Some(place) = place_of(&op.operand) {
                    self.push(
                        EventKind::Test {
                            place,
                            negated_member: false,
                        },
                        op.range,
                    );
                }
            }
            _ => {}
        }
    }

    pub(super) fn with(&mut self, with: &ast::StmtWith) {
        let held_before = self.ctx.locks.len();
        let pools_before = self.pools.len();
        for item in &with.items {
            let ctx_expr = &item.context_expr;
            let qualified = match ctx_expr {
                Expr::Call(call) => self.qualify(&call.func),
                _ => None,
            };
            if let Some(kind) = qualified.as_deref().and_then(is_lock_ctor) {
                let _ = kind;
                self.push(
                    EventKind::With {
                        lock: Place::name("<fresh>"),
                        fresh: true,
                    },
                    ctx_expr.range(),
                );
                self.expr(ctx_expr);
            } else if let Some(process) = qualified.as_deref().and_then(is_pool_ctor) {
                self.expr(ctx_expr);
                if let Some(Expr::Name(name)) = item.optional_vars.as_deref() {
                    self.bind_local(name.id.as_str());
                    self.push(
                        EventKind::Bind {
                            place: Place::name(name.id.as_str()),
                            value: Value::Pool {
                                process,
                                with_block: true,
                            },
                        },
                        name.range,
                    );
                    self.pools
                        .push((name.id.to_string(), with.range.end().to_u32()));
                }
            } else if let Some(lock) = place_of(ctx_expr).filter(|_| item.optional_vars.is_none()) {
                self.push(
                    EventKind::With {
                        lock: lock.clone(),
                        fresh: false,
                    },
                    ctx_expr.range(),
                );
                let span = self.span(ctx_expr.range());
                self.ctx_mut().locks.push(Held {
                    lock,
                    span,
                    by_acquire: false,
                });
            } else {
                self.expr(ctx_expr);
                if let Some(vars) = &item.optional_vars {
                    let mut names = Vec::new();
                    names_in(vars, &mut names);
                    for name in names {
                        self.bind_local(&name);
                    }
                }
            }
        }
        self.suite(&with.body);
        self.ctx_mut().locks.truncate(held_before);
        self.pools.truncate(pools_before);
    }

    pub(super) fn subscript_reads(&mut self, target: &Expr) {
        match target {
            Expr::Subscript(sub) => {
                self.expr(&sub.slice);
                self.subscript_reads(&sub.value);
            }
            Expr::Attribute(attr) => self.subscript_reads(&attr.value),
            _ => {}
        }
    }

    pub(super) fn assign_value(&mut self, value: &Expr, targets: &[Expr]) {
        self.expr(value);
        let spawn = match value {
            Expr::Call(call) => self.spawn_at.get(&call.range().start().to_u32()).copied(),
            _ => None,
        };
        let tracked = self.value_kind(value, spawn);
        for target in targets {
            self.assign_target(target, value, spawn, tracked.clone());
        }
    }

    /// What an assigned value is, when racelint tracks it.
    pub(super) fn value_kind(&self, value: &Expr, spawn: Option<SpawnId>) -> Value {
        match value {
            Expr::Call(call) => {
                if let Some(s) = spawn {
                    return Value::Thread(s);
                }
                let q = self.qualify(&call.func);
                if let Some(kind) = q.as_deref().and_then(is_lock_ctor) {
                    return Value::Lock(kind);
                }
                if let Some(process) = q.as_deref().and_then(is_pool_ctor) {
                    return Value::Pool {
                        process,
                        with_block: false,
                    };
                }
                match q.as_deref() {
                    Some(
                        "queue.Queue"
                        | "queue.SimpleQueue"
                        | "queue.LifoQueue"
                        | "queue.PriorityQueue"
                        | "multiprocessing.Queue",
                    ) => Value::Queue,
                    Some("threading.Event") => Value::Event,
                    Some("threading.Barrier") => Value::Barrier,
                    _ => Value::Other,
                }
            }
            Expr::ListComp(comp) => match &*comp.elt {
                Expr::Call(call) => match self.spawn_at.get(&call.range().start().to_u32()) {
                    Some(&s) => Value::ThreadList(s),
                    None => Value::Collection,
                },
                _ => Value::Collection,
            },
            Expr::List(list) if list.elts.is_empty() => Value::Collection,
            Expr::Dict(dict) if dict.is_empty() => Value::Collection,
            Expr::NumberLiteral(_) | Expr::StringLiteral(_) => Value::Literal,
            _ => Value::Other,
        }
    }

    pub(super) fn assign_target(
        &mut self,
        target: &Expr,
        value: &Expr,
        spawn: Option<SpawnId>,
        tracked: Value,
    ) {
        match target {
            Expr::Tuple(t) => {
                for elt in &t.elts {
                    self.assign_target(elt, value, None, Value::Other);
                }
                return;
            }
            Expr::List(t) => {
                for elt in &t.elts {
                    self.assign_target(elt, value, None, Value::Other);
                }
                return;
            }
            Expr::Starred(s) => return self.assign_target(&s.value, value, None, Value::Other),
            _ => {}
        }
        let Some(place) = place_of(target) else {
            self.expr(target);
            return;
        };
        self.subscript_reads(target);
        if place.is_name() {
            self.bind_local(&place.root);
        }
        if place.root == "self"
            && place.path.len() == 1
            && let Value::Lock(kind) = tracked
            && let Some(class) = self.model.functions[self.cur.0 as usize].class.clone()
            && let Some(c) = self.model.classes.iter_mut().find(|c| c.name == class)
        {
            c.lock_attributes.push((place.path[0].clone(), kind));
        }
        if let Some(s) = spawn {
            let spawn = &mut self.model.spawns[s.0 as usize];
            if spawn.handle.is_none() {
                spawn.handle = Some(place.clone());
            }
        }
        // `t = Thread(..).start()`: `start()` returns None.
        if let Expr::Call(call) = value
            && let Expr::Attribute(attr) = &*call.func
            && attr.attr.as_str() == "start"
            && let Expr::Call(inner) = &*attr.value
            && let Some(&s) = self.spawn_at.get(&inner.range().start().to_u32())
        {
            self.model.spawns[s.0 as usize].start_result_bound = Some(place.clone());
        }
        if let (Value::Thread(s), true) = (&tracked, place.is_name()) {
            self.thread_binds.insert(place.root.clone(), *s);
        }
        if let Value::ThreadList(s) = tracked {
            self.model.spawns[s.0 as usize].list = Some(place.clone());
        }
        let from_self = reads_place(value, &place);
        if self.class.is_none() || !place.is_name() {
            self.push(
                EventKind::Write {
                    place: place.clone(),
                    aug: false,
                    from_self,
                    mutates: false,
                },
                target.range().cover(value.range()),
            );
        }
        if tracked != Value::Other {
            self.push(
                EventKind::Bind {
                    place,
                    value: tracked,
                },
                target.range(),
            );
        }
    }
}
