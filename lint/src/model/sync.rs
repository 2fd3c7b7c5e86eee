//! Happens-before from every wait. A spawned thread's accesses are known to
//! be finished (and visible) at a point of the code that spawned it when a
//! wait before that point orders them: a `join` (here or in a helper the
//! handle is passed to), the end of a scope, a channel drained until every
//! sender is gone, a counted `recv` loop, a `Barrier`, a `Condvar` or polling
//! loop, a flag check, `Once::call_once` (whether the flag's orderings
//! publish the data is `relaxed_publication`'s question). Lints ask this module
//! ("is this write of the thread ordered before event `i`?") instead of
//! looking for `join` themselves.
//!
//! A wait on an object orders what the thread did up to its last signal on
//! that object (its last `send`, `store`, `Barrier::wait`, write under the
//! lock): what the thread does after that may still be running.

use std::collections::{HashMap, HashSet};

use super::{BodyId, EffectKind, EventKind, Model, ObjId, SpawnId, WaitHow, WriteHow};

/// How much of a thread's work is ordered before a point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reach {
    /// Nothing is known to be done.
    Nothing,
    /// The thread's accesses before this index of its effects.
    Before(usize),
    /// All of it: the thread has finished.
    All,
}

impl Reach {
    /// Whether the thread's effect at `index` is covered.
    pub fn covers(self, index: usize) -> bool {
        match self {
            Reach::Nothing => false,
            Reach::Before(n) => index < n,
            Reach::All => true,
        }
    }
}

/// One wait found for a thread: where, and how much it orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ordered {
    /// Index of the waiting event in the spawner's body.
    pub event: usize,
    pub reach: Reach,
}

/// How deep the waits of joined threads and helpers are followed.
const MAX_DEPTH: usize = 3;

impl Model {
    /// Every wait of the spawner after the spawn, with what each orders of
    /// the thread's work, in program order.
    pub fn waits_for(&self, spawn: SpawnId) -> Vec<Ordered> {
        let s = self.spawn(spawn);
        let events = &self.body(s.spawner).events;
        let mut out = Vec::new();
        for i in s.event + 1..events.len() {
            let reach = self.wait_reach(spawn, s.spawner, i, 0);
            if reach != Reach::Nothing {
                out.push(Ordered { event: i, reach });
            }
        }
        out
    }

    /// The most of the thread's work that `waits` (from [`Model::waits_for`])
    /// order before the event at `index` of the spawner.
    pub fn reach_before(&self, spawn: SpawnId, waits: &[Ordered], index: usize) -> Reach {
        let events = &self.body(self.spawn(spawn).spawner).events;
        let arms = events.get(index).map(|e| &e.ctx.arms);
        let mut best = Reach::Nothing;
        for wait in waits.iter().take_while(|w| w.event < index) {
            let event = &events[wait.event];
            // A check inside an `if` orders only what runs in that arm.
            if matches!(event.kind, EventKind::Wait { .. })
                && arms.is_some_and(|arms| event.ctx.arms.iter().any(|a| !arms.contains(a)))
            {
                continue;
            }
            best = best.max(wait.reach);
        }
        best
    }

    /// The first event of the spawner after which the thread is known to be
    /// finished: a join (direct or in a helper), the end of its scope, a
    /// drained channel.
    pub fn finished_at(&self, spawn: SpawnId) -> Option<usize> {
        let s = self.spawn(spawn);
        let len = self.body(s.spawner).events.len();
        (s.event + 1..len).find(|&i| self.wait_reach(spawn, s.spawner, i, 0) == Reach::All)
    }

    /// Whether the spawner never returns once it has started the thread: the
    /// spawn is inside a statement it never gets past (an endless `loop`, a
    /// `for` over a listener's `incoming()`), or before one with no early
    /// exit in between. The thread is never cut off by the spawner's return.
    /// Only for a spawner that does not itself run on a thread.
    pub fn spawner_never_returns(&self, spawn: SpawnId) -> bool {
        let s = self.spawn(spawn);
        if self.runs_on_thread(s.spawner) {
            return false;
        }
        self.endless.iter().any(|(body, stmt, exits)| {
            *body == s.spawner
                && stmt.file == s.span.file
                && ((stmt.lo <= s.span.lo && s.span.hi <= stmt.hi)
                    || (s.span.hi <= stmt.lo
                        && !exits.iter().any(|e| e.lo >= s.span.hi && e.hi <= stmt.lo)))
        })
    }

