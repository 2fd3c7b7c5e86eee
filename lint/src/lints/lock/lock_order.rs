use std::collections::{HashMap, HashSet};

use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::model::{BodyId, EffectKind, EventKind, GuardId, LockMode, Model, ObjId};
use crate::source::Span;

declare_lint! {
    /// ### What it does
    /// Finds two locks taken in opposite orders on two paths that can run at
    /// the same time (two threads, or one function that several threads run,
    /// or a thread and the spawning code before it joins that thread),
    /// directly or through helper functions and methods, and cycles of three
    /// locks. A helper that spawns a thread on its parameters (`fn
    /// transfer(from, to) -> JoinHandle<()>`) starts a thread per call: two
    /// calls with the locks swapped and no join between them deadlock. Also a
    /// ring over one collection of locks: threads spawned one per `i` in
    /// `0..n`, each taking `forks[i]` and then `forks[(i + 1) % n]` (the dining
    /// philosophers).
    ///
    /// ### Why is this bad?
    /// Thread 1 holds `a` and waits for `b`; thread 2 holds `b` and waits for
    /// `a`. Neither lets go, so both wait forever: a deadlock. It happens only
    /// when the two threads interleave just so, which is why it can pass every
    /// test and still hang in class.
    ///
    /// ### Example
    /// ```rust,ignore
    /// // thread 1                         // thread 2
    /// let a = from.lock().unwrap();       let b = to.lock().unwrap();
    /// let b = to.lock().unwrap();         let a = from.lock().unwrap();
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// // every thread takes the locks in the same order: `from`, then `to`
    /// let a = from.lock().unwrap();
    /// let b = to.lock().unwrap();
    /// ```
    /// Or hold only one lock at a time, or put both values under one `Mutex`.
    pub static LOCK_ORDER = {
        name: "lock_order",
        group: Lock,
        level: Deny,
        summary: "two locks taken in opposite orders on paths that can run at once: a deadlock",
    };
}

/// One place where `taken` is locked while `held` is held.
struct Edge {
    held: ObjId,
    taken: ObjId,
    body: BodyId,
    held_span: Span,
    taken_span: Span,
    /// The call through which `taken` is locked, when it happens in a helper.
    via: Option<Span>,
    held_name: String,
    taken_name: String,
    /// Index of the event in `body` where `taken` is locked (or the call that locks it).
    index: usize,
    /// An edge between two parameters of the function it is in: it stands for
    /// the edges between the arguments at each call, which are added separately.
    generic: bool,
    /// The edge runs on a thread that the call at `index` of `body` starts
    /// (a helper that spawns a thread on its parameters and returns): where
    /// that thread holds and takes the locks, and how it names them. The
    /// spans above are then the call's.
    started: Option<Inside>,
    /// Locks held exclusively since before `held` was taken, and still held
    /// when `taken` is: a gate that lets one such path in at a time.
    gates: Vec<ObjId>,
}

/// The lock steps inside a thread that a helper starts.
#[derive(Clone)]
struct Inside {
    held_span: Span,
    taken_span: Span,
    held_name: String,
    taken_name: String,
}

