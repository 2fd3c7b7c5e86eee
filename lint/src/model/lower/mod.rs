//! Lowering: builds the [`Model`] from syntax, one walk over every function body.
//!
//! The walk is an abstract interpretation over names: every expression
//! yields a [`Val`] that says which shared object it refers to, whether it is
//! a lock guard, which reads its value depends on, and whether it holds join
//! handles. Statements decide how long temporaries live; `let` bindings carry
//! values (and so aliases) forward; closures given to a spawn become thread
//! bodies with their own events.
//!
//! This file holds the walk's values and the [`Builder`]'s state: how the walk
//! starts ([`build`]), the ids, spans and events it hands out, and how it ends
//! (calls resolved once every function is known, then `finish`). Each other
//! file adds one concern to `impl Builder`:
//!
//! | file | what it lowers |
//! |------|----------------|
//! | [`items`] | items of the unit: functions, methods, statics, types, `use`s |
//! | [`slots`] | `OUT[i]` of a `static mut` with `i` a loop variable: one slot per thread |
//! | [`scopes`] | one body at a time; frames, guards released at scope end, bindings |
//! | [`stmts`] | blocks and statements; temporaries' lifetimes, discarded and escaping values |
//! | [`exprs`] | the dispatch over expressions; borrows, paths, closures, macros |
//! | [`places`] | assignment targets and writes; reads through guards; field and element objects |
//! | [`control`] | `if`, `match`, `while`, `for`; loops and arms as regions |
//! | [`endless`] | statements a function never gets past: an endless `loop`, a `for` over `incoming()` |
//! | [`calls`] | calls of free functions and paths |
//! | [`paths`] | paths resolved to the unit's statics, functions and methods; std's spawn APIs |
//! | [`methods`] | method calls: the dispatch on the receiver, iterator adapters, the crate's methods |
//! | [`atomics`] | methods of atomics |
//! | [`locks`] | `lock`/`read`/`write`, methods on guards, condvar and barrier waits |
//! | [`interior`] | writes through `Cell`, `RefCell`, `UnsafeCell` and raw pointers |
//! | [`channels`] | methods of channel ends |
//! | [`handles`] | join results, collections and iterators of join handles |
//! | [`threads`] | `thread::spawn`, `thread::scope`, spawned bodies, `join` |
//! | [`syntax`] | free helpers over syntax; no builder state |

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Block, Expr, Pat, Stmt, Type};

use super::resolve::{ItemKind, ModPath, Names, Resolved};
use super::*;
use crate::source::{FileId, Span};
use crate::unit::{Edition, ParsedFile, Syntax};

mod atomics;
mod calls;
mod channels;
mod control;
mod endless;
mod exprs;
mod guard_fns;
mod handles;
mod interior;
mod items;
mod locks;
mod methods;
mod paths;
mod places;
mod rings;
mod scopes;
mod slots;
mod spins;
mod stmts;
mod syntax;
mod threads;

use paths::{is_scope_fn, is_spawn_fn, path_segments};
use syntax::*;

/// Methods of a collection (reached through a guard) that change it.
const MUTATING_METHODS: &[&str] = &[
    "push",
    "push_back",
    "push_front",
    "push_str",
    "insert",
    "remove",
    "pop",
    "pop_back",
    "pop_front",
    "clear",
    "extend",
    "append",
    "truncate",
    "retain",
    "drain",
    "sort",
    "sort_by",
    "sort_unstable",
    "dedup",
    "swap_remove",
    "entry",
    "get_mut",
    "iter_mut",
    "values_mut",
    "resize",
    "take",
    "replace",
    "set",
    "fill",
    "reverse",
    "split_off",
];

/// Mutating methods that hand back data taken out of the collection.
const RETURNING_MUTATORS: &[&str] = &[
    "pop",
    "pop_back",
    "pop_front",
    "remove",
    "swap_remove",
    "take",
    "replace",
    "split_off",
    "drain",
];

/// The waits of a condition variable (std's, and parking_lot's `wait_for`,
/// `wait_until`).
const CONDVAR_WAITS: &[&str] = &[
    "wait",
    "wait_while",
    "wait_timeout",
    "wait_timeout_while",
    "wait_timeout_ms",
    "wait_for",
    "wait_until",
    "wait_while_for",
    "wait_while_until",
];