    /// Whether something other than a join of its own handle waits for the
    /// thread's work: the spawner (after the spawn) drains the channel the
    /// thread sends on, waits at its barrier, spins on its flag; or a caller
    /// of the spawner (a test, `main`) does.
    pub fn waited_for(&self, spawn: SpawnId) -> Option<usize> {
        let s = self.spawn(spawn);
        let events = &self.body(s.spawner).events;
        for (i, event) in events.iter().enumerate().skip(s.event + 1) {
            let own_join = match &event.kind {
                EventKind::Join { spawns, .. } | EventKind::ScopeEnd { spawns } => {
                    spawns.contains(&spawn)
                }
                EventKind::Call { .. } => self.call_joins(s.spawner, i, spawn),
                _ => false,
            };
            if own_join {
                continue;
            }
            let reach = self.wait_reach(spawn, s.spawner, i, 0);
            // A receive that reaches only some of the thread's messages
            // leaves the rest of its work unwaited for.
            let partial = match (&event.kind, s.body) {
                (EventKind::Wait { obj: Some(obj), .. }, Some(thread)) => self
                    .effects(thread)
                    .iter()
                    .rposition(|e| self.same_object(e.obj, *obj))
                    .is_some_and(|last| !reach.covers(last)),
                _ => false,
            };
            if reach != Reach::Nothing && !partial {
                return Some(i);
            }
        }
        if let Some(at) = self.unknown_wait_after(spawn) {
            return Some(at);
        }
        // The thread sends on a channel whose receiver the spawner hands on
        // (returns it, passes it to a function): it may be drained there.
        if let Some(thread) = s.body {
            let sends_on_escaped = self.effects(thread).iter().any(|e| {
                e.kind == EffectKind::Write(WriteHow::Send)
                    && self
                        .escaped_channels
                        .get(&s.spawner)
                        .is_some_and(|objs| objs.iter().any(|&o| self.same_object(o, e.obj)))
            });
            if sends_on_escaped || self.serves_returned_value(s.spawner, thread) {
                return Some(s.event);
            }
        }
        if self.waited_elsewhere(spawn) {
            return Some(s.event);
        }
        if self.waited_by_callers(spawn, s.spawner, 0) {
            // Reported as the spawn itself: the wait is elsewhere.
            return Some(s.event);
        }
        None
    }

    /// How much of `spawn`'s work the event at `index` of `body` waits for.
    fn wait_reach(&self, spawn: SpawnId, body: BodyId, index: usize, depth: usize) -> Reach {
        let event = &self.body(body).events[index];
        match &event.kind {
            EventKind::Join { spawns, .. } | EventKind::ScopeEnd { spawns } => {
                if spawns.contains(&spawn) {
                    return Reach::All;
                }
                // Joining a thread that itself waited for this one.
                if depth < MAX_DEPTH {
                    let mut best = Reach::Nothing;
                    for &other in spawns {
                        if let Some(thread) = self.spawn(other).body {
                            best = best.max(self.reach_in_body(spawn, thread, depth + 1));
                        }
                    }
                    return best;
                }
                Reach::Nothing
            }
            EventKind::Call { .. } => {
                if self.call_joins(body, index, spawn) {
                    return Reach::All;
                }
                // A helper that waits: `countdown.wait()`, `collect_results(&rx)`.
                if depth >= MAX_DEPTH {
                    return Reach::Nothing;
                }
                let Some(thread) = self.spawn(spawn).body else {
                    return Reach::Nothing;
                };
                let signals = self.signals(thread);
                let mut best = Reach::Nothing;
                for effect in self.event_effects(body, index, &mut HashSet::new(), 0) {
                    if let EffectKind::Wait(how) = effect.kind {
                        best = best.max(
                            self.reach_of_wait(spawn, thread, how, effect.obj, &signals, None),
                        );
                    }
                }
                best
            }
            EventKind::Wait {
                obj: Some(obj),
                how,
            } => {
                let Some(thread) = self.spawn(spawn).body else {
                    return Reach::Nothing;
                };
                let signals = self.signals(thread);
                self.reach_of_wait(spawn, thread, *how, *obj, &signals, Some((body, index)))
            }
            _ => Reach::Nothing,
        }
    }