/// The edges of every body, plus, for edges between parameters of a
/// function, the same edge in the terms of each caller (the arguments it
/// passes), so that `transfer(&a, &b)` and `transfer(&b, &a)` meet.
fn all_edges(model: &Model) -> Vec<Edge> {
    let mut out = direct_edges(model);
    let mut instantiated = Vec::new();
    for edge in &out {
        let (Some((fh, ih)), Some((ft, it))) = (
            model.object(edge.held).param_of,
            model.object(edge.taken).param_of,
        ) else {
            continue;
        };
        if fh != edge.body || ft != edge.body {
            continue;
        }
        for &(caller, index) in model.callers(edge.body) {
            let EventKind::Call { args, .. } = &model.body(caller).events[index].kind else {
                continue;
            };
            let (Some(Some(held)), Some(Some(taken))) = (args.get(ih), args.get(it)) else {
                continue;
            };
            instantiated.push(Edge {
                held: *held,
                taken: *taken,
                body: caller,
                held_span: edge.held_span,
                taken_span: edge.taken_span,
                via: edge.via,
                held_name: model.object(*held).name.clone(),
                taken_name: model.object(*taken).name.clone(),
                index,
                generic: false,
                started: None,
                gates: edge.gates.clone(),
            });
        }
    }
    let spawned = spawned_on_params(model, out.iter().chain(&instantiated));
    instantiated.extend(spawned);
    for edge in &mut out {
        let param_of = |o: ObjId| model.object(o).param_of.map(|(b, _)| b);
        edge.generic =
            param_of(edge.held) == Some(edge.body) && param_of(edge.taken) == Some(edge.body);
    }
    out.extend(instantiated);
    out
}

/// Edges on a thread that a helper spawns on its own parameters
/// (`fn transfer(from, to) -> JoinHandle<()> { thread::spawn(move || { from
/// lock, then to lock }) }`), in the terms of each call of the helper: the
/// arguments it passes, on a thread started at that call.
fn spawned_on_params<'e>(model: &Model, edges: impl Iterator<Item = &'e Edge>) -> Vec<Edge> {
    let mut out = Vec::new();
    for edge in edges {
        let (Some((fh, ih)), Some((ft, it))) = (
            model.object(edge.held).param_of,
            model.object(edge.taken).param_of,
        ) else {
            continue;
        };
        let threads = model.threads_running(edge.body);
        // Every thread that runs the edge is one the helper starts, once per call.
        if fh != ft
            || fh == edge.body
            || threads.is_empty()
            || !threads.iter().all(|&s| {
                let spawn = model.spawn(s);
                spawn.spawner == fh && !spawn.many && !spawn.scoped && model.joined_at(s).is_none()
            })
        {
            continue;
        }
        for &(caller, index) in model.callers(fh) {
            let EventKind::Call { args, .. } = &model.body(caller).events[index].kind else {
                continue;
            };
            let (Some(Some(held)), Some(Some(taken))) = (args.get(ih), args.get(it)) else {
                continue;
            };
            let call = model.body(caller).events[index].span;
            out.push(Edge {
                held: *held,
                taken: *taken,
                body: caller,
                held_span: call,
                taken_span: call,
                via: None,
                held_name: model.object(*held).name.clone(),
                taken_name: model.object(*taken).name.clone(),
                index,
                generic: false,
                started: Some(Inside {
                    held_span: edge.held_span,
                    taken_span: edge.via.unwrap_or(edge.taken_span),
                    held_name: edge.held_name.clone(),
                    taken_name: edge.taken_name.clone(),
                }),
                gates: edge.gates.clone(),
            });
        }
    }
    out
}