/// Methods that only unwrap, convert or look at a value: no work of their own.
const PLUMBING_METHODS: &[&str] = &[
    "unwrap",
    "expect",
    "unwrap_or",
    "unwrap_or_default",
    "unwrap_or_else",
    "ok",
    "err",
    "is_ok",
    "is_err",
    "map_err",
    "clone",
    "to_string",
    "to_owned",
    "into",
    "as_ref",
    "as_mut",
    "as_str",
    "borrow",
    "len",
    "is_empty",
    "iter",
    "into_iter",
    "name",
    "stack_size",
];

/// Method names that block until another thread does something: called on
/// a receiver the model does not know, they are waits it cannot follow.
const UNKNOWN_WAITS: &[&str] = &[
    "wait",
    "wait_timeout",
    "wait_while",
    "park",
    "park_timeout",
    "acquire",
    "recv",
    "recv_timeout",
    "join",
];

/// Iterator adapters whose closure runs once per item.
const ITER_CLOSURE_METHODS: &[&str] = &[
    "map",
    "for_each",
    "filter_map",
    "flat_map",
    "filter",
    "inspect",
    "try_for_each",
    "fold",
    "any",
    "all",
    "find_map",
    "map_while",
    "scan",
    "take_while",
    "skip_while",
    "par_iter",
];

/// Iterator adapters that pass items (and so handles) through unchanged.
const PASS_THROUGH_ADAPTERS: &[&str] = &[
    "into_iter",
    "iter",
    "iter_mut",
    "drain",
    "rev",
    "take",
    "skip",
    "chain",
    "by_ref",
    "into_values",
    "values",
    "peekable",
    "fuse",
];

/// Calls that hand a closure to a runtime, a pool or a model checker to run
/// later, elsewhere: not `std::thread::spawn`, and not run where they are called.
const SPAWN_LIKE: &[&str] = &[
    "spawn",
    "spawn_blocking",
    "spawn_local",
    "spawn_fifo",
    "spawn_broadcast",
    "spawn_ok",
    "execute",
];

/// Locks that the thread holding them may take again.
const REENTRANT_LOCKS: &[&str] = &["ReentrantMutex", "ReentrantLock"];

/// Thread-scope functions: every thread spawned in the closure is joined when it returns.
const SCOPE_FNS: &[&[&str]] = &[
    &["std", "thread", "scope"],
    &["crossbeam", "scope"],
    &["crossbeam", "thread", "scope"],
    &["crossbeam_utils", "thread", "scope"],
    &["rayon", "scope"],
];

/// A handle, or handles, carried by a value.
#[derive(Clone, Debug, PartialEq)]
enum HandleVal {
    /// Just spawned, not stored anywhere yet.
    Fresh(Vec<SpawnId>),
    /// A collection of just-spawned handles (`collect()`, `vec![..]`).
    FreshMany(Vec<SpawnId>),
    /// An iterator that spawns a thread for each item as it is consumed.
    Lazy(Vec<SpawnId>),
    /// An item of such an iterator: joining it joins right after the spawn.
    LazyItem(Vec<SpawnId>),
    /// The handle place itself.
    Place(HandleId),
    /// An item of a handle collection, or an iterator over them.
    Items(HandleId),
}

/// What the walk knows about a value.
#[derive(Clone, Debug, Default)]
struct Val {
    obj: Option<ObjId>,
    guard: Option<GuardId>,
    deps: Vec<Dep>,
    handle: Option<HandleVal>,
    /// A `thread::scope` handle (`s` in `thread::scope(|s| ..)`).
    scope: bool,
    ordering: Option<Ordering>,
    tuple: Option<Vec<Val>>,
    /// A raw pointer (or an address made from one); `obj` is what it points to.
    raw_ptr: bool,
    /// The crate's own type of the value (`Counter` for `Arc::new(Counter::new())`), when known.
    ty: Option<String>,
    /// The result of a `join()`: the index of its event.
    join_event: Option<usize>,
    /// ... turned into an `Option` by `.ok()`.
    join_ok: bool,
    /// What this value says about a claim on an atomic (see [`Claim`]).
    claim: Option<Claim>,
    /// A value of another crate's type (not std's): its methods are its own.
    foreign: bool,
    /// For a `compare_exchange` result: the text of the value it expected.
    cas_expected: Option<String>,
    /// The identity of the running thread (`thread::current().id()`, a
    /// `thread_local!` id): comparing it with an owner field checks ownership.
    thread_ident: bool,
    /// A std `JoinHandle` by its declared type (a parameter, a field).
    std_handle: bool,
    /// A closure walked where it is written: the range of its events in
    /// the body, for when it turns out to be handed to another crate.
    closure_events: Option<(usize, usize)>,
}

