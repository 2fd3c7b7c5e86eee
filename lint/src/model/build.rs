//! Builds the [`Model`] from syntax: one walk over every function body.
//!
//! The walk is an abstract interpretation over names: every expression
//! yields a [`Val`] that says which shared object it refers to, whether it is
//! a lock guard, which reads its value depends on, and whether it holds join
//! handles. Statements decide how long temporaries live; `let` bindings carry
//! values (and so aliases) forward; closures given to a spawn become thread
//! bodies with their own events.

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Block, Expr, Pat, Stmt, Type};

use super::*;
use crate::source::{FileId, Span};
use crate::unit::{Edition, ParsedFile};

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

/// Method names that std types have: a call to one of them on an unknown
/// receiver is taken to be the std method, not a method of the crate.
const STD_METHOD_NAMES: &[&str] = &[
    "len",
    "is_empty",
    "push",
    "pop",
    "get",
    "get_mut",
    "insert",
    "remove",
    "contains",
    "contains_key",
    "iter",
    "iter_mut",
    "into_iter",
    "clone",
    "next",
    "map",
    "unwrap",
    "expect",
    "lock",
    "read",
    "write",
    "send",
    "recv",
    "join",
    "load",
    "store",
    "take",
    "to_string",
    "as_str",
    "clear",
    "extend",
    "drain",
    "first",
    "last",
    "keys",
    "values",
    "entry",
    "sort",
    "swap",
    "replace",
    "set",
    "wait",
    "notify_one",
    "notify_all",
    "flush",
    "count",
    "sum",
    "min",
    "max",
    "into",
    "as_ref",
    "borrow",
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

/// Thread-scope functions: every thread spawned in the closure is joined when it returns.
const SCOPE_FNS: &[&[&str]] = &[
    &["thread", "scope"],
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
}

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
    sig: &'a syn::Signature,
    block: &'a Block,
    self_ty: Option<String>,
}

/// A call whose callee is resolved once every function is known.
struct PendingCall {
    body: BodyId,
    event: usize,
    name: String,
    /// `Type::name` or `self.name()`: the type to prefer.
    self_ty: Option<String>,
    method: bool,
}

pub(super) fn build<'a>(files: &'a [ParsedFile<'a>], edition: Edition) -> Model {
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
            thread_runs: Vec::new(),
            callers: Vec::new(),
            effects_cache: Default::default(),
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
        field_objs: HashMap::new(),
        text_objs: HashMap::new(),
        fns: HashMap::new(),
        methods: HashMap::new(),
        pending_calls: Vec::new(),
        scopes: Vec::new(),
        spawn_imported: HashSet::new(),
        self_ty: None,
        queue: Vec::new(),
        bases: HashMap::new(),
        texts: HashMap::new(),
        sources: HashMap::new(),
        source: None,
        closure_depth: 0,
        subject: None,
        control: Vec::new(),
        interior_fields: HashMap::new(),
        manual: HashMap::new(),
        polling: 0,
        aliases: HashMap::new(),
        struct_names: HashSet::new(),
        constructors: HashSet::new(),
    };
    for file in files {
        b.file = file.id;
        b.bases.insert(file.id, file.base);
        b.texts.insert(file.id, &file.source.text);
        b.sources.insert(file.id, file.source);
        b.base = file.base;
        b.source = Some(file.source);
        b.collect_items(&file.syntax.items, None);
    }
    let mut queue = std::mem::take(&mut b.queue);
    while !queue.is_empty() {
        for item in queue.drain(..) {
            b.walk_fn(item);
        }
        queue = std::mem::take(&mut b.queue);
    }
    b.resolve_calls();
    b.finish()
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
    statics: HashMap<String, ObjId>,
    /// Field name -> kind, from struct declarations.
    field_kinds: HashMap<String, ObjKind>,
    field_objs: HashMap<(ObjId, String), ObjId>,
    text_objs: HashMap<String, ObjId>,
    fns: HashMap<String, Vec<BodyId>>,
    methods: HashMap<String, Vec<(BodyId, Option<String>)>>,
    pending_calls: Vec<PendingCall>,
    /// The `thread::scope`s being walked, each with its spawns.
    scopes: Vec<Vec<SpawnId>>,
    /// Files that import `thread::spawn` so that a bare `spawn(..)` is a spawn.
    spawn_imported: HashSet<FileId>,
    self_ty: Option<String>,
    queue: Vec<FnItem<'a>>,
    /// Names of the crate's structs and enums.
    struct_names: HashSet<String>,
    /// (type, function) pairs that return `Self`.
    constructors: HashSet<(String, String)>,
    /// `type Config = Arc<RwLock<..>>`: alias name -> kind.
    aliases: HashMap<String, ObjKind>,
    /// How many polling loops deep the walk is.
    polling: u32,
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
}

impl<'a> Builder<'a> {
    // ----- items -------------------------------------------------------

    fn collect_items(&mut self, items: &'a [syn::Item], self_ty: Option<&str>) {
        for item in items {
            self.collect_item(item, self_ty);
        }
    }