    /// What the waits of `body` (a thread that is joined) order of `spawn`'s work.
    fn reach_in_body(&self, spawn: SpawnId, body: BodyId, depth: usize) -> Reach {
        let mut best = Reach::Nothing;
        for i in 0..self.body(body).events.len() {
            best = best.max(self.wait_reach(spawn, body, i, depth));
            if best == Reach::All {
                break;
            }
        }
        best
    }

    /// The thread's accesses, in program order: what a wait is matched against.
    fn signals(&self, thread: BodyId) -> std::rc::Rc<Vec<super::Effect>> {
        self.effects(thread)
    }

    /// How much of the thread's work a wait of kind `how` on `obj` orders.
    fn reach_of_wait(
        &self,
        spawn: SpawnId,
        thread: BodyId,
        how: WaitHow,
        obj: super::ObjId,
        signals: &[super::Effect],
        at: Option<(BodyId, usize)>,
    ) -> Reach {
        let on_obj: Vec<usize> = signals
            .iter()
            .enumerate()
            .filter(|(_, e)| self.same_object(e.obj, obj))
            .map(|(i, _)| i)
            .collect();
        let closes = self
            .closes
            .get(&thread)
            .is_some_and(|objs| objs.iter().any(|&o| self.same_object(o, obj)));
        let Some(&last) = on_obj.last() else {
            // The thread only drops its sender: a receive that returns
            // when every sender is gone waits for it to be done with it.
            return if closes && matches!(how, WaitHow::Channel | WaitHow::Drain | WaitHow::Take(_))
            {
                Reach::All
            } else {
                Reach::Nothing
            };
        };
        let sends = on_obj
            .iter()
            .any(|&i| signals[i].kind == EffectKind::Write(WriteHow::Send));
        let up_to_last = Reach::Before(last + 1);
        if matches!(how, WaitHow::Channel | WaitHow::Take(_)) {
            if let Some(reach) = self.counted_receives(spawn, thread, obj, signals, at) {
                return reach;
            }
        }
        match how {
            // Every sender gone: the thread has dropped its sender, at its end.
            WaitHow::Drain => Reach::All,
            WaitHow::Channel => {
                if !sends {
                    // The thread never sends: `recv` returns when every
                    // sender is dropped (the `drop(tx)` handshake).
                    return Reach::All;
                }
                let s = self.spawn(spawn);
                if s.many && !self.counted_loop(spawn, at) && !self.sends_only_when(thread, obj) {
                    // One message from one of many threads.
                    return Reach::Nothing;
                }
                up_to_last
            }
            WaitHow::Take(n) => {
                let s = self.spawn(spawn);
                if s.many && n.zip(s.count).is_some_and(|(n, count)| n < count) {
                    // Fewer messages taken than threads send.
                    return Reach::Nothing;
                }
                up_to_last
            }
            WaitHow::Condvar
            | WaitHow::PredicateLoop
            | WaitHow::Barrier
            | WaitHow::FlagLoop
            | WaitHow::Once => up_to_last,
        }
    }

