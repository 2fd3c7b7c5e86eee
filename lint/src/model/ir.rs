//! The model's vocabulary: ids, shared objects, bodies and the events in
//! them (reads, writes, locks, spawns, joins, waits, calls), handles and guards.

use super::*;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

id_type! {
    /// A shared object: an atomic, a lock, a channel, a `static mut`, ...
    ObjId;
    /// A function, method or thread closure.
    BodyId;
    /// One call of `thread::spawn` (or `Builder::spawn`, `s.spawn`).
    SpawnId;
    /// A place that keeps join handles: a binding, or a collection of them.
    HandleId;
    /// One lock guard, from its acquisition to its release.
    GuardId;
    /// One atomic step: every atomic operation is one, and every guard is one
    /// (everything done through the same guard happens in one step).
    StepId;
    /// A loop, or a closure that an iterator adapter may run many times.
    LoopId;
}

/// What kind of shared object a binding refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ObjKind {
    Atomic,
    Mutex,
    RwLock,
    /// Both ends of one channel are the same object.
    Channel,
    Condvar,
    Barrier,
    /// A `static mut` item.
    StaticMut,
    /// Shared, but its type is not known from the syntax (e.g. an `Arc` of a struct).
    Unknown,
}

/// One shared object.
#[derive(Clone, Debug)]
pub struct Object {
    /// How the learner names it, e.g. `counter` or `self.total`.
    pub name: String,
    pub kind: ObjKind,
    /// Where it is declared or first seen.
    pub decl: Span,
    /// Set for a parameter of a function: the arguments at its call sites
    /// are the real objects.
    pub param_of: Option<(BodyId, usize)>,
    /// Set for an element of a shared collection (`v[i]`, or any element `[]`).
    pub element_of: Option<ObjId>,
    /// Set for a field (`ledger.entries`): the object it is a field of, and its name.
    pub field_of: Option<(ObjId, String)>,
    /// A lock the thread holding it may take again (`ReentrantMutex`).
    pub reentrant: bool,
}

/// A function, a method, or a closure that a spawned thread runs.
#[derive(Clone, Debug)]
pub struct Body {
    pub name: String,
    /// The function's name (or the closure's header), for labels.
    pub span: Span,
    pub kind: BodyKind,
    pub events: Vec<Event>,
    /// For functions: the object each parameter refers to, if it is shared.
    pub params: Vec<Option<ObjId>>,
    /// For methods: the type of the `impl`.
    pub self_ty: Option<String>,
    /// For methods: how `self` is taken.
    pub receiver: Option<Receiver>,
    /// An `unsafe fn`: its callers promise what its safety contract asks
    /// (`unlock` only by the thread that holds the lock, ...).
    pub unsafe_fn: bool,
    /// Marked `#[should_panic]`: a panic here is what the test expects.
    pub expects_panic: bool,
    /// A function that returns a value (`fn new() -> Self`): what it hands
    /// out lives on after it returns.
    pub returns_value: bool,
}

/// How a method takes `self`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receiver {
    /// `&self`: other threads may hold `&self` at the same time.
    Shared,
    /// `&mut self`: exclusive.
    Exclusive,
    /// `self`
    Value,
}

/// An `unsafe impl Sync` or `unsafe impl Send`.
#[derive(Clone, Debug)]
pub struct UnsafeImpl {
    pub ty: String,
    /// `Sync` or `Send`.
    pub trait_name: String,
    /// From `unsafe` to the type.
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// A free function.
    Fn,
    /// A method (in an `impl` or a trait).
    Method,
    /// The closure given to a spawn: it runs on the spawned thread.
    ThreadClosure(SpawnId),
}

/// Where an event sits in the control flow of its body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ctx {
    /// Enclosing loops (and closures an iterator runs many times), outermost first.
    pub loops: Vec<LoopId>,
    /// Enclosing conditional arms: (branch, arm, number of arms).
    pub arms: Vec<(u32, u16, u16)>,
}

/// One step of a body, in program order.
#[derive(Clone, Debug)]
pub struct Event {
    pub kind: EventKind,
    pub span: Span,
    pub ctx: Ctx,
    /// How the learner names the object at this site, when it differs from the object's name.
    pub subject: Option<String>,
    /// A rewrite of the source that fixes the mistake made at this event, if one is known.
    pub fix: Option<Replacement>,
    /// For writes: the reads that decided whether this write happens (the
    /// conditions of the enclosing `if`, `match` and `while`).
    pub control: Vec<Control>,
}

