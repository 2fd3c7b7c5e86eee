//! Turning the instructor's `std` code into code on the demo runtime, and
//! rejecting what loom cannot model.
//!
//! Paths are rewritten wherever they appear (expressions, types, patterns,
//! and the arguments of common macros), in every form a learner writes
//! them: `std::sync::Mutex`, `sync::Mutex`, an imported `Mutex`,
//! `std::thread::spawn`, `thread::spawn`, an imported `spawn`. A prelude
//! import alone would miss the fully qualified forms.

use std::collections::HashSet;

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ExprCall, ExprPath, Item, Local, Macro, Pat, Path, Stmt, Token};

/// The atomic types the runtime shadows.
const ATOMICS: &[&str] = &[
    "AtomicUsize",
    "AtomicIsize",
    "AtomicU8",
    "AtomicU16",
    "AtomicU32",
    "AtomicU64",
    "AtomicI8",
    "AtomicI16",
    "AtomicI32",
    "AtomicI64",
    "AtomicBool",
];

/// Types whose `new` gets the name of the variable it is bound to, besides
/// the `ATOMICS`.
const NAMEABLE: &[&str] = &["Mutex", "Condvar", "RwLock", "Barrier", "SharedInt"];

/// What to do with one path.
enum Class {
    /// Leave it (it is not about threads, or `std`'s own item is right, like
    /// `Arc` or `Ordering`).
    Keep,
    /// Replace its first `skip` segments with this runtime path.
    Replace { skip: usize, with: TokenStream },
    /// Reject it: loom cannot model it.
    Reject(String),
}

fn sleep_message() -> String {
    "sleeping does not change which schedules happen: the demo already explores every \
     interleaving, so remove `thread::sleep`"
        .to_string()
}

fn unmodelled(what: &str, instead: &str) -> String {
    format!("`{what}` is not modelled in demos: {instead}")
}