    /// How far the spawner's receives up to the one at `at` reach into the
    /// thread's sends on `obj`, when they can be counted (none in a loop):
    /// a channel hands out messages in order, so the first ones are those
    /// the spawner itself sent before the spawn, and `n` more reach the
    /// thread's `n`th send, not its last.
    fn counted_receives(
        &self,
        spawn: SpawnId,
        thread: BodyId,
        obj: ObjId,
        signals: &[super::Effect],
        at: Option<(BodyId, usize)>,
    ) -> Option<Reach> {
        let s = self.spawn(spawn);
        let (body, index) = at?;
        if body != s.spawner || s.many {
            return None;
        }
        let events = &self.body(body).events;
        let mut own: u64 = 0;
        for event in &events[..s.event] {
            if let EventKind::Write {
                obj: o,
                how: WriteHow::Send,
                ..
            } = &event.kind
            {
                if self.same_object(*o, obj) {
                    // A send that may run many times, or not at all.
                    if !event.ctx.loops.is_empty() || !event.ctx.arms.is_empty() {
                        return None;
                    }
                    own += 1;
                }
            }
        }
        let mut taken: u64 = 0;
        for event in &events[..=index] {
            if let EventKind::Wait { obj: Some(o), how } = &event.kind {
                if !self.same_object(*o, obj) {
                    continue;
                }
                if !event.ctx.loops.is_empty() {
                    return None;
                }
                taken += match how {
                    WaitHow::Channel => 1,
                    WaitHow::Take(Some(n)) => *n,
                    _ => return None,
                };
            }
        }
        let Some(reached) = taken.checked_sub(own).filter(|&n| n > 0) else {
            return Some(Reach::Nothing);
        };
        // The thread's sends, in order; each must be a send of its own body
        // outside any loop to be counted as one message.
        let sends: Vec<usize> = signals
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.kind == EffectKind::Write(WriteHow::Send) && self.same_object(e.obj, obj)
            })
            .map(|(i, _)| i)
            .collect();
        let reached = usize::try_from(reached).ok()?;
        if reached >= sends.len() {
            return None;
        }
        let once = |i: usize| {
            let e = &signals[i];
            e.via.is_empty()
                && self.body(thread).events.iter().any(|ev| {
                    ev.span == e.span
                        && ev.ctx.loops.is_empty()
                        && matches!(
                            ev.kind,
                            EventKind::Write {
                                how: WriteHow::Send,
                                ..
                            }
                        )
                })
        };
        if !sends[..reached].iter().all(|&i| once(i)) {
            return None;
        }
        Some(Reach::Before(sends[reached - 1] + 1))
    }

    /// Whether every `send` of the thread on `obj` is under a condition
    /// (`if done == N { tx.send(()) }`): one "done" message, sent by the
    /// thread that finds the work complete.
    fn sends_only_when(&self, thread: BodyId, obj: super::ObjId) -> bool {
        let sends: Vec<&super::Event> = self
            .body(thread)
            .events
            .iter()
            .filter(|e| {
                matches!(&e.kind, EventKind::Write { obj: o, how: WriteHow::Send, .. } if self.same_object(*o, obj))
            })
            .collect();
        !sends.is_empty() && sends.iter().all(|e| !e.ctx.arms.is_empty())
    }

    /// A `recv` in a loop of its own (not one that spawns): one message per
    /// round, from each of the threads.
    fn counted_loop(&self, spawn: SpawnId, at: Option<(BodyId, usize)>) -> bool {
        let Some((body, index)) = at else {
            return false;
        };
        let s = self.spawn(spawn);
        let recv_loops = &self.body(body).events[index].ctx.loops;
        if body != s.spawner {
            return !recv_loops.is_empty();
        }
        let spawn_loops = &self.body(s.spawner).events[s.event].ctx.loops;
        recv_loops.iter().any(|l| !spawn_loops.contains(l))
    }

    /// Whether the call at `index` of `body` passes `spawn`'s handle to a
    /// helper that joins that parameter on every path.
    fn call_joins(&self, body: BodyId, index: usize, spawn: SpawnId) -> bool {
        let Some(passed) = self.call_handles.get(&(body, index)) else {
            return false;
        };
        let EventKind::Call { callees, .. } = &self.body(body).events[index].kind else {
            return false;
        };
        if callees.is_empty() {
            return false;
        }
        passed.iter().any(|(param, spawns)| {
            spawns.contains(&spawn)
                && callees
                    .iter()
                    .all(|&callee| self.joins_param(callee, *param))
        })
    }

    /// Whether `body` joins the handles of parameter `param` on every path.
    pub fn joins_param(&self, body: BodyId, param: usize) -> bool {
        self.handles.iter().any(|h| {
            h.body == body
                && h.param == Some(param)
                && h.joins.iter().any(|j| j.ctx.arms.is_empty())
        })
    }

    /// A service thread: the spawner is a function that returns a value
    /// (`fn new() -> Self`) and hands out a lock, channel or condition
    /// variable that the thread works through. The thread belongs to that
    /// value; whoever holds it talks to the thread and may wait for it.
    fn serves_returned_value(&self, spawner: BodyId, thread: BodyId) -> bool {
        if !self.body(spawner).returns_value {
            return false;
        }
        let Some(handed_on) = self.handed_on.get(&spawner) else {
            return false;
        };
        self.effects(thread).iter().any(|e| {
            handed_on.iter().any(|&o| {
                self.objects[o.index()].kind != super::ObjKind::StaticMut
                    && self.same_object(o, e.obj)
            })
        })
    }

    /// Whether code that does not run on the thread itself (another method
    /// of the same type: `close()`, `join()` of a hand-written pool) waits on
    /// a condition variable, barrier or channel the thread signals.
    fn waited_elsewhere(&self, spawn: SpawnId) -> bool {
        let s = self.spawn(spawn);
        let Some(thread) = s.body else {
            return false;
        };
        let signals = self.signals(thread);
        // Only the waits on an object the thread signals can wait for it.
        let index = self.waits_by_identity();
        let mut candidates: Vec<super::WaitSite> = signals
            .iter()
            .flat_map(|e| self.identity_keys(e.obj))
            .filter_map(|key| index.get(&key))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable_by_key(|&(body, i, ..)| (body, i));
        candidates.dedup_by_key(|&mut (body, i, ..)| (body, i));
        candidates.into_iter().any(|(body, i, how, obj)| {
            body != s.spawner
                && body != thread
                && !self.threads_running(body).contains(&spawn)
                && self.reach_of_wait(spawn, thread, how, obj, &signals, Some((body, i)))
                    != Reach::Nothing
        })
    }

    /// The waits that another body's thread can be waited for with (on a
    /// condition variable, a predicate loop, a barrier, a drained channel),
    /// by every identity their object may have. Built once.
    fn waits_by_identity(&self) -> &HashMap<ObjId, Vec<super::WaitSite>> {
        self.waits_index.get_or_init(|| {
            let mut index: HashMap<ObjId, Vec<super::WaitSite>> = HashMap::new();
            for body in self.body_ids() {
                for (i, e) in self.body(body).events.iter().enumerate() {
                    if let EventKind::Wait {
                        obj: Some(obj),
                        how:
                            how @ (WaitHow::Condvar
                            | WaitHow::PredicateLoop
                            | WaitHow::Barrier
                            | WaitHow::Drain),
                    } = &e.kind
                    {
                        for key in self.identity_keys(*obj) {
                            index.entry(key).or_default().push((body, i, *how, *obj));
                        }
                    }
                }
            }
            index
        })
    }

    /// Whether a caller of the spawner (a test, `main`) drains or waits on a
    /// channel, barrier or flag that the thread signals on, after the call.
    fn waited_by_callers(&self, spawn: SpawnId, body: BodyId, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let Some(thread) = self.spawn(spawn).body else {
            return false;
        };
        let signals = self.signals(thread);
        for &(caller, call) in self.callers(body) {
            let events = &self.body(caller).events;
            for (i, event) in events.iter().enumerate().skip(call + 1) {
                if let EventKind::Wait {
                    obj: Some(obj),
                    how,
                } = &event.kind
                {
                    if self.reach_of_wait(spawn, thread, *how, *obj, &signals, Some((caller, i)))
                        != Reach::Nothing
                    {
                        return true;
                    }
                }
            }
            if self.waited_by_callers(spawn, caller, depth + 1) {
                return true;
            }
        }
        false
    }
}