/// A read that decides whether a write happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Control {
    pub dep: Dep,
    /// How many conditional arms enclose the decision itself.
    pub arms: usize,
    /// The decision is an early exit from a loop (`if stop { break }`): a
    /// cancellation check, made again each time round.
    pub loop_exit: bool,
}

impl Control {
    pub fn new(dep: Dep, arms: usize) -> Control {
        Control {
            dep,
            arms,
            loop_exit: false,
        }
    }
}

/// Replace the text at `span` with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    pub span: Span,
    pub text: String,
    /// The rewrite keeps the program's meaning exactly (machine-applicable).
    pub exact: bool,
}

/// A value read from a shared object, which another value depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dep {
    pub obj: ObjId,
    pub step: StepId,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReadHow {
    /// `load` on an atomic.
    AtomicLoad,
    /// A read through a lock guard.
    Guard,
    /// `try_recv` on a channel: it does not wait.
    TryRecv,
    /// A plain read of a `static mut`.
    Plain,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WriteHow {
    /// Atomic `store`.
    Store,
    /// Atomic `swap`: writes a value, returns the old one.
    Swap,
    /// One atomic read-modify-write (`fetch_add`, `compare_exchange`, ...).
    ReadModifyWrite,
    /// An assignment or a mutating method call through a lock guard.
    Guard,
    /// `push`, `extend`, ... through a guard: adds to the data without overwriting it.
    GuardAppend,
    /// `send` on a channel.
    Send,
    /// An assignment to a `static mut` (or through `&mut` of it).
    Plain,
    /// `compare_exchange`, `fetch_update`: writes only if the value is still the one read.
    CompareExchange,
    /// A write through a raw pointer (or an address turned back into one).
    RawPointer,
    /// A write through `UnsafeCell::get`, `Cell::set` or `RefCell::borrow_mut`.
    Interior,
}

/// The memory ordering named in an atomic operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ordering {
    Relaxed,
    Release,
    Acquire,
    AcqRel,
    SeqCst,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LockMode {
    /// `Mutex::lock`
    Exclusive,
    /// `RwLock::read`
    Read,
    /// `RwLock::write`
    Write,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WaitHow {
    /// `rx.recv()`: waits for one message.
    Channel,
    /// `for v in rx`, `rx.iter()`: waits until every sender is gone.
    Drain,
    /// `Condvar::wait` and friends.
    Condvar,
    /// `Barrier::wait`.
    Barrier,
    /// A loop that spins on an atomic load until a flag is set.
    FlagLoop,
    /// A loop that re-checks its condition after each `Condvar::wait` in its body.
    PredicateLoop,
    /// `rx.iter().take(n)`: waits for `n` messages (the number, when it is a literal).
    Take(Option<u64>),
    /// `Once::call_once`: returns when the initializer has run, on whichever thread.
    Once,
}

#[derive(Clone, Debug)]
pub enum EventKind {
    Read {
        obj: ObjId,
        step: StepId,
        how: ReadHow,
        ordering: Option<Ordering>,
    },
    Write {
        obj: ObjId,
        step: StepId,
        how: WriteHow,
        /// The reads the written value was computed from.
        deps: Vec<Dep>,
        ordering: Option<Ordering>,
    },
    Lock {
        obj: ObjId,
        guard: GuardId,
        mode: LockMode,
    },
    /// The guard is dropped (end of statement, end of block, or `drop`).
    Unlock {
        guard: GuardId,
    },
    Spawn {
        spawn: SpawnId,
    },
    Join {
        /// The handle place joined, when known.
        handle: Option<HandleId>,
        /// The spawns whose threads this join waits for.
        spawns: Vec<SpawnId>,
        /// The `join` method (or path) itself.
        method: Span,
        /// What happens to the `Result` that says whether the thread panicked.
        result: JoinResultUse,
        /// Set when the join comes right after its spawn.
        serial: Option<SerialHow>,
        /// The handle is known to be std's: from its spawn, or its declared
        /// type (`JoinHandle<T>`). A handle of another API (a loom thread, a
        /// runtime's task) joins under rules of its own.
        std_handle: bool,
    },
    /// A `thread::scope` ends: every thread spawned in it is joined here.
    ScopeEnd {
        spawns: Vec<SpawnId>,
    },
    Call {
        callees: Vec<BodyId>,
        /// The shared object passed as each argument (the receiver first, for methods).
        args: Vec<Option<ObjId>>,
    },
    Wait {
        obj: Option<ObjId>,
        how: WaitHow,
    },
    Sleep {
        /// Inside a loop that checks a real condition each time round
        /// (a flag, `try_recv`, `is_finished`): the sleep only paces the polling.
        polling: bool,
    },
    /// An early exit from the function: `return` or `?`.
    Return,
    /// `atomic::fence(ordering)`.
    Fence {
        ordering: Option<Ordering>,
    },
    /// A guard that is never released.
    Leak {
        guard: GuardId,
        how: LeakHow,
    },
}

/// How a guard is kept from being released.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeakHow {
    /// `mem::forget(guard)`
    Forget,
    /// `Box::leak(Box::new(guard))`
    BoxLeak,
    /// `ManuallyDrop::new(guard)`
    ManuallyDrop,
    /// Stored in a `static`.
    Static,
}

/// How a spawned thread's handle was treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandleFate {
    /// Thrown away at once: `thread::spawn(..);` or `let _ = thread::spawn(..)`.
    Discarded,
    /// Kept in a handle place.
    Kept(HandleId),
    /// Joined in the very expression that spawned it: `spawn(..).join()`.
    JoinedAtOnce,
    /// Handed elsewhere: returned, passed to a function, stored in a struct.
    Escaped,
}

