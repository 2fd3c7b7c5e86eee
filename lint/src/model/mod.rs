//! The shared model of a unit: what each function shares, which code runs on
//! spawned threads (and on how many), and, in program order, the accesses:
//! reads, writes, lock acquisitions with the live range of every guard,
//! spawns, joins, waits and calls. Lints are short queries on it.
//!
//! The model is built once per unit by [`lower`], from syntax alone: type
//! names in declarations and constructors tell what a binding is, `let`
//! bindings and clones of `Arc`s are followed as aliases, closures passed to
//! a spawn become thread bodies, and helper functions of the unit are
//! followed through calls.

mod alongside;
mod effects;
mod lower;
mod resolve;
mod rings;
mod slots;
mod sync;
mod turns;

use std::collections::{HashMap, HashSet};

use crate::source::Span;
use crate::unit::{Edition, ParsedFile};

pub use effects::{Effect, EffectKind};
pub use lower::{JoinResultUse, SerialHow};
pub use rings::RingIndex;
pub use sync::{Deadlock, Ordered, Reach};

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

/// The model of one unit.
pub struct Model {
    pub edition: Edition,
    pub objects: Vec<Object>,
    pub bodies: Vec<Body>,
    pub spawns: Vec<Spawn>,
    pub handles: Vec<Handle>,
    pub guards: Vec<Guard>,
    pub unsafe_impls: Vec<UnsafeImpl>,
    /// Atomics that hold pointers (`AtomicPtr`): storing one publishes what it points to.
    pub atomic_ptrs: HashSet<ObjId>,
    /// Steps that are one atomic read-modify-write (`fetch_add`, `swap`, `compare_exchange`).
    rmw_steps: HashSet<StepId>,
    /// Events that run on one thread at a time because that thread won a
    /// claim first: a successful `compare_exchange` or `swap(true)`, a spin
    /// lock held, an owner-thread check, the closure of a `Once`.
    exclusive: HashSet<(BodyId, usize)>,
    /// For each body: the spawns whose threads run it (directly or through calls).
    thread_runs: Vec<Vec<SpawnId>>,
    /// For each body: the call events that call it, as (caller, event index).
    callers: Vec<Vec<(BodyId, usize)>>,
    effects_cache: std::cell::RefCell<HashMap<BodyId, std::rc::Rc<Vec<Effect>>>>,
    /// Handles passed to the crate's functions: (caller, `Call` event) ->
    /// (argument index, the spawns whose handles it carries).
    call_handles: HashMap<(BodyId, usize), Vec<PassedHandles>>,
    /// Reads that only decide whether a polling loop goes on (the flag of a
    /// spin loop, the counter a progress loop waits for): part of a wait.
    poll_reads: HashSet<Span>,
    /// Channels whose sender a body drops (`drop(tx)`): the last thing it
    /// says on the channel.
    closes: HashSet<(BodyId, ObjId)>,
    /// Calls that look like waits but on something the model does not know
    /// (`wg.wait()`, `parker.park()`): (body, index of the next event).
    unknown_waits: HashSet<(BodyId, usize)>,
    /// The ends of `thread::scope`s whose closure only spawns: nothing else
    /// runs alongside their threads.
    idle_scopes: HashSet<Span>,
    /// Loops that poll shared state until the other threads are done (a
    /// spin on a flag, a progress loop): what they read is a snapshot.
    poll_loops: HashSet<LoopId>,
    /// Channel ends a body hands on (returns, passes to a function): who
    /// drains them is out of sight.
    escaped_channels: HashSet<(BodyId, ObjId)>,
    /// Events of closures handed to another crate's function (body, index):
    /// when and under what lock they run is that function's business.
    foreign_callbacks: HashSet<(BodyId, usize)>,
    /// The `load` methods whose value is only compared (`P.load(..) == p`),
    /// by the span of the method name.
    compared_loads: HashSet<Span>,
    /// Shared objects a body hands on (returns, keeps in a struct it builds,
    /// passes to a function), of any kind.
    handed_on: HashSet<(BodyId, ObjId)>,
    /// Calls of functions and methods the model does not know, as (body,
    /// index of the next event): work the body does that has no event.
    opaque_calls: HashSet<(BodyId, usize)>,
    /// Locks made around a channel end (`Mutex::new(rx)`): lock -> channel.
    wrapped_channels: HashMap<ObjId, ObjId>,
    /// Objects known only by how the code spells them (an unresolved path
    /// or receiver, matched by its text): not enough for a certain finding.
    guessed_objects: HashSet<ObjId>,
    /// Reads a test asserts to show nothing yet (`assert!(!done.load(..))`).
    not_yet_reads: HashSet<Span>,
    /// Collections of locks the code makes: their elements are told apart by index.
    lock_collections: HashSet<ObjId>,
    /// Elements of those collections indexed from a loop variable; `None`
    /// when one text stands for indices from different variables.
    ring_indices: HashMap<ObjId, Option<RingIndex>>,
    /// Field objects and the object they are a field of (`self.count` -> `self`).
    field_bases: HashMap<ObjId, ObjId>,
    /// Loads that a spin loop waits on, and the value the flag has when it exits.
    spin_checks: HashMap<Span, bool>,
    /// Stores of a literal `true` or `false`: (body, event) -> the value.
    bool_stores: HashMap<(BodyId, usize), bool>,
    /// Functions with a statement they never get past (an endless `loop`,
    /// a `for` over a listener's `incoming()`): (body, that statement, the
    /// early exits written before it).
    endless: Vec<(BodyId, Span, Vec<Span>)>,
    /// Accesses of one slot of a `static mut` array (`OUT[i]`, `i` a loop
    /// variable over `0..n`): access span -> (the variable's name, its
    /// declaration, the body whose loop binds it).
    static_slots: HashMap<Span, (String, Span, BodyId)>,
}

