//! Threads and waits: where each spawned thread starts, where something waits
//! for it, and how many threads run a function at once. Lints ask these
//! questions instead of looking for `start()` and `join()` themselves.

use super::model::*;
use crate::source::Span;

/// An event of the spawner's body, by index.
pub type At = usize;

impl Model<'_> {
    fn events_of(&self, f: FnId) -> &[Event] {
        &self.function(f).events
    }

    /// Whether the event at `i` of `f` is `var.NAME()` on the thread (its handle, or the loop
    /// variable of a `for` over the list that holds it).
    fn on_thread(&self, s: SpawnId, f: FnId, i: At, names: &[&str]) -> bool {
        let spawn = self.spawn(s);
        let events = self.events_of(f);
        // Only after the thread is created, and while its handle still names it.
        let at = self.spawn_event(s);
        if i <= at
            || events[at + 1..i].iter().any(|e| {
                matches!(&e.kind, EventKind::Write { place, mutates: false, aug: false, .. }
                    if Some(place) == spawn.handle.as_ref() || Some(place) == spawn.list.as_ref())
                    // The assignment that binds the handle holds the spawn itself.
                    && !e.span.contains(spawn.span)
            })
        {
            return false;
        }
        let EventKind::Method { recv, name, .. } = &events[i].kind else {
            return false;
        };
        if !names.contains(&name.as_str()) {
            return false;
        }
        if spawn.handle.as_ref() == Some(recv) {
            return true;
        }
        let Some(list) = &spawn.list else {
            return false;
        };
        // `threads[-1].start()` right after `threads.append(Thread(..))`.
        if recv.root == list.root
            && recv.path.len() == list.path.len() + 1
            && recv.path.last().is_some_and(|p| p == "[]")
        {
            return true;
        }
        recv.is_name()
            && events[..i].iter().any(|e| {
                matches!(&e.kind, EventKind::ForEach { list: l, var, loop_id }
                    if l == list && *var == recv.root && events[i].ctx.loops.contains(loop_id))
            })
    }

    /// Where the thread is started, in its spawner's body (`start()` on its handle or list).
    /// Pool tasks start where they are submitted.
    pub fn starts(&self, s: SpawnId) -> Vec<At> {
        let spawn = self.spawn(s);
        let events = self.events_of(spawn.scope);
        let at = self.spawn_event(s);
        if !matches!(
            spawn.kind,
            SpawnKind::Thread | SpawnKind::Subclass | SpawnKind::Process
        ) || spawn.started_inline.is_some()
        {
            return vec![at];
        }
        (0..events.len())
            .filter(|&i| self.on_thread(s, spawn.scope, i, &["start"]))
            .collect()
    }

    /// Where the thread is `run()` in the calling thread.
    pub fn runs(&self, s: SpawnId) -> Vec<At> {
        let spawn = self.spawn(s);
        let events = self.events_of(spawn.scope);
        (0..events.len())
            .filter(|&i| self.on_thread(s, spawn.scope, i, &["run"]))
            .collect()
    }

    /// Where the spawner waits for this very thread: `join()` on it, `result()` on its future.
    pub fn joins(&self, s: SpawnId) -> Vec<At> {
        let spawn = self.spawn(s);
        let events = self.events_of(spawn.scope);
        (0..events.len())
            .filter(|&i| self.on_thread(s, spawn.scope, i, &["join", "result", "exception"]))
            .collect()
    }

    /// The event index of the spawn itself.
    pub fn spawn_event(&self, s: SpawnId) -> At {
        let spawn = self.spawn(s);
        self.events_of(spawn.scope)
            .iter()
            .position(|e| matches!(e.kind, EventKind::Spawn(id) if id == s))
            .unwrap_or(0)
    }

    /// Whether the event is a wait on something other threads do: a join, `Queue.get`,
    /// `Event.wait`, `Condition.wait_for`, `Barrier.wait`, `future.result()`,
    /// `as_completed`, `concurrent.futures.wait`, a poll of `is_alive()`, or a call of a
    /// function of this file (which may wait inside).
    pub fn is_wait(&self, f: FnId, event: &Event) -> bool {
        match &event.kind {
            EventKind::Method { recv, name, .. } => match name.as_str() {
                "join" | "result" | "exception" | "wait" | "wait_for" | "is_alive" | "get"
                | "shutdown" | "close" | "terminate" => {
                    name != "get" || matches!(self.value_of(f, recv), Some(Value::Queue))
                }
                _ => false,
            },
            EventKind::Call { callee, .. } => match callee {
                Callee::Local(_) => true,
                Callee::Qualified(q) => matches!(
                    q.as_str(),
                    "concurrent.futures.wait"
                        | "concurrent.futures.as_completed"
                        | "threading.active_count"
                        | "threading.enumerate"
                        | "input"
                ),
                Callee::Unknown(name) => name == "input",
            },
            _ => false,
        }
    }

    /// The first place in the spawner after `from` where it waits for the thread (or for
    /// anything, since any wait may be the one that orders the threads' writes): the end of
    /// the pool's `with` block counts.
    pub fn first_wait_after(&self, s: SpawnId, from: At) -> Option<At> {
        let spawn = self.spawn(s);
        let events = self.events_of(spawn.scope);
        let joins = self.joins(s);
        (from + 1..events.len()).find(|&i| {
            joins.contains(&i)
                || self.is_wait(spawn.scope, &events[i])
                || spawn
                    .pool_with_end
                    .is_some_and(|end| events[i].span.lo >= end)
        })
    }

    /// How many threads can run `f` at once: 2 means "more than one".
    pub fn concurrency(&self, f: FnId) -> (usize, Option<SpawnId>) {
        let spawns = self.spawns_running(f);
        let mut started = 0;
        let mut first = None;
        for &s in &spawns {
            let spawn = self.spawn(s);
            if spawn.process {
                // A process has its own memory: it shares nothing with this one.
                continue;
            }
            if (spawn.kind == SpawnKind::Thread || spawn.kind == SpawnKind::Subclass)
                && self.starts(s).is_empty()
            {
                continue;
            }
            first.get_or_insert(s);
            started += if spawn.many { 2 } else { 1 };
        }
        (started.min(2), first)
    }

    /// The label that says why several threads run this code.
    pub fn concurrency_label(&self, f: FnId) -> Option<(Span, String)> {
        let (n, first) = self.concurrency(f);
        let s = first?;
        if n < 2 {
            return None;
        }
        let spawn = self.spawn(s);
        let text = if spawn.many {
            match spawn.kind {
                SpawnKind::Map => "`map` runs this on several threads at once",
                SpawnKind::Submit => "this runs in a loop: several tasks run this code at once",
                _ => "this runs in a loop: several threads run this code at once",
            }
        } else {
            "this thread and another one started elsewhere run this code at once"
        };
        Some((spawn.span, text.to_string()))
    }

    /// Whether an object reached through `root` (as seen from `g`, which a thread runs) is
    /// shared by several threads: a module global, a closure variable, the same object passed
    /// to several threads, or `self` of a bound method many threads run.
    pub fn shared_root(&self, g: FnId, place: &Place, target_of: &[SpawnId]) -> bool {
        match self.binding(g, &place.root) {
            Binding::Global => {
                // A name written without `global` would be a local: lowering already made it one.
                !(place.is_name() && g.0 != 0 && !self.function(g).globals.contains(&place.root))
            }
            Binding::Enclosing(_) => {
                !place.is_name() || self.function(g).nonlocals.contains(&place.root)
            }
            Binding::Param(index) => {
                if place.is_name() {
                    return false;
                }
                let func = self.function(g);
                if index == 0 && func.params[0] == "self" && func.class.is_some() {
                    // A bound method as the target: every thread shares the object, unless
                    // it is a `Thread` subclass (each thread is its own object).
                    return target_of.iter().any(|&s| {
                        let spawn = self.spawn(s);
                        spawn.kind != SpawnKind::Subclass && spawn.many
                    }) && !self.classes.iter().any(|c| {
                        Some(c.name.as_str()) == func.class.as_deref() && c.thread_subclass
                    });
                }
                // The same named object passed to several threads: by a spawn in a loop, or
                // by two spawns.
                let mut names: Vec<&String> = Vec::new();
                for &s in target_of {
                    let spawn = self.spawn(s);
                    if !matches!(spawn.target, Target::Function(t) if t == g) {
                        continue;
                    }
                    let Some(name) = spawn.args.get(index).and_then(|a| a.name.as_ref()) else {
                        continue;
                    };
                    if spawn.loop_vars.contains(name) || spawn.loop_locals.contains(name) {
                        continue;
                    }
                    if spawn.many || names.contains(&name) {
                        return true;
                    }
                    names.push(name);
                }
                false
            }
            Binding::Local | Binding::Unknown => false,
        }
    }
}