/// One spawn call.
#[derive(Clone, Debug)]
pub struct Spawn {
    /// The spawn function or method (`thread::spawn`, `s.spawn`, `.spawn`).
    pub span: Span,
    /// The whole spawn call.
    pub call: Span,
    pub spawner: BodyId,
    /// Index of the `Spawn` event in the spawner's events.
    pub event: usize,
    /// What the thread runs: a closure body, or a named function.
    pub body: Option<BodyId>,
    /// Spawned in a `thread::scope` (joined when the scope ends).
    pub scoped: bool,
    /// Inside a loop or an iterator closure: many threads run this body.
    pub many: bool,
    /// How many times the enclosing loop runs, when it is a literal range.
    pub count: Option<u64>,
    /// The thread panics on every path: a panic in it is expected.
    pub always_panics: bool,
    pub fate: HandleFate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandlePlace {
    /// `let h = thread::spawn(..)`.
    Single,
    /// A `Vec` (or other collection) of handles.
    Collection,
}

/// A place that keeps join handles.
#[derive(Clone, Debug)]
pub struct Handle {
    pub name: String,
    /// The binding (`let h` / `let handles`).
    pub decl: Span,
    pub body: BodyId,
    pub place: HandlePlace,
    pub ctx: Ctx,
    pub spawns: Vec<SpawnId>,
    /// Mentioned after its declaration (other than by pushing into it).
    pub used: bool,
    /// Moved out of the function's reach: returned, passed on, stored elsewhere.
    pub escaped: bool,
    /// Every `join()` on it (or on its elements), with where it happens.
    pub joins: Vec<JoinSite>,
    /// Set for a parameter of a function (`fn wait_all(hs: Vec<JoinHandle<()>>)`):
    /// its index. The callers' handles are what it joins.
    pub param: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct JoinSite {
    pub span: Span,
    pub ctx: Ctx,
    /// Index of the `Join` event in the body.
    pub event: usize,
}

/// A lock guard.
#[derive(Clone, Debug)]
pub struct Guard {
    /// How the learner names the lock at the `lock()` call.
    pub subject: String,
    pub obj: ObjId,
    pub mode: LockMode,
    /// The `lock()` / `read()` / `write()` call.
    pub span: Span,
    /// The binding that holds it, when it is not a temporary.
    pub binding: Option<String>,
    /// For a temporary kept alive by a `match` / `if let` / `while let` scrutinee: that construct's keyword.
    pub scrutinee_of: Option<&'static str>,
    pub step: StepId,
}

/// Why two accesses can happen at the same time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Concurrency {
    /// The code runs on several threads at once (spawned in a loop, or from several places).
    ManyThreads(SpawnId),
    /// Another thread writes the same object (at this span).
    OtherThread(Span),
    /// This code runs while a thread spawned here earlier may still be writing.
    SpawnedHere(SpawnId),
}

/// Join handles passed as one argument of a call: (argument index, their spawns).
pub type PassedHandles = (usize, Vec<SpawnId>);
