//! The Python model: the file's functions, the threads it starts, and what
//! each function does in program order (calls, reads, writes, lock regions,
//! waits). No Ruff type appears here: lints are queries on these types.

use std::collections::HashSet;

use crate::source::{SourceFile, Span};

/// Index of a function (or the module body, function 0) in [`Model::functions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FnId(pub u32);

/// Index of a spawn site in [`Model::spawns`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SpawnId(pub u32);

/// The module body, a `def`, a method, or a `lambda`.
#[derive(Clone, Debug)]
pub struct Function {
    pub name: String,
    /// The name in the `def` line (the whole lambda for a lambda; the file's start for the module).
    pub span: Span,
    /// The whole definition.
    pub range: Span,
    pub parent: Option<FnId>,
    /// The class whose body defines this method.
    pub class: Option<String>,
    pub params: Vec<String>,
    pub globals: HashSet<String>,
    pub nonlocals: HashSet<String>,
    /// Names bound in this scope (assignment, `for`, `with ... as`, `def`, import), not declared
    /// `global` or `nonlocal`.
    pub locals: HashSet<String>,
    /// Some `return` gives a value other than `None`.
    pub returns_value: bool,
    /// Calls a function that releases the GIL while it works, or does I/O.
    pub releases_gil: bool,
    pub events: Vec<Event>,
}

/// Where a name is bound, seen from a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    /// A local of this function (assigned here, not `global`): each call has its own.
    Local,
    /// A parameter: shared only if the same object is passed to several threads.
    Param(usize),
    /// A name of the module (declared `global` here, or only read here and bound at module level).
    Global,
    /// A local of an enclosing function (`nonlocal`, or read from a closure).
    Enclosing(FnId),
    /// Not bound anywhere in the file (a builtin, or `from x import *`).
    Unknown,
}

/// An access path: `counter`, `self.count`, `stats["hits"]`, `c.value`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Place {
    pub root: String,
    /// Attribute names after the root, in order; `[]` stands for a subscript.
    pub path: Vec<String>,
}

impl Place {
    pub fn name(root: &str) -> Place {
        Place {
            root: root.to_string(),
            path: Vec::new(),
        }
    }

    pub fn is_name(&self) -> bool {
        self.path.is_empty()
    }

    /// The path as written, with `[..]` for subscripts: `stats[..]`, `self.count`.
    pub fn display(&self) -> String {
        let mut out = self.root.clone();
        for part in &self.path {
            if part == "[]" {
                out.push_str("[..]");
            } else {
                out.push('.');
                out.push_str(part);
            }
        }
        out
    }
}

/// What kind of lock a lock object is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockKind {
    Lock,
    RLock,
    /// `Semaphore`, `BoundedSemaphore`, `Condition`: acquired and released like a lock.
    Other,
}

/// A lock held around an event: the path of the lock object, where it was taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    pub lock: Place,
    pub span: Span,
    /// Taken by `acquire()` rather than `with`.
    pub by_acquire: bool,
}

/// The context of an event: the loops around it (ids, innermost last) and the locks held.
#[derive(Clone, Debug, Default)]
pub struct Ctx {
    pub loops: Vec<u32>,
    pub locks: Vec<Held>,
    /// Inside an `if`, `try`, `except` or loop body of this function: may not run.
    pub conditional: bool,
    /// Inside the `finally:` of a `try`.
    pub in_finally: bool,
    /// The `try` (by start offset) whose `finally:` holds this event.
    pub finally_of: Option<u32>,
    /// The `try` statements (by start offset) whose body this event is in, with whether they
    /// have a `finally:`.
    pub tries: Vec<u32>,
    /// The `try` statements (by start offset) with a `finally:` whose body, `except` or `else`
    /// holds this event: their `finally:` runs after a `return` here has computed its value,
    /// before the caller gets it.
    pub before_finally: Vec<u32>,
    /// The arms this event is in: (`if` or `match` statement by start offset, arm index).
    /// Two events in different arms of one statement never both run.
    pub arms: Vec<(u32, u32)>,
}

impl Ctx {
    /// Whether the two events are in different arms of one `if` or `match`.
    pub fn exclusive(&self, other: &Ctx) -> bool {
        self.arms
            .iter()
            .any(|&(stmt, arm)| other.arms.iter().any(|&(s, a)| s == stmt && a != arm))
    }
}

