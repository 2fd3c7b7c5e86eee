//! Questions about objects, guards and concurrency that the lints and the
//! other passes ask of the model: which objects may be the same, whether a
//! guard is held at a point, whether a write can meet another.

use super::*;

impl Model {
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

    /// Whether the event before `index` of `body` is a call that looks like
    /// a wait on something the model does not know (`wg.wait()`).
    pub fn is_unknown_wait(&self, body: BodyId, index: usize) -> bool {
        self.unknown_waits
            .get(&body)
            .is_some_and(|at| at.contains(&index))
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
        let index = self.accesses_by_identity();
        let mut accesses: Vec<AccessSite> = self
            .identity_keys(obj)
            .into_iter()
            .filter_map(|key| index.get(&key))
            .flatten()
            .copied()
            .collect();
        accesses.sort_unstable();
        accesses.dedup();
        for (body, index, o) in accesses {
            {
                if !self.same_object(o, obj) {
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

    /// Every object `obj` may be at run time, and those of what it is a part
    /// of: two objects that [`Model::same_object`] can call the same share
    /// one of these.
    pub(super) fn identity_keys(&self, obj: ObjId) -> HashSet<ObjId> {
        let mut keys = self.real_objects(obj);
        let mut part = obj;
        while let Some(whole) = {
            let o = self.object(part);
            o.field_of.as_ref().map(|(base, _)| *base).or(o.element_of)
        } {
            keys.extend(self.real_objects(whole));
            part = whole;
        }
        keys
    }

    /// Every read and write of a shared object, by every identity the object
    /// may have (see [`Model::identity_keys`]). Built once.
    fn accesses_by_identity(&self) -> &HashMap<ObjId, Vec<AccessSite>> {
        self.accesses_index.get_or_init(|| {
            let mut index: HashMap<ObjId, Vec<AccessSite>> = HashMap::new();
            for body in self.body_ids() {
                for (i, event) in self.body(body).events.iter().enumerate() {
                    if let EventKind::Read { obj, .. } | EventKind::Write { obj, .. } = &event.kind
                    {
                        for key in self.identity_keys(*obj) {
                            index.entry(key).or_default().push((body, i, *obj));
                        }
                    }
                }
            }
            index
        })
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
