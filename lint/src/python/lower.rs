//! Lowering: Ruff's syntax tree into the [`Model`], one walk in program order,
//! then a pass that resolves names of the file's own functions (a call may
//! come before the `def`).

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{
    self as ast, Arguments, CmpOp, Expr, ExprContext, Parameters, Stmt, UnaryOp,
};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::model::*;
use crate::source::{FileId, SourceFile, Span};

/// Modules whose calls release the GIL while they work, or wait for I/O.
const RELEASES_GIL: &[&str] = &[
    "hashlib",
    "zlib",
    "bz2",
    "lzma",
    "gzip",
    "numpy",
    "scipy",
    "time.sleep",
    "socket",
    "select",
    "ssl",
    "requests",
    "urllib",
    "http",
    "subprocess",
    "os",
    "shutil",
    "io",
    "open",
    "input",
    "sqlite3",
    "pandas",
    "PIL",
    "cv2",
    "torch",
    "asyncio",
    "queue",
    "json.load",
    "json.dump",
    "pickle.load",
    "pickle.dump",
    "aiohttp",
    "httpx",
    "ftplib",
    "smtplib",
    "glob",
    "pathlib",
    "csv",
];

pub(crate) fn lower<'a>(
    source: &'a SourceFile,
    file: FileId,
    body: &[Stmt],
    first_syntax_error: Option<u32>,
) -> Model<'a> {
    let mut imports = HashMap::new();
    collect_imports(body, &mut imports);
    let module = Function {
        name: "<module>".into(),
        span: Span::new(file, 0..0),
        range: Span::new(file, 0..source.text.len()),
        parent: None,
        class: None,
        params: Vec::new(),
        globals: HashSet::new(),
        nonlocals: HashSet::new(),
        locals: HashSet::new(),
        returns_value: false,
        releases_gil: false,
        events: Vec::new(),
    };
    let mut lower = Lower {
        file,
        model: Model {
            source,
            functions: vec![module],
            spawns: Vec::new(),
            classes: Vec::new(),
            first_syntax_error,
        },
        imports,
        cur: FnId(0),
        ctx: Rc::default(),
        next_loop: 0,
        loops: Vec::new(),
        class: None,
        pending_targets: Vec::new(),
        spawn_at: HashMap::new(),
        statement_call: None,
        no_reads: 0,
        pools: Vec::new(),
        range_vars: HashSet::new(),
        thread_binds: HashMap::new(),
    };
    lower.suite(body);
    lower.resolve();
    lower.model
}

/// `import x as y`, `from x import y`: local name to qualified name, at every level.
fn collect_imports(body: &[Stmt], imports: &mut HashMap<String, String>) {
    for stmt in body {
        match stmt {
            Stmt::Import(import) => {
                for alias in &import.names {
                    let name = alias.name.as_str();
                    match &alias.asname {
                        Some(asname) => imports.insert(asname.to_string(), name.to_string()),
                        None => {
                            let first = name.split('.').next().unwrap_or(name);
                            imports.insert(first.to_string(), first.to_string())
                        }
                    };
                }
            }
            Stmt::ImportFrom(from) if from.level == 0 => {
                let Some(module) = &from.module else { continue };
                for alias in &from.names {
                    let name = alias.name.as_str();
                    if name == "*" {
                        for known in ["Thread", "Lock", "RLock", "Semaphore", "Event", "Condition"]
                        {
                            if module.as_str() == "threading" {
                                imports.insert(known.into(), format!("threading.{known}"));
                            }
                        }
                        continue;
                    }
                    let local = alias.asname.as_ref().map_or(name, |a| a.as_str());
                    imports.insert(local.to_string(), format!("{module}.{name}"));
                }
            }
            Stmt::FunctionDef(def) => collect_imports(&def.body, imports),
            Stmt::ClassDef(class) => collect_imports(&class.body, imports),
            Stmt::If(stmt) => {
                collect_imports(&stmt.body, imports);
                for clause in &stmt.elif_else_clauses {
                    collect_imports(&clause.body, imports);
                }
            }
            Stmt::Try(stmt) => {
                collect_imports(&stmt.body, imports);
                for handler in &stmt.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    collect_imports(&h.body, imports);
                }
            }
            _ => {}
        }
    }
}

struct OpenLoop {
    vars: Vec<String>,
    assigned: HashSet<String>,
}

