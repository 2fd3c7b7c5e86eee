//! Lowering: Ruff's syntax tree into the [`Model`], one walk in program order,
//! then a pass that resolves names of the file's own functions (a call may
//! come before the `def`).

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Parameters, Stmt};
use ruff_text_size::{Ranged, TextRange};

mod calls;
mod stmts;

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

    /// Runs `f` inside arm `arm` of the `if` or `match` statement `stmt`.
    fn arm(&mut self, stmt: u32, arm: u32, f: impl FnOnce(&mut Self)) {
        self.ctx_mut().arms.push((stmt, arm));
        f(self);
        self.ctx_mut().arms.pop();
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
