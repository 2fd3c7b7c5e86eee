//! The recorder: what one loom execution did, step by step.
//!
//! loom runs every modelled thread as a coroutine on the one OS thread that
//! called the exploration, and it switches threads only inside loom
//! operations. So a plain thread-local, borrowed briefly and never across a
//! loom operation, sees every step of an execution in the order it happened.
//! Each shadow type records its step right after its loom operation returns,
//! before any other thread can run.

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::panic;
use std::sync::Once;

use crate::count::{self, ClassKey};
use crate::report::{Outcome, Schedule, Step, StepKind, Value};

/// What a thread is blocked on, for deadlock detection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Waiting {
    /// Waiting to lock the mutex with this object id.
    Lock(usize),
    /// Waiting in `join` for the thread with this index to finish.
    Join(usize),
    /// Waiting for a notification on the condvar with this object id.
    Condvar(usize),
}

/// The payload a thread unwinds with once its execution has deadlocked.
///
/// It carries no message and the panic hook never sees it
/// (`resume_unwind`), so it is not a panic of the demo.
pub(crate) struct Abandoned;

/// A loom lock released late: a guard dropped while its thread unwinds is
/// kept here and released once the unwinding is over, so that no loom
/// operation runs during unwinding (see `sync::Mutex`).
pub(crate) type DeferredRelease = Box<dyn Any>;

struct ThreadState {
    loom_id: Option<loom::thread::ThreadId>,
    finished: bool,
    joined: bool,
    waiting: Option<Waiting>,
    deferred: Vec<DeferredRelease>,
    /// Whether this thread's panic has been drawn already (a guard dropped
    /// while unwinding draws it before the unlock).
    panic_drawn: bool,
    /// Woken by a notification while waiting on a condvar.
    woken: bool,
}

impl ThreadState {
    fn new() -> ThreadState {
        ThreadState {
            loom_id: None,
            finished: false,
            joined: false,
            waiting: None,
            deferred: Vec::new(),
            panic_drawn: false,
            woken: false,
        }
    }
}

/// The trace of one execution while it runs.
pub(crate) struct Recorder {
    steps: Vec<Step>,
    object_names: Vec<String>,
    mutex_holders: HashMap<usize, usize>,
    threads: Vec<ThreadState>,
    /// Spawned threads not yet joined: while there is one, steps are
    /// concurrent and drawn in the swimlanes.
    unjoined: usize,
    /// Set once a deadlock is found: every thread then unwinds.
    abandoned: bool,
    deadlock_note: Option<String>,
    /// The outcome main reached, once it has returned or unwound.
    outcome: Option<Outcome>,
    /// Threads waiting on each condvar, first come first woken, with the
    /// loom handle that wakes each.
    condvar_waiters: HashMap<usize, Vec<(usize, loom::thread::Thread)>>,
    /// Threads that closed a cycle of waits, parked until the run ends.
    parked: Vec<loom::thread::Thread>,
}

/// Every execution of one exploration, collected on the exploring thread.
pub(crate) struct Collector {
    pub(crate) executions: u64,
    /// One execution of each class of equivalent interleavings, the first
    /// loom ran.
    pub(crate) classes: HashMap<ClassKey, Schedule>,
    /// The distinct values the demo returned, compared with `PartialEq`,
    /// each with the text it is shown as.
    pub(crate) values: Vec<(Box<dyn Any>, String)>,
    /// `memory = "weak"`: executions differ by what their reads saw too.
    pub(crate) weak_memory: bool,
}

thread_local! {
    static RECORDER: RefCell<Option<Recorder>> = const { RefCell::new(None) };
    static COLLECTOR: RefCell<Option<Collector>> = const { RefCell::new(None) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The most threads loom can model besides `main`.
pub(crate) const MAX_SPAWNED_THREADS: usize = loom::MAX_THREADS - 1;

fn with<R>(f: impl FnOnce(&mut Recorder) -> R) -> R {
    RECORDER.with(|cell| {
        let mut borrowed = cell.borrow_mut();
        let recorder = borrowed
            .as_mut()
            .expect("racelint-demo types only work inside a `#[demo]` exploration");
        f(recorder)
    })
}

/// Whether an execution is being recorded on this OS thread.
pub(crate) fn is_recording() -> bool {
    // `try_borrow`: the panic hook asks too, maybe while a step is recorded.
    RECORDER.with(|cell| cell.try_borrow().map_or(true, |r| r.is_some()))
}

/// Install, once, a panic hook that keeps quiet about panics inside an
/// exploration (they are outcomes, reported with their schedule) and hands
/// every other panic to the hook that was there before.
fn install_quiet_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if is_recording()
                || crate::drive::is_driven()
                || COLLECTOR.with(|c| c.try_borrow().map_or(true, |c| c.is_some()))
            {
                let message = payload_message(info.payload());
                LAST_PANIC.with(|last| {
                    if let Ok(mut last) = last.try_borrow_mut() {
                        *last = Some(message);
                    }
                });
            } else {
                previous(info);
            }
        }));
    });
}