    fn collect_item(&mut self, item: &'a syn::Item, _self_ty: Option<&str>) {
        match item {
            syn::Item::Fn(f) => {
                self.queue_fn(&f.sig, &f.block, None);
                self.collect_nested(&f.block);
            }
            syn::Item::Impl(imp) => {
                let ty = type_name(&imp.self_ty);
                if let (Some(_), Some((_, trait_path, _)), Some(ty)) =
                    (&imp.unsafety, &imp.trait_, &ty)
                {
                    let trait_name = trait_path
                        .segments
                        .last()
                        .map(|s| s.ident.to_string())
                        .unwrap_or_default();
                    if trait_name == "Sync" || trait_name == "Send" {
                        let span = self.span_of(&imp.impl_token).to(self.span_of(&imp.self_ty));
                        let span = Span {
                            lo: self.span_of(&imp.unsafety).lo,
                            ..span
                        };
                        self.model.unsafe_impls.push(UnsafeImpl {
                            ty: ty.clone(),
                            trait_name,
                            span,
                        });
                    }
                }
                for item in &imp.items {
                    if let syn::ImplItem::Fn(f) = item {
                        self.queue_fn(&f.sig, &f.block, ty.clone());
                        self.collect_nested(&f.block);
                    }
                }
            }
            syn::Item::Trait(tr) => {
                for item in &tr.items {
                    if let syn::TraitItem::Fn(f) = item {
                        if let Some(block) = &f.default {
                            self.queue_fn(&f.sig, block, Some(tr.ident.to_string()));
                        }
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    self.collect_items(items, None);
                }
            }
            syn::Item::Static(s) => {
                let name = s.ident.to_string();
                let kind = if matches!(s.mutability, syn::StaticMutability::Mut(_)) {
                    ObjKind::StaticMut
                } else {
                    type_kind(&s.ty).unwrap_or(ObjKind::Unknown)
                };
                let span = self.span(s.ident.span());
                let obj = self.new_object(name.clone(), kind, span);
                if type_mentions(&s.ty, "AtomicPtr") {
                    self.model.atomic_ptrs.insert(obj);
                }
                self.statics.insert(name, obj);
            }
            syn::Item::Enum(e) => {
                self.struct_names.insert(e.ident.to_string());
            }
            syn::Item::Struct(s) => {
                self.struct_names.insert(s.ident.to_string());
                for (i, field) in s.fields.iter().enumerate() {
                    let name = field
                        .ident
                        .as_ref()
                        .map_or_else(|| i.to_string(), |id| id.to_string());
                    if let Some(kind) = type_kind(&field.ty) {
                        self.field_kinds.insert(name.clone(), kind);
                    }
                    if let Some(interior) = interior_kind(&field.ty) {
                        self.interior_fields.insert(name, interior);
                    }
                }
            }
            syn::Item::Type(t) => {
                if let Some(kind) = type_kind(&t.ty) {
                    self.aliases.insert(t.ident.to_string(), kind);
                }
            }
            syn::Item::Use(u) if use_imports_spawn(&u.tree, false) => {
                self.spawn_imported.insert(self.file);
            }
            _ => {}
        }
    }

    /// Items declared inside a function body (a nested `fn`, an `impl`).
    fn collect_nested(&mut self, block: &'a Block) {
        struct Nested<'a>(Vec<&'a syn::Item>);
        impl<'a> syn::visit::Visit<'a> for Nested<'a> {
            fn visit_item(&mut self, item: &'a syn::Item) {
                self.0.push(item);
            }
        }
        let mut nested = Nested(Vec::new());
        syn::visit::Visit::visit_block(&mut nested, block);
        for item in nested.0 {
            self.collect_item(item, None);
        }
    }

    fn queue_fn(&mut self, sig: &'a syn::Signature, block: &'a Block, self_ty: Option<String>) {
        let name = sig.ident.to_string();
        if let (Some(ty), syn::ReturnType::Type(_, ret)) = (&self_ty, &sig.output) {
            let returns = type_name(ret);
            if returns.as_deref() == Some("Self") || returns.as_ref() == Some(ty) {
                self.constructors.insert((ty.clone(), name.clone()));
            }
        }
        let kind = if self_ty.is_some() {
            BodyKind::Method
        } else {
            BodyKind::Fn
        };
        let span = self.span(sig.ident.span());
        let body = self.new_body(name.clone(), span, kind);
        if self_ty.is_some() {
            self.methods
                .entry(name)
                .or_default()
                .push((body, self_ty.clone()));
        } else {
            self.fns.entry(name).or_default().push(body);
        }
        self.queue.push(FnItem {
            body,
            file: self.file,
            sig,
            block,
            self_ty,
        });
    }

    fn new_body(&mut self, name: String, span: Span, kind: BodyKind) -> BodyId {
        let id = BodyId(self.model.bodies.len() as u32);
        self.model.bodies.push(Body {
            name,
            span,
            kind,
            events: Vec::new(),
            params: Vec::new(),
            self_ty: None,
            receiver: None,
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
                let lo = source.offset_of(start.line, start.column);
                let hi = source.offset_of(end.line, end.column).max(lo);
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

    // ----- bodies ------------------------------------------------------

    fn walk_fn(&mut self, item: FnItem<'a>) {
        self.file = item.file;
        self.base = self.bases.get(&item.file).copied().unwrap_or(0);
        self.source = self.sources.get(&item.file).copied();
        self.body = item.body;
        self.self_ty = item.self_ty.clone();
        self.ctx = Ctx::default();
        self.temps.clear();
        self.frames.push(Frame {
            kind: FrameKind::Fn,
            bindings: Vec::new(),
            guards: Vec::new(),
        });
        let mut params = Vec::new();
        for (index, input) in item.sig.inputs.iter().enumerate() {
            match input {
                syn::FnArg::Receiver(recv) => {
                    let span = self.span_of(recv);
                    let obj = self.new_object("self".into(), ObjKind::Unknown, span);
                    self.model.objects[obj.index()].param_of = Some((item.body, index));
                    let key = format!("self:{}", item.self_ty.as_deref().unwrap_or("?"));
                    // Every `self` of one type shares its fields.
                    let shared = *self.text_objs.entry(key).or_insert(obj);
                    let mut val = Val::obj(shared);
                    val.ty = item.self_ty.clone();
                    self.bind_name("self", val, span);
                    params.push(Some(shared));
                }
                syn::FnArg::Typed(pt) => {
                    let span = self.span_of(&pt.pat);
                    let shared = type_kind(&pt.ty)
                        .or_else(|| self.alias_kind(&pt.ty))
                        .or_else(|| {
                            matches!(&*pt.ty, Type::Reference(_) | Type::Path(_))
                                .then_some(ObjKind::Unknown)
                                .filter(|_| is_shareable_type(&pt.ty))
                        });
                    let mut val = match shared {
                        Some(kind) => {
                            let name = pat_name(&pt.pat).unwrap_or_default();
                            let obj = self.new_object(name, kind, span);
                            self.model.objects[obj.index()].param_of = Some((item.body, index));
                            params.push(Some(obj));
                            Val::obj(obj)
                        }
                        None => {
                            params.push(None);
                            Val::default()
                        }
                    };
                    val.ty = self.own_type(&pt.ty);
                    self.bind_pat(&pt.pat, val);
                }
            }
        }
        self.model.bodies[item.body.index()].params = params;
        self.model.bodies[item.body.index()].self_ty = item.self_ty.clone();
        self.model.bodies[item.body.index()].receiver = item.sig.receiver().map(|r| {
            if r.reference.is_none() {
                Receiver::Value
            } else if r.mutability.is_some() {
                Receiver::Exclusive
            } else {
                Receiver::Shared
            }
        });
        let tail = self.walk_block_inner(item.block);
        self.escape(&tail);
        self.pop_frame();
        self.frames.clear();
    }

    fn push_frame(&mut self, kind: FrameKind) {
        self.frames.push(Frame {
            kind,
            bindings: Vec::new(),
            guards: Vec::new(),
        });
    }

    fn pop_frame(&mut self) {
        if let Some(frame) = self.frames.pop() {
            for guard in frame.guards.into_iter().rev() {
                let span = self.model.guards[guard.index()].span;
                self.unlock(guard, span);
            }
        }
    }

    /// The end of a guard's life: a `ManuallyDrop` guard nobody dropped is leaked.
    fn unlock(&mut self, guard: GuardId, span: Span) {
        match self.manual.remove(&guard) {
            Some(at) => {
                self.emit(
                    EventKind::Leak {
                        guard,
                        how: LeakHow::ManuallyDrop,
                    },
                    at,
                );
            }
            None => {
                self.emit(EventKind::Unlock { guard }, span);
            }
        }
    }

    fn emit(&mut self, kind: EventKind, span: Span) -> usize {
        let control = if matches!(kind, EventKind::Write { .. }) {
            self.control.clone()
        } else {
            Vec::new()
        };
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

    // ----- bindings ----------------------------------------------------

    fn lookup(&self, name: &str) -> Option<(usize, usize)> {
        for (fi, frame) in self.frames.iter().enumerate().rev() {
            if let Some(bi) = frame.bindings.iter().rposition(|b| b.name == name) {
                return Some((fi, bi));
            }
            if frame.kind == FrameKind::Fn {
                break;
            }
        }
        None
    }

    /// `lookup` for an identifier, without turning it into a `String`.
    fn lookup_ident(&self, ident: &proc_macro2::Ident) -> Option<(usize, usize)> {
        for (fi, frame) in self.frames.iter().enumerate().rev() {
            if let Some(bi) = frame.bindings.iter().rposition(|b| *ident == b.name) {
                return Some((fi, bi));
            }
            if frame.kind == FrameKind::Fn {
                break;
            }
        }
        None
    }

    fn binding_mut(&mut self, name: &str) -> Option<&mut Binding> {
        let (fi, bi) = self.lookup(name)?;
        Some(&mut self.frames[fi].bindings[bi])
    }

    fn bind_name(&mut self, name: &str, mut val: Val, decl: Span) {
        if let Some(obj) = val.obj {
            let object = &mut self.model.objects[obj.index()];
            if object.name.is_empty() {
                object.name = name.to_string();
            }
        }
        if let Some(guard) = val.guard {
            if let Some(pos) = self.temps.iter().position(|&g| g == guard) {
                self.temps.remove(pos);
                if let Some(frame) = self.frames.last_mut() {
                    frame.guards.push(guard);
                }
            }
            self.model.guards[guard.index()].binding = Some(name.to_string());
        }
        match val.handle.take() {
            Some(HandleVal::Fresh(spawns)) => {
                let id = self.new_handle(name, decl, HandlePlace::Single, spawns);
                val.handle = Some(HandleVal::Place(id));
            }
            Some(HandleVal::FreshMany(spawns)) => {
                let id = self.new_handle(name, decl, HandlePlace::Collection, spawns);
                val.handle = Some(HandleVal::Place(id));
            }
            other => val.handle = other,
        }
        let binding = Binding {
            name: name.to_string(),
            val,
            decl,
            ctx: self.ctx.clone(),
        };
        if let Some(frame) = self.frames.last_mut() {
            frame.bindings.push(binding);
        }
    }

    /// A handle collection for an existing binding, declared at `decl`.
    fn new_handle_at(&mut self, name: &str, decl: Span, ctx: Ctx) -> HandleId {
        let saved = std::mem::replace(&mut self.ctx, ctx);
        let id = self.new_handle(name, decl, HandlePlace::Collection, Vec::new());
        self.ctx = saved;
        id
    }

    fn new_handle(
        &mut self,
        name: &str,
        decl: Span,
        place: HandlePlace,
        spawns: Vec<SpawnId>,
    ) -> HandleId {
        let id = HandleId(self.model.handles.len() as u32);
        for &spawn in &spawns {
            self.model.spawns[spawn.index()].fate = HandleFate::Kept(id);
        }
        self.model.handles.push(Handle {
            name: name.to_string(),
            decl,
            body: self.body,
            place,
            ctx: self.ctx.clone(),
            spawns,
            used: false,
            escaped: false,
            joins: Vec::new(),
        });
        id
    }

    fn bind_pat(&mut self, pat: &Pat, val: Val) {
        match pat {
            Pat::Ident(p) => {
                let span = self.span_of(&p.ident);
                if let Some((_, sub)) = &p.subpat {
                    self.bind_pat(sub, val.clone());
                }
                self.bind_name(&p.ident.to_string(), val, span);
            }
            Pat::Type(p) => {
                let mut val = val;
                if let Some(kind) = type_kind(&p.ty).or_else(|| self.alias_kind(&p.ty)) {
                    match val.obj {
                        None => {
                            let span = self.span_of(&p.pat);
                            let obj = self.new_object(String::new(), kind, span);
                            val.obj = Some(obj);
                        }
                        Some(obj) if self.model.objects[obj.index()].kind == ObjKind::Unknown => {
                            self.model.objects[obj.index()].kind = kind;
                        }
                        Some(_) => {}
                    }
                }
                if type_mentions(&p.ty, "AtomicPtr") {
                    if let Some(obj) = val.obj {
                        self.model.atomic_ptrs.insert(obj);
                    }
                }
                if val.handle.is_none() && type_mentions(&p.ty, "JoinHandle") {
                    if let Pat::Ident(ident) = &*p.pat {
                        let span = self.span_of(&ident.ident);
                        let place = if type_mentions(&p.ty, "Vec") {
                            HandlePlace::Collection
                        } else {
                            HandlePlace::Single
                        };
                        let id = self.new_handle(&ident.ident.to_string(), span, place, Vec::new());
                        val.handle = Some(HandleVal::Place(id));
                    }
                }
                self.bind_pat(&p.pat, val);
            }
            Pat::Tuple(p) => {
                let items = val.tuple.clone().unwrap_or_default();
                for (i, elem) in p.elems.iter().enumerate() {
                    let item = items.get(i).cloned().unwrap_or_else(|| Val {
                        deps: val.deps.clone(),
                        // `for (name, handle) in handles`: the handle is in one of them.
                        handle: val.handle.clone(),
                        ..Val::default()
                    });
                    self.bind_pat(elem, item);
                }
            }
            Pat::TupleStruct(p) => {
                let ok_like = p
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| matches!(s.ident.to_string().as_str(), "Ok" | "Some"));
                for elem in &p.elems {
                    let item = if ok_like && p.elems.len() == 1 {
                        val.clone()
                    } else {
                        Val::deps(val.deps.clone())
                    };
                    self.bind_pat(elem, item);
                }
            }
            Pat::Reference(p) => self.bind_pat(&p.pat, val),
            Pat::Paren(p) => self.bind_pat(&p.pat, val),
            Pat::Struct(p) => {
                for field in &p.fields {
                    self.bind_pat(&field.pat, Val::deps(val.deps.clone()));
                }
            }
            Pat::Slice(p) => {
                for elem in &p.elems {
                    self.bind_pat(elem, Val::deps(val.deps.clone()));
                }
            }
            Pat::Or(p) => {
                if let Some(first) = p.cases.first() {
                    self.bind_pat(first, val);
                }
            }
            _ => {}
        }
    }

    // ----- statements --------------------------------------------------

    fn walk_block(&mut self, block: &Block) -> Val {
        self.push_frame(FrameKind::Block);
        let val = self.walk_block_inner(block);
        self.pop_frame();
        val
    }

    /// Walks the statements of a block in the current frame; returns the tail's value.
    fn walk_block_inner(&mut self, block: &Block) -> Val {
        let saved_control = self.control.len();
        let tail = self.walk_stmts(block);
        self.control.truncate(saved_control);
        tail
    }

    fn walk_stmts(&mut self, block: &Block) -> Val {
        let mut tail = Val::default();
        let count = block.stmts.len();
        for (i, stmt) in block.stmts.iter().enumerate() {
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

    fn end_temps(&mut self, mark: usize, span: Span) {
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

    fn walk_stmt(&mut self, stmt: &Stmt) {
        let mark = self.temps.len();
        match stmt {
            Stmt::Local(local) => {
                let val = match &local.init {
                    Some(init) => {
                        let val = self.walk_expr(&init.expr);
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
    fn discard(&mut self, val: &Val, let_underscore: bool) {
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
    fn text(&self, span: Span) -> &'a str {
        self.texts
            .get(&span.file)
            .and_then(|t| t.get(span.range()))
            .unwrap_or("")
    }

    fn set_fix(&mut self, event: usize, span: Span, text: String, exact: bool) {
        if let Some(e) = self.model.bodies[self.body.index()].events.get_mut(event) {
            e.fix = Some(Replacement { span, text, exact });
        }
    }

    /// `c.store(c.load(o) + k, o)` -> `c.fetch_add(k, o)`, when the two orderings agree.
    fn fetch_rewrite(&self, call: &syn::ExprMethodCall) -> Option<String> {
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

    fn set_join_use(&mut self, event: usize, use_: JoinResultUse) {
        if let Some(e) = self.model.bodies[self.body.index()].events.get_mut(event) {
            if let EventKind::Join { result, .. } = &mut e.kind {
                if *result == JoinResultUse::Used {
                    *result = use_;
                }
            }
        }
    }

    /// A value handed out of reach (returned, passed on, stored elsewhere).
    fn escape(&mut self, val: &Val) {
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

    // ----- expressions -------------------------------------------------

    fn walk_exprs<'e>(&mut self, exprs: impl IntoIterator<Item = &'e Expr>) -> Vec<Val> {
        exprs.into_iter().map(|e| self.walk_expr(e)).collect()
    }

    fn walk_expr(&mut self, expr: &Expr) -> Val {
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
                    val.obj = Some(self.element_object(obj, &key, self.expr_span(expr)));
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
                    _ => Val::deps(inner.deps),
                }
            }
            Expr::Reference(r) => self.walk_borrow(expr, &r.expr, r.mutability.is_some()),
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
                let left = self.walk_expr(&b.left);
                let right = self.walk_expr(&b.right);
                let mut val = Val::deps(left.deps);
                val.merge_deps(&right);
                val
            }
            Expr::Assign(a) => {
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
                let polling = u32::from(is_polling_body(&l.body));
                self.polling += polling;
                self.in_loop(|b| {
                    b.walk_block(&l.body);
                });
                self.polling -= polling;
                Val::default()
            }
            Expr::Closure(c) => {
                // A closure that is called in place or stored: its body runs on this thread.
                self.walk_closure(c, Vec::new())
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
    fn walk_borrow(&mut self, expr: &Expr, inner: &Expr, mutable: bool) -> Val {
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

    fn collection_of(&mut self, items: Vec<Val>) -> Val {
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

    fn walk_path(&mut self, p: &syn::ExprPath) -> Val {
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
        if let Some(&obj) = self.statics.get(&name) {
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
            return Val::obj(obj);
        }
        Val::default()
    }

    /// Whether a place is rooted in a `static` (through a lock or not).
    fn static_root(&self, expr: &Expr) -> bool {
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
                        && self.statics.contains_key(&name);
                }
                _ => return false,
            }
        }
    }

    /// The object written when a place is `*self.cell.get()` or `*ptr`
    /// through a raw pointer.
    fn unsynchronized_target(&mut self, place: &Expr) -> Option<(ObjId, WriteHow)> {
        let mut e = strip_parens(place);
        // Look through `(*p).field` and `(*p)[i]`.
        while let Expr::Field(f) = e {
            e = strip_parens(&f.base);
        }
        while let Expr::Index(i) = e {
            e = strip_parens(&i.expr);
        }
        let Expr::Unary(u) = e else { return None };
        if !matches!(u.op, syn::UnOp::Deref(_)) {
            return None;
        }
        let mut inner = strip_parens(&u.expr);
        // `*self.pixels.add(i)`
        while let Expr::MethodCall(m) = inner {
            if matches!(
                m.method.to_string().as_str(),
                "add" | "offset" | "wrapping_add" | "sub"
            ) {
                inner = strip_parens(&m.receiver);
            } else {
                break;
            }
        }
        if let Some(obj) = self.raw_field(inner) {
            let through_self =
                matches!(place_root(inner), Expr::Path(p) if p.path.is_ident("self"));
            let how = if through_self {
                WriteHow::Interior
            } else {
                WriteHow::RawPointer
            };
            return Some((obj, how));
        }
        if let Expr::MethodCall(m) = inner {
            if matches!(m.method.to_string().as_str(), "get" | "as_ptr") && m.args.is_empty() {
                if let Expr::Field(f) = strip_parens(&m.receiver) {
                    if let syn::Member::Named(field) = &f.member {
                        if self.interior_fields.get(&field.to_string())
                            == Some(&Interior::UnsafeCell)
                        {
                            let base = self.walk_expr(&f.base);
                            let obj = match base.obj {
                                Some(b) => {
                                    self.field_object(b, &field.to_string(), self.span_of(field))
                                }
                                None => self.text_object(&m.receiver, ObjKind::Unknown),
                            };
                            return Some((obj, WriteHow::Interior));
                        }
                    }
                }
            }
        }
        let val = self.peek_raw(inner)?;
        Some((val, WriteHow::RawPointer))
    }

    /// `self.ptr` where the field is a raw pointer: the object written through it.
    fn raw_field(&mut self, expr: &Expr) -> Option<ObjId> {
        let Expr::Field(f) = strip_parens(expr) else {
            return None;
        };
        let name = match &f.member {
            syn::Member::Named(n) => n.to_string(),
            syn::Member::Unnamed(i) => i.index.to_string(),
        };
        if self.interior_fields.get(&name) != Some(&Interior::RawPtr) {
            return None;
        }
        let base = self.peek_val(&f.base);
        Some(match base.obj {
            Some(b) => self.field_object(b, &name, self.span_of(&f.member)),
            None => self.text_object(expr, ObjKind::Unknown),
        })
    }

    /// The origin object of a raw pointer expression, if it is one.
    fn peek_raw(&mut self, expr: &Expr) -> Option<ObjId> {
        match strip_parens(expr) {
            Expr::Cast(c) if matches!(&*c.ty, Type::Ptr(_)) => {
                let val = self.walk_expr(&c.expr);
                Some(match val.obj {
                    Some(obj) => obj,
                    None => self.text_object(&c.expr, ObjKind::Unknown),
                })
            }
            Expr::MethodCall(m)
                if matches!(
                    m.method.to_string().as_str(),
                    "add" | "offset" | "wrapping_add" | "sub"
                ) =>
            {
                self.peek_raw(&m.receiver)
            }
            Expr::Path(p) => {
                let name = p.path.get_ident()?.to_string();
                let (fi, bi) = self.lookup(&name)?;
                let val = &self.frames[fi].bindings[bi].val;
                if val.raw_ptr { val.obj } else { None }
            }
            _ => None,
        }
    }

    /// The `static mut` at the root of a place expression, if any.
    fn static_mut_root(&self, expr: &Expr) -> Option<ObjId> {
        let root = place_root(expr);
        let Expr::Path(p) = root else { return None };
        let name = p.path.segments.last()?.ident.to_string();
        if p.path.segments.len() == 1 && self.lookup(&name).is_some() {
            return None;
        }
        let &obj = self.statics.get(&name)?;
        (self.model.objects[obj.index()].kind == ObjKind::StaticMut).then_some(obj)
    }

    fn walk_place(&mut self, place: &Expr, rhs: &Val, compound: bool) {
        let span = self.span_of(place);
        // A local binding: its value now comes from the right-hand side.
        if let Expr::Path(p) = place {
            if p.path.segments.len() == 1 {
                let name = p.path.segments[0].ident.to_string();
                if self.lookup(&name).is_some() {
                    let rhs = rhs.clone();
                    let handle_push = match (
                        &rhs.handle,
                        self.binding_mut(&name).map(|b| b.val.handle.clone()),
                    ) {
                        (Some(HandleVal::Fresh(s)), Some(Some(HandleVal::Place(h)))) => {
                            Some((s.clone(), h))
                        }
                        _ => None,
                    };
                    if let Some((spawns, h)) = handle_push {
                        self.add_to_handle(h, spawns);
                        return;
                    }
                    if let Some(binding) = self.binding_mut(&name) {
                        if compound {
                            binding.val.merge_deps(&rhs);
                        } else {
                            binding.val = rhs;
                        }
                    }
                    return;
                }
            }
        }
        if let Some(guard) = rhs.guard {
            // A guard moved into a `static` or a field of `self` outlives this code.
            let how = if self.static_root(place) {
                Some(LeakHow::Static)
            } else if matches!(place_root(place), Expr::Path(p) if p.path.is_ident("self")) {
                Some(LeakHow::Field)
            } else {
                None
            };
            if let Some(how) = how {
                self.forget_guard(guard);
                self.emit(EventKind::Leak { guard, how }, span);
                return;
            }
        }
        if let Some(obj) = self.static_mut_root(place) {
            // Evaluate indices and the like.
            self.walk_place_parts(place);
            let step = self.step();
            let mut deps = rhs.deps.clone();
            if compound {
                self.emit(
                    EventKind::Read {
                        obj,
                        step,
                        how: ReadHow::Plain,
                        ordering: None,
                    },
                    span,
                );
                deps.push(Dep { obj, step, span });
            }
            self.emit(
                EventKind::Write {
                    obj,
                    step,
                    how: WriteHow::Plain,
                    deps,
                    ordering: None,
                },
                span,
            );
            return;
        }
        // Writes through `UnsafeCell::get()` and raw pointers.
        if let Some((obj, how)) = self.unsynchronized_target(place) {
            let step = self.step();
            let mut deps = rhs.deps.clone();
            if compound {
                deps.push(Dep { obj, step, span });
            }
            self.subject = Some(self.model.objects[obj.index()].name.clone());
            self.emit(
                EventKind::Write {
                    obj,
                    step,
                    how,
                    deps,
                    ordering: None,
                },
                span,
            );
            return;
        }
        let root = place_root(place);
        let root_val = self.walk_expr(root);
        self.walk_place_parts(place);
        if let Some(guard) = root_val.guard {
            let field = first_field(place);
            let obj = self.guard_part(guard, field.as_deref());
            let g = &self.model.guards[guard.index()];
            let step = g.step;
            self.subject = Some(g.subject.clone());
            let mut deps = rhs.deps.clone();
            if compound {
                deps.push(Dep { obj, step, span });
            }
            self.emit(
                EventKind::Write {
                    obj,
                    step,
                    how: WriteHow::Guard,
                    deps,
                    ordering: None,
                },
                span,
            );
        } else if let Expr::Field(_) = place {
            // `x.field = ..` on a local struct: nothing shared.
        }
    }

    /// Walks the index expressions inside a place (`a[i].b[j]`).
    fn walk_place_parts(&mut self, place: &Expr) {
        match place {
            Expr::Index(i) => {
                self.walk_place_parts(&i.expr);
                self.walk_expr(&i.index);
            }
            Expr::Field(f) => self.walk_place_parts(&f.base),
            Expr::Unary(u) => self.walk_place_parts(&u.expr),
            Expr::Paren(p) => self.walk_place_parts(&p.expr),
            _ => {}
        }
    }

    fn read_guard(&mut self, guard: GuardId, span: Span) -> Dep {
        self.read_guard_part(guard, None, span)
    }

    /// The object for a field of the data behind a guard: `state.items` and
    /// `state.closed` under one lock are different parts of it.
    fn guard_part(&mut self, guard: GuardId, field: Option<&str>) -> ObjId {
        let g = &self.model.guards[guard.index()];
        let (obj, span) = (g.obj, g.span);
        match field {
            Some(field) => self.element_object(obj, field, span),
            None => obj,
        }
    }

    fn read_guard_part(&mut self, guard: GuardId, field: Option<&str>, span: Span) -> Dep {
        let obj = self.guard_part(guard, field);
        let step = self.model.guards[guard.index()].step;
        let g = &self.model.guards[guard.index()];
        self.subject = Some(g.subject.clone());
        self.emit(
            EventKind::Read {
                obj,
                step,
                how: ReadHow::Guard,
                ordering: None,
            },
            span,
        );
        Dep { obj, step, span }
    }

    /// How the learner names an object at one site: the receiver as written,
    /// or the object's name when the receiver is not a plain path.
    fn subject_of(&self, receiver: &Expr, obj: ObjId) -> String {
        let text = expr_text(receiver);
        let plain = text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == ':');
        if plain && !text.is_empty() {
            text.trim_start_matches("self.").to_string()
        } else {
            self.model.objects[obj.index()].name.clone()
        }
    }

    fn field_object(&mut self, base: ObjId, name: &str, span: Span) -> ObjId {
        if let Some(&obj) = self.field_objs.get(&(base, name.to_string())) {
            return obj;
        }
        let kind = self
            .field_kinds
            .get(name)
            .copied()
            .unwrap_or(ObjKind::Unknown);
        let base_name = self.model.objects[base.index()].name.clone();
        let full = if base_name.is_empty() {
            name.to_string()
        } else {
            format!("{base_name}.{name}")
        };
        let obj = self.new_object(full, kind, span);
        self.field_objs.insert((base, name.to_string()), obj);
        obj
    }

    /// The crate's own type named by a type (through `&`, `Arc`, `Box`, `Rc`).
    fn own_type(&self, ty: &Type) -> Option<String> {
        match ty {
            Type::Reference(r) => self.own_type(&r.elem),
            Type::Paren(p) => self.own_type(&p.elem),
            Type::Path(p) => {
                let seg = p.path.segments.last()?;
                let name = seg.ident.to_string();
                if name == "Self" {
                    return self.self_ty.clone();
                }
                if self.struct_names.contains(&name) {
                    return Some(name);
                }
                if matches!(name.as_str(), "Arc" | "Rc" | "Box") {
                    if let syn::PathArguments::AngleBracketed(args) = &seg.arguments {
                        if let Some(syn::GenericArgument::Type(inner)) = args.args.first() {
                            return self.own_type(inner);
                        }
                    }
                }
                None
            }
            _ => None,
        }
    }

    /// The kind of a type named by a `type` alias of the crate.
    fn alias_kind(&self, ty: &Type) -> Option<ObjKind> {
        match ty {
            Type::Reference(r) => self.alias_kind(&r.elem),
            Type::Path(p) => self
                .aliases
                .get(&p.path.segments.last()?.ident.to_string())
                .copied(),
            _ => None,
        }
    }

    /// An element of a shared collection; `[]` stands for any element.
    fn element_object(&mut self, base: ObjId, key: &str, span: Span) -> ObjId {
        let obj = self.field_object(base, key, span);
        self.model.objects[obj.index()].element_of = Some(base);
        if key.starts_with('[') {
            // `results[i]`, not `results.[i]`
            let base_name = &self.model.objects[base.index()].name;
            self.model.objects[obj.index()].name = format!("{base_name}{key}");
        }
        obj
    }

    fn text_object(&mut self, expr: &Expr, kind: ObjKind) -> ObjId {
        let text = expr_text(expr);
        if let Some(&obj) = self.text_objs.get(&text) {
            return obj;
        }
        let span = self.expr_span(expr);
        // Name it as written, without a leading `&` or `&mut`.
        let mut name = self
            .text(span)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for prefix in ["&mut ", "&"] {
            if let Some(rest) = name.strip_prefix(prefix) {
                name = rest.to_string();
            }
        }
        let obj = self.new_object(name, kind, span);
        self.text_objs.insert(text, obj);
        obj
    }

    fn in_loop<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        let id = LoopId(self.fresh());
        self.ctx.loops.push(id);
        let r = f(self);
        self.ctx.loops.pop();
        r
    }

    fn in_arm<R>(&mut self, branch: u32, arm: u16, arms: u16, f: impl FnOnce(&mut Self) -> R) -> R {
        self.ctx.arms.push((branch, arm, arms));
        let r = f(self);
        self.ctx.arms.pop();
        r
    }

    fn walk_if(&mut self, i: &syn::ExprIf) -> Val {
        let branch = self.fresh();
        let arms = if i.else_branch.is_some() { 2 } else { 1 };
        let mark = self.temps.len();
        let cond_span = self.expr_span(&i.cond);
        let if_let = matches!(&*i.cond, Expr::Let(_));
        self.push_frame(FrameKind::Block);
        let cond = self.walk_expr(&i.cond);
        if let (Expr::Let(l), Some(event)) = (&*i.cond, cond.join_event) {
            if i.else_branch.is_none() && pat_is_ok(&l.pat) {
                self.set_join_use(event, JoinResultUse::IfLetOkWithoutElse);
            }
        }
        if if_let {
            self.mark_scrutinee(mark, "if let");
        } else {
            // The condition of a plain `if` drops its temporaries before the branch.
            self.end_temps(mark, cond_span);
        }
        let saved_control = self.control.len();
        let depth = self.ctx.arms.len();
        self.control
            .extend(cond.deps.iter().map(|&dep| Control::new(dep, depth)));
        let mut val = self.in_arm(branch, 0, arms, |b| b.walk_block(&i.then_branch));
        self.pop_frame();
        if if_let && self.edition >= Edition::E2024 {
            self.end_temps(mark, self.block_span(&i.then_branch));
        }
        if let Some((_, else_branch)) = &i.else_branch {
            let other = self.in_arm(branch, 1, arms, |b| b.walk_expr(else_branch));
            val.merge_deps(&other);
            if val.handle.is_none() {
                val.handle = other.handle;
            }
        }
        self.control.truncate(saved_control);
        if i.else_branch.is_none() && diverges(&i.then_branch) {
            // `if seen { return; }`: what follows runs only when the check failed.
            let depth = self.ctx.arms.len();
            let in_loop = !self.ctx.loops.is_empty();
            self.control.extend(cond.deps.iter().map(|&dep| Control {
                dep,
                arms: depth,
                loop_exit: in_loop,
            }));
        }
        val
    }

    /// Temporaries created since `mark` live on: record which construct keeps them.
    fn mark_scrutinee(&mut self, mark: usize, construct: &'static str) {
        for &guard in &self.temps[mark..] {
            self.model.guards[guard.index()].scrutinee_of = Some(construct);
        }
    }

    fn walk_match(&mut self, m: &syn::ExprMatch) -> Val {
        let branch = self.fresh();
        let mark = self.temps.len();
        let scrutinee = self.walk_expr(&m.expr);
        self.mark_scrutinee(mark, "match");
        let saved_control = self.control.len();
        let depth = self.ctx.arms.len();
        self.control
            .extend(scrutinee.deps.iter().map(|&dep| Control::new(dep, depth)));
        let arms = m.arms.len() as u16;
        let mut val = Val::default();
        for (i, arm) in m.arms.iter().enumerate() {
            self.in_arm(branch, i as u16, arms, |b| {
                b.push_frame(FrameKind::Block);
                b.bind_pat(&arm.pat, scrutinee.clone());
                if let Some((_, guard)) = &arm.guard {
                    b.walk_expr(guard);
                }
                let arm_mark = b.temps.len();
                let v = b.walk_expr(&arm.body);
                b.end_temps(arm_mark, b.expr_span(&arm.body));
                b.pop_frame();
                val.merge_deps(&v);
                if val.handle.is_none() {
                    val.handle = v.handle;
                }
            });
        }
        self.control.truncate(saved_control);
        val
    }

    fn walk_while(&mut self, w: &syn::ExprWhile) -> Val {
        if let Some(guard_expr) = condvar_wait_arg(&w.body) {
            // `while !*ready { ready = cvar.wait(ready).unwrap(); }`
            if let Some(guard) = self.peek_val(guard_expr).guard {
                let obj = self.model.guards[guard.index()].obj;
                let span = self.expr_span(&w.cond);
                self.emit(
                    EventKind::Wait {
                        obj: Some(obj),
                        how: WaitHow::PredicateLoop,
                    },
                    span,
                );
            }
        }
        let flag_loop = contains_atomic_load(&w.cond);
        if flag_loop {
            // Spinning until a flag is set waits for the thread that sets it.
            let span = self.expr_span(&w.cond);
            let obj = self.flag_object(&w.cond);
            self.emit(
                EventKind::Wait {
                    obj,
                    how: WaitHow::FlagLoop,
                },
                span,
            );
        }
        let mark = self.temps.len();
        let polling =
            u32::from(flag_loop || is_polling_body(&w.body) || condvar_wait_arg(&w.body).is_some());
        self.polling += polling;
        self.in_loop(|b| {
            b.push_frame(FrameKind::Block);
            // A loop condition is re-checked every time round: not a one-time decision.
            b.walk_expr(&w.cond);
            let saved_control = b.control.len();
            if matches!(&*w.cond, Expr::Let(_)) {
                b.mark_scrutinee(mark, "while let");
            } else {
                let span = b.expr_span(&w.cond);
                b.end_temps(mark, span);
            }
            b.walk_block(&w.body);
            b.control.truncate(saved_control);
            b.pop_frame();
            let span = b.block_span(&w.body);
            b.end_temps(mark, span);
        });
        self.polling -= polling;
        Val::default()
    }

    fn flag_object(&mut self, cond: &Expr) -> Option<ObjId> {
        let recv = find_atomic_load_receiver(cond)?;
        let val = self.peek_val(recv);
        val.obj
    }

    /// The value of a simple path expression, without emitting events.
    fn peek_val(&self, expr: &Expr) -> Val {
        if let Expr::Path(p) = expr {
            if p.path.segments.len() == 1 {
                if let Some((fi, bi)) = self.lookup(&p.path.segments[0].ident.to_string()) {
                    return self.frames[fi].bindings[bi].val.clone();
                }
            }
            if let Some(seg) = p.path.segments.last() {
                if let Some(&obj) = self.statics.get(&seg.ident.to_string()) {
                    return Val::obj(obj);
                }
            }
        }
        Val::default()
    }

    fn walk_for(&mut self, f: &syn::ExprForLoop) -> Val {
        let iter = self.walk_expr(&f.expr);
        let iter_span = self.span_of(&f.expr);
        if let Some(obj) = iter.obj {
            if self.model.objects[obj.index()].kind == ObjKind::Channel {
                self.emit(
                    EventKind::Wait {
                        obj: Some(obj),
                        how: WaitHow::Drain,
                    },
                    iter_span,
                );
            }
        }
        let item = self.item_of(&iter);
        self.in_loop(|b| {
            b.push_frame(FrameKind::Block);
            b.bind_pat(&f.pat, item);
            b.walk_block(&f.body);
            b.pop_frame();
        });
        Val::default()
    }

    /// The value of one item of an iterator value.
    fn item_of(&mut self, iter: &Val) -> Val {
        let mut item = Val::deps(iter.deps.clone());
        if let Some(obj) = iter.obj {
            if self.model.objects[obj.index()].kind != ObjKind::Channel {
                let span = self.model.objects[obj.index()].decl;
                item.obj = Some(self.element_object(obj, "[]", span));
            }
        }
        item.handle = match &iter.handle {
            Some(HandleVal::Place(h)) | Some(HandleVal::Items(h)) => {
                self.model.handles[h.index()].used = true;
                Some(HandleVal::Items(*h))
            }
            Some(HandleVal::Lazy(s)) | Some(HandleVal::LazyItem(s)) => {
                Some(HandleVal::LazyItem(s.clone()))
            }
            Some(HandleVal::Fresh(s)) | Some(HandleVal::FreshMany(s)) => {
                // Iterating a just-collected set of handles: the items are kept by the loop.
                let name = "handles";
                let span = self.model.spawns[s[0].index()].call;
                let h = self.new_handle(name, span, HandlePlace::Collection, s.clone());
                self.model.handles[h.index()].used = true;
                Some(HandleVal::Items(h))
            }
            None => None,
        };
        item
    }

    fn walk_closure(&mut self, c: &syn::ExprClosure, params: Vec<Val>) -> Val {
        self.closure_depth += 1;
        let val = self.walk_closure_body(c, params);
        self.closure_depth -= 1;
        val
    }

    fn walk_closure_body(&mut self, c: &syn::ExprClosure, params: Vec<Val>) -> Val {
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

    // ----- macros ------------------------------------------------------

    fn walk_macro(&mut self, mac: &syn::Macro) -> Val {
        let name = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let args = parse_macro_args(&name, mac.tokens.clone());
        let mut vals = Vec::new();
        for arg in &args {
            if let Expr::Lit(lit) = arg {
                if let syn::Lit::Str(s) = &lit.lit {
                    self.read_inline_args(&s.value(), self.span_of(lit));
                }
                continue;
            }
            let val = self.walk_expr(arg);
            if let Some(guard) = val.guard {
                let span = self.expr_span(arg);
                self.read_guard(guard, span);
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
    fn read_inline_args(&mut self, format: &str, span: Span) {
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

    fn mark_used(&mut self, val: &Val) {
        if let Some(HandleVal::Place(h)) | Some(HandleVal::Items(h)) = &val.handle {
            self.model.handles[h.index()].used = true;
        }
    }

    // ----- calls -------------------------------------------------------

    fn walk_call(&mut self, call: &syn::ExprCall) -> Val {
        let Expr::Path(func) = &*call.func else {
            let f = self.walk_expr(&call.func);
            let args = self.walk_exprs(&call.args);
            let mut val = Val::deps(f.deps);
            for arg in &args {
                val.merge_deps(arg);
            }
            return val;
        };
        let segs: Vec<String> = func
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        let segs_ref: Vec<&str> = segs.iter().map(String::as_str).collect();
        let last = segs_ref.last().copied().unwrap_or("");
        let span = self
            .span(first_token(&call.func).unwrap_or_else(|| call.func.span()))
            .to(self.span(call.paren_token.span.close()));
        let func_span = self.span_of(func);

        if self.is_spawn_fn(&segs_ref) {
            if let Some(arg) = call.args.first() {
                return self.spawn(func_span, span, arg, false);
            }
        }
        if SCOPE_FNS.contains(&segs_ref.as_slice())
            || (segs_ref == ["scope"] && self.spawn_imported.contains(&self.file))
        {
            if let Some(Expr::Closure(c)) = call.args.first() {
                return self.walk_scope(c, span);
            }
        }
        if last == "sleep" && (segs_ref.len() == 1 || segs_ref.contains(&"thread")) {
            self.walk_exprs(&call.args);
            self.emit(
                EventKind::Sleep {
                    polling: self.polling > 0,
                },
                span,
            );
            return Val::default();
        }
        if last == "drop" && (segs_ref.len() == 1 || segs_ref.contains(&"mem")) {
            for arg in &call.args {
                let val = self.walk_expr(arg);
                if let Some(guard) = val.guard {
                    self.release(guard, span);
                }
                self.mark_used(&val);
            }
            return Val::default();
        }
        if last == "fence" && (segs_ref.len() == 1 || segs_ref.contains(&"atomic")) {
            let vals = self.walk_exprs(&call.args);
            let ordering = vals.iter().find_map(|v| v.ordering);
            self.emit(EventKind::Fence { ordering }, span);
            return Val::default();
        }
        if matches!(last, "write" | "write_volatile" | "write_unaligned")
            && segs_ref.contains(&"ptr")
            && call.args.len() == 2
        {
            // `ptr::write(p, v)`
            if let Some(obj) = self.peek_raw(&call.args[0]) {
                let value = self.walk_expr(&call.args[1]);
                let step = self.step();
                self.emit(
                    EventKind::Write {
                        obj,
                        step,
                        how: WriteHow::RawPointer,
                        deps: value.deps,
                        ordering: None,
                    },
                    span,
                );
                return Val::default();
            }
        }
        if (segs_ref.len() >= 2).then(|| segs_ref[segs_ref.len() - 2]) == Some("ManuallyDrop") {
            match last {
                "new" if call.args.len() == 1 => {
                    let val = self.walk_expr(&call.args[0]);
                    if let Some(guard) = val.guard {
                        // Dropped by hand or never: decided when its scope ends.
                        self.manual.insert(guard, span);
                    }
                    return val;
                }
                "drop" | "into_inner" | "take" => {
                    let vals = self.walk_exprs(&call.args);
                    for val in &vals {
                        if let Some(guard) = val.guard {
                            self.manual.remove(&guard);
                            self.release(guard, span);
                        }
                    }
                    return Val::default();
                }
                _ => {}
            }
        }
        let leak = match (
            (segs_ref.len() >= 2).then(|| segs_ref[segs_ref.len() - 2]),
            last,
        ) {
            (_, "forget") if segs_ref.len() == 1 || segs_ref.contains(&"mem") => {
                Some(LeakHow::Forget)
            }
            (Some("Box"), "leak") => Some(LeakHow::BoxLeak),
            _ => None,
        };
        if let Some(how) = leak {
            let vals = self.walk_exprs(&call.args);
            for val in &vals {
                if let Some(guard) = val.guard {
                    self.forget_guard(guard);
                    self.emit(EventKind::Leak { guard, how }, span);
                }
                self.mark_used(val);
            }
            return Val::default();
        }
        let type_seg = (segs_ref.len() >= 2).then(|| segs_ref[segs_ref.len() - 2]);
        // Constructors of shared objects.
        if matches!(last, "new" | "default" | "from" | "new_with") {
            if let Some(ty) = type_seg {
                if let Some(kind) = kind_of_type_name(ty) {
                    self.walk_exprs(&call.args);
                    let obj = self.new_object(String::new(), kind, span);
                    if ty == "AtomicPtr" {
                        self.model.atomic_ptrs.insert(obj);
                    }
                    return Val::obj(obj);
                }
                if matches!(
                    ty,
                    "Arc" | "Rc" | "Box" | "LazyLock" | "Lazy" | "OnceLock" | "CachePadded"
                ) {
                    let inner = call
                        .args
                        .first()
                        .map(|a| self.walk_expr(a))
                        .unwrap_or_default();
                    if inner.obj.is_some() || inner.handle.is_some() {
                        return inner;
                    }
                    let obj = self.new_object(String::new(), ObjKind::Unknown, span);
                    let mut val = Val::obj(obj);
                    val.deps = inner.deps;
                    val.ty = inner.ty;
                    return val;
                }
            }
        }
        if last == "clone" && matches!(type_seg, Some("Arc" | "Rc" | "Clone")) {
            if let Some(arg) = call.args.first() {
                let val = self.walk_expr(arg);
                return Val {
                    obj: val.obj,
                    deps: val.deps,
                    ty: val.ty,
                    ..Val::default()
                };
            }
        }
        if matches!(last, "channel" | "sync_channel" | "unbounded" | "bounded") {
            self.walk_exprs(&call.args);
            let obj = self.new_object("channel".into(), ObjKind::Channel, span);
            return Val {
                tuple: Some(vec![Val::obj(obj), Val::obj(obj)]),
                obj: Some(obj),
                ..Val::default()
            };
        }
        if matches!(last, "Some" | "Ok" | "Err" | "Box") && call.args.len() == 1 {
            return self.walk_expr(&call.args[0]);
        }
        // `JoinHandle::join(h)`
        if last == "join" && type_seg == Some("JoinHandle") && call.args.len() == 1 {
            let val = self.walk_expr(&call.args[0]);
            return self.join(&val, span, span);
        }

        let args = self.walk_exprs(&call.args);
        let mut val = Val::default();
        for arg in &args {
            val.merge_deps(arg);
        }
        // `Counter(..)`, `Counter::new(..)`: a value of the crate's type.
        let ty = if segs_ref.len() == 1 && self.struct_names.contains(last) {
            Some(last.to_string())
        } else {
            type_seg.and_then(|t| {
                let t = if t == "Self" {
                    self.self_ty.clone()?
                } else {
                    t.to_string()
                };
                self.constructors
                    .contains(&(t.clone(), last.to_string()))
                    .then_some(t)
            })
        };
        val.ty = ty;
        let user_fn = self.fns.contains_key(last)
            || type_seg.is_some_and(|t| {
                self.methods.get(last).is_some_and(|m| {
                    m.iter()
                        .any(|(_, ty)| ty.as_deref() == Some(t) || t == "Self")
                })
            });
        if user_fn {
            for arg in &args {
                if let Some(guard) = arg.guard {
                    if !is_reference_arg(call, arg, &args) {
                        self.release(guard, span);
                    }
                }
                self.escape(arg);
            }
            let event = self.emit(
                EventKind::Call {
                    callees: Vec::new(),
                    args: args.iter().map(|a| a.obj).collect(),
                },
                span,
            );
            let self_ty = match type_seg {
                Some("Self") => self.self_ty.clone(),
                Some(t) => Some(t.to_string()),
                None => None,
            };
            self.pending_calls.push(PendingCall {
                body: self.body,
                event,
                name: last.to_string(),
                self_ty,
                method: type_seg.is_some() && !self.fns.contains_key(last),
            });
        } else {
            for arg in &args {
                self.escape(arg);
            }
        }
        val
    }

    fn is_spawn_fn(&self, segs: &[&str]) -> bool {
        matches!(
            segs,
            ["thread", "spawn"] | ["std", "thread", "spawn"] | ["crossbeam", "spawn"]
        ) || (segs == ["spawn"] && self.spawn_imported.contains(&self.file))
    }

    fn release(&mut self, guard: GuardId, span: Span) {
        if let Some(pos) = self.temps.iter().position(|&g| g == guard) {
            self.temps.remove(pos);
            self.unlock(guard, span);
            return;
        }
        for fi in (0..self.frames.len()).rev() {
            if let Some(pos) = self.frames[fi].guards.iter().position(|&g| g == guard) {
                self.frames[fi].guards.remove(pos);
                self.unlock(guard, span);
                return;
            }
        }
    }

    /// `mem::forget(guard)`: the guard is never dropped.
    fn forget_guard(&mut self, guard: GuardId) {
        self.temps.retain(|&g| g != guard);
        for frame in &mut self.frames {
            frame.guards.retain(|&g| g != guard);
        }
    }

    fn walk_scope(&mut self, c: &syn::ExprClosure, span: Span) -> Val {
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
        val
    }

    /// A spawn: the closure (or function) becomes a thread body.
    fn spawn(&mut self, span: Span, call: Span, arg: &Expr, scoped: bool) -> Val {
        let id = SpawnId(self.model.spawns.len() as u32);
        let many = !self.ctx.loops.is_empty();
        self.model.spawns.push(Spawn {
            span,
            call,
            spawner: self.body,
            event: 0,
            body: None,
            scoped,
            many,
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
    fn spawn_entry(&mut self, id: SpawnId, arg: &Expr, scoped: bool) {
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
                let _ = tail;
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
                let body = self.new_body(name.clone(), path_span, BodyKind::ThreadClosure(id));
                self.model.spawns[id.index()].body = Some(body);
                let event = self.model.bodies[body.index()].events.len();
                self.model.bodies[body.index()].events.push(Event {
                    kind: EventKind::Call {
                        callees: Vec::new(),
                        args: Vec::new(),
                    },
                    span: path_span,
                    ctx: Ctx::default(),
                    subject: None,
                    fix: None,
                    control: Vec::new(),
                });
                self.pending_calls.push(PendingCall {
                    body,
                    event,
                    name,
                    self_ty: None,
                    method: false,
                });
            }
            other => {
                self.walk_expr(other);
            }
        }
    }

    fn join(&mut self, recv: &Val, method_span: Span, call_span: Span) -> Val {
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

    fn walk_method_call(&mut self, call: &syn::ExprMethodCall) -> Val {
        let method = call.method.to_string();
        let method_span = self.span_of(&call.method);
        let span = self
            .span(first_token(&call.receiver).unwrap_or_else(|| call.receiver.span()))
            .to(self.span(call.paren_token.span.close()));
        let nargs = call.args.len();

        // `builder.spawn(closure)` on a `thread::Builder`, and `s.spawn(closure)` in a scope.
        if method == "spawn" && nargs == 1 {
            if is_builder_chain(&call.receiver) {
                self.walk_expr(&call.receiver);
                return self.spawn(method_span, span, &call.args[0], false);
            }
            let recv = self.walk_expr(&call.receiver);
            if recv.scope {
                return self.spawn(method_span, span, &call.args[0], true);
            }
            let args = self.walk_exprs(&call.args);
            let mut val = Val::deps(recv.deps);
            for a in &args {
                val.merge_deps(a);
            }
            return val;
        }

        let recv = self.walk_expr(&call.receiver);

        // A value of the crate's own type: its method, whatever the name.
        if let Some(ty) = recv.ty.clone() {
            let known = self
                .methods
                .get(&method)
                .is_some_and(|m| m.iter().any(|(_, t)| t.as_ref() == Some(&ty)));
            if known {
                let args = self.walk_exprs(&call.args);
                let returns_self = self.constructors.contains(&(ty.clone(), method.clone()));
                self.call_method(&recv, &args, span, method, Some(ty.clone()));
                let mut val = Val::default();
                for arg in &args {
                    val.merge_deps(arg);
                }
                if returns_self {
                    val.ty = Some(ty);
                }
                return val;
            }
        }

        // Joins.
        if method == "join" && nargs == 0 {
            return self.join(&recv, method_span, span);
        }
        if let Some(event) = recv.join_event {
            match method.as_str() {
                "ok" => {
                    return Val {
                        join_event: Some(event),
                        join_ok: true,
                        ..Val::default()
                    };
                }
                "unwrap_or_default" | "unwrap_or" => {
                    self.walk_exprs(&call.args);
                    self.set_join_use(event, JoinResultUse::Defaulted);
                    // `.unwrap_or_default()` -> `.unwrap()`
                    let at = Span {
                        lo: method_span.lo,
                        ..span
                    };
                    self.set_fix(event, at, "unwrap()".into(), false);
                    return Val::default();
                }
                "unwrap_or_else" => {
                    let ignores_error = matches!(call.args.first(), Some(Expr::Closure(c)) if c.inputs.first().is_none_or(pat_ignores));
                    self.walk_exprs(&call.args);
                    if ignores_error {
                        self.set_join_use(event, JoinResultUse::Defaulted);
                    }
                    return Val::default();
                }
                "is_ok" | "is_err" => {
                    return Val::default();
                }
                _ => {}
            }
        }

        // Guards and results that carry them.
        if let Some(guard) = recv.guard {
            match method.as_str() {
                "unwrap" | "expect" | "unwrap_or_else" | "into_inner" | "unwrap_unchecked"
                | "deref" | "deref_mut" | "as_mut" | "as_ref" | "borrow_mut" => {
                    self.walk_exprs(&call.args);
                    return recv;
                }
                _ => {
                    let args = self.walk_exprs(&call.args);
                    let mut deps = Vec::new();
                    for a in &args {
                        for d in &a.deps {
                            deps.push(*d);
                        }
                    }
                    let g = &self.model.guards[guard.index()];
                    let (obj, step) = (g.obj, g.step);
                    let mut val = Val::default();
                    if MUTATING_METHODS.contains(&method.as_str()) {
                        let conditional = matches!(
                            method.as_str(),
                            "entry" | "get_or_insert_with" | "get_or_insert"
                        );
                        let append = matches!(
                            method.as_str(),
                            "push" | "push_back" | "push_front" | "push_str" | "extend" | "append"
                        );
                        let read = if RETURNING_MUTATORS.contains(&method.as_str()) {
                            self.read_guard(guard, span)
                        } else {
                            Dep { obj, step, span }
                        };
                        self.subject = Some(self.model.guards[guard.index()].subject.clone());
                        self.emit(
                            EventKind::Write {
                                obj,
                                step,
                                how: if conditional {
                                    WriteHow::CompareExchange
                                } else if append {
                                    WriteHow::GuardAppend
                                } else {
                                    WriteHow::Guard
                                },
                                deps,
                                ordering: None,
                            },
                            span,
                        );
                        val.deps.push(read);
                    } else {
                        let read = self.read_guard(guard, span);
                        val.deps.push(read);
                    }
                    // A reference into the guarded data keeps the same guard for assignments.
                    if matches!(
                        method.as_str(),
                        "get_mut"
                            | "entry"
                            | "or_insert"
                            | "or_default"
                            | "last_mut"
                            | "first_mut"
                            | "iter_mut"
                    ) {
                        val.guard = Some(guard);
                    }
                    return val;
                }
            }
        }

        let kind = recv.obj.map(|o| self.model.objects[o.index()].kind);

        // `self.cell.set(v)`, `self.cell.borrow_mut()`, `(*self.cell.get()).push(v)`
        if let Some(obj) = self.interior_receiver(&call.receiver, &method) {
            let args = self.walk_exprs(&call.args);
            let step = self.step();
            let mut deps = Vec::new();
            for a in &args {
                deps.extend(a.deps.iter().copied());
            }
            self.subject = Some(self.model.objects[obj.index()].name.clone());
            self.emit(
                EventKind::Write {
                    obj,
                    step,
                    how: WriteHow::Interior,
                    deps,
                    ordering: None,
                },
                span,
            );
            return Val::default();
        }
        if let Some(obj) = self.raw_write_receiver(&call.receiver, &method) {
            let args = self.walk_exprs(&call.args);
            let step = self.step();
            let deps = args.iter().flat_map(|a| a.deps.iter().copied()).collect();
            self.emit(
                EventKind::Write {
                    obj,
                    step,
                    how: WriteHow::RawPointer,
                    deps,
                    ordering: None,
                },
                span,
            );
            return Val::default();
        }

        // Locks.
        if nargs == 0 && matches!(method.as_str(), "lock" | "read" | "write") {
            let mode = match method.as_str() {
                "lock" => LockMode::Exclusive,
                "read" => LockMode::Read,
                _ => LockMode::Write,
            };
            let lockable = match kind {
                Some(ObjKind::Mutex) => mode == LockMode::Exclusive,
                Some(ObjKind::RwLock) => mode != LockMode::Exclusive,
                Some(ObjKind::Unknown) => mode == LockMode::Exclusive,
                None => mode == LockMode::Exclusive && !recv.scope,
                _ => false,
            };
            if lockable {
                let obj = match recv.obj {
                    Some(obj) => obj,
                    None => self.text_object(&call.receiver, ObjKind::Mutex),
                };
                if self.model.objects[obj.index()].kind == ObjKind::Unknown {
                    self.model.objects[obj.index()].kind = if mode == LockMode::Exclusive {
                        ObjKind::Mutex
                    } else {
                        ObjKind::RwLock
                    };
                }
                let guard = GuardId(self.model.guards.len() as u32);
                let step = self.step();
                let subject = self.subject_of(&call.receiver, obj);
                self.subject = Some(subject.clone());
                self.model.guards.push(Guard {
                    subject,
                    obj,
                    mode,
                    span: method_span.to(span),
                    binding: None,
                    scrutinee_of: None,
                    step,
                });
                let lock_span = Span {
                    lo: method_span.lo,
                    hi: span.hi,
                    file: span.file,
                };
                self.model.guards[guard.index()].span = lock_span;
                self.emit(EventKind::Lock { obj, guard, mode }, lock_span);
                self.temps.push(guard);
                return Val {
                    obj: Some(obj),
                    guard: Some(guard),
                    ..Val::default()
                };
            }
        }

        // Iterator adapters that run a closure per item.
        if ITER_CLOSURE_METHODS.contains(&method.as_str()) {
            if let Some(Expr::Closure(c)) = call.args.first() {
                let item = self.item_of(&recv);
                let out = self.in_loop(|b| b.walk_closure(c, vec![item]));
                if let Some(event) = out.join_event {
                    if method == "filter_map" && out.join_ok {
                        self.set_join_use(event, JoinResultUse::OkDiscarded);
                    }
                }
                let mut val = Val::deps(recv.deps.clone());
                val.merge_deps(&out);
                match out.handle {
                    Some(HandleVal::Fresh(s)) | Some(HandleVal::FreshMany(s)) => {
                        if method == "for_each" {
                            for &spawn in &s {
                                self.model.spawns[spawn.index()].fate = HandleFate::Discarded;
                            }
                        } else {
                            val.handle = Some(HandleVal::Lazy(s));
                        }
                    }
                    other => {
                        if method == "map" {
                            if let Some(HandleVal::Items(_)) = recv.handle {
                                // Mapped items are results now, not handles.
                            } else {
                                val.handle = other;
                            }
                        }
                    }
                }
                return val;
            }
        }

        if nargs >= 1
            && matches!(
                method.as_str(),
                "wait" | "wait_while" | "wait_timeout" | "wait_timeout_while" | "wait_timeout_ms"
            )
        {
            let first = self.walk_expr(&call.args[0]);
            if let Some(guard) = first.guard {
                let obj = self.model.guards[guard.index()].obj;
                // The lock the condition variable releases while it waits; the
                // predicate is checked after the wait.
                self.emit(
                    EventKind::Wait {
                        obj: Some(obj),
                        how: WaitHow::Condvar,
                    },
                    span,
                );
                for arg in call.args.iter().skip(1) {
                    self.walk_expr(arg);
                }
                return Val {
                    guard: Some(guard),
                    obj: Some(obj),
                    ..Val::default()
                };
            }
            for arg in call.args.iter().skip(1) {
                self.walk_expr(arg);
            }
            return Val::default();
        }

        let args = self.walk_exprs(&call.args);
        let ordering = args.iter().rev().find_map(|a| a.ordering);

        // Atomics.
        let atomic = matches!(kind, Some(ObjKind::Atomic))
            || (ordering.is_some()
                && matches!(kind, Some(ObjKind::Unknown) | None)
                && is_atomic_method(&method));
        if atomic && is_atomic_method(&method) {
            let obj = match recv.obj {
                Some(obj) => obj,
                None => self.text_object(&call.receiver, ObjKind::Atomic),
            };
            if self.model.objects[obj.index()].kind == ObjKind::Unknown {
                self.model.objects[obj.index()].kind = ObjKind::Atomic;
            }
            let step = self.step();
            let subject = self.subject_of(&call.receiver, obj);
            match method.as_str() {
                "load" => {
                    self.subject = Some(subject.clone());
                    self.emit(
                        EventKind::Read {
                            obj,
                            step,
                            how: ReadHow::AtomicLoad,
                            ordering,
                        },
                        span,
                    );
                    return Val::deps(vec![Dep { obj, step, span }]);
                }
                "store" | "swap" => {
                    let deps = args.first().map(|a| a.deps.clone()).unwrap_or_default();
                    let how = if method == "store" {
                        WriteHow::Store
                    } else {
                        WriteHow::Swap
                    };
                    self.subject = Some(subject.clone());
                    let event = self.emit(
                        EventKind::Write {
                            obj,
                            step,
                            how,
                            deps,
                            ordering,
                        },
                        span,
                    );
                    if how == WriteHow::Store {
                        if let Some(text) = self.fetch_rewrite(call) {
                            self.set_fix(event, span, text, true);
                        }
                    }
                    return Val::deps(vec![Dep { obj, step, span }]);
                }
                _ => {
                    self.subject = Some(subject.clone());
                    self.emit(
                        EventKind::Read {
                            obj,
                            step,
                            how: ReadHow::AtomicLoad,
                            ordering,
                        },
                        span,
                    );
                    self.subject = Some(subject.clone());
                    self.emit(
                        EventKind::Write {
                            obj,
                            step,
                            how: if matches!(
                                method.as_str(),
                                "compare_exchange"
                                    | "compare_exchange_weak"
                                    | "compare_and_swap"
                                    | "fetch_update"
                            ) {
                                WriteHow::CompareExchange
                            } else {
                                WriteHow::ReadModifyWrite
                            },
                            deps: Vec::new(),
                            ordering,
                        },
                        span,
                    );
                    return Val::deps(vec![Dep { obj, step, span }]);
                }
            }
        }

        // Channels.
        if kind == Some(ObjKind::Channel) {
            let obj = recv.obj.unwrap_or(ObjId(0));
            match method.as_str() {
                "send" | "try_send" => {
                    let step = self.step();
                    let deps = args.first().map(|a| a.deps.clone()).unwrap_or_default();
                    self.emit(
                        EventKind::Write {
                            obj,
                            step,
                            how: WriteHow::Send,
                            deps,
                            ordering: None,
                        },
                        span,
                    );
                    return Val::default();
                }
                "recv" | "recv_timeout" | "recv_deadline" => {
                    self.emit(
                        EventKind::Wait {
                            obj: Some(obj),
                            how: WaitHow::Channel,
                        },
                        span,
                    );
                    return Val::default();
                }
                "try_recv" | "try_iter" => {
                    let step = self.step();
                    self.emit(
                        EventKind::Read {
                            obj,
                            step,
                            how: ReadHow::TryRecv,
                            ordering: None,
                        },
                        span,
                    );
                    return Val::deps(vec![Dep { obj, step, span }]);
                }
                "iter" | "into_iter" => return Val::obj(obj),
                "clone" => return Val::obj(obj),
                _ => {}
            }
        }

        // Condvar and Barrier waits.
        if matches!(
            method.as_str(),
            "wait" | "wait_while" | "wait_timeout" | "wait_timeout_while" | "wait_timeout_ms"
        ) {
            if nargs >= 1 {
                let guard = args.first().and_then(|a| a.guard);
                let obj = guard.map(|g| self.model.guards[g.index()].obj);
                // The lock the condition variable releases while it waits.
                self.emit(
                    EventKind::Wait {
                        obj: obj.or(recv.obj),
                        how: WaitHow::Condvar,
                    },
                    span,
                );
                return Val {
                    guard,
                    obj,
                    ..Val::default()
                };
            }
            if nargs == 0 && matches!(kind, Some(ObjKind::Barrier) | Some(ObjKind::Unknown)) {
                self.emit(
                    EventKind::Wait {
                        obj: recv.obj,
                        how: WaitHow::Barrier,
                    },
                    span,
                );
                return Val::default();
            }
        }

        // `handles.push(thread::spawn(..))` on a `Vec` not yet known to hold handles.
        if recv.handle.is_none()
            && matches!(method.as_str(), "push" | "push_back" | "insert" | "extend")
            && args.iter().any(|a| {
                matches!(
                    a.handle,
                    Some(
                        HandleVal::Fresh(_)
                            | HandleVal::FreshMany(_)
                            | HandleVal::Lazy(_)
                            | HandleVal::Place(_)
                    )
                )
            })
        {
            if let Expr::Path(p) = &*call.receiver {
                if let Some(ident) = p.path.get_ident() {
                    let name = ident.to_string();
                    if let Some(binding) = self.binding_mut(&name).cloned() {
                        let id = self.new_handle_at(&name, binding.decl, binding.ctx.clone());
                        if let Some(b) = self.binding_mut(&name) {
                            b.val.handle = Some(HandleVal::Place(id));
                        }
                        return self
                            .handle_method(HandleVal::Place(id), &method, call, &args)
                            .unwrap_or_default();
                    }
                }
            }
        }

        // Handle collections and iterators of handles.
        if let Some(handle) = &recv.handle {
            if let Some(val) = self.handle_method(handle.clone(), &method, call, &args) {
                return val;
            }
        }

        if method == "clone" && nargs == 0 {
            return Val {
                obj: recv.obj,
                deps: recv.deps.clone(),
                ty: recv.ty.clone(),
                ..Val::default()
            };
        }

        // Other method calls: a helper of this crate, or something else.
        let mut val = Val::deps(recv.deps.clone());
        for a in &args {
            val.merge_deps(a);
        }
        if let (Some(obj), None) = (recv.obj, recv.guard) {
            match method.as_str() {
                // An iterator over a shared collection: its items are the elements.
                "iter" | "iter_mut" | "into_iter" | "values" | "values_mut" => val.obj = Some(obj),
                "get" | "first" | "last" | "get_mut" => {
                    val.obj = Some(self.element_object(obj, "[]", span));
                }
                _ => {}
            }
        }
        if matches!(
            method.as_str(),
            "unwrap" | "expect" | "into_inner" | "unwrap_or_else"
        ) {
            val.obj = recv.obj;
            val.handle = recv.handle.clone();
            val.tuple = recv.tuple.clone();
        }
        let resolvable = recv.ty.is_none()
            && (is_self(&call.receiver)
                || recv
                    .obj
                    .is_some_and(|o| self.model.objects[o.index()].kind == ObjKind::Unknown)
                || !STD_METHOD_NAMES.contains(&method.as_str()));
        if self.methods.contains_key(&method) && recv.guard.is_none() && resolvable {
            let self_ty = if is_self(&call.receiver) {
                self.self_ty.clone()
            } else {
                None
            };
            self.call_method(&recv, &args, span, method, self_ty);
        } else {
            for arg in &args {
                if arg.handle.is_some() {
                    self.escape(arg);
                }
            }
        }
        val
    }

    /// A call of one of the crate's methods: the receiver and the arguments
    /// are passed on (resolved to bodies once every method is known).
    fn call_method(
        &mut self,
        recv: &Val,
        args: &[Val],
        span: Span,
        name: String,
        self_ty: Option<String>,
    ) {
        let mut objs = vec![recv.obj];
        objs.extend(args.iter().map(|a| a.obj));
        for arg in args {
            self.escape(arg);
        }
        let event = self.emit(
            EventKind::Call {
                callees: Vec::new(),
                args: objs,
            },
            span,
        );
        self.pending_calls.push(PendingCall {
            body: self.body,
            event,
            name,
            self_ty,
            method: true,
        });
    }

    /// Methods on a value that carries handles.
    fn handle_method(
        &mut self,
        handle: HandleVal,
        method: &str,
        call: &syn::ExprMethodCall,
        args: &[Val],
    ) -> Option<Val> {
        match (&handle, method) {
            (HandleVal::Place(h), "push" | "push_back" | "insert" | "extend") => {
                let h = *h;
                for arg in args {
                    match &arg.handle {
                        Some(HandleVal::Fresh(s))
                        | Some(HandleVal::FreshMany(s))
                        | Some(HandleVal::Lazy(s)) => {
                            self.add_to_handle(h, s.clone());
                        }
                        Some(HandleVal::Place(other)) => {
                            let spawns = self.model.handles[other.index()].spawns.clone();
                            self.model.handles[other.index()].escaped = true;
                            self.model.handles[other.index()].used = true;
                            self.add_to_handle(h, spawns);
                        }
                        _ => {}
                    }
                }
                Some(Val::default())
            }
            (HandleVal::Place(h) | HandleVal::Items(h), _)
                if PASS_THROUGH_ADAPTERS.contains(&method)
                    || matches!(
                        method,
                        "pop"
                            | "pop_front"
                            | "remove"
                            | "swap_remove"
                            | "enumerate"
                            | "zip"
                            | "filter"
                    ) =>
            {
                self.model.handles[h.index()].used = true;
                Some(Val {
                    handle: Some(HandleVal::Items(*h)),
                    ..Val::default()
                })
            }
            (
                HandleVal::Place(h) | HandleVal::Items(h),
                "map" | "for_each" | "filter_map" | "try_for_each" | "fold",
            ) => {
                let h = *h;
                self.model.handles[h.index()].used = true;
                // `.map(JoinHandle::join)` / `.map(thread::JoinHandle::join)`
                if let Some(Expr::Path(p)) = call.args.first() {
                    if p.path.segments.last().is_some_and(|s| s.ident == "join") {
                        let span = self.span_of(p);
                        return Some(self.join(
                            &Val {
                                handle: Some(HandleVal::Items(h)),
                                ..Val::default()
                            },
                            span,
                            span,
                        ));
                    }
                }
                None
            }
            (HandleVal::Lazy(s), m) if PASS_THROUGH_ADAPTERS.contains(&m) || m == "enumerate" => {
                Some(Val {
                    handle: Some(HandleVal::Lazy(s.clone())),
                    ..Val::default()
                })
            }
            (HandleVal::Lazy(s), "collect") => Some(Val {
                handle: Some(HandleVal::FreshMany(s.clone())),
                ..Val::default()
            }),
            (HandleVal::Lazy(s), "map" | "for_each") => {
                if let Some(Expr::Path(p)) = call.args.first() {
                    if p.path
                        .segments
                        .last()
                        .is_some_and(|seg| seg.ident == "join")
                    {
                        let span = self.span_of(p);
                        return Some(self.join(
                            &Val {
                                handle: Some(HandleVal::LazyItem(s.clone())),
                                ..Val::default()
                            },
                            span,
                            span,
                        ));
                    }
                }
                None
            }
            (_, "len" | "is_empty" | "is_finished" | "thread") => {
                self.mark_used(&Val {
                    handle: Some(handle.clone()),
                    ..Val::default()
                });
                Some(Val::default())
            }
            _ => None,
        }
    }

    /// The object written by a mutating call on an interior-mutable field.
    fn interior_receiver(&mut self, receiver: &Expr, method: &str) -> Option<ObjId> {
        let (field_expr, kind_needed): (&Expr, &[Interior]) = match strip_parens(receiver) {
            Expr::Field(_) if matches!(method, "set" | "replace" | "take" | "swap") => {
                (receiver, &[Interior::Cell])
            }
            Expr::Field(_) if matches!(method, "borrow_mut") => (receiver, &[Interior::RefCell]),
            Expr::Unary(u)
                if matches!(u.op, syn::UnOp::Deref(_)) && MUTATING_METHODS.contains(&method) =>
            {
                // `(*self.log).push(line)` through a raw-pointer field
                if let Some(obj) = self.raw_field(&u.expr) {
                    return Some(obj);
                }
                match strip_parens(&u.expr) {
                    Expr::MethodCall(m) if m.method == "get" && m.args.is_empty() => {
                        (&*m.receiver, &[Interior::UnsafeCell])
                    }
                    _ => return None,
                }
            }
            _ => return None,
        };
        let Expr::Field(f) = strip_parens(field_expr) else {
            return None;
        };
        let syn::Member::Named(name) = &f.member else {
            return None;
        };
        let kind = self.interior_fields.get(&name.to_string()).copied()?;
        if !kind_needed.contains(&kind) {
            return None;
        }
        let base = self.walk_expr(&f.base);
        Some(match base.obj {
            Some(b) => self.field_object(b, &name.to_string(), self.span_of(name)),
            None => self.text_object(field_expr, ObjKind::Unknown),
        })
    }

    /// `ptr.write(v)` on a raw pointer.
    fn raw_write_receiver(&mut self, receiver: &Expr, method: &str) -> Option<ObjId> {
        if !matches!(method, "write" | "write_volatile" | "write_unaligned") {
            return None;
        }
        match strip_parens(receiver) {
            Expr::Path(p) => {
                let name = p.path.get_ident()?.to_string();
                let (fi, bi) = self.lookup(&name)?;
                let val = &self.frames[fi].bindings[bi].val;
                if val.raw_ptr { val.obj } else { None }
            }
            other @ (Expr::Cast(_) | Expr::MethodCall(_)) => self.peek_raw(other),
            _ => None,
        }
    }

    fn add_to_handle(&mut self, h: HandleId, spawns: Vec<SpawnId>) {
        for &spawn in &spawns {
            self.model.spawns[spawn.index()].fate = HandleFate::Kept(h);
        }
        let handle = &mut self.model.handles[h.index()];
        handle.place = HandlePlace::Collection;
        handle.spawns.extend(spawns);
    }

    // ----- after the walk ----------------------------------------------

    fn resolve_calls(&mut self) {
        for call in std::mem::take(&mut self.pending_calls) {
            let mut callees: Vec<BodyId> = Vec::new();
            if !call.method {
                if let Some(fns) = self.fns.get(&call.name) {
                    callees.extend(fns);
                }
            }
            if callees.is_empty() {
                if let Some(methods) = self.methods.get(&call.name) {
                    let typed: Vec<BodyId> = methods
                        .iter()
                        .filter(|(_, ty)| call.self_ty.is_some() && ty == &call.self_ty)
                        .map(|(b, _)| *b)
                        .collect();
                    if !typed.is_empty() {
                        callees = typed;
                    } else if methods.len() <= 2 {
                        callees.extend(methods.iter().map(|(b, _)| *b));
                    }
                }
            }
            if let EventKind::Call { callees: c, .. } =
                &mut self.model.bodies[call.body.index()].events[call.event].kind
            {
                *c = callees;
            }
        }
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

// ----- syntax helpers ---------------------------------------------------

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

/// `+=`, `-=`, ...: in syn 2 these are binary operators.
fn is_compound_assign(op: &syn::BinOp) -> bool {
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

fn parse_ordering(name: &str) -> Option<Ordering> {
    Some(match name {
        "Relaxed" => Ordering::Relaxed,
        "Release" => Ordering::Release,
        "Acquire" => Ordering::Acquire,
        "AcqRel" => Ordering::AcqRel,
        "SeqCst" => Ordering::SeqCst,
        _ => return None,
    })
}

fn is_atomic_method(method: &str) -> bool {
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
enum Interior {
    UnsafeCell,
    Cell,
    RefCell,
    RawPtr,
}

fn interior_kind(ty: &Type) -> Option<Interior> {
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

/// The shared-object kind a type name stands for.
fn kind_of_type_name(name: &str) -> Option<ObjKind> {
    Some(match name {
        n if n.starts_with("Atomic") => ObjKind::Atomic,
        "Mutex" | "ReentrantMutex" | "FairMutex" => ObjKind::Mutex,
        "RwLock" => ObjKind::RwLock,
        "Condvar" => ObjKind::Condvar,
        "Barrier" => ObjKind::Barrier,
        "Sender" | "SyncSender" | "Receiver" => ObjKind::Channel,
        _ => return None,
    })
}

/// The shared-object kind of a type, looking through `Arc`, `&`, `Box`, ...
pub(super) fn type_kind(ty: &Type) -> Option<ObjKind> {
    match ty {
        Type::Reference(r) => type_kind(&r.elem),
        Type::Paren(p) => type_kind(&p.elem),
        Type::Group(g) => type_kind(&g.elem),
        Type::Path(p) => {
            let seg = p.path.segments.last()?;
            let name = seg.ident.to_string();
            if let Some(kind) = kind_of_type_name(&name) {
                return Some(kind);
            }
            if matches!(
                name.as_str(),
                "Arc" | "Rc" | "Box" | "LazyLock" | "Lazy" | "CachePadded"
            ) {
                if let syn::PathArguments::AngleBracketed(args) = &seg.arguments {
                    for arg in &args.args {
                        if let syn::GenericArgument::Type(inner) = arg {
                            return type_kind(inner).or(Some(ObjKind::Unknown));
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
fn is_shareable_type(ty: &Type) -> bool {
    match ty {
        Type::Reference(r) => {
            matches!(&*r.elem, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident.to_string().starts_with(|c: char| c.is_ascii_uppercase()) && !matches!(s.ident.to_string().as_str(), "String" | "Vec" | "HashMap" | "str" | "Path" | "PathBuf")))
        }
        Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == "Arc"),
        _ => false,
    }
}

fn type_mentions(ty: &Type, name: &str) -> bool {
    fn walk(ts: TokenStream, name: &str) -> bool {
        ts.into_iter().any(|t| match t {
            proc_macro2::TokenTree::Ident(i) => i == name,
            proc_macro2::TokenTree::Group(g) => walk(g.stream(), name),
            _ => false,
        })
    }
    walk(ty.to_token_stream(), name)
}

fn type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        Type::Reference(r) => type_name(&r.elem),
        _ => None,
    }
}

fn pat_name(pat: &Pat) -> Option<String> {
    match pat {
        Pat::Ident(p) => Some(p.ident.to_string()),
        Pat::Type(p) => pat_name(&p.pat),
        Pat::Reference(p) => pat_name(&p.pat),
        _ => None,
    }
}

fn is_wild(pat: &Pat) -> bool {
    match pat {
        Pat::Wild(_) => true,
        Pat::Type(p) => is_wild(&p.pat),
        _ => false,
    }
}

/// `_` or `_name`: the value is ignored.
fn pat_ignores(pat: &Pat) -> bool {
    match pat {
        Pat::Wild(_) => true,
        Pat::Ident(p) => p.ident.to_string().starts_with('_'),
        Pat::Type(p) => pat_ignores(&p.pat),
        _ => false,
    }
}

fn pat_is_ok(pat: &Pat) -> bool {
    matches!(pat, Pat::TupleStruct(p) if p.path.segments.last().is_some_and(|s| s.ident == "Ok"))
}

fn is_self(expr: &Expr) -> bool {
    matches!(expr, Expr::Path(p) if p.path.is_ident("self"))
}

/// Whether the guard argument is passed by reference (`&guard`, `&mut *guard`).
fn is_reference_arg(call: &syn::ExprCall, arg: &Val, args: &[Val]) -> bool {
    let Some(i) = args.iter().position(|a| a.guard == arg.guard) else {
        return false;
    };
    matches!(call.args.iter().nth(i), Some(Expr::Reference(_)))
}

/// Whether a loop body checks a real condition each time round: an atomic
/// load, `try_recv`, `is_finished`, `try_lock`.
fn is_polling_body(body: &Block) -> bool {
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
fn condvar_wait_arg(body: &Block) -> Option<&Expr> {
    struct Finder<'a>(Option<&'a Expr>);
    impl<'a> syn::visit::Visit<'a> for Finder<'a> {
        fn visit_expr_method_call(&mut self, m: &'a syn::ExprMethodCall) {
            if self.0.is_none()
                && matches!(
                    m.method.to_string().as_str(),
                    "wait" | "wait_timeout" | "wait_while"
                )
                && !m.args.is_empty()
            {
                self.0 = m.args.first();
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
fn diverges(block: &Block) -> bool {
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

fn delim_close(delimiter: &syn::MacroDelimiter) -> proc_macro2::Span {
    match delimiter {
        syn::MacroDelimiter::Paren(p) => p.span.close(),
        syn::MacroDelimiter::Brace(b) => b.span.close(),
        syn::MacroDelimiter::Bracket(b) => b.span.close(),
    }
}

/// The first token of an expression, following the left edge of the tree.
fn first_token(expr: &Expr) -> Option<proc_macro2::Span> {
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
fn last_token(expr: &Expr) -> Option<proc_macro2::Span> {
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

fn strip_parens(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(p) => strip_parens(&p.expr),
        Expr::Group(g) => strip_parens(&g.expr),
        other => other,
    }
}

/// The field right after the root of a place: `items` in `state.items[0] = x`.
fn first_field(place: &Expr) -> Option<String> {
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
fn place_root(expr: &Expr) -> &Expr {
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

/// Whether a thread builder is in the receiver chain (`thread::Builder::new().name(..)`).
fn is_builder_chain(expr: &Expr) -> bool {
    match expr {
        Expr::MethodCall(m) => is_builder_chain(&m.receiver),
        Expr::Call(c) => {
            matches!(&*c.func, Expr::Path(p) if p.path.segments.iter().any(|s| s.ident == "Builder"))
        }
        Expr::Path(_) => false,
        Expr::Paren(p) => is_builder_chain(&p.expr),
        _ => false,
    }
}

fn contains_atomic_load(expr: &Expr) -> bool {
    find_atomic_load_receiver(expr).is_some()
}

fn find_atomic_load_receiver(expr: &Expr) -> Option<&Expr> {
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
fn expr_text(expr: &Expr) -> String {
    expr.to_token_stream().to_string().replace(' ', "")
}

/// Which `use` trees bring `thread::spawn` (or `thread::scope`) into scope by name.
fn use_imports_spawn(tree: &syn::UseTree, after_thread: bool) -> bool {
    match tree {
        syn::UseTree::Path(p) => use_imports_spawn(&p.tree, p.ident == "thread"),
        syn::UseTree::Name(n) => after_thread && (n.ident == "spawn" || n.ident == "scope"),
        syn::UseTree::Rename(r) => after_thread && r.ident == "spawn",
        syn::UseTree::Glob(_) => after_thread,
        syn::UseTree::Group(g) => g.items.iter().any(|t| use_imports_spawn(t, after_thread)),
    }
}

/// Arguments of a macro whose arguments are expressions (`println!`, `vec!`, `assert!`, ...).
fn parse_macro_args(name: &str, tokens: TokenStream) -> Vec<Expr> {
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
    if !EXPR_MACROS.contains(&name) {
        return Vec::new();
    }
    let parser = Punctuated::<Expr, syn::Token![,]>::parse_terminated;
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