/// A value that tells whether this thread won exclusive access: only one
/// thread at a time can see it say so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Claim {
    /// The `Result` of a `compare_exchange` on the atomic: `Ok` means won.
    Cas(ObjId),
    /// `true` means this thread won (`cas.is_ok()`, `owner == me`, `try_lock()`).
    WonIfTrue(Option<ObjId>),
    /// `false` means this thread won (`flag.swap(true, ..)`, `cas.is_err()`).
    WonIfFalse(Option<ObjId>),
    /// The value a `compare_exchange` found (`cas.unwrap_or_else(|x| x)`):
    /// it equals the expected value ([`Val::cas_expected`]) only for the winner.
    CasValue(ObjId),
    /// The old value an atomic read-modify-write (`fetch_or`, `fetch_add`)
    /// returns: each old value is seen by one thread, so an arm matching a
    /// constant one (`WAITING =>`) runs on the thread that made that change.
    RmwValue(ObjId),
}

impl Claim {
    fn not(self) -> Option<Claim> {
        match self {
            Claim::WonIfTrue(o) => Some(Claim::WonIfFalse(o)),
            Claim::WonIfFalse(o) => Some(Claim::WonIfTrue(o)),
            Claim::Cas(_) | Claim::CasValue(_) | Claim::RmwValue(_) => None,
        }
    }
}

/// Methods of once-cells whose closure runs on one thread, at most once, and
/// finishes before any caller returns.
const ONCE_METHODS: &[&str] = &[
    "call_once",
    "call_once_force",
    "get_or_init",
    "get_or_try_init",
];

impl Val {
    fn obj(obj: ObjId) -> Val {
        Val {
            obj: Some(obj),
            ..Val::default()
        }
    }

    fn deps(deps: Vec<Dep>) -> Val {
        Val {
            deps,
            ..Val::default()
        }
    }

    fn merge_deps(&mut self, other: &Val) {
        for dep in &other.deps {
            if !self.deps.contains(dep) {
                self.deps.push(*dep);
            }
        }
    }
}

#[derive(Clone, Debug)]
struct Binding {
    name: String,
    val: Val,
    decl: Span,
    ctx: Ctx,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FrameKind {
    Block,
    /// A closure: names of enclosing frames are captures.
    Closure,
    /// A function: enclosing frames are not visible.
    Fn,
}

#[derive(Debug)]
struct Frame {
    kind: FrameKind,
    bindings: Vec<Binding>,
    /// Guards owned by bindings of this frame, dropped when it ends.
    guards: Vec<GuardId>,
}

/// A function item waiting to be walked.
struct FnItem<'a> {
    body: BodyId,
    file: FileId,
    /// The module its names are resolved in.
    module: ModPath,
    sig: &'a syn::Signature,
    block: &'a Block,
    self_ty: Option<String>,
}

/// A function queued in a slice of a large file, without its syntax: the
/// walk finds it again when it parses the slice a second time.
struct Queued {
    body: BodyId,
    module: ModPath,
    self_ty: Option<String>,
}

/// What is left to walk of one file once its items are collected.
enum Walk<'a> {
    Whole(Vec<FnItem<'a>>),
    /// Each slice with its line offset and its functions.
    Sliced(
        &'a ParsedFile<'a>,
        Vec<(std::ops::Range<usize>, usize, Vec<Queued>)>,
    ),
}