/// The first line of a panic payload's text (`assert_eq!` adds more).
pub(crate) fn payload_message(payload: &(dyn Any + Send)) -> String {
    let text = if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.as_str()
    } else {
        "a panic with a non-text payload"
    };
    text.lines().next().unwrap_or_default().to_string()
}

/// The payload of the panic that stops an exploration because the demo
/// starts more threads than loom can model.
pub(crate) struct TooManyThreads(pub(crate) String);

/// The message of the panic this thread is unwinding from, left in place.
pub(crate) fn peek_last_panic() -> String {
    LAST_PANIC
        .with(|last| last.try_borrow().ok().and_then(|l| l.clone()))
        .unwrap_or_else(|| "a panic".to_string())
}

/// The message of the last panic the quiet hook saw, if any.
pub(crate) fn take_last_panic() -> Option<String> {
    LAST_PANIC.with(|last| last.borrow_mut().take())
}

/// Start collecting an exploration on this OS thread.
pub(crate) fn start_exploration(values: Vec<(Box<dyn Any>, String)>, weak_memory: bool) {
    install_quiet_panic_hook();
    COLLECTOR.with(|c| {
        *c.borrow_mut() = Some(Collector {
            executions: 0,
            classes: HashMap::new(),
            values,
            weak_memory,
        })
    });
}

/// Whether this exploration uses loom's memory model (`memory = "weak"`).
pub(crate) fn weak_memory() -> bool {
    COLLECTOR.with(|c| {
        c.try_borrow()
            .ok()
            .and_then(|c| c.as_ref().map(|c| c.weak_memory))
            .unwrap_or(false)
    })
}

/// Install the quiet panic hook (the driven backend's threads use it too).
pub(crate) fn quiet_panics() {
    install_quiet_panic_hook();
}

/// Stop collecting and hand back every execution.
pub(crate) fn finish_exploration() -> Collector {
    finish_execution();
    COLLECTOR.with(|c| c.borrow_mut().take().expect("an exploration is running"))
}

/// Begin one execution: called by the model closure on loom's main thread.
pub(crate) fn begin_execution() {
    finish_execution();
    let mut main = ThreadState::new();
    main.loom_id = Some(loom::thread::current().id());
    RECORDER.with(|cell| {
        *cell.borrow_mut() = Some(Recorder {
            steps: Vec::new(),
            object_names: Vec::new(),
            mutex_holders: HashMap::new(),
            threads: vec![main],
            unjoined: 0,
            abandoned: false,
            deadlock_note: None,
            outcome: None,
            condvar_waiters: HashMap::new(),
            parked: Vec::new(),
        })
    });
    COLLECTOR.with(|c| {
        if let Some(collector) = c.borrow_mut().as_mut() {
            collector.executions += 1;
        }
    });
}

/// Move the previous execution, if any, into the collector. Threads that
/// outlive `main` still record steps after `main` returns, so an execution
/// is closed only when the next one starts or the exploration ends.
fn finish_execution() {
    let Some(recorder) = RECORDER.with(|cell| cell.borrow_mut().take()) else {
        return;
    };
    let outcome = if recorder.abandoned {
        Outcome::Deadlock
    } else {
        recorder.outcome.unwrap_or(Outcome::Unfinished)
    };
    let schedule = Schedule {
        thread_labels: (0..recorder.threads.len()).map(thread_label).collect(),
        object_names: recorder.object_names,
        steps: recorder.steps,
        outcome,
        deadlock: recorder.deadlock_note,
    };
    let mut key = count::class_key(&schedule);
    COLLECTOR.with(|c| {
        if let Some(collector) = c.borrow_mut().as_mut() {
            if collector.weak_memory {
                // What each read saw tells executions apart, not only the order.
                for step in &schedule.steps {
                    if let StepKind::Read { value } = &step.kind {
                        key.extend(format!("{value}").bytes().map(u32::from));
                        key.push(u32::MAX - 3);
                    }
                }
            }
            collector.classes.entry(key).or_insert(schedule);
        }
    });
}