impl Model {
    /// Whether the write at event `index` of `body` (code that runs on one
    /// spawned thread) is ordered before every access of `obj` made by any
    /// other thread: the only other accesses are the spawner's, each made
    /// before the spawn or after a wait (a join, a flag, a fence pair, a
    /// channel) that covers the write. Then the write races with nothing.
    pub fn write_ordered_before_others(&self, body: BodyId, index: usize, obj: ObjId) -> bool {
        let &[spawn] = self.threads_running(body) else {
            return false;
        };
        let s = self.spawn(spawn);
        let (Some(thread), false) = (s.body, s.many) else {
            return false;
        };
        if self.runs_on_thread(s.spawner) {
            return false;
        }
        // A spawner that can run again before its thread is done starts a second writer.
        if self.finished_at(spawn).is_none() {
            let callers = self.callers(s.spawner);
            if callers.len() > 1
                || callers
                    .iter()
                    .any(|&(c, i)| !self.body(c).events[i].ctx.loops.is_empty())
            {
                return false;
            }
        }
        let span = self.body(body).events[index].span;
        let effects = self.effects(thread);
        // Where the write sits in the thread's work (the last time, if a helper repeats it).
        let Some(at) = effects
            .iter()
            .rposition(|e| e.span == span && matches!(e.kind, EffectKind::Write(_)))
        else {
            return false;
        };
        let touches = |e: &super::Effect| {
            matches!(e.kind, EffectKind::Read(_) | EffectKind::Write(_))
                && self.same_object(e.obj, obj)
        };
        // Any other code that touches it must be the spawner, or a helper only the spawner calls.
        for other in self.body_ids() {
            if other == s.spawner || self.threads_running(other) == [spawn] {
                continue;
            }
            let direct = self.body(other).events.iter().any(|e| {
                matches!(&e.kind, EventKind::Read { obj: o, .. } | EventKind::Write { obj: o, .. } if self.same_object(*o, obj))
            });
            if !direct {
                continue;
            }
            let callers = self.callers(other);
            if self.runs_on_thread(other)
                || callers.is_empty()
                || callers.iter().any(|&(c, _)| c != s.spawner)
            {
                return false;
            }
        }
        let waits = self.waits_for(spawn);
        let events = &self.body(s.spawner).events;
        (s.event + 1..events.len()).all(|i| {
            let accesses = self
                .event_effects(s.spawner, i, &mut HashSet::new(), 0)
                .iter()
                .any(touches);
            !accesses || self.reach_before(spawn, &waits, i).covers(at)
        })
    }
}