/// Builds the model of the files. Every item of the unit is collected
/// before any body is walked. A sliced file ([`Syntax::Sliced`]) is parsed
/// twice, a slice at a time: to collect its items, then to walk its
/// bodies; each slice's tree is dropped before the next is parsed. `Err`
/// names a sliced file with a slice that does not parse on its own: it is
/// to be read whole.
pub(super) fn build<'a>(files: &'a [ParsedFile<'a>], edition: Edition) -> Result<Model, FileId> {
    let mut b = Builder {
        edition,
        model: Model {
            edition,
            objects: Vec::new(),
            bodies: Vec::new(),
            spawns: Vec::new(),
            handles: Vec::new(),
            guards: Vec::new(),
            unsafe_impls: Vec::new(),
            atomic_ptrs: HashSet::new(),
            rmw_steps: HashSet::new(),
            exclusive: HashSet::new(),
            thread_runs: Vec::new(),
            callers: Vec::new(),
            effects_cache: Default::default(),
            waits_index: Default::default(),
            accesses_index: Default::default(),
            call_handles: HashMap::new(),
            poll_reads: HashSet::new(),
            closes: HashMap::new(),
            unknown_waits: HashMap::new(),
            idle_scopes: HashSet::new(),
            poll_loops: HashSet::new(),
            escaped_channels: HashMap::new(),
            foreign_callbacks: HashSet::new(),
            compared_loads: HashSet::new(),
            handed_on: HashMap::new(),
            opaque_calls: HashSet::new(),
            wrapped_channels: HashMap::new(),
            guessed_objects: HashSet::new(),
            not_yet_reads: HashSet::new(),
            lock_collections: HashSet::new(),
            ring_indices: HashMap::new(),
            field_bases: HashMap::new(),
            spin_checks: HashMap::new(),
            bool_stores: HashMap::new(),
            endless: Vec::new(),
            static_slots: HashMap::new(),
        },
        file: FileId(0),
        base: 0,
        body: BodyId(0),
        frames: Vec::new(),
        ctx: Ctx::default(),
        temps: Vec::new(),
        counter: 0,
        statics: HashMap::new(),
        field_kinds: HashMap::new(),
        receiver_fields: HashSet::new(),
        guard_methods: HashMap::new(),
        field_objs: HashMap::new(),
        text_objs: HashMap::new(),
        methods: HashMap::new(),
        scopes: Vec::new(),
        self_ty: None,
        bases: HashMap::new(),
        texts: HashMap::new(),
        sources: HashMap::new(),
        source: None,
        closure_depth: 0,
        ring_vars: Vec::new(),
        subject: None,
        control: Vec::new(),
        interior_fields: HashMap::new(),
        manual: HashMap::new(),
        polling: 0,
        loop_counts: HashMap::new(),
        panicking_closures: HashSet::new(),
        aliases: HashMap::new(),
        struct_names: HashSet::new(),
        static_types: HashMap::new(),
        handle_fields: HashSet::new(),
        constructors: HashSet::new(),
        names: Names::new(files.len() == 1),
        line_offset: 0,
        module: Vec::new(),
        fn_paths: HashMap::new(),
        field_types: HashMap::new(),
        claims: 0,
        lock_calls: 0,
        spin_claims: Vec::new(),
        thread_locals: HashSet::new(),
        once_statics: HashSet::new(),
    };
    // When every file is sliced, the only spans on this thread are those of
    // the slice at hand: the text proc-macro2 keeps for them can go with it.
    let release = files
        .iter()
        .all(|file| matches!(file.syntax, Syntax::Sliced(_)));
    // The types every file defines are known before any item is collected.
    for file in files {
        match &file.syntax {
            Syntax::Whole(syntax) => {
                b.names
                    .declare_file(file.id, &file.source.path, &syntax.items);
            }
            Syntax::Sliced(ranges) => {
                for range in ranges {
                    let names = crate::parse::type_names(&file.source.text, range.clone())
                        .ok_or(file.id)?;
                    b.names.add_type_names(names);
                }
            }
        }
    }
    let mut walks = Vec::with_capacity(files.len());
    for file in files {
        b.file = file.id;
        b.bases.insert(file.id, file.base);
        b.texts.insert(file.id, &file.source.text);
        b.sources.insert(file.id, file.source);
        b.base = file.base;
        b.source = Some(file.source);
        match &file.syntax {
            Syntax::Whole(syntax) => {
                b.line_offset = 0;
                b.module = b.names.file_module(file.id);
                let mut queue = Vec::new();
                b.collect_items(&syntax.items, None, &mut queue);
                walks.push(Walk::Whole(queue));
            }
            Syntax::Sliced(ranges) => {
                let mut slices = Vec::with_capacity(ranges.len());
                for range in ranges {
                    let syntax =
                        crate::parse::parse_slice_items(&file.source.text, range.clone(), edition)
                            .ok_or(file.id)?;
                    b.line_offset = file.source.line_index(range.start);
                    b.names
                        .declare_file(file.id, &file.source.path, &syntax.items);
                    b.module = b.names.file_module(file.id);
                    let mut queue = Vec::new();
                    b.collect_items(&syntax.items, None, &mut queue);
                    let queued = queue
                        .into_iter()
                        .map(|item| Queued {
                            body: item.body,
                            module: item.module,
                            self_ty: item.self_ty,
                        })
                        .collect();
                    slices.push((range.clone(), b.line_offset, queued));
                    drop(syntax);
                    if release {
                        proc_macro2::extra::invalidate_current_thread_spans();
                    }
                }
                walks.push(Walk::Sliced(file, slices));
            }
        }
    }
    b.names.finish();
    for walk in walks {
        match walk {
            Walk::Whole(queue) => {
                b.line_offset = 0;
                for item in queue {
                    b.walk_fn(item);
                }
            }
            Walk::Sliced(file, slices) => {
                for (range, line_offset, queued) in slices {
                    let syntax = crate::parse::parse_slice(&file.source.text, range, edition)
                        .ok_or(file.id)?;
                    b.line_offset = line_offset;
                    let mut fns = Vec::with_capacity(queued.len());
                    items::queued_fns(&syntax.items, &mut fns);
                    assert_eq!(
                        fns.len(),
                        queued.len(),
                        "a slice read again holds other functions"
                    );
                    for (item, (sig, block)) in queued.into_iter().zip(fns) {
                        b.walk_fn(FnItem {
                            body: item.body,
                            file: file.id,
                            module: item.module,
                            sig,
                            block,
                            self_ty: item.self_ty,
                        });
                    }
                    drop(syntax);
                    if release {
                        proc_macro2::extra::invalidate_current_thread_spans();
                    }
                }
            }
        }
    }
    b.line_offset = 0;
    Ok(b.finish())
}