fn direct_edges(model: &Model) -> Vec<Edge> {
    let mut out = Vec::new();
    for body in model.body_ids() {
        let mut live: Vec<GuardId> = Vec::new();
        for (index, event) in model.body(body).events.iter().enumerate() {
            match &event.kind {
                EventKind::Lock { obj, guard, .. } => {
                    for (p, &g) in live.iter().enumerate() {
                        let held = model.guard(g);
                        if !model.same_object(held.obj, *obj) {
                            out.push(Edge {
                                held: held.obj,
                                taken: *obj,
                                body,
                                held_span: held.span,
                                taken_span: event.span,
                                via: None,
                                held_name: held.subject.clone(),
                                taken_name: model.guard(*guard).subject.clone(),
                                index,
                                generic: false,
                                started: None,
                                gates: gates(model, &live[..p]),
                            });
                        }
                    }
                    live.push(*guard);
                }
                EventKind::Unlock { guard } | EventKind::Leak { guard, .. } => {
                    live.retain(|g| g != guard)
                }
                EventKind::Call { .. } if !live.is_empty() => {
                    for effect in model.event_effects(body, index, &mut Default::default(), 0) {
                        if !matches!(effect.kind, EffectKind::Lock(_)) {
                            continue;
                        }
                        for (p, &g) in live.iter().enumerate() {
                            let held = model.guard(g);
                            if !model.same_object(held.obj, effect.obj) {
                                out.push(Edge {
                                    held: held.obj,
                                    taken: effect.obj,
                                    body,
                                    held_span: held.span,
                                    taken_span: event.span,
                                    via: Some(effect.span),
                                    held_name: held.subject.clone(),
                                    taken_name: model.object(effect.obj).name.clone(),
                                    index,
                                    generic: false,
                                    started: None,
                                    gates: gates(model, &live[..p]),
                                });
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The locks of `guards` held exclusively (a `Mutex`, an `RwLock` written).
fn gates(model: &Model, guards: &[GuardId]) -> Vec<ObjId> {
    guards
        .iter()
        .map(|&g| model.guard(g))
        .filter(|g| g.mode != LockMode::Read)
        .map(|g| g.obj)
        .collect()
}

/// Whether the edges hold a common gate: one lock, taken before the first of
/// theirs and held throughout, lets only one of them in at a time.
fn gated(model: &Model, edges: &[&Edge]) -> bool {
    let Some((first, rest)) = edges.split_first() else {
        return false;
    };
    first.gates.iter().any(|&g| {
        rest.iter()
            .all(|e| e.gates.iter().any(|&h| model.same_object(g, h)))
    })
}

/// Whether the code of two edges can run at the same time.
fn concurrent(model: &Model, a: &Edge, b: &Edge) -> bool {
    if a.generic || b.generic || gated(model, &[a, b]) {
        return false;
    }
    match (a.started.is_some(), b.started.is_some()) {
        // Two threads started by calls of a spawning helper: both run from the
        // later call on, unless something waits for a thread in between.
        (true, true) => {
            return a.body == b.body
                && a.index != b.index
                && !model.may_wait_between(a.body, a.index, b.index);
        }
        // A thread started by a call, and the caller's own code after it.
        (true, false) | (false, true) => {
            let (started, other) = if a.started.is_some() { (a, b) } else { (b, a) };
            return other.body == started.body
                && started.index < other.index
                && !model.may_wait_between(started.body, started.index, other.index);
        }
        (false, false) => {}
    }
    if a.body == b.body {
        return model.runs_on_many_threads(a.body);
    }
    let (ta, tb) = (model.threads_running(a.body), model.threads_running(b.body));
    match (ta.is_empty(), tb.is_empty()) {
        (true, true) => false,
        // The spawning code runs with a thread only between the spawn and the join.
        (true, false) => while_running(model, a, tb),
        (false, true) => while_running(model, b, ta),
        (false, false) => ta != tb || model.runs_on_many_threads(a.body),
    }
}

/// Whether `edge`, in code that spawns threads (or in a function that code
/// calls), happens while one of `threads` runs.
fn while_running(model: &Model, edge: &Edge, threads: &[crate::model::SpawnId]) -> bool {
    model
        .running_at(edge.body, edge.index)
        .iter()
        .any(|s| threads.contains(s))
}

pub(crate) fn check(model: &Model, out: &mut Vec<Finding>) {
    // One representative per object (aliases and arguments followed), and one
    // edge per (held, taken, body): the search below stays small however many
    // guards a statement keeps alive.
    let mut canon_cache: HashMap<ObjId, ObjId> = HashMap::new();
    let mut canon = |o: ObjId| {
        *canon_cache
            .entry(o)
            .or_insert_with(|| model.real_objects(o).into_iter().min().unwrap_or(o))
    };
    let mut seen = HashSet::new();
    let mut edges: Vec<(Edge, ObjId, ObjId)> = Vec::new();
    let mut ring_edges: Vec<(Edge, ObjId, ObjId)> = Vec::new();
    for edge in all_edges(model) {
        // An edge between two parameters stands for its calls, which are edges of their own.
        if edge.generic {
            continue;
        }
        let (held, taken) = (canon(edge.held), canon(edge.taken));
        // Two elements of a collection of locks: only a ring of them is certain.
        if model.lock_collection_of(held).is_some() && model.lock_collection_of(taken).is_some() {
            ring_edges.push((edge, held, taken));
            continue;
        }
        if held != taken && seen.insert((held, taken, edge.body)) {
            edges.push((edge, held, taken));
        }
    }
    rings(model, &ring_edges, out);
    let mut by_pair: HashMap<(ObjId, ObjId), Vec<usize>> = HashMap::new();
    let mut from: HashMap<ObjId, Vec<usize>> = HashMap::new();
    for (i, (_, held, taken)) in edges.iter().enumerate() {
        by_pair.entry((*held, *taken)).or_default().push(i);
        from.entry(*held).or_default().push(i);
    }
    let mut reported = HashSet::new();
    // Two locks in opposite orders.
    for (i, (first, held, taken)) in edges.iter().enumerate() {
        for &j in by_pair
            .get(&(*taken, *held))
            .map_or(&[][..], |v| v.as_slice())
        {
            let second = &edges[j].0;
            if j < i || !concurrent(model, first, second) {
                continue;
            }
            let (earlier, later) = if first.taken_span <= second.taken_span {
                (first, second)
            } else {
                (second, first)
            };
            if reported.insert(later.taken_span) {
                out.push(finding(model, &[earlier], later));
            }
        }
    }
    // Cycles of three locks: a -> b, b -> c, c -> a.
    for (a, a_held, a_taken) in &edges {
        for &bi in from.get(a_taken).map_or(&[][..], |v| v.as_slice()) {
            let (b, b_held, b_taken) = &edges[bi];
            if b_taken == a_held {
                continue;
            }
            for &ci in from.get(b_taken).map_or(&[][..], |v| v.as_slice()) {
                let (c, c_held, c_taken) = &edges[ci];
                if c_taken != a_held || c_held == a_held || c_held == b_held {
                    continue;
                }
                // Each of the three must be able to hold its first lock while
                // the other two hold theirs.
                if !(concurrent(model, a, b) && concurrent(model, b, c) && concurrent(model, a, c))
                {
                    continue;
                }
                let mut cycle = [a, b, c];
                cycle.sort_by_key(|e| e.taken_span);
                if reported.insert(cycle[2].taken_span) {
                    out.push(finding(model, &[cycle[0], cycle[1]], cycle[2]));
                }
            }
        }
    }
}

/// Threads spawned one per index `i`, each taking element `i` and then
/// element `(i + 1) % n` of one collection of locks (or the other way round
/// on every thread): each holds a lock the one before it waits for.
fn rings(model: &Model, edges: &[(Edge, ObjId, ObjId)], out: &mut Vec<Finding>) {
    let mut reported = HashSet::new();
    for (edge, held, taken) in edges {
        if !model.ring_step(edge.body, *held, *taken) {
            continue;
        }
        // Taken the other way round on some path of the same thread (the last
        // philosopher, or every other one): the ring is broken.
        let reversed = edges
            .iter()
            .any(|(e, h, t)| e.body == edge.body && h == taken && t == held);
        if reversed || !model.ring_ungated(edge.body, edge.index) {
            continue;
        }
        let Some(collection) = model.lock_collection_of(*held) else {
            continue;
        };
        if !reported.insert(edge.body) {
            continue;
        }
        let name = &model.object(collection).name;
        out.push(
            Finding::new(
                &LOCK_ORDER,
                edge.taken_span,
                format!(
                    "every thread takes one lock of `{name}` and then the next one: a cycle through all of them, where each thread can wait for the next forever"
                ),
            )
            .primary_label(format!(
                "this waits for `{}` while holding `{}`",
                edge.taken_name, edge.held_name
            ))
            .label(
                edge.held_span,
                format!("`{}` is held from here", edge.held_name),
            )
            .note("thread `i` holds lock `i` and waits for lock `i + 1`; the last thread waits for lock `0`, which the first thread holds")
            .help("take the lower index first on every thread (the `min` of the two, then the `max`), or let one thread take its two locks in the other order"),
        );
    }
}

fn finding(model: &Model, others: &[&Edge], later: &Edge) -> Finding {
    let mut names: Vec<String> = std::iter::once(later)
        .chain(others.iter().copied())
        .map(|e| format!("`{}`", model.object(e.held).name))
        .collect();
    names.dedup();
    let message = if names.len() <= others.len() {
        // The learner gave the locks one name in every thread: count them instead.
        format!(
            "{} locks are taken in a cycle on paths that can run at once: each thread can wait for the next forever",
            others.len() + 1
        )
    } else if others.len() == 1 {
        format!(
            "{} and {} are locked in opposite orders on paths that can run at once: each thread can wait for the other forever",
            names[0], names[1]
        )
    } else {
        format!(
            "{} are locked in a cycle on paths that can run at once: each thread can wait for the next forever",
            names.join(", ")
        )
    };
    let started = |e: &Edge| {
        format!(
            "the thread started here takes `{}`, then waits for `{}`",
            e.held_name, e.taken_name
        )
    };
    let mut finding = Finding::new(&LOCK_ORDER, later.taken_span, message);
    finding = match later.started {
        Some(_) => finding.primary_label(started(later)),
        None => finding
            .primary_label(format!(
                "this waits for `{}` while holding `{}`",
                later.taken_name, later.held_name
            ))
            .label(
                later.held_span,
                format!("`{}` is held from here", later.held_name),
            ),
    };
    if let Some(via) = later.via {
        finding = finding.label(
            via,
            format!("`{}` is locked here, inside the call", later.taken_name),
        );
    }
    for other in others {
        finding = match other.started {
            Some(_) => finding.label(other.taken_span, started(other)),
            None => finding
                .label(
                    other.held_span,
                    format!("another path holds `{}` from here", other.held_name),
                )
                .label(
                    other.via.unwrap_or(other.taken_span),
                    format!("and waits for `{}` here", other.taken_name),
                ),
        };
    }
    // A method or function of the spawning side: the call that runs it while
    // a thread runs.
    for e in std::iter::once(later).chain(others.iter().copied()) {
        if e.started.is_some() || model.runs_on_thread(e.body) {
            continue;
        }
        if let Some((b, i)) = model.call_alongside_thread(e.body, e.index) {
            finding = finding.label(
                model.body(b).events[i].span,
                format!(
                    "`{}` runs here, while the spawned thread may still be running",
                    model.body(e.body).name
                ),
            );
        }
    }
    // The helper's own steps, once: where its thread holds and takes the locks.
    let mut inside: Vec<&Inside> = Vec::new();
    for e in std::iter::once(later).chain(others.iter().copied()) {
        if let Some(i) = &e.started {
            if !inside.iter().any(|j| j.held_span == i.held_span) {
                inside.push(i);
            }
        }
    }
    for i in &inside {
        finding = finding
            .label(
                i.held_span,
                format!("the thread holds `{}` from here", i.held_name),
            )
            .label(
                i.taken_span,
                format!("and waits for `{}` here", i.taken_name),
            );
    }
    if !inside.is_empty() {
        finding = finding.note(
            "each call starts a thread that takes the locks in the order of its arguments: calls with the arguments swapped take them in opposite orders",
        );
    }
    finding
        .note("a deadlock needs only bad timing: it can pass every test run and still hang one day")
        .help("take the locks in the same order on every path, or hold only one lock at a time")
}