impl Model {
    /// The model of the files; a sliced file must parse a slice at a time
    /// (see [`Model::try_build`]).
    pub fn build(files: &[ParsedFile<'_>], edition: Edition) -> Model {
        Model::try_build(files, edition)
            .unwrap_or_else(|file| panic!("file {} does not parse in slices", file.0))
    }

    /// The model of the files, or, when a slice of a sliced file does not
    /// parse on its own, that file: it is to be read whole.
    pub fn try_build(
        files: &[ParsedFile<'_>],
        edition: Edition,
    ) -> Result<Model, crate::source::FileId> {
        lower::build(files, edition)
    }

    pub fn object(&self, id: ObjId) -> &Object {
        &self.objects[id.index()]
    }

    pub fn body(&self, id: BodyId) -> &Body {
        &self.bodies[id.index()]
    }

    pub fn spawn(&self, id: SpawnId) -> &Spawn {
        &self.spawns[id.index()]
    }

    pub fn guard(&self, id: GuardId) -> &Guard {
        &self.guards[id.index()]
    }

    /// The name of the object an event touches, as the learner wrote it there.
    pub fn subject<'a>(&'a self, event: &'a Event) -> &'a str {
        if let Some(subject) = &event.subject {
            return subject;
        }
        match &event.kind {
            EventKind::Read { obj, .. }
            | EventKind::Write { obj, .. }
            | EventKind::Lock { obj, .. } => &self.object(*obj).name,
            _ => "",
        }
    }

    pub fn body_ids(&self) -> impl Iterator<Item = BodyId> + '_ {
        (0..self.bodies.len() as u32).map(BodyId)
    }

    /// The spawns whose threads run this body, directly or through calls.
    pub fn threads_running(&self, body: BodyId) -> &[SpawnId] {
        &self.thread_runs[body.index()]
    }

    /// Whether this body runs on a spawned thread.
    pub fn runs_on_thread(&self, body: BodyId) -> bool {
        !self.thread_runs[body.index()].is_empty()
    }

    /// Whether more than one thread can run this body at the same time.
    pub fn runs_on_many_threads(&self, body: BodyId) -> bool {
        let runs = self.threads_running(body);
        runs.len() > 1 || runs.iter().any(|&s| self.spawn(s).many)
    }

    /// Calls of this body: (caller, index of the `Call` event).
    pub fn callers(&self, body: BodyId) -> &[(BodyId, usize)] {
        &self.callers[body.index()]
    }

    /// The objects `obj` may really be: itself, and for a parameter the
    /// arguments passed at every call site (followed through helpers).
    pub fn real_objects(&self, obj: ObjId) -> HashSet<ObjId> {
        let mut out = HashSet::new();
        let mut work = vec![obj];
        while let Some(o) = work.pop() {
            if !out.insert(o) {
                continue;
            }
            if let Some((body, index)) = self.object(o).param_of {
                for &(caller, event) in self.callers(body) {
                    if let EventKind::Call { args, .. } = &self.body(caller).events[event].kind {
                        if let Some(Some(arg)) = args.get(index) {
                            work.push(*arg);
                        }
                    }
                }
            }
        }
        out
    }

    /// Whether two objects can be the same one at run time.
    pub fn same_object(&self, a: ObjId, b: ObjId) -> bool {
        if a == b {
            return true;
        }
        // Two parameters of one function are taken to be different objects:
        // `transfer(from, to)` is not a double lock even though a caller could
        // pass the same lock twice.
        if let (Some((fa, _)), Some((fb, _))) = (self.object(a).param_of, self.object(b).param_of) {
            if fa == fb {
                return false;
            }
        }
        // The same field of objects that can be the same: `self.entries` in a
        // method and `ledger.entries` at the call that passed `ledger` as `self`.
        if let (Some((ba, na)), Some((bb, nb))) =
            (&self.object(a).field_of, &self.object(b).field_of)
        {
            if na == nb && self.same_object(*ba, *bb) {
                return true;
            }
        }
        // `v[i]` and `v[j]`, or `state.items` and `state.closed`, are different
        // parts; any element `[]` may be either; a part is part of the whole.
        match (self.object(a).element_of, self.object(b).element_of) {
            (Some(pa), Some(pb)) => {
                let any = |o: ObjId| self.object(o).name.ends_with("[]");
                return self.same_object(pa, pb) && (any(a) || any(b));
            }
            (Some(pa), None) => return self.same_object(pa, b),
            (None, Some(pb)) => return self.same_object(a, pb),
            (None, None) => {}
        }
        !self.real_objects(a).is_disjoint(&self.real_objects(b))
    }

    /// Whether `obj` is `whole` or a field or element of it (at any depth).
    pub fn part_of(&self, obj: ObjId, whole: ObjId) -> bool {
        let mut current = Some(obj);
        while let Some(o) = current {
            if o == whole {
                return true;
            }
            let object = self.object(o);
            current = object
                .field_of
                .as_ref()
                .map(|(base, _)| *base)
                .or(object.element_of);
        }
        false
    }

    /// Index of the event in the spawner where this spawn's thread is known to
    /// be finished: its join (here or in a helper the handle is passed to),
    /// the end of its scope, a channel it sends on drained to the end.
    pub fn joined_at(&self, spawn: SpawnId) -> Option<usize> {
        self.finished_at(spawn)
    }

    /// Whether a read is part of a polling loop's test rather than a read of results.
    pub fn is_poll_read(&self, span: Span) -> bool {
        self.poll_reads.contains(&span)
    }

    /// The loop whose going on this read decides (`while !ready.load(..) {
    /// .. }`, `loop { if done.load(..) { break } .. }`), if it is one.
    pub fn polled_loop(&self, read: &Event) -> Option<LoopId> {
        let inner = *read.ctx.loops.last()?;
        (self.is_poll_read(read.span) && self.poll_loops.contains(&inner)).then_some(inner)
    }

    /// Whether the event at `index` of `body` runs on one thread at a time:
    /// that thread won a claim (a `compare_exchange`, a `swap`, an owner
    /// check, a spin lock, a `Once`) that no other thread can win meanwhile.
    pub fn is_exclusive(&self, body: BodyId, index: usize) -> bool {
        self.exclusive.contains(&(body, index))
    }

    /// Whether a load (its event span) only has its value compared with
    /// another (`P.load(..) == p`): nothing is read through it.
    pub fn load_only_compared(&self, load: Span) -> bool {
        self.compared_loads.iter().any(|m| load.contains(*m))
    }

    /// Whether the object is known only by how the code spells it (a
    /// receiver the model could not trace to a declaration): which object
    /// it really is, and whether other threads share it, is a guess.
    pub fn is_guessed(&self, obj: ObjId) -> bool {
        self.guessed_objects.contains(&obj)
    }

    /// Whether the event at `index` of `body` is in a closure handed to
    /// another crate's function: the model cannot tell when it runs, or
    /// what that function holds around it.
    pub fn in_foreign_callback(&self, body: BodyId, index: usize) -> bool {
        self.foreign_callbacks.contains(&(body, index))
    }

    /// Whether a step is one atomic read-modify-write (its read is no stale check).
    pub fn is_atomic_rmw_step(&self, step: StepId) -> bool {
        self.rmw_steps.contains(&step)
    }

    /// Why code at `index` in `body` that writes `obj` can run at the same time
    /// as another write of `obj`, if it can.
    pub fn concurrent_writer(&self, body: BodyId, index: usize, obj: ObjId) -> Option<Concurrency> {
        let runs = self.threads_running(body);
        if let Some(&spawn) = runs.iter().find(|&&s| self.spawn(s).many) {
            return Some(Concurrency::ManyThreads(spawn));
        }
        if runs.len() > 1 {
            return Some(Concurrency::ManyThreads(runs[0]));
        }
        // Another thread body that writes the same object (code on the
        // spawning side is checked by position below).
        for other in self.body_ids() {
            if runs.is_empty() {
                break;
            }
            if other == body || !self.runs_on_thread(other) {
                continue;
            }
            if runs.iter().any(|s| self.threads_running(other).contains(s)) {
                continue;
            }
            for event in &self.body(other).events {
                if let EventKind::Write { obj: o, .. } = &event.kind {
                    if self.same_object(*o, obj) {
                        return Some(Concurrency::OtherThread(event.span));
                    }
                }
            }
        }
        // The spawning side: a thread spawned earlier here, not joined yet, writes it.
        for (s, spawn) in self.spawns.iter().enumerate() {
            let id = SpawnId(s as u32);
            if spawn.spawner != body || spawn.event >= index {
                continue;
            }
            if self.joined_at(id).is_some_and(|j| j < index) {
                continue;
            }
            let Some(thread) = spawn.body else { continue };
            if self
                .written_objects(thread)
                .iter()
                .any(|&(o, _)| self.same_object(o, obj))
            {
                return Some(Concurrency::SpawnedHere(id));
            }
        }
        None
    }

    /// Whether the guard whose step is `step` is still held at event `index` of `body`.
    pub fn guard_held_at(&self, body: BodyId, index: usize, step: StepId) -> bool {
        let mut held = false;
        for event in self.body(body).events.iter().take(index) {
            match &event.kind {
                EventKind::Lock { guard, .. } if self.guard(*guard).step == step => held = true,
                EventKind::Unlock { guard } if self.guard(*guard).step == step => held = false,
                _ => {}
            }
        }
        held
    }

    /// Whether any guard is held at event `index` of `body`.
    pub fn any_guard_held_at(&self, body: BodyId, index: usize) -> bool {
        !self.guards_held_at(body, index).is_empty()
    }

    /// The guards held at event `index` of `body`.
    pub fn guards_held_at(&self, body: BodyId, index: usize) -> Vec<GuardId> {
        let mut held = Vec::new();
        for event in self.body(body).events.iter().take(index) {
            match &event.kind {
                EventKind::Lock { guard, .. } => held.push(*guard),
                EventKind::Unlock { guard } | EventKind::Leak { guard, .. } => {
                    held.retain(|g| g != guard)
                }
                _ => {}
            }
        }
        held
    }

    /// Whether every call that reaches `body` is made while the caller holds a
    /// lock guard or a claim (directly, or because the caller itself is only
    /// ever called so): the body runs inside a critical section of its callers.
    pub fn only_called_under_lock(&self, body: BodyId) -> bool {
        fn walk(model: &Model, body: BodyId, seen: &mut HashSet<BodyId>) -> bool {
            if !seen.insert(body) {
                // A cycle of calls: it adds no unguarded way in.
                return true;
            }
            let callers = model.callers(body);
            !callers.is_empty()
                && !matches!(model.body(body).kind, BodyKind::ThreadClosure(_))
                && callers.iter().all(|&(caller, event)| {
                    model.any_guard_held_at(caller, event)
                        || model.is_exclusive(caller, event)
                        || walk(model, caller, seen)
                })
        }
        walk(self, body, &mut HashSet::new())
    }

    /// Whether every read and write of `obj`, in every body, happens while a
    /// guard of one same lock is held: that lock protects it.
    pub fn always_under_one_lock(&self, obj: ObjId) -> bool {
        let mut common: Option<Vec<ObjId>> = None;
        for body in self.body_ids() {
            for (index, event) in self.body(body).events.iter().enumerate() {
                let (EventKind::Read { obj: o, .. } | EventKind::Write { obj: o, .. }) =
                    &event.kind
                else {
                    continue;
                };
                if !self.same_object(*o, obj) {
                    continue;
                }
                let locks: Vec<ObjId> = self
                    .guards_held_at(body, index)
                    .into_iter()
                    .map(|g| self.guard(g).obj)
                    .collect();
                let kept = match common.take() {
                    None => locks,
                    Some(c) => c
                        .into_iter()
                        .filter(|l| locks.iter().any(|m| self.same_object(*l, *m)))
                        .collect(),
                };
                if kept.is_empty() {
                    return false;
                }
                common = Some(kept);
            }
        }
        common.is_some()
    }

    /// A chain of calls from a thread's entry to `body`, for notes: names of
    /// the functions, outermost first (empty when `body` is the entry).
    pub fn call_chain_from_thread(&self, body: BodyId) -> Vec<String> {
        let mut chain = Vec::new();
        let mut current = body;
        let mut seen = HashSet::new();
        while !matches!(self.body(current).kind, BodyKind::ThreadClosure(_))
            && seen.insert(current)
            && !self.spawns.iter().any(|s| s.body == Some(current))
        {
            let Some(&(caller, _)) = self
                .callers(current)
                .iter()
                .find(|(caller, _)| self.runs_on_thread(*caller))
            else {
                break;
            };
            chain.push(self.body(current).name.clone());
            current = caller;
        }
        chain.reverse();
        chain
    }
}