/// The outcome "returned `value`": equal values (by `PartialEq`) are one
/// outcome, shown as the `Debug` text of the first of them.
pub(crate) fn value_outcome<T: PartialEq + std::fmt::Debug + 'static>(value: T) -> Outcome {
    let known = COLLECTOR.with(|c| {
        let c = c.borrow();
        let collector = c.as_ref()?;
        collector
            .values
            .iter()
            .find(|(seen, _)| seen.downcast_ref::<T>() == Some(&value))
            .map(|(_, text)| text.clone())
    });
    if let Some(text) = known {
        return Outcome::Value(text);
    }
    let mut text = format!("{value:?}");
    COLLECTOR.with(|c| {
        if let Some(collector) = c.borrow_mut().as_mut() {
            let same_text = collector
                .values
                .iter()
                .filter(|(_, seen)| seen == &text || seen.starts_with(&format!("{text} (value ")))
                .count();
            if same_text > 0 {
                text = format!("{text} (value {})", same_text + 1);
            }
            collector.values.push((Box::new(value), text.clone()));
        }
    });
    Outcome::Value(text)
}

/// The name a learner sees for a thread: `main`, `thread 1`, `thread 2`...
pub(crate) fn thread_label(index: usize) -> String {
    if index == 0 {
        "main".to_string()
    } else {
        format!("thread {index}")
    }
}

/// Record how `main` ended this execution.
pub(crate) fn set_outcome(outcome: Outcome) {
    with(|r| r.outcome = Some(outcome));
}

/// `main` unwound with `message`: the outcome names the first panic of the
/// run, which may have started on another thread and reached `main`
/// through `join`.
pub(crate) fn main_panicked(message: String) -> Outcome {
    let first = with(|r| {
        r.steps.iter().find_map(|s| match &s.kind {
            StepKind::Panic { message } => Some((s.thread, message.clone())),
            _ => None,
        })
    });
    let (thread, message) = match first {
        Some(first) => first,
        None => {
            record(
                None,
                StepKind::Panic {
                    message: message.clone(),
                },
            );
            (0, message)
        }
    };
    Outcome::Panicked {
        thread: thread_label(thread),
        message,
    }
}

fn current_in(r: &Recorder, id: loom::thread::ThreadId) -> usize {
    r.threads
        .iter()
        .position(|t| t.loom_id == Some(id))
        .expect("every modelled thread registers itself when it starts")
}

/// Register a shadow object and return its id.
pub(crate) fn new_object(kind: &str) -> usize {
    with(|r| {
        let id = r.object_names.len();
        r.object_names.push(format!("{kind} #{}", id + 1));
        id
    })
}

/// Give a shadow object the name of the variable it was bound to.
pub(crate) fn name_object(id: usize, name: &str) {
    if let Some((driver, _)) = crate::drive::current() {
        driver.name(id, name);
        return;
    }
    with(|r| {
        if let Some(slot) = r.object_names.get_mut(id) {
            *slot = name.to_string();
        }
    });
}

/// Unwind this thread if its execution has deadlocked: called at the start
/// and the end of every shadow operation.
pub(crate) fn unwind_if_abandoned() {
    if with(|r| r.abandoned) {
        panic::resume_unwind(Box::new(Abandoned));
    }
}

/// Record a step of the running thread on `object`.
pub(crate) fn record(object: Option<usize>, kind: StepKind) {
    let id = loom::thread::current().id();
    with(|r| {
        if r.abandoned {
            return;
        }
        let thread = current_in(r, id);
        let concurrent = r.unjoined > 0;
        r.steps.push(Step {
            thread,
            object,
            kind,
            concurrent,
        });
    });
}

/// Reserve the index of a thread about to be spawned.
pub(crate) fn register_spawn() -> usize {
    let id = loom::thread::current().id();
    with(|r| {
        let spawned = r.threads.len() - 1;
        if spawned >= MAX_SPAWNED_THREADS {
            panic::resume_unwind(Box::new(TooManyThreads(format!(
                "this demo starts more than {MAX_SPAWNED_THREADS} threads, but loom models at \
                 most {MAX_SPAWNED_THREADS} besides main: use fewer threads"
            ))));
        }
        let parent = current_in(r, id);
        r.threads.push(ThreadState::new());
        r.unjoined += 1;
        let child = r.threads.len() - 1;
        if !r.abandoned {
            r.steps.push(Step {
                thread: parent,
                object: None,
                kind: StepKind::Spawn { thread: child },
                concurrent: r.unjoined > 1,
            });
        }
        child
    })
}