/// The value a name (or attribute) is bound to, when racelint knows what it is.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Thread(SpawnId),
    Lock(LockKind),
    Pool {
        process: bool,
        /// Bound by `with ... as name:`: shut down when the block ends.
        with_block: bool,
    },
    Queue,
    Event,
    Barrier,
    /// A list (or set) built from threads: `[Thread(..) for ..]`.
    ThreadList(SpawnId),
    /// An empty list, dict or set, or one built by a comprehension.
    Collection,
    /// A number or string literal.
    Literal,
    Other,
}

/// What happens, in program order.
#[derive(Clone, Debug)]
pub enum EventKind {
    /// A thread or task starts here (or a `Thread` is created: see [`Spawn::kind`]).
    Spawn(SpawnId),
    /// `recv.name(..)`: a method call on a path (`t.start()`, `lock.acquire()`, `q.get()`).
    Method {
        recv: Place,
        name: String,
        /// The number of arguments given.
        args: usize,
        /// The call is a statement of its own (its value is thrown away).
        statement: bool,
        /// The span of `.name(...)`, from the dot.
        tail: Span,
    },
    /// A call of a function by qualified name (`time.sleep`), or of a function of this file.
    Call {
        callee: Callee,
        statement: bool,
    },
    /// A write to a place; `aug` for `+=` and friends, `from_self` when the new value is
    /// computed from a read of the same place (`x = x + 1`), `mutates` for a mutating method
    /// (`results.append(v)`).
    Write {
        place: Place,
        aug: bool,
        from_self: bool,
        mutates: bool,
    },
    /// A read of a place (a name, or a path rooted at one).
    Read {
        place: Place,
    },
    /// `with X:` (X a lock path, or a fresh lock: `with threading.Lock():`).
    With {
        lock: Place,
        fresh: bool,
    },
    /// `name = value` for values racelint tracks (threads, locks, pools, queues).
    Bind {
        place: Place,
        value: Value,
    },
    /// A `for` loop over a name starts: `for t in threads:`, binding `var`.
    ForEach {
        list: Place,
        var: String,
        loop_id: u32,
    },
    /// `if key not in d:` (or `if not flag:`) testing a place.
    Test {
        place: Place,
        negated_member: bool,
    },
    /// `return`; `refs` are the parts of the returned value that are objects handed over as
    /// they are (a name or a path, or one element of a returned tuple): the caller gets those
    /// objects, not a value computed from them now.
    Return {
        refs: Vec<Span>,
    },
    Raise,
    /// `while` loop (polling): its id.
    While {
        loop_id: u32,
    },
    /// `for x in range(bound)`: whether the bound is a literal number.
    RangeLoop {
        loop_id: u32,
        literal: bool,
    },
}

/// A call's target, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callee {
    /// A function of this file.
    Local(FnId),
    /// A function of a module, by qualified name (`time.sleep`, `threading.Thread`).
    Qualified(String),
    /// A name racelint could not resolve.
    Unknown(String),
}

#[derive(Clone, Debug)]
pub struct Event {
    pub kind: EventKind,
    pub span: Span,
    pub ctx: std::rc::Rc<Ctx>,
}

/// How the thread or task is started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpawnKind {
    /// `Thread(target=..)`: runs when `start()` is called on its handle.
    Thread,
    /// An instance of a `Thread` subclass: its `run` runs on `start()`.
    Subclass,
    /// `executor.submit(fn, ..)`.
    Submit,
    /// `executor.map(fn, items)` / `pool.map`.
    Map,
    /// `multiprocessing.Process(target=..)`: started and joined like a thread, but it shares
    /// no memory with its parent.
    Process,
}

/// The code a thread runs.
#[derive(Clone, Debug)]
pub enum Target {
    /// A function (or lambda, or method) of this file.
    Function(FnId),
    /// `target=worker(5)`: a call, evaluated now. `callee` is what is called.
    Called {
        callee: Option<FnId>,
        /// The called function as written (`worker`).
        func: Span,
        /// The arguments as written, each one's span; `None` if any is starred or a keyword.
        args: Option<Vec<Span>>,
        /// The whole call.
        call: Span,
    },
    /// Something racelint cannot follow.
    Unknown,
}