struct Lower<'a> {
    file: FileId,
    model: Model<'a>,
    imports: HashMap<String, String>,
    cur: FnId,
    /// Shared by the events that have it, copied only when it changes.
    ctx: Rc<Ctx>,
    next_loop: u32,
    loops: Vec<OpenLoop>,
    /// The class whose body is being walked.
    class: Option<usize>,
    /// Spawns whose target is a name to resolve once every `def` is known.
    pending_targets: Vec<(SpawnId, PendingTarget)>,
    /// The spawn created by the call that starts at this offset.
    spawn_at: HashMap<u32, SpawnId>,
    /// The offset of the call that is a statement of its own.
    statement_call: Option<u32>,
    /// Inside the arguments of a spawn: names passed are not reads of results.
    no_reads: u32,
    /// Names bound by `with ThreadPoolExecutor() as ex:` whose block is being walked.
    pools: Vec<(String, u32)>,
    /// Names bound by `for x in range(..)`: numbers.
    range_vars: HashSet<String>,
    /// Names of this function bound to a thread.
    thread_binds: HashMap<String, SpawnId>,
}

enum PendingTarget {
    Name(String, FnId),
    Method(String, FnId),
    Class(String),
}

fn is_lock_ctor(q: &str) -> Option<LockKind> {
    match q {
        "threading.Lock"
        | "_thread.allocate_lock"
        | "multiprocessing.Lock"
        | "_thread.LockType" => Some(LockKind::Lock),
        "threading.RLock" | "multiprocessing.RLock" => Some(LockKind::RLock),
        "threading.Semaphore"
        | "threading.BoundedSemaphore"
        | "threading.Condition"
        | "multiprocessing.Semaphore" => Some(LockKind::Other),
        _ => None,
    }
}

fn is_pool_ctor(q: &str) -> Option<bool> {
    match q {
        "concurrent.futures.ThreadPoolExecutor"
        | "concurrent.futures.thread.ThreadPoolExecutor"
        | "multiprocessing.pool.ThreadPool"
        | "multiprocessing.dummy.Pool" => Some(false),
        "concurrent.futures.ProcessPoolExecutor"
        | "concurrent.futures.process.ProcessPoolExecutor"
        | "multiprocessing.Pool"
        | "multiprocessing.pool.Pool" => Some(true),
        _ => None,
    }
}

fn names_in(expr: &Expr, out: &mut Vec<String>) {
    match expr {
        Expr::Name(name) => out.push(name.id.to_string()),
        Expr::Tuple(t) => t.elts.iter().for_each(|e| names_in(e, out)),
        Expr::List(l) => l.elts.iter().for_each(|e| names_in(e, out)),
        Expr::Starred(s) => names_in(&s.value, out),
        _ => {}
    }
}

fn param_names(params: &Parameters) -> Vec<String> {
    let mut out: Vec<String> = params
        .posonlyargs
        .iter()
        .chain(&params.args)
        .map(|p| p.parameter.name.to_string())
        .collect();
    out.extend(params.vararg.iter().map(|p| p.name.to_string()));
    out.extend(
        params
            .kwonlyargs
            .iter()
            .map(|p| p.parameter.name.to_string()),
    );
    out.extend(params.kwarg.iter().map(|p| p.name.to_string()));
    out
}

/// The place an expression names: `x`, `self.count`, `stats["hits"]`.
fn place_of(expr: &Expr) -> Option<Place> {
    match expr {
        Expr::Name(name) => Some(Place::name(name.id.as_str())),
        Expr::Attribute(attr) => {
            let mut place = place_of(&attr.value)?;
            place.path.push(attr.attr.to_string());
            Some(place)
        }
        Expr::Subscript(sub) => {
            let mut place = place_of(&sub.value)?;
            place.path.push("[]".into());
            Some(place)
        }
        _ => None,
    }
}

fn reads_place(expr: &Expr, place: &Place) -> bool {
    struct Finder<'p> {
        place: &'p Place,
        found: bool,
    }
    impl<'b> Visitor<'b> for Finder<'_> {
        fn visit_expr(&mut self, expr: &'b Expr) {
            if place_of(expr).as_ref() == Some(self.place) {
                self.found = true;
            } else {
                visitor::walk_expr(self, expr);
            }
        }
    }
    let mut finder = Finder {
        place,
        found: false,
    };
    finder.visit_expr(expr);
    finder.found
}