struct Builder<'a> {
    edition: Edition,
    model: Model,
    file: FileId,
    /// Byte offset of syn's text in the file (a byte order mark, a shebang).
    base: usize,
    bases: HashMap<FileId, usize>,
    /// The text of each file, for fixes.
    texts: HashMap<FileId, &'a str>,
    sources: HashMap<FileId, &'a crate::source::SourceFile>,
    /// The file being walked.
    source: Option<&'a crate::source::SourceFile>,
    body: BodyId,
    frames: Vec<Frame>,
    ctx: Ctx,
    /// Guards that are temporaries of the statement being walked.
    temps: Vec<GuardId>,
    counter: u32,
    /// Statics by full path (a function's own statics are in its body's module).
    statics: HashMap<Vec<String>, ObjId>,
    /// Field name -> kind, from struct declarations (`None`: no shared kind,
    /// or different kinds in different structs).
    field_kinds: HashMap<String, Option<ObjKind>>,
    /// Fields declared as a lock around a channel's receiving end, by name.
    receiver_fields: HashSet<String>,
    /// Methods that lock a field of `self` (or, on a lock type itself, `self`)
    /// and return the guard: (type, method) -> (field, mode).
    guard_methods: HashMap<(String, String), (Option<String>, LockMode)>,
    field_objs: HashMap<(ObjId, String), ObjId>,
    text_objs: HashMap<String, ObjId>,
    /// The declared type of each field: (struct, field) -> the type's name,
    /// seen through `&`, `Arc`, `Rc` and `Box`.
    field_types: HashMap<(String, String), String>,
    /// Methods by name, with the type of their `impl` (or trait).
    methods: HashMap<String, Vec<(BodyId, Option<String>)>>,
    /// The `thread::scope`s being walked, each with its spawns.
    scopes: Vec<Vec<SpawnId>>,
    self_ty: Option<String>,
    /// Names of the crate's structs and enums.
    struct_names: HashSet<String>,
    /// The crate's own type of each `static` that has one.
    static_types: HashMap<ObjId, String>,
    /// Fields whose declared type holds std `JoinHandle`s, by name.
    handle_fields: HashSet<String>,
    /// (type, function) pairs that return `Self`.
    constructors: HashSet<(String, String)>,
    /// `type Config = Arc<RwLock<..>>`: alias name -> kind.
    aliases: HashMap<String, ObjKind>,
    /// How many polling loops deep the walk is.
    polling: u32,
    /// How many times a loop runs, for loops over a literal range.
    loop_counts: HashMap<LoopId, u64>,
    /// Local closures that always panic (`let f = || panic!(..)`), by name.
    panicking_closures: HashSet<String>,
    /// Guards wrapped in `ManuallyDrop`, with where.
    manual: HashMap<GuardId, Span>,
    /// The reads that the enclosing conditions depend on.
    control: Vec<Control>,
    /// Field kinds that allow writes through `&self`: (type, field) -> what it is.
    interior_fields: HashMap<String, Interior>,
    /// How the learner names the object of the next event (`n` for an alias of `counter`).
    subject: Option<String>,
    /// How many closures deep the walk is (a `return` there leaves the closure only).
    closure_depth: u32,
    /// Loop variables over `0..end`, innermost last: (name, declaration, `end`, body).
    ring_vars: Vec<(String, Span, String, BodyId)>,
    /// How many claimed regions the walk is in (a won `compare_exchange`, a
    /// `Once` closure, an owner check): code there runs on one thread at a time.
    claims: u32,
    /// Locks of the crate's own taken here by a call (`self.lock_root()`):
    /// held until the matching `unlock..`/`release..` call or the block's end.
    lock_calls: u32,
    /// Atomics held as spin locks here: claimed until released with a `store`.
    spin_claims: Vec<ObjId>,
    /// Names declared by `thread_local!`.
    thread_locals: HashSet<String>,
    /// The module tree, `use` declarations and items: paths resolved as the compiler does.
    names: Names,
    /// Lines before the slice of the file being read: syn counts the lines
    /// of a slice from 1.
    line_offset: usize,
    /// The module being collected or walked.
    module: ModPath,
    /// The crate's free functions by full path.
    fn_paths: HashMap<Vec<String>, Vec<BodyId>>,
    /// Statics whose type is a once-cell (`Once`, `OnceCell`, `OnceLock`, `Lazy`).
    once_statics: HashSet<String>,
}

