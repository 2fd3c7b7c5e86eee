//! Counting every interleaving exactly, state by state.
//!
//! A demo thread is ordinary deterministic code: what it does next depends
//! only on what its shared operations returned so far (its history). So
//! the counter learns each thread's next operation once per history, by
//! running the demo on the driven backend ([`crate::drive`]) along a chosen
//! schedule, and from then on moves through the program's states on its
//! own: the threads' histories and the shared values. The number of
//! interleavings from a state to the end, per outcome, is the sum over the
//! threads that may take a step there; each state is counted once and
//! remembered. Operations that are not steps (starting, spawning, joining,
//! finishing) commute with everything and are taken as soon as they can.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::rc::Rc;
use std::sync::{Arc, Mutex};

mod witness;

use crate::drive::{self, Driver, Ending, How, Op};
use crate::record;
use crate::report::{Outcome, Schedule};

/// The most states the counter keeps before it gives up (the exploration
/// then counts with loom alone).
pub(crate) const MAX_STATES: usize = 6_000_000;
/// The most operations on one path (a spin loop never ends).
const MAX_PATH: usize = 5_000;

/// What the counter found.
pub(crate) struct Counted<T> {
    /// Each outcome with its number of interleavings and a witness.
    pub(crate) outcomes: Vec<(Outcome, u64, Schedule)>,
    /// Every interleaving.
    pub(crate) total: u64,
    /// Distinct states counted.
    pub(crate) states: u64,
    /// Driven executions run to learn the threads' operations.
    pub(crate) executions: u64,
    /// The distinct values `main` returned, with their texts.
    pub(crate) values: Vec<(T, String)>,
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum Cell {
    Int {
        value: i128,
        flag: bool,
    },
    Lock {
        holder: Option<usize>,
        /// The complete text of the value inside: what a locker observes.
        text: u32,
        /// The text a lock step shows.
        shown: u32,
        poisoned: bool,
    },
    /// The threads waiting on a condvar, longest first.
    Condvar {
        waiters: Vec<usize>,
    },
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct State {
    /// Each thread's history and whether it finished.
    threads: Vec<(u32, bool)>,
    memory: Vec<Cell>,
    first_panic: Option<(usize, u32)>,
    main_value: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum End {
    Value(usize),
    Deadlock,
    Panicked(usize, u32),
}

type Histogram = Rc<[(End, u64)]>;

struct Live {
    driver: Arc<Driver>,
    path: Vec<(usize, i128)>,
    hists: Vec<u32>,
    finished: Vec<bool>,
}

struct Counter<T, F> {
    body: Arc<F>,
    values: Arc<Mutex<Vec<(T, String)>>>,
    intern: HashMap<(u32, i128), u32>,
    ops: HashMap<u32, Op>,
    texts: Vec<String>,
    text_ids: HashMap<String, u32>,
    memo: HashMap<State, Histogram>,
    path: Vec<(usize, i128)>,
    live: Option<Live>,
    executions: u64,
    witnesses: BTreeMap<End, Vec<(usize, i128)>>,
    names: BTreeMap<usize, String>,
}

/// Count every interleaving of `body`'s steps, or say why it cannot be done.
pub(crate) fn count<T, F>(body: &Arc<F>) -> Result<Counted<T>, String>
where
    T: fmt::Debug + PartialEq + Send + 'static,
    F: Fn() -> T + Send + Sync + 'static,
{
    record::quiet_panics();
    let mut counter = Counter {
        body: Arc::clone(body),
        values: Arc::new(Mutex::new(Vec::new())),
        intern: HashMap::new(),
        ops: HashMap::new(),
        texts: Vec::new(),
        text_ids: HashMap::new(),
        memo: HashMap::new(),
        path: Vec::new(),
        live: None,
        executions: 0,
        witnesses: BTreeMap::new(),
        names: BTreeMap::new(),
    };
    let start = State {
        threads: vec![(counter.root(0), false)],
        memory: Vec::new(),
        first_panic: None,
        main_value: None,
    };
    let result = counter.dfs(start);
    counter.stop_live();
    let histogram = result?;
    let values: Vec<(T, String)> =
        std::mem::take(&mut *counter.values.lock().unwrap_or_else(|e| e.into_inner()));
    let mut outcomes = Vec::new();
    let mut total = 0u64;
    for &(end, n) in histogram.iter() {
        total = total.saturating_add(n);
        let outcome = counter.outcome(end, &values);
        let path = counter.witnesses.get(&end).cloned().unwrap_or_default();
        let witness = counter.schedule(&path, outcome.clone());
        outcomes.push((outcome, n, witness));
    }
    Ok(Counted {
        outcomes,
        total,
        states: counter.memo.len() as u64,
        executions: counter.executions,
        values,
    })
}

impl<T, F> Counter<T, F>
where
    T: fmt::Debug + PartialEq + Send + 'static,
    F: Fn() -> T + Send + Sync + 'static,
{
    fn root(&mut self, thread: usize) -> u32 {
        self.history(u32::MAX, thread as i128)
    }

    fn history(&mut self, parent: u32, observed: i128) -> u32 {
        let next = self.intern.len() as u32;
        *self.intern.entry((parent, observed)).or_insert(next)
    }

    fn text(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.text_ids.get(text) {
            return id;
        }
        let id = self.texts.len() as u32;
        self.texts.push(text.to_string());
        self.text_ids.insert(text.to_string(), id);
        id
    }

    fn outcome(&self, end: End, values: &[(T, String)]) -> Outcome {
        match end {
            End::Value(i) => Outcome::Value(values[i].1.clone()),
            End::Deadlock => Outcome::Deadlock,
            End::Panicked(thread, message) => Outcome::Panicked {
                thread: record::thread_label(thread),
                message: self.texts[message as usize].clone(),
            },
        }
    }

    // ---- the driven executions ----

    /// Let the live run go to its end, so that every thread finishes its
    /// own code (unwinding a run instead would run the demo's `Drop` code
    /// with nothing behind it, such as a pool joining its workers). A run
    /// that ends in a deadlock can never finish: its threads stay parked.
    fn stop_live(&mut self) {
        if self.live.is_none() {
            return;
        }
        let finished = self.run_to_end().unwrap_or(false);
        if let Some(live) = self.live.take() {
            if finished {
                live.driver.finish();
            }
        }
    }

    /// The state the live run is in.
    fn live_state(&mut self) -> Result<State, String> {
        let path = self
            .live
            .as_ref()
            .map(|l| l.path.clone())
            .unwrap_or_default();
        let mut state = State {
            threads: vec![(self.root(0), false)],
            memory: Vec::new(),
            first_panic: None,
            main_value: None,
        };
        for (t, _) in path {
            let op = self
                .ops
                .get(&state.threads[t].0)
                .cloned()
                .ok_or("a thread's operation is unknown")?;
            state = self.step(&state, t, &op)?.0;
        }
        Ok(state)
    }

    /// Grant the live run's threads their operations, any order, until none
    /// can go on; whether every thread finished.
    fn run_to_end(&mut self) -> Result<bool, String> {
        let mut state = self.live_state()?;
        let mut steps = 0;
        'again: loop {
            for t in 0..state.threads.len() {
                if state.threads[t].1 {
                    continue;
                }
                let Some(op) = self.ops.get(&state.threads[t].0).cloned() else {
                    return Ok(false);
                };
                if Self::enabled(&state, t, &op) {
                    let (next, observed) = self.step(&state, t, &op)?;
                    self.live_grant(t, observed)?;
                    state = next;
                    steps += 1;
                    if steps > MAX_PATH {
                        return Ok(false);
                    }
                    continue 'again;
                }
            }
            return Ok(state.threads.iter().all(|t| t.1));
        }
    }

    fn start_live(&mut self) -> Result<(), String> {
        self.stop_live();
        self.executions += 1;
        let driver = Arc::new(Driver::default());
        driver.expect_thread(0);
        let body = Arc::clone(&self.body);
        let values = Arc::clone(&self.values);
        driver.start_thread(0, move || {
            drive::op(Op::Start);
            let result = panic::catch_unwind(AssertUnwindSafe(|| body()));
            let ending = match result {
                Ok(value) => Ending::Value(value_index(&values, value)),
                Err(payload) if payload.is::<drive::Aborted>() => return,
                Err(payload) => Ending::Panicked(
                    record::take_last_panic().unwrap_or_else(|| record::payload_message(&*payload)),
                ),
            };
            drive::op(Op::Finish(ending));
        });
        let root = self.root(0);
        self.live = Some(Live {
            driver,
            path: Vec::new(),
            hists: vec![root],
            finished: vec![false],
        });
        self.learn()
    }

    /// Read what every waiting thread of the live execution wants to do.
    fn learn(&mut self) -> Result<(), String> {
        let live = self.live.as_ref().expect("a live execution");
        let reports = live.driver.wait_for_reports()?;
        for (name_object, name) in live.driver.names() {
            self.names.entry(name_object).or_insert(name);
        }
        let live = self.live.as_ref().expect("a live execution");
        for (t, report) in reports.into_iter().enumerate() {
            let (Some(op), Some(&hist)) = (report, live.hists.get(t)) else {
                continue;
            };
            if live.finished.get(t) == Some(&true) {
                continue;
            }
            match self.ops.get(&hist) {
                Some(known) if *known != op => {
                    return Err(format!(
                        "thread {t} did different things after the same history ({known:?}, \
                         then {op:?}): the demo is not deterministic"
                    ));
                }
                Some(_) => {}
                None => {
                    self.ops.insert(hist, op);
                }
            }
        }
        Ok(())
    }

    fn live_grant(&mut self, t: usize, observed: i128) -> Result<(), String> {
        let hist = self.live.as_ref().expect("a live execution").hists[t];
        let op = self
            .ops
            .get(&hist)
            .cloned()
            .ok_or("a thread's operation is unknown")?;
        let next = match op {
            Op::Finish(_) => None,
            _ => Some(self.history(hist, observed)),
        };
        let child = match op {
            Op::Spawn => Some(observed as usize),
            _ => None,
        };
        let child_root = child.map(|c| self.root(c));
        let live = self.live.as_mut().expect("a live execution");
        if let (Some(c), Some(root)) = (child, child_root) {
            if live.hists.len() <= c {
                live.hists.resize(c + 1, u32::MAX);
                live.finished.resize(c + 1, false);
            }
            live.hists[c] = root;
            live.driver.expect_thread(c);
        }
        match next {
            Some(next) => live.hists[t] = next,
            None => live.finished[t] = true,
        }
        live.driver.grant(t, observed);
        live.path.push((t, observed));
        self.learn()
    }

    /// Bring a driven execution to the current path, to learn what its
    /// threads do there.
    fn materialize(&mut self, state: &State) -> Result<(), String> {
        let usable = self
            .live
            .as_ref()
            .is_some_and(|live| self.path.starts_with(&live.path));
        if !usable {
            self.start_live()?;
        }
        loop {
            let done = self.live.as_ref().expect("a live execution").path.len();
            if done == self.path.len() {
                break;
            }
            let (t, observed) = self.path[done];
            self.live_grant(t, observed)?;
        }
        self.learn_ahead(state.clone())
    }

    /// Keep the live execution going while that teaches something new: a
    /// thread whose next history has not been seen yet. One run then
    /// answers many later questions.
    fn learn_ahead(&mut self, mut state: State) -> Result<(), String> {
        'ahead: loop {
            for t in 0..state.threads.len() {
                if state.threads[t].1 {
                    continue;
                }
                let Some(op) = self.ops.get(&state.threads[t].0).cloned() else {
                    continue;
                };
                if matches!(op, Op::Finish(_)) || !Self::enabled(&state, t, &op) {
                    continue;
                }
                let (next, observed) = self.step(&state, t, &op)?;
                let unknown = |counter: &Self, next: &State| {
                    next.threads
                        .iter()
                        .any(|(hist, finished)| !finished && !counter.ops.contains_key(hist))
                };
                if unknown(self, &next) {
                    self.live_grant(t, observed)?;
                    state = next;
                    continue 'ahead;
                }
            }
            return Ok(());
        }
    }

    fn pending(&mut self, state: &State, t: usize) -> Result<Op, String> {
        let hist = state.threads[t].0;
        if let Some(op) = self.ops.get(&hist) {
            return Ok(op.clone());
        }
        self.materialize(state)?;
        self.ops
            .get(&hist)
            .cloned()
            .ok_or_else(|| "a thread's next operation could not be learned".to_string())
    }

    // ---- the states ----

    fn enabled(state: &State, t: usize, op: &Op) -> bool {
        match op {
            Op::Lock { object } => {
                matches!(
                    state.memory.get(*object),
                    Some(Cell::Lock { holder: None, .. })
                )
            }
            Op::Join { thread, .. } => state.threads.get(*thread).is_some_and(|t| t.1),
            Op::Relock { condvar, mutex } => {
                let woken = match state.memory.get(*condvar) {
                    Some(Cell::Condvar { waiters }) => !waiters.contains(&t),
                    _ => false,
                };
                woken
                    && matches!(
                        state.memory.get(*mutex),
                        Some(Cell::Lock { holder: None, .. })
                    )
            }
            _ => true,
        }
    }

    fn step(&mut self, state: &State, t: usize, op: &Op) -> Result<(State, i128), String> {
        let mut s = state.clone();
        let bad = || format!("an operation on an unknown object: {op:?}");
        let observed = match op {
            Op::Start | Op::Yield => 0,
            Op::Provenance => i128::from(state.threads[t].0),
            Op::New { initial, flag } => {
                s.memory.push(Cell::Int {
                    value: *initial,
                    flag: *flag,
                });
                (s.memory.len() - 1) as i128
            }
            Op::NewLock => {
                let text = self.text("");
                let shown = self.text("()");
                s.memory.push(Cell::Lock {
                    holder: None,
                    text,
                    shown,
                    poisoned: false,
                });
                (s.memory.len() - 1) as i128
            }
            Op::Read { object } => match s.memory.get(*object) {
                Some(Cell::Int { value, .. }) => *value,
                _ => return Err(bad()),
            },
            Op::Write { object, value } => match s.memory.get_mut(*object) {
                Some(Cell::Int { value: cell, .. }) => {
                    *cell = *value;
                    0
                }
                _ => return Err(bad()),
            },
            Op::Update { object, how } => match s.memory.get_mut(*object) {
                Some(Cell::Int { value: cell, .. }) => {
                    let old = *cell;
                    *cell = match how {
                        How::Add(d) => old.wrapping_add(*d),
                        How::Sub(d) => old.wrapping_sub(*d),
                        How::Swap(v) => *v,
                    };
                    old
                }
                _ => return Err(bad()),
            },
            Op::Cas {
                object,
                current,
                new,
            } => match s.memory.get_mut(*object) {
                Some(Cell::Int { value: cell, .. }) => {
                    let found = *cell;
                    if found == *current {
                        *cell = *new;
                    }
                    found
                }
                _ => return Err(bad()),
            },
            Op::Lock { object } => match s.memory.get_mut(*object) {
                Some(Cell::Lock {
                    holder,
                    text,
                    poisoned,
                    ..
                }) => {
                    *holder = Some(t);
                    i128::from(*text) * 2 + i128::from(*poisoned)
                }
                _ => return Err(bad()),
            },
            Op::Unlock {
                object,
                leaves,
                key,
                panic,
            } => {
                let left = self.text(key);
                let left_shown = self.text(leaves);
                let message = panic.as_deref().map(|m| self.text(m));
                match s.memory.get_mut(*object) {
                    Some(Cell::Lock {
                        holder,
                        text,
                        shown,
                        poisoned,
                    }) => {
                        *holder = None;
                        *text = left;
                        *shown = left_shown;
                        if let Some(message) = message {
                            *poisoned = true;
                            s.first_panic.get_or_insert((t, message));
                        }
                        0
                    }
                    _ => return Err(bad()),
                }
            }
            Op::NewCondvar => {
                s.memory.push(Cell::Condvar {
                    waiters: Vec::new(),
                });
                (s.memory.len() - 1) as i128
            }
            Op::CondWait {
                condvar,
                mutex,
                leaves,
                key,
            } => {
                let left = self.text(key);
                let left_shown = self.text(leaves);
                match s.memory.get_mut(*mutex) {
                    Some(Cell::Lock {
                        holder,
                        text,
                        shown,
                        ..
                    }) => {
                        *holder = None;
                        *text = left;
                        *shown = left_shown;
                    }
                    _ => return Err(bad()),
                }
                match s.memory.get_mut(*condvar) {
                    Some(Cell::Condvar { waiters }) => waiters.push(t),
                    _ => return Err(bad()),
                }
                0
            }
            Op::Relock { mutex, .. } => match s.memory.get_mut(*mutex) {
                Some(Cell::Lock {
                    holder,
                    text,
                    poisoned,
                    ..
                }) => {
                    *holder = Some(t);
                    i128::from(*text) * 2 + i128::from(*poisoned)
                }
                _ => return Err(bad()),
            },
            Op::Notify { condvar, all } => match s.memory.get_mut(*condvar) {
                Some(Cell::Condvar { waiters }) => {
                    if *all {
                        waiters.clear();
                    } else if !waiters.is_empty() {
                        waiters.remove(0);
                    }
                    0
                }
                _ => return Err(bad()),
            },
            Op::Spawn => {
                let child = s.threads.len();
                if child > record::MAX_SPAWNED_THREADS {
                    return Err("more threads than loom models".into());
                }
                let root = self.root(child);
                s.threads.push((root, false));
                child as i128
            }
            Op::Join { thread, opaque } => {
                let last = s.threads[*thread].0;
                if *opaque {
                    match self.ops.get(&last) {
                        Some(Op::Finish(Ending::Panicked(message))) => {
                            let message = message.clone();
                            1 + i128::from(self.text(&message))
                        }
                        _ => 0,
                    }
                } else {
                    i128::from(last)
                }
            }
            Op::Finish(ending) => {
                s.threads[t].1 = true;
                match ending {
                    Ending::Value(i) if t == 0 => s.main_value = Some(*i),
                    Ending::Panicked(message) => {
                        let message = self.text(message);
                        s.first_panic.get_or_insert((t, message));
                    }
                    _ => {}
                }
                0
            }
        };
        if !matches!(op, Op::Finish(_)) {
            s.threads[t].0 = self.history(state.threads[t].0, observed);
        }
        Ok((s, observed))
    }

    /// Take every operation that is not a step, as long as one can go.
    fn settle(&mut self, state: &mut State) -> Result<usize, String> {
        let mut taken = 0;
        'again: loop {
            for t in 0..state.threads.len() {
                if state.threads[t].1 {
                    continue;
                }
                let op = self.pending(state, t)?;
                if !op.is_step() && Self::enabled(state, t, &op) {
                    let (next, observed) = self.step(state, t, &op)?;
                    *state = next;
                    self.path.push((t, observed));
                    taken += 1;
                    if self.path.len() > MAX_PATH {
                        return Err("a run took too many steps (a spin loop?)".into());
                    }
                    continue 'again;
                }
            }
            return Ok(taken);
        }
    }