const MUTATING: &[&str] = &[
    "append",
    "extend",
    "insert",
    "update",
    "add",
    "pop",
    "popitem",
    "remove",
    "discard",
    "setdefault",
    "clear",
    "appendleft",
    "extendleft",
    "popleft",
    "sort",
    "reverse",
];

impl<'a> Lower<'a> {
    fn span(&self, range: TextRange) -> Span {
        Span::new(self.file, range.start().to_usize()..range.end().to_usize())
    }

    fn ctx_mut(&mut self) -> &mut Ctx {
        Rc::make_mut(&mut self.ctx)
    }

    fn func(&mut self) -> &mut Function {
        &mut self.model.functions[self.cur.0 as usize]
    }

    fn push(&mut self, kind: EventKind, range: TextRange) {
        let span = self.span(range);
        let ctx = self.ctx.clone();
        self.func().events.push(Event { kind, span, ctx });
    }

    fn bind_local(&mut self, name: &str) {
        if self.class.is_some() && self.cur == self.class_owner() {
            if let Some(c) = self.class {
                self.model.classes[c].attributes.insert(name.to_string());
            }
            return;
        }
        for open in &mut self.loops {
            open.assigned.insert(name.to_string());
        }
        let func = self.func();
        if !func.globals.contains(name) && !func.nonlocals.contains(name) {
            func.locals.insert(name.to_string());
        }
    }

    fn class_owner(&self) -> FnId {
        self.cur
    }