/// An argument expression passed to a thread, by position, and what it is.
#[derive(Clone, Debug)]
pub struct Arg {
    pub span: Span,
    /// The argument is a name (not a call, not a literal): `c` in `args=(c, 1000)`.
    pub name: Option<String>,
    /// The argument is an item of a list: `forks[i]` gives (`forks`, the index as written).
    pub item_of: Option<(String, String)>,
}

/// The `args=` keyword of `Thread(..)`.
#[derive(Clone, Debug)]
pub struct ArgsKeyword {
    /// The whole keyword argument, `args=(5)` (CPython's `keyword` node).
    pub keyword: Span,
    /// The value's span, parentheses included when written.
    pub value: Span,
    /// The expression inside any parentheses.
    pub inner: Span,
    /// The value is a tuple or list (or a name, call, ...: anything that may be a sequence).
    pub maybe_sequence: bool,
}

/// A place where a thread (or pool task) is created.
#[derive(Clone, Debug)]
pub struct Spawn {
    pub kind: SpawnKind,
    pub target: Target,
    /// The whole call.
    pub span: Span,
    /// The function whose body holds the call.
    pub scope: FnId,
    /// The call runs in a loop or comprehension: several threads run the target.
    pub many: bool,
    /// The loop variables around the call (names that differ per thread).
    pub loop_vars: Vec<String>,
    /// Names assigned inside the loop that holds the call (a fresh object each iteration).
    pub loop_locals: Vec<String>,
    pub args: Vec<Arg>,
    pub args_keyword: Option<ArgsKeyword>,
    pub daemon: bool,
    /// The keyword `target=` as written (the whole `target=...`), for fixes.
    pub target_keyword: Option<Span>,
    /// The call's closing parenthesis.
    pub close_paren: Span,
    /// `Thread(...).start()`: started in the same expression.
    pub started_inline: Option<Span>,
    /// The handle the thread is bound to.
    pub handle: Option<Place>,
    /// A list the handle (or thread) is put in.
    pub list: Option<Place>,
    /// The spawn's value is assigned to a name directly from `.start()`: `t = Thread(..).start()`.
    pub start_result_bound: Option<Place>,
    /// A pool call whose future or result is thrown away (an expression statement).
    pub result_discarded: bool,
    /// The pool is a `with` target whose block holds the call: where that block ends.
    pub pool_with_end: Option<u32>,
    /// `Thread(..).run()`: the span of `.run()`.
    pub run_inline: Option<Span>,
    /// Runs in another process (`multiprocessing`, `ProcessPoolExecutor`): it shares no
    /// memory with this one.
    pub process: bool,
}

/// A class defined in the file.
#[derive(Clone, Debug)]
pub struct Class {
    pub name: String,
    pub thread_subclass: bool,
    /// Names assigned in the class body (class attributes).
    pub attributes: HashSet<String>,
    /// Attributes assigned a lock in any method (`self.lock = threading.Lock()`).
    pub lock_attributes: Vec<(String, LockKind)>,
}

/// The model of one Python file.
pub struct Model<'a> {
    pub source: &'a SourceFile,
    pub functions: Vec<Function>,
    pub spawns: Vec<Spawn>,
    pub classes: Vec<Class>,
    /// Where the first syntax error is, if any.
    pub first_syntax_error: Option<u32>,
}

impl<'a> Model<'a> {
    pub fn function(&self, id: FnId) -> &Function {
        &self.functions[id.0 as usize]
    }

    pub fn spawn(&self, id: SpawnId) -> &Spawn {
        &self.spawns[id.0 as usize]
    }

    pub fn module(&self) -> &Function {
        &self.functions[0]
    }