/// Called first thing on a spawned thread.
pub(crate) fn bind_thread(index: usize) {
    let id = loom::thread::current().id();
    with(|r| r.threads[index].loom_id = Some(id));
}

/// Called last thing on a spawned thread, after its body returned or
/// unwound: records a panic as a step and releases locks its unwinding held
/// on to.
pub(crate) fn end_thread(index: usize, panic_payload: Option<&(dyn Any + Send)>) {
    if let Some(payload) = panic_payload {
        if payload.downcast_ref::<Abandoned>().is_none() {
            let message = take_last_panic().unwrap_or_else(|| payload_message(payload));
            if !with(|r| r.threads[index].panic_drawn) {
                record(None, StepKind::Panic { message });
            }
        }
    }
    release_deferred(index);
    // The last thread that could have changed anything is gone: if every
    // other thread waits for something that can no longer happen, the run
    // has deadlocked; the waiters on condvars are woken so that they unwind.
    let waiters = with(|r| {
        r.threads[index].finished = true;
        let waiting = r.threads.iter().any(|t| t.waiting.is_some());
        if r.abandoned || !waiting || !everyone_stuck(r) {
            return Vec::new();
        }
        if r.deadlock_note.is_none() {
            r.deadlock_note = Some(describe_stuck(r));
        }
        draw_every_wait(r);
        r.abandoned = true;
        wake_every_waiter(r)
    });
    for waiter in waiters {
        waiter.unpark();
    }
}

/// Release the loom locks that guards dropped during unwinding kept.
pub(crate) fn release_deferred(index: usize) {
    // Taken out first: releasing runs loom code, never under our borrow.
    let deferred = with(|r| std::mem::take(&mut r.threads[index].deferred));
    drop(deferred);
}

/// The running thread is unwinding from a panic of the demo and a guard it
/// holds is about to be dropped: draw the panic now, before the unlock, as
/// it happened (the panic hook has already noted its message).
pub(crate) fn draw_panic_before_unlock() {
    let id = loom::thread::current().id();
    let message = LAST_PANIC.with(|last| last.borrow().clone());
    let message = message.unwrap_or_else(|| "a panic".to_string());
    with(|r| {
        if r.abandoned {
            return;
        }
        let thread = current_in(r, id);
        if r.threads[thread].panic_drawn {
            return;
        }
        r.threads[thread].panic_drawn = true;
        let concurrent = r.unjoined > 0;
        r.steps.push(Step {
            thread,
            object: None,
            kind: StepKind::Panic { message },
            concurrent,
        });
    });
}

/// Keep a loom lock to release after the running thread's unwinding ends.
pub(crate) fn defer_release(release: DeferredRelease) {
    let id = loom::thread::current().id();
    with(|r| {
        let thread = current_in(r, id);
        r.threads[thread].deferred.push(release);
    });
}

/// Whether the thread with this index has finished its body.
pub(crate) fn is_finished(index: usize) -> bool {
    with(|r| r.threads[index].finished)
}

/// Note that `main` (or any thread) joined the thread with this index.
pub(crate) fn joined(index: usize) {
    let id = loom::thread::current().id();
    with(|r| {
        if !r.abandoned {
            let thread = current_in(r, id);
            let concurrent = r.unjoined > 0;
            r.steps.push(Step {
                thread,
                object: None,
                kind: StepKind::Joined { thread: index },
                concurrent,
            });
        }
        if !r.threads[index].joined {
            r.threads[index].joined = true;
            r.unjoined -= 1;
        }
    });
}

/// Whether the running thread's loom execution has been given up (false on
/// the driven backend and outside explorations).
pub(crate) fn is_abandoned_here() -> bool {
    RECORDER.with(|cell| {
        cell.try_borrow()
            .ok()
            .and_then(|r| r.as_ref().map(|r| r.abandoned))
            .unwrap_or(false)
    })
}

/// Whether the execution has been given up because of a deadlock.
pub(crate) fn is_abandoned() -> bool {
    with(|r| r.abandoned)
}