    /// The qualified name an expression refers to, through the file's imports.
    fn qualify(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Name(name) => {
                let id = name.id.as_str();
                let func = &self.model.functions[self.cur.0 as usize];
                if func.params.iter().any(|p| p == id)
                    || (self.cur.0 != 0 && func.locals.contains(id))
                {
                    return None;
                }
                self.imports.get(id).cloned()
            }
            Expr::Attribute(attr) => Some(format!(
                "{}.{}",
                self.qualify(&attr.value)?,
                attr.attr.as_str()
            )),
            _ => None,
        }
    }

    fn thread_class(&self, expr: &Expr) -> Option<usize> {
        let Expr::Name(name) = expr else { return None };
        self.model
            .classes
            .iter()
            .position(|c| c.thread_subclass && c.name == name.id.as_str())
    }

    fn suite(&mut self, body: &[Stmt]) {
        for stmt in body {
            self.stmt(stmt);
        }
    }

    fn conditional<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let before = self.ctx.conditional;
        self.ctx_mut().conditional = true;
        let out = f(self);
        self.ctx_mut().conditional = before;
        out
    }

    fn new_function(
        &mut self,
        name: String,
        span: Span,
        range: Span,
        params: Vec<String>,
        class: Option<String>,
    ) -> FnId {
        let id = FnId(self.model.functions.len() as u32);
        self.model.functions.push(Function {
            name,
            span,
            range,
            parent: Some(self.cur),
            class,
            params,
            globals: HashSet::new(),
            nonlocals: HashSet::new(),
            locals: HashSet::new(),
            returns_value: false,
            releases_gil: false,
            events: Vec::new(),
        });
        id
    }

    fn enter<T>(&mut self, id: FnId, f: impl FnOnce(&mut Self) -> T) -> T {
        let cur = std::mem::replace(&mut self.cur, id);
        let ctx = std::mem::take(&mut self.ctx);
        let loops = std::mem::take(&mut self.loops);
        let class = self.class.take();
        let pools = std::mem::take(&mut self.pools);
        let binds = std::mem::take(&mut self.thread_binds);
        let out = f(self);
        self.thread_binds = binds;
        self.cur = cur;
        self.ctx = ctx;
        self.loops = loops;
        self.class = class;
        self.pools = pools;
        out
    }

    fn stmt(&mut self, stmt: &Stmt) {
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
                self.push(EventKind::Return, ret.range);
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
                self.conditional(|this| {
                    this.suite(&stmt.body);
                    for clause in &stmt.elif_else_clauses {
                        if let Some(test) = &clause.test {
                            this.expr(test);
                        }
                        this.suite(&clause.body);
                    }
                });
            }
            Stmt::With(with) => self.with(with),
            Stmt::Match(stmt) => {
                self.expr(&stmt.subject);
                self.conditional(|this| {
                    for case in &stmt.cases {
                        if let Some(guard) = &case.guard {
                            this.expr(guard);
                        }
                        this.suite(&case.body);
                    }
                });
            }
            Stmt::Try(stmt) => {
                let id = stmt.range.start().to_u32();
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

    fn looped(&mut self, id: u32, vars: Vec<String>, f: impl FnOnce(&mut Self)) {
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
    fn test(&mut self, test: &Expr) {
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

    fn with(&mut self, with: &ast::StmtWith) {
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

    fn subscript_reads(&mut self, target: &Expr) {
        match target {
            Expr::Subscript(sub) => {
                self.expr(&sub.slice);
                self.subscript_reads(&sub.value);
            }
            Expr::Attribute(attr) => self.subscript_reads(&attr.value),
            _ => {}
        }
    }

    fn assign_value(&mut self, value: &Expr, targets: &[Expr]) {
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
    fn value_kind(&self, value: &Expr, spawn: Option<SpawnId>) -> Value {
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

    fn assign_target(
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

    fn expr(&mut self, expr: &Expr) {
        self.visit_expr(expr);
    }

    fn comprehension(&mut self, generators: &[ast::Comprehension], elts: &[&Expr]) {
        let id = self.next_loop;
        self.next_loop += 1;
        let mut vars = Vec::new();
        for generator in generators {
            names_in(&generator.target, &mut vars);
        }
        if let Some(first) = generators.first() {
            if let Expr::Call(call) = &first.iter
                && matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "range")
            {
                self.range_vars.extend(vars.iter().cloned());
            }
            self.expr(&first.iter);
            if let Some(list) = place_of(&first.iter)
                && let Expr::Name(var) = &first.target
            {
                self.push(
                    EventKind::ForEach {
                        list,
                        var: var.id.to_string(),
                        loop_id: id,
                    },
                    first.range,
                );
            }
        }
        self.loops.push(OpenLoop {
            vars,
            assigned: HashSet::new(),
        });
        self.ctx_mut().loops.push(id);
        let before = self.ctx.conditional;
        self.ctx_mut().conditional = true;
        for (i, generator) in generators.iter().enumerate() {
            if i > 0 {
                self.expr(&generator.iter);
            }
            for cond in &generator.ifs {
                self.expr(cond);
            }
        }
        let statement = self.statement_call.take();
        for elt in elts {
            self.expr(elt);
        }
        self.statement_call = statement;
        self.ctx_mut().conditional = before;
        self.ctx_mut().loops.pop();
        self.loops.pop();
    }

    fn call(&mut self, call: &ast::ExprCall) {
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

    fn arguments(&mut self, args: &Arguments) {
        for arg in &args.args {
            self.expr(arg);
        }
        for keyword in &args.keywords {
            self.expr(&keyword.value);
        }
    }

    /// Whether the expression is a pool, and whether its workers are processes.
    fn pool_kind(&self, expr: &Expr) -> Option<bool> {
        match expr {
            Expr::Call(call) => self.qualify(&call.func).as_deref().and_then(is_pool_ctor),
            _ => match self.model.value_of(self.cur, &place_of(expr)?) {
                Some(Value::Pool { process, .. }) => Some(*process),
                _ => None,
            },
        }
    }

    fn loop_info(&self) -> (bool, Vec<String>, Vec<String>) {
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
    fn target(&mut self, expr: &Expr, spawn: SpawnId) -> Target {
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

    fn lambda(&mut self, lambda: &ast::ExprLambda) -> FnId {
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

    fn new_spawn(&mut self, kind: SpawnKind, call: &ast::ExprCall) -> SpawnId {
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

    fn arg(&self, expr: &Expr) -> Arg {
        Arg {
            span: self.span(expr.range()),
            name: match expr {
                Expr::Name(n) => Some(n.id.to_string()),
                _ => None,
            },
        }
    }

    fn thread(&mut self, call: &ast::ExprCall, kind: SpawnKind, class: Option<usize>) {
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
    fn is_constant(&self, expr: &Expr) -> bool {
        let Expr::Name(name) = expr else { return false };
        self.model.functions[0].events.iter().any(|e| {
            matches!(&e.kind, EventKind::Bind { place, value: Value::Literal } if place.is_name() && place.root == name.id.as_str())
        })
    }

    /// `for i in range(..)`: the loop variable is a number.
    fn is_number_loop_var(&self, expr: &Expr) -> bool {
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

    fn task(&mut self, call: &ast::ExprCall, kind: SpawnKind, statement: bool, process: bool) {
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

    /// Names of the file's own functions, once every `def` is known.
    fn resolve(&mut self) {
        let find =
            |model: &Model<'_>, name: &str, mut scope: FnId| -> Option<FnId> {
                loop {
                    if let Some(i) = model.functions.iter().position(|f| {
                        f.parent == Some(scope) && f.name == name && f.class.is_none()
                    }) {
                        return Some(FnId(i as u32));
                    }
                    scope = model.function(scope).parent?;
                }
            };
        let method = |model: &Model<'_>, name: &str, scope: FnId| -> Option<FnId> {
            let class = model.function(scope).class.clone()?;
            model
                .functions
                .iter()
                .position(|f| f.class.as_deref() == Some(class.as_str()) && f.name == name)
                .map(|i| FnId(i as u32))
        };
        for f in 0..self.model.functions.len() {
            for e in 0..self.model.functions[f].events.len() {
                let EventKind::Call {
                    callee: Callee::Unknown(name),
                    ..
                } = &self.model.functions[f].events[e].kind
                else {
                    continue;
                };
                let resolved = match name.strip_prefix("self.") {
                    Some(m) => method(&self.model, m, FnId(f as u32)),
                    None => find(&self.model, name, FnId(f as u32)),
                };
                if let Some(id) = resolved
                    && let EventKind::Call { callee, .. } =
                        &mut self.model.functions[f].events[e].kind
                {
                    *callee = Callee::Local(id);
                }
            }
        }
        for (spawn, pending) in std::mem::take(&mut self.pending_targets) {
            let resolved = match &pending {
                PendingTarget::Name(name, scope) => match name.strip_prefix("()=") {
                    Some(called) => {
                        let callee = find(&self.model, called, *scope);
                        if let Target::Called { callee: c, .. } =
                            &mut self.model.spawns[spawn.0 as usize].target
                        {
                            *c = callee;
                        }
                        continue;
                    }
                    None => find(&self.model, name, *scope),
                },
                PendingTarget::Method(name, scope) => method(&self.model, name, *scope),
                PendingTarget::Class(class) => self
                    .model
                    .functions
                    .iter()
                    .position(|f| f.class.as_deref() == Some(class.as_str()) && f.name == "run")
                    .map(|i| FnId(i as u32)),
            };
            if let Some(id) = resolved {
                self.model.spawns[spawn.0 as usize].target = Target::Function(id);
            }
        }
    }
}

impl<'b> Visitor<'b> for Lower<'_> {
    fn visit_stmt(&mut self, stmt: &'b Stmt) {
        self.stmt(stmt);
    }

    fn visit_expr(&mut self, expr: &'b Expr) {
        match expr {
            Expr::Call(call) => self.call(call),
            Expr::Lambda(lambda) => {
                self.lambda(lambda);
            }
            Expr::ListComp(comp) => self.comprehension(&comp.generators, &[&comp.elt]),
            Expr::SetComp(comp) => self.comprehension(&comp.generators, &[&comp.elt]),
            Expr::Generator(comp) => self.comprehension(&comp.generators, &[&comp.elt]),
            Expr::DictComp(comp) => {
                let mut elts = vec![&*comp.value];
                if let Some(key) = &comp.key {
                    elts.push(key);
                }
                self.comprehension(&comp.generators, &elts)
            }
            Expr::Named(named) => {
                self.expr(&named.value);
                if let Expr::Name(name) = &*named.target {
                    self.bind_local(name.id.as_str());
                }
            }
            Expr::Name(name) if matches!(name.ctx, ExprContext::Load) => {
                if self.no_reads == 0 {
                    self.push(
                        EventKind::Read {
                            place: Place::name(name.id.as_str()),
                        },
                        name.range,
                    );
                }
            }
            Expr::Attribute(_) | Expr::Subscript(_) if place_of(expr).is_some() => {
                if self.no_reads == 0 {
                    let place = place_of(expr).unwrap();
                    self.push(EventKind::Read { place }, expr.range());
                }
                self.subscript_reads(expr);
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}