    pub fn snippet(&self, span: Span) -> &'a str {
        self.source.snippet(span)
    }

    /// Where `name` is bound, seen from `f`.
    pub fn binding(&self, f: FnId, name: &str) -> Binding {
        let func = self.function(f);
        if f.0 == 0 {
            return if func.locals.contains(name) {
                Binding::Global
            } else {
                Binding::Unknown
            };
        }
        if func.globals.contains(name) {
            return Binding::Global;
        }
        if let Some(index) = func.params.iter().position(|p| p == name) {
            return Binding::Param(index);
        }
        let nonlocal = func.nonlocals.contains(name);
        if func.locals.contains(name) && !nonlocal {
            return Binding::Local;
        }
        let mut scope = func.parent;
        while let Some(id) = scope {
            let outer = self.function(id);
            if id.0 == 0 {
                break;
            }
            if outer.locals.contains(name) || outer.params.iter().any(|p| p == name) {
                return Binding::Enclosing(id);
            }
            scope = outer.parent;
        }
        if nonlocal {
            return Binding::Unknown;
        }
        if self.module().locals.contains(name) {
            Binding::Global
        } else {
            Binding::Unknown
        }
    }

    /// The value a module-level or local name was bound to, if racelint tracks it.
    pub fn value_of(&self, f: FnId, place: &Place) -> Option<&Value> {
        let scopes = [Some(f), Some(FnId(0))];
        for scope in scopes.into_iter().flatten() {
            for event in &self.function(scope).events {
                if let EventKind::Bind { place: p, value } = &event.kind
                    && p == place
                {
                    return Some(value);
                }
            }
            if place.root == "self" {
                break;
            }
        }
        if place.root == "self" && place.path.len() == 1 {
            let class = self.function(f).class.as_deref()?;
            let class = self.classes.iter().find(|c| c.name == class)?;
            return class
                .lock_attributes
                .iter()
                .find(|(attr, _)| *attr == place.path[0])
                .map(|_| &LOCK_VALUE);
        }
        None
    }

    /// The kind of lock a path holds, when it is known to be a lock.
    pub fn lock_kind(&self, f: FnId, place: &Place) -> Option<LockKind> {
        if place.root == "self"
            && place.path.len() == 1
            && let Some(class) = self.function(f).class.as_deref()
            && let Some(class) = self.classes.iter().find(|c| c.name == class)
            && let Some((_, kind)) = class
                .lock_attributes
                .iter()
                .find(|(a, _)| *a == place.path[0])
        {
            return Some(*kind);
        }
        match self.value_of(f, place)? {
            Value::Lock(kind) => Some(*kind),
            _ => None,
        }
    }

    /// The functions a thread runs when it runs `f`: `f` and the functions of this file it
    /// calls, with the locks held at each call, depth-first, each once.
    pub fn reachable(&self, f: FnId) -> Vec<(FnId, Vec<Held>)> {
        let mut out = vec![(f, Vec::new())];
        let mut seen = HashSet::from([f]);
        let mut i = 0;
        while i < out.len() && out.len() < 64 {
            let (id, held) = out[i].clone();
            for event in &self.function(id).events {
                if let EventKind::Call {
                    callee: Callee::Local(callee),
                    ..
                } = &event.kind
                    && seen.insert(*callee)
                {
                    let mut locks = held.clone();
                    locks.extend(event.ctx.locks.iter().cloned());
                    out.push((*callee, locks));
                }
            }
            i += 1;
        }
        out
    }

    /// The spawns whose target is `f` (or reaches it).
    pub fn spawns_running(&self, f: FnId) -> Vec<SpawnId> {
        (0..self.spawns.len() as u32)
            .map(SpawnId)
            .filter(|&s| match self.spawn(s).target {
                Target::Function(t) => self.reachable(t).iter().any(|(g, _)| *g == f),
                _ => false,
            })
            .collect()
    }

    /// The end of the function that holds `span` (the module's end for top-level code).
    pub fn scope_end(&self, span: Span) -> u32 {
        self.functions
            .iter()
            .filter(|f| f.range.contains(span))
            .map(|f| f.range.hi)
            .min()
            .unwrap_or(self.source.text.len() as u32)
    }

    /// The function (innermost) that holds `span`.
    pub fn function_at(&self, span: Span) -> FnId {
        let mut best = FnId(0);
        for (i, f) in self.functions.iter().enumerate() {
            if f.range.contains(span)
                && f.range.hi - f.range.lo
                    <= self.function(best).range.hi - self.function(best).range.lo
            {
                best = FnId(i as u32);
            }
        }
        best
    }
}

static LOCK_VALUE: Value = Value::Lock(LockKind::Lock);

impl Event {
    /// The place a write writes.
    pub fn kind_place(&self) -> Option<&Place> {
        match &self.kind {
            EventKind::Write { place, .. } => Some(place),
            _ => None,
        }
    }
}