impl<'a> Builder<'a> {
    fn new_body(&mut self, name: String, span: Span, kind: BodyKind) -> BodyId {
        let id = BodyId(self.model.bodies.len() as u32);
        self.model.bodies.push(Body {
            name,
            span,
            kind,
            events: Vec::new(),
            expects_panic: false,
            returns_value: false,
            params: Vec::new(),
            self_ty: None,
            receiver: None,
            unsafe_fn: false,
        });
        id
    }

    fn new_object(&mut self, name: String, kind: ObjKind, decl: Span) -> ObjId {
        let id = ObjId(self.model.objects.len() as u32);
        self.model.objects.push(Object {
            name,
            kind,
            decl,
            param_of: None,
            element_of: None,
            field_of: None,
            reentrant: false,
        });
        id
    }

    fn fresh(&mut self) -> u32 {
        self.counter += 1;
        self.counter
    }

    fn step(&mut self) -> StepId {
        StepId(self.fresh())
    }

    /// Our span for a token span. From line and column through the file's own
    /// line index: proc-macro2's `byte_range` keeps a cache that costs more
    /// than the whole walk. (Lines match syn's even after a byte order mark or
    /// a shebang line, which `offset_of` accounts for.)
    fn span(&self, span: proc_macro2::Span) -> Span {
        match self.source {
            Some(source) => {
                let (start, end) = (span.start(), span.end());
                let lines = self.line_offset;
                let lo = source.offset_of(start.line + lines, start.column);
                let hi = source.offset_of(end.line + lines, end.column).max(lo);
                Span::new(self.file, lo..hi)
            }
            None => {
                let range = span.byte_range();
                Span::new(self.file, range.start + self.base..range.end + self.base)
            }
        }
    }

    fn span_of(&self, node: &impl Spanned) -> Span {
        self.span(node.span())
    }

    /// The span of an expression from its first to its last token, found
    /// along the edges of the tree (syn's `Spanned` prints the whole subtree).
    fn expr_span(&self, expr: &Expr) -> Span {
        match (first_token(expr), last_token(expr)) {
            (Some(first), Some(last)) => self.span(first).to(self.span(last)),
            _ => self.expr_span(expr),
        }
    }

