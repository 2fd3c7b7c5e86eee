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
mod deadlocks;
mod effects;
mod ir;
mod lower;
mod queries;
mod resolve;
mod rings;
mod slots;
mod sync;
mod turns;

use std::collections::{HashMap, HashSet};

use crate::source::Span;
use crate::unit::{Edition, ParsedFile};

pub use deadlocks::Deadlock;
pub use effects::{Effect, EffectKind};
pub use ir::*;
pub use lower::{JoinResultUse, SerialHow};
pub use rings::RingIndex;
pub use sync::{Ordered, Reach};

/// A wait of a body: (body, event index, how, the object waited on).
type WaitSite = (BodyId, usize, WaitHow, ObjId);

/// A read or write of a body: (body, event index, the object).
type AccessSite = (BodyId, usize, ObjId);

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
    /// The waits of every body by the identities of their objects (see
    /// `sync.rs`), built the first time they are asked for.
    waits_index: std::cell::OnceCell<HashMap<ObjId, Vec<WaitSite>>>,
    /// Every read and write by the identities of its object (see `queries.rs`).
    accesses_index: std::cell::OnceCell<HashMap<ObjId, Vec<AccessSite>>>,
    /// Handles passed to the crate's functions: (caller, `Call` event) ->
    /// (argument index, the spawns whose handles it carries).
    call_handles: HashMap<(BodyId, usize), Vec<PassedHandles>>,
    /// Reads that only decide whether a polling loop goes on (the flag of a
    /// spin loop, the counter a progress loop waits for): part of a wait.
    poll_reads: HashSet<Span>,
    /// Channels whose sender a body drops (`drop(tx)`): the last thing it
    /// says on the channel.
    closes: HashMap<BodyId, HashSet<ObjId>>,
    /// Calls that look like waits but on something the model does not know
    /// (`wg.wait()`, `parker.park()`): (body, index of the next event).
    unknown_waits: HashMap<BodyId, std::collections::BTreeSet<usize>>,
    /// The ends of `thread::scope`s whose closure only spawns: nothing else
    /// runs alongside their threads.
    idle_scopes: HashSet<Span>,
    /// Loops that poll shared state until the other threads are done (a
    /// spin on a flag, a progress loop): what they read is a snapshot.
    poll_loops: HashSet<LoopId>,
    /// Channel ends a body hands on (returns, passes to a function): who
    /// drains them is out of sight.
    escaped_channels: HashMap<BodyId, HashSet<ObjId>>,
    /// Events of closures handed to another crate's function (body, index):
    /// when and under what lock they run is that function's business.
    foreign_callbacks: HashSet<(BodyId, usize)>,
    /// The `load` methods whose value is only compared (`P.load(..) == p`),
    /// by the span of the method name.
    compared_loads: HashSet<Span>,
    /// Shared objects a body hands on (returns, keeps in a struct it builds,
    /// passes to a function), of any kind.
    handed_on: HashMap<BodyId, HashSet<ObjId>>,
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
}