    fn dfs(&mut self, mut state: State) -> Result<Histogram, String> {
        let taken = self.settle(&mut state)?;
        let result = self.branch(state);
        self.path.truncate(self.path.len() - taken);
        result
    }

    fn branch(&mut self, state: State) -> Result<Histogram, String> {
        if let Some(known) = self.memo.get(&state) {
            return Ok(Rc::clone(known));
        }
        let mut histogram: BTreeMap<End, u64> = BTreeMap::new();
        let mut moved = false;
        for t in 0..state.threads.len() {
            if state.threads[t].1 {
                continue;
            }
            let op = self.pending(&state, t)?;
            if !op.is_step() || !Self::enabled(&state, t, &op) {
                continue;
            }
            moved = true;
            let (next, observed) = self.step(&state, t, &op)?;
            self.path.push((t, observed));
            let below = self.dfs(next);
            self.path.pop();
            for &(end, n) in below?.iter() {
                let slot = histogram.entry(end).or_default();
                *slot = slot.saturating_add(n);
            }
        }
        if !moved {
            let end = match (state.main_value, state.first_panic) {
                (Some(i), _) => End::Value(i),
                (None, Some((thread, message))) if state.threads[0].1 => {
                    End::Panicked(thread, message)
                }
                _ => End::Deadlock,
            };
            histogram.insert(end, 1);
            self.witnesses
                .entry(end)
                .or_insert_with(|| self.path.clone());
        }
        let histogram: Histogram = histogram.into_iter().collect();
        if self.memo.len() >= MAX_STATES {
            return Err(format!("more than {MAX_STATES} states"));
        }
        self.memo.insert(state, Rc::clone(&histogram));
        Ok(histogram)
    }
}

/// The index of `value` among the distinct values `main` returned (equal
/// by `PartialEq`), adding it if it is new.
fn value_index<T: fmt::Debug + PartialEq>(values: &Mutex<Vec<(T, String)>>, value: T) -> usize {
    let mut values = values.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = values.iter().position(|(v, _)| *v == value) {
        return i;
    }
    let mut text = format!("{value:?}");
    let same = values
        .iter()
        .filter(|(_, t)| *t == text || t.starts_with(&format!("{text} (value ")))
        .count();
    if same > 0 {
        text = format!("{text} (value {})", same + 1);
    }
    values.push((value, text));
    values.len() - 1
}