    fn block_span(&self, block: &Block) -> Span {
        self.span(block.brace_token.span.join())
    }

    /// Where a statement ends (an empty span there).
    fn stmt_end(&self, stmt: &Stmt) -> Span {
        let last = match stmt {
            Stmt::Local(local) => Some(local.semi_token.span),
            Stmt::Expr(_, Some(semi)) => Some(semi.span),
            Stmt::Expr(expr, None) => last_token(expr),
            Stmt::Macro(m) => m
                .semi_token
                .map(|s| s.span)
                .or_else(|| Some(delim_close(&m.mac.delimiter))),
            Stmt::Item(_) => None,
        };
        let span = match last {
            Some(last) => self.span(last),
            None => self.span_of(stmt),
        };
        Span {
            lo: span.hi,
            ..span
        }
    }

    fn emit(&mut self, kind: EventKind, span: Span) -> usize {
        let control = if matches!(kind, EventKind::Write { .. }) {
            self.control.clone()
        } else {
            Vec::new()
        };
        if self.claims > 0 || self.lock_calls > 0 || !self.spin_claims.is_empty() {
            let index = self.model.bodies[self.body.index()].events.len();
            self.model.exclusive.insert((self.body, index));
        }
        let events = &mut self.model.bodies[self.body.index()].events;
        events.push(Event {
            kind,
            span,
            ctx: self.ctx.clone(),
            subject: self.subject.take(),
            fix: None,
            control,
        });
        events.len() - 1
    }

    fn finish(mut self) -> Model {
        let n = self.model.bodies.len();
        let mut callers = vec![Vec::new(); n];
        for (b, body) in self.model.bodies.iter().enumerate() {
            for (i, event) in body.events.iter().enumerate() {
                if let EventKind::Call { callees, .. } = &event.kind {
                    for callee in callees {
                        callers[callee.index()].push((BodyId(b as u32), i));
                    }
                }
            }
        }
        // Which threads run each body: from each spawn's body along calls.
        let mut runs: Vec<Vec<SpawnId>> = vec![Vec::new(); n];
        for (s, spawn) in self.model.spawns.iter().enumerate() {
            let Some(start) = spawn.body else { continue };
            let mut work = vec![start];
            let mut seen = HashSet::new();
            while let Some(body) = work.pop() {
                if !seen.insert(body) {
                    continue;
                }
                runs[body.index()].push(SpawnId(s as u32));
                for event in &self.model.bodies[body.index()].events {
                    if let EventKind::Call { callees, .. } = &event.kind {
                        work.extend(callees.iter().copied());
                    }
                }
            }
        }
        self.model.callers = callers;
        self.model.thread_runs = runs;
        for body in &self.model.bodies {
            for event in &body.events {
                if let EventKind::Write {
                    step,
                    how: WriteHow::ReadModifyWrite | WriteHow::CompareExchange | WriteHow::Swap,
                    ..
                } = &event.kind
                {
                    self.model.rmw_steps.insert(*step);
                }
            }
        }
        self.model
    }
}

/// A method call being lowered: what every receiver kind looks at.
struct MethodCall<'c> {
    call: &'c syn::ExprMethodCall,
    method: &'c str,
    method_span: Span,
    span: Span,
    nargs: usize,
}

/// How a `join()` result is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinResultUse {
    /// Unwrapped, matched, returned, collected: the panic is not lost.
    Used,
    /// `h.join();`
    Discarded,
    /// `let _ = h.join();`
    LetUnderscore,
    /// `h.join().ok();` or `filter_map(|h| h.join().ok())`
    OkDiscarded,
    /// `h.join().unwrap_or_default()`, `unwrap_or(..)`, `unwrap_or_else(|_| ..)`
    Defaulted,
    /// `if let Ok(v) = h.join() { .. }` with no `else`
    IfLetOkWithoutElse,
}

/// Why a join is serial.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SerialHow {
    /// `thread::spawn(..).join()`
    SameExpression,
    /// `.map(|_| spawn(..)).map(|h| h.join())` or `for h in lazy_spawns { h.join() }`
    LazyIterator,
}