fn classify_atomic(item: &str, skip: usize) -> Class {
    if ATOMICS.contains(&item) {
        let item = syn::Ident::new(item, Span::call_site());
        return Class::Replace {
            skip,
            with: quote!(::racelint_demo::sync::atomic::#item),
        };
    }
    match item {
        "Ordering" => Class::Keep,
        "fence" | "compiler_fence" => Class::Reject(unmodelled(
            item,
            "every step of a demo is already sequentially consistent",
        )),
        "spin_loop_hint" => Class::Reject(unmodelled(
            item,
            "a spin loop never ends under loom; wait with a `Mutex` or `join`",
        )),
        _ => Class::Reject(unmodelled(
            item,
            "use `AtomicUsize`, `AtomicI64` or another integer atomic, or `AtomicBool`",
        )),
    }
}

fn classify_sync(item: &str, skip: usize) -> Class {
    match item {
        "Mutex" | "MutexGuard" | "Condvar" | "mpsc" | "Barrier" | "BarrierWaitResult"
        | "RwLock" | "RwLockReadGuard" | "RwLockWriteGuard" => {
            let item = syn::Ident::new(item, Span::call_site());
            Class::Replace {
                skip,
                with: quote!(::racelint_demo::sync::#item),
            }
        }
        "Arc" | "Weak" | "PoisonError" | "LockResult" | "TryLockError" | "TryLockResult" => {
            Class::Keep
        }
        "mpmc" | "Once" | "OnceLock" | "LazyLock" | "OnceState" | "Exclusive" | "ReentrantLock" => {
            Class::Reject(unmodelled(
                item,
                "demos model threads, atomics, `Mutex`, `Condvar`, `RwLock`, `Barrier` and \
                 `mpsc` channels",
            ))
        }
        _ => Class::Keep,
    }
}

fn classify_thread(item: &str, skip: usize) -> Class {
    match item {
        "spawn" | "JoinHandle" | "yield_now" | "scope" | "Scope" | "ScopedJoinHandle" => {
            let item = syn::Ident::new(item, Span::call_site());
            Class::Replace {
                skip,
                with: quote!(::racelint_demo::thread::#item),
            }
        }
        "sleep" | "sleep_ms" | "sleep_until" => Class::Reject(sleep_message()),
        "Result" | "panicking" => Class::Keep,
        _ => Class::Reject(unmodelled(
            &format!("thread::{item}"),
            "demos model `thread::spawn` and `join`",
        )),
    }
}

/// Classify a path by its segments' names.
fn classify(segments: &[String], leading_colon: bool) -> Class {
    let names: Vec<&str> = segments.iter().map(String::as_str).collect();
    match names.as_slice() {
        [root, "sync", "atomic", item, ..] if is_std(root) => classify_atomic(item, 4),
        [root, "sync", item, ..] if is_std(root) && *item != "atomic" => classify_sync(item, 3),
        [root, "thread", item, ..] if is_std(root) => classify_thread(item, 3),
        _ if leading_colon => Class::Keep,
        ["sync", "atomic", item, ..] => classify_atomic(item, 3),
        ["sync", item, ..] if *item != "atomic" => classify_sync(item, 2),
        ["atomic", item, ..] => classify_atomic(item, 2),
        ["thread", item, ..] => classify_thread(item, 2),
        [item, ..] if ATOMICS.contains(item) => classify_atomic(item, 1),
        ["Mutex" | "MutexGuard", ..] => classify_sync(names[0], 1),
        [item @ ("JoinHandle" | "Scope" | "ScopedJoinHandle"), ..] => classify_thread(item, 1),
        [item @ ("Sender" | "Receiver"), ..] => {
            let item = syn::Ident::new(item, Span::call_site());
            Class::Replace {
                skip: 1,
                with: quote!(::racelint_demo::sync::mpsc::#item),
            }
        }
        [
            item @ ("RwLock" | "RwLockReadGuard" | "RwLockWriteGuard" | "Condvar" | "Barrier"
            | "mpsc" | "OnceLock" | "LazyLock"),
            ..,
        ] => classify_sync(item, 1),
        _ => Class::Keep,
    }
}

fn is_std(root: &str) -> bool {
    matches!(root, "std" | "core" | "alloc")
}

/// Functions of `std`'s prelude and common free functions a demo may call
/// by their bare name: they do not start threads or take locks.
const PLAIN_FUNCTIONS: &[&str] = &[
    "drop",
    "identity",
    "min",
    "max",
    "swap",
    "replace",
    "take",
    "black_box",
    "size_of",
    "from_fn",
    "repeat",
    "once",
    "empty",
    "zip",
    "successors",
    "format",
    "panic",
    "assert",
    "unreachable",
    "todo",
    "char",
    "align_of",
];

/// Types a demo may name by their bare name: `std`'s, and the runtime's,
/// besides the `ATOMICS`.
const KNOWN_TYPES: &[&str] = &[
    "Arc",
    "Weak",
    "Mutex",
    "MutexGuard",
    "SharedInt",
    "JoinHandle",
    "Scope",
    "ScopedJoinHandle",
    "Sender",
    "Receiver",
    "Condvar",
    "RwLock",
    "Barrier",
    "Vec",
    "String",
    "Box",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "HashMap",
    "HashSet",
    "BTreeMap",
    "BTreeSet",
    "VecDeque",
    "BinaryHeap",
    "LinkedList",
    "Rc",
    "RefCell",
    "Cell",
    "Cow",
    "Ordering",
    "Default",
    "Iterator",
    "IntoIterator",
    "From",
    "Into",
    "ToString",
    "Clone",
    "Self",
    "PhantomData",
    "Wrapping",
    "Reverse",
    "Duration",
    "Instant",
    "PoisonError",
    "LockResult",
    "TryLockError",
    "Debug",
    "Display",
    "Send",
    "Sync",
    "Fn",
    "FnMut",
    "FnOnce",
    "Sized",
    "Copy",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Hash",
    "Path",
    "PathBuf",
    "NonZeroUsize",
];

/// Rewrites a demo body and gathers what cannot be modelled.
pub struct Rewriter {
    pub errors: Vec<syn::Error>,
    /// Every name the body itself binds or defines: variables, closures,
    /// nested functions and types, generic parameters.
    locals: HashSet<String>,
}

/// The names a block binds or defines anywhere inside it.
struct Locals(HashSet<String>);

/// Visit methods that record the name of what they visit (the field path
/// after `=>`), then walk inside it as syn's default visitor does.
macro_rules! record_names {
    ($($method:ident($node:ty) => $($field:ident).+;)*) => {
        $(
            fn $method(&mut self, node: &'ast $node) {
                self.0.insert(node.$($field).+.to_string());
                syn::visit::$method(self, node);
            }
        )*
    };
}

impl<'ast> syn::visit::Visit<'ast> for Locals {
    record_names! {
        visit_pat_ident(syn::PatIdent) => ident;
        visit_item_fn(syn::ItemFn) => sig.ident;
        visit_item_struct(syn::ItemStruct) => ident;
        visit_item_enum(syn::ItemEnum) => ident;
        visit_item_type(syn::ItemType) => ident;
        visit_item_const(syn::ItemConst) => ident;
        visit_type_param(syn::TypeParam) => ident;
    }
}

fn starts_uppercase(name: &str) -> bool {
    name.chars().next().is_some_and(char::is_uppercase)
}

impl Rewriter {
    pub fn new(body: &syn::Block) -> Rewriter {
        let mut locals = Locals(HashSet::new());
        syn::visit::Visit::visit_block(&mut locals, body);
        Rewriter {
            errors: Vec::new(),
            locals: locals.0,
        }
    }

    /// A type named by its bare name that the demo neither defines nor
    /// knows: its code (and any lock or thread inside it) is not modelled.
    fn check_outside_type(&mut self, path: &Path) {
        if path.leading_colon.is_some() {
            return;
        }
        let Some(first) = path.segments.first() else {
            return;
        };
        let name = first.ident.to_string();
        if !starts_uppercase(&name)
            || KNOWN_TYPES.contains(&name.as_str())
            || ATOMICS.contains(&name.as_str())
            || self.locals.contains(&name)
        {
            return;
        }
        self.errors.push(syn::Error::new_spanned(
            &first.ident,
            format!(
                "`{name}` is defined outside the demo, so its locks and threads would escape \
                 the model: define `{name}` inside the demo function (its code is then \
                 modelled too), or, if it is `std`'s `Mutex` or another type under a new \
                 name, use its own name"
            ),
        ));
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push(syn::Error::new(span, message.into()));
    }

    /// Rewrite the arguments of a function-like macro whose arguments are
    /// expressions (`vec!`, `assert_eq!`, `println!`, ...).
    fn rewrite_macro(&mut self, mac: &mut Macro) {
        let parser = Punctuated::<Expr, Token![,]>::parse_terminated;
        if let Ok(mut args) = mac.parse_body_with(parser) {
            for arg in args.iter_mut() {
                self.visit_expr_mut(arg);
            }
            mac.tokens = args.into_token_stream();
            return;
        }
        // `vec![value; count]`
        if let Ok(mut repeat) = mac.parse_body::<syn::ExprRepeat>() {
            self.visit_expr_mut(&mut repeat.expr);
            self.visit_expr_mut(&mut repeat.len);
            let (value, count) = (&repeat.expr, &repeat.len);
            mac.tokens = quote!(#value; #count);
        }
    }
}

impl VisitMut for Rewriter {
    fn visit_path_mut(&mut self, path: &mut Path) {
        // Generic arguments first: `Arc<Mutex<usize>>`.
        visit_mut::visit_path_mut(self, path);
        let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        match classify(&names, path.leading_colon.is_some()) {
            Class::Keep => {}
            Class::Reject(message) => self.errors.push(syn::Error::new_spanned(&*path, message)),
            Class::Replace { skip, with } => {
                let span = path.span();
                let rest: Vec<_> = path.segments.iter().skip(skip).collect();
                let last_replaced = &path.segments[skip - 1];
                let arguments = &last_replaced.arguments;
                let tokens = if rest.is_empty() {
                    quote::quote_spanned!(span=> #with #arguments)
                } else {
                    quote::quote_spanned!(span=> #with #arguments :: #(#rest)::*)
                };
                match syn::parse2::<Path>(tokens) {
                    Ok(new_path) => *path = new_path,
                    Err(error) => self.errors.push(error),
                }
            }
        }
    }

    fn visit_expr_call_mut(&mut self, call: &mut ExprCall) {
        // An imported function called by its bare name: `spawn(...)`.
        if let Expr::Path(ExprPath {
            path, qself: None, ..
        }) = &mut *call.func
        {
            if let Some(ident) = path.get_ident() {
                let span = ident.span();
                match ident.to_string().as_str() {
                    "spawn" => {
                        *path = syn::parse_quote_spanned!(span=> ::racelint_demo::thread::spawn)
                    }
                    "yield_now" => {
                        *path = syn::parse_quote_spanned!(span=> ::racelint_demo::thread::yield_now)
                    }
                    "scope" => {
                        *path = syn::parse_quote_spanned!(span=> ::racelint_demo::thread::scope)
                    }
                    "sleep" => self.error(span, sleep_message()),
                    "channel" => {
                        *path =
                            syn::parse_quote_spanned!(span=> ::racelint_demo::sync::mpsc::channel)
                    }
                    "sync_channel" => self.error(
                        span,
                        unmodelled(
                            "sync_channel",
                            "a bounded channel is not modelled yet: use `channel`",
                        ),
                    ),
                    name if !starts_uppercase(name)
                        && !self.locals.contains(name)
                        && !PLAIN_FUNCTIONS.contains(&name) =>
                    {
                        self.error(
                            span,
                            format!(
                                "`{name}` is defined outside the demo, so the threads and \
                                 locks it uses would escape the model: define `{name}` inside \
                                 the demo function (a nested `fn` is modelled too)"
                            ),
                        )
                    }
                    _ => {}
                }
            } else if let Some(first) = path.segments.first() {
                if matches!(first.ident.to_string().as_str(), "self" | "super" | "crate") {
                    let text = path
                        .segments
                        .iter()
                        .map(|s| s.ident.to_string())
                        .collect::<Vec<_>>()
                        .join("::");
                    self.errors.push(syn::Error::new_spanned(
                        &*path,
                        format!(
                            "`{text}` is defined outside the demo, so the threads and locks \
                             it uses would escape the model: define it inside the demo function"
                        ),
                    ));
                } else if path.segments.len() >= 2 {
                    let path = path.clone();
                    self.check_outside_type(&path);
                }
            }
        }
        visit_mut::visit_expr_call_mut(self, call);
    }

    fn visit_expr_struct_mut(&mut self, literal: &mut syn::ExprStruct) {
        let path = literal.path.clone();
        self.check_outside_type(&path);
        visit_mut::visit_expr_struct_mut(self, literal);
    }

    fn visit_macro_mut(&mut self, mac: &mut Macro) {
        self.rewrite_macro(mac);
    }

    fn visit_item_mut(&mut self, item: &mut Item) {
        match item {
            Item::Static(item) => {
                let (token, ident) = (&item.static_token, &item.ident);
                self.errors.push(syn::Error::new_spanned(
                    quote!(#token #ident),
                    "a `static` keeps its value from one schedule to the next: create the shared \
                 value inside the demo and share it with `Arc`",
                ));
            }
            Item::Use(item) => self.error(
                item.use_token.span,
                "put `use` declarations outside the demo function, at the top of the file",
            ),
            Item::Fn(_) | Item::Struct(_) | Item::Enum(_) | Item::Impl(_) | Item::Const(_) => {
                visit_mut::visit_item_mut(self, item)
            }
            _ => {}
        }
    }

    fn visit_local_mut(&mut self, local: &mut Local) {
        if let Some(init) = &mut local.init {
            name_objects(&local.pat, &mut init.expr);
        }
        visit_mut::visit_local_mut(self, local);
    }

    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        if let Stmt::Macro(mac) = stmt {
            self.rewrite_macro(&mut mac.mac);
            return;
        }
        visit_mut::visit_stmt_mut(self, stmt);
    }
}

/// The variable name bound by a pattern like `counter` or `mut counter`.
fn bound_name(pat: &Pat) -> Option<String> {
    match pat {
        Pat::Ident(ident) => Some(ident.ident.to_string()),
        Pat::Type(typed) => bound_name(&typed.pat),
        _ => None,
    }
}

/// For `let counter = Arc::new(AtomicUsize::new(0))`, wrap the constructor
/// so that the object is called `counter` in reports. Tuples are matched
/// element by element: `let (a, b) = (Mutex::new(0), Mutex::new(0))`.
fn name_objects(pat: &Pat, init: &mut Expr) {
    if let (Pat::Tuple(pats), Expr::Tuple(exprs)) = (pat, &mut *init) {
        for (pat, expr) in pats.elems.iter().zip(exprs.elems.iter_mut()) {
            name_objects(pat, expr);
        }
        return;
    }
    // `let (jobs, inbox) = mpsc::channel()`: the channel is called `jobs`.
    if let Pat::Tuple(pats) = pat {
        let first = pats.elems.first().and_then(bound_name);
        if let (Some(name), Expr::Call(call)) = (first, &*init) {
            if let Expr::Path(path) = &*call.func {
                let last = path.path.segments.last().map(|s| s.ident.to_string());
                if last.as_deref() == Some("channel") {
                    let original = init.clone();
                    let span = original.span();
                    *init = syn::parse_quote_spanned!(span=>
                        ::racelint_demo::__private::named(#original, #name)
                    );
                }
            }
        }
        return;
    }
    if let Some(name) = bound_name(pat) {
        if let Some(constructor) = find_constructor(init) {
            let original = constructor.clone();
            let span = original.span();
            *constructor = syn::parse_quote_spanned!(span=>
                ::racelint_demo::__private::named(#original, #name)
            );
        }
    }
}

/// The first `X::new(..)` of a nameable type inside an initializer, looking
/// through wrappers such as `Arc::new(..)`.
fn find_constructor(expr: &mut Expr) -> Option<&mut Expr> {
    let is_constructor = match &*expr {
        Expr::Call(call) => match &*call.func {
            Expr::Path(path) => {
                let segments: Vec<String> = path
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                segments.len() >= 2 && segments[segments.len() - 1] == "new" && {
                    let ty = segments[segments.len() - 2].as_str();
                    NAMEABLE.contains(&ty) || ATOMICS.contains(&ty)
                }
            }
            _ => false,
        },
        _ => false,
    };
    if is_constructor {
        return Some(expr);
    }
    match expr {
        Expr::Call(call) => call.args.iter_mut().find_map(find_constructor),
        Expr::Paren(paren) => find_constructor(&mut paren.expr),
        _ => None,
    }
}

/// The variable the function's last expression reads, to name its
/// outcome: `counter` in `counter.load(Ordering::SeqCst)` or
/// `*counter.lock().unwrap()`.
/// A tail that is just a variable bound by a `let` in the same block
/// (`let total = *counter.lock().unwrap(); total`) is followed to that
/// `let`'s initializer.
pub fn outcome_name(block: &syn::Block) -> Option<String> {
    let Some(Stmt::Expr(tail, None)) = block.stmts.last() else {
        return None;
    };
    if let Expr::Path(path) = tail {
        let variable = path.path.get_ident()?;
        let init = block.stmts.iter().rev().find_map(|stmt| match stmt {
            Stmt::Local(local)
                if bound_name(&local.pat).as_deref() == Some(&variable.to_string()) =>
            {
                local.init.as_ref().map(|init| &*init.expr)
            }
            _ => None,
        });
        if let Some(init) = init {
            if let Some(name) = base_variable(init) {
                return Some(name);
            }
        }
    }
    base_variable(tail)
}

fn base_variable(mut expr: &Expr) -> Option<String> {
    loop {
        expr = match expr {
            Expr::MethodCall(call) => &call.receiver,
            Expr::Unary(unary) => &unary.expr,
            Expr::Field(field) => &field.base,
            Expr::Index(index) => &index.expr,
            Expr::Paren(paren) => &paren.expr,
            Expr::Try(try_expr) => &try_expr.expr,
            Expr::Reference(reference) => &reference.expr,
            Expr::Path(path) => return path.path.get_ident().map(ToString::to_string),
            _ => return None,
        };
    }
}