impl Model {
    /// Whether the spawn's handle is passed to one of the crate's own
    /// functions (whose joins the model sees).
    pub fn passed_to_known_fn(&self, spawn: SpawnId) -> bool {
        self.call_handles.iter().any(|(&(body, index), passed)| {
            passed.iter().any(|(_, spawns)| spawns.contains(&spawn))
                && matches!(&self.body(body).events[index].kind, EventKind::Call { callees, .. } if !callees.is_empty())
        })
    }
}

impl Model {
    /// The first point after the spawn where the spawner waits on something
    /// the model does not understand (`wg.wait()`, a `join` of a handle it
    /// lost track of): what follows may well be ordered after the thread.
    pub fn unknown_wait_after(&self, spawn: SpawnId) -> Option<usize> {
        let s = self.spawn(spawn);
        let events = &self.body(s.spawner).events;
        let lost_join = events
            .iter()
            .enumerate()
            .skip(s.event + 1)
            .find(|(_, e)| {
                matches!(&e.kind, EventKind::Join { spawns, handle: None, .. } if spawns.is_empty())
            })
            .map(|(i, _)| i);
        let unknown = self
            .unknown_waits
            .get(&s.spawner)
            .and_then(|at| at.range(s.event + 1..).next().copied());
        lost_join.into_iter().chain(unknown).min()
    }

    /// Whether `obj` is a flag the thread raises: every write of it is a
    /// `store` with `Release` (or `SeqCst`). Reading a flag is how a wait
    /// looks, not a read of the thread's results.
    pub fn is_flag_of(&self, obj: super::ObjId, thread: BodyId) -> bool {
        let mut stores = 0;
        for event in &self.body(thread).events {
            if let EventKind::Write {
                obj: o,
                how,
                ordering,
                ..
            } = &event.kind
            {
                if !self.same_object(*o, obj) {
                    continue;
                }
                let release = matches!(
                    ordering,
                    Some(
                        super::Ordering::Release
                            | super::Ordering::SeqCst
                            | super::Ordering::AcqRel
                    )
                );
                if *how != WriteHow::Store || !release {
                    return false;
                }
                stores += 1;
            }
        }
        stores > 0
            && self
                .written_objects(thread)
                .iter()
                .filter(|(o, _)| self.same_object(*o, obj))
                .count()
                == stores
    }

    /// Whether the event is inside a loop that polls shared state until the
    /// other threads are done: what it reads there is a snapshot, on purpose.
    pub fn in_poll_loop(&self, event: &super::Event) -> bool {
        event.ctx.loops.iter().any(|l| self.poll_loops.contains(l))
    }

    /// Whether the body calls something the model does not know between
    /// events `from` and `to` (work that has no event of its own).
    pub fn opaque_call_between(&self, body: BodyId, from: usize, to: usize) -> bool {
        self.opaque_calls
            .iter()
            .any(|&(b, at)| b == body && at > from && at <= to)
    }

    /// Whether a test asserts at this read that the other thread has not
    /// done something yet: a check of the timing, on purpose.
    pub fn asserts_not_yet(&self, span: crate::source::Span) -> bool {
        self.not_yet_reads.contains(&span)
    }

    /// The channel end a lock was made around (`Mutex::new(rx)`), if any.
    pub fn channel_in(&self, lock: super::ObjId) -> Option<super::ObjId> {
        self.wrapped_channels.get(&lock).copied()
    }

    /// Whether the `thread::scope` ending at `span` only spawns threads.
    pub fn is_idle_scope(&self, span: crate::source::Span) -> bool {
        self.idle_scopes.contains(&span)
    }
}