/// The running thread is about to block. If every thread in the chain of
/// "waits for" that starts here comes back to it, nobody can ever go on:
/// the execution has deadlocked. Then the deadlock is noted, the execution
/// abandoned, and this thread unwinds.
pub(crate) fn start_waiting(waiting: Waiting) {
    let id = loom::thread::current().id();
    let found = with(|r| {
        let me = current_in(r, id);
        r.threads[me].waiting = Some(waiting);
        if let Waiting::Condvar(condvar) = waiting {
            r.threads[me].woken = false;
            r.condvar_waiters
                .entry(condvar)
                .or_default()
                .push((me, loom::thread::current()));
        }
        let cycle = find_cycle(r, me);
        if let Some(cycle) = &cycle {
            if r.deadlock_note.is_none() {
                r.deadlock_note = Some(describe_deadlock(r, cycle));
            }
        }
        if everyone_stuck(r) {
            if r.deadlock_note.is_none() {
                r.deadlock_note = Some(describe_stuck(r));
            }
            draw_every_wait(r);
            r.abandoned = true;
            return Found::Deadlock(wake_every_waiter(r));
        }
        if cycle.is_some() {
            // Stuck for good, but other threads can still take steps: they
            // run on until nobody can, as in any schedule of the program.
            r.parked.push(loom::thread::current());
            return Found::Stuck;
        }
        Found::Nothing
    });
    match found {
        Found::Nothing => {}
        Found::Deadlock(waiters) => {
            // Threads waiting on a condvar, or parked in a cycle, would
            // never wake: wake them, so that they unwind too.
            for waiter in waiters {
                waiter.unpark();
            }
            panic::resume_unwind(Box::new(Abandoned));
        }
        Found::Stuck => {
            while !is_abandoned() {
                loom::thread::park();
            }
            panic::resume_unwind(Box::new(Abandoned));
        }
    }
}

/// What a thread about to wait found.
enum Found {
    /// Nothing: it waits.
    Nothing,
    /// Nobody can go on: the run has deadlocked; wake these to unwind.
    Deadlock(Vec<loom::thread::Thread>),
    /// It closed a cycle of waits while others can still run: it parks.
    Stuck,
}

fn wake_every_waiter(r: &mut Recorder) -> Vec<loom::thread::Thread> {
    let mut handles = std::mem::take(&mut r.parked);
    for (_, waiters) in r.condvar_waiters.drain() {
        for (thread, handle) in waiters {
            r.threads[thread].woken = true;
            handles.push(handle);
        }
    }
    handles
}

/// A notification on `condvar`: the first waiter (or all of them) wakes.
/// Returns the woken threads with the loom handles to unpark.
pub(crate) fn notified(condvar: usize, all: bool) -> Vec<(usize, loom::thread::Thread)> {
    with(|r| {
        let waiters = r.condvar_waiters.entry(condvar).or_default();
        let woken: Vec<(usize, loom::thread::Thread)> = if all {
            std::mem::take(waiters)
        } else if waiters.is_empty() {
            Vec::new()
        } else {
            vec![waiters.remove(0)]
        };
        for (thread, _) in &woken {
            r.threads[*thread].woken = true;
        }
        woken
    })
}

/// Whether the running thread has been woken on the condvar it waits on.
pub(crate) fn is_woken() -> bool {
    let id = loom::thread::current().id();
    with(|r| {
        let me = current_in(r, id);
        r.threads[me].woken || r.abandoned
    })
}

/// Whether every thread that has not finished waits for something that
/// cannot happen any more: a lock someone holds, a thread that has not
/// finished, a notification nobody can send.
fn everyone_stuck(r: &Recorder) -> bool {
    r.threads.iter().all(|thread| {
        if thread.finished {
            return true;
        }
        if thread.loom_id.is_none() {
            // Spawned and not started yet: it can still run.
            return false;
        }
        match thread.waiting {
            None => false,
            Some(Waiting::Lock(object)) => r.mutex_holders.contains_key(&object),
            Some(Waiting::Join(other)) => !r.threads[other].finished,
            Some(Waiting::Condvar(_)) => !thread.woken,
        }
    })
}

fn describe_stuck(r: &Recorder) -> String {
    let mut parts = Vec::new();
    for (index, thread) in r.threads.iter().enumerate() {
        let Some(waiting) = thread.waiting else {
            continue;
        };
        let what = match waiting {
            Waiting::Lock(object) => format!("waits for {}", r.object_names[object]),
            Waiting::Join(other) => format!("waits for {} to finish", thread_label(other)),
            Waiting::Condvar(condvar) => {
                format!("waits for a notification on {}", r.object_names[condvar])
            }
        };
        parts.push(format!("{} {what}", thread_label(index)));
    }
    format!("{}: nobody is left to change that", parts.join("; "))
}

/// The running thread is about to try something that may block it; no
/// deadlock check yet (it may not block at all).
pub(crate) fn mark_waiting(waiting: Waiting) {
    let id = loom::thread::current().id();
    with(|r| {
        let me = current_in(r, id);
        r.threads[me].waiting = Some(waiting);
    });
}

/// The running thread stopped waiting.
pub(crate) fn stop_waiting() {
    let id = loom::thread::current().id();
    with(|r| {
        let me = current_in(r, id);
        r.threads[me].waiting = None;
    });
}

/// The thread that `waiter` waits for, if it waits for one that can still
/// act.
fn waits_for(r: &Recorder, waiter: usize) -> Option<usize> {
    match r.threads[waiter].waiting? {
        Waiting::Lock(object) => r.mutex_holders.get(&object).copied(),
        Waiting::Join(thread) => (!r.threads[thread].finished).then_some(thread),
        Waiting::Condvar(_) => None,
    }
}

/// At a deadlock, every waiting thread's wait is drawn, once: the picture
/// shows each thread stuck where it is.
fn draw_every_wait(r: &mut Recorder) {
    for thread in 0..r.threads.len() {
        let Some(waiting) = r.threads[thread].waiting else {
            continue;
        };
        let kind = match waiting {
            Waiting::Lock(object) => match r.mutex_holders.get(&object) {
                Some(&holder) => StepKind::WaitForLock { holder },
                None => continue,
            },
            Waiting::Join(other) => StepKind::WaitForJoin { thread: other },
            Waiting::Condvar(_) => StepKind::WaitForNotify,
        };
        let object = match waiting {
            Waiting::Lock(object) | Waiting::Condvar(object) => Some(object),
            Waiting::Join(_) => None,
        };
        let drawn = r
            .steps
            .iter()
            .rev()
            .find(|s| s.thread == thread && !s.kind.is_marker())
            .is_some_and(|s| s.kind == kind && s.object == object);
        if !drawn {
            let concurrent = r.unjoined > 0;
            r.steps.push(Step {
                thread,
                object,
                kind,
                concurrent,
            });
        }
    }
}

fn find_cycle(r: &Recorder, start: usize) -> Option<Vec<usize>> {
    let mut chain = vec![start];
    let mut at = start;
    loop {
        let next = waits_for(r, at)?;
        if next == start {
            return Some(chain);
        }
        if chain.contains(&next) {
            return None;
        }
        chain.push(next);
        at = next;
    }
}

fn describe_deadlock(r: &Recorder, cycle: &[usize]) -> String {
    // Told from the first thread in the cycle: thread 1 before thread 2.
    let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
    let mut parts = Vec::new();
    for &thread in cycle[first..].iter().chain(&cycle[..first]) {
        let mut held: Vec<usize> = r
            .mutex_holders
            .iter()
            .filter(|&(_, &holder)| holder == thread)
            .map(|(&object, _)| object)
            .collect();
        held.sort_unstable();
        let held: Vec<&str> = held.iter().map(|&o| r.object_names[o].as_str()).collect();
        let waits = match r.threads[thread].waiting {
            Some(Waiting::Lock(object)) => format!("waits for {}", r.object_names[object]),
            Some(Waiting::Join(other)) => format!("waits for {} to finish", thread_label(other)),
            Some(Waiting::Condvar(condvar)) => {
                format!("waits for a notification on {}", r.object_names[condvar])
            }
            None => "waits".to_string(),
        };
        let holds = if held.is_empty() {
            String::new()
        } else {
            format!("holds {} and ", held.join(" and "))
        };
        parts.push(format!("{} {holds}{waits}", thread_label(thread)));
    }
    let nobody = if cycle.len() == 2 {
        "neither"
    } else {
        "none of them"
    };
    format!("{}: {nobody} can go on", parts.join("; "))
}

/// The running thread now holds the mutex `object`.
pub(crate) fn acquired(object: usize) {
    let id = loom::thread::current().id();
    with(|r| {
        let me = current_in(r, id);
        r.mutex_holders.insert(object, me);
    });
}

/// Nobody holds the mutex `object` any more.
pub(crate) fn released(object: usize) {
    with(|r| {
        r.mutex_holders.remove(&object);
    });
}

/// Which thread holds the mutex `object`, if any.
pub(crate) fn holder_of(object: usize) -> Option<usize> {
    with(|r| r.mutex_holders.get(&object).copied())
}

/// Values a step shows, from a `Debug` value.
pub(crate) fn debug_value<T: std::fmt::Debug + ?Sized>(value: &T) -> Value {
    Value::Text(format!("{value:?}"))
}
