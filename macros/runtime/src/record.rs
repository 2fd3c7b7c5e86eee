//! The recorder: what one loom execution did, step by step.
//!
//! loom runs every modelled thread as a coroutine on the one OS thread that
//! called the exploration, and it switches threads only inside loom
//! operations. So a plain thread-local, borrowed briefly and never across a
//! loom operation, sees every step of an execution in the order it happened.
//! Each shadow type records its step right after its loom operation returns,
//! before any other thread can run.
//!
//! - `panics`: the quiet panic hook and the panics drawn as steps;
//! - `wait`: what threads wait for, lock holders, deadlock detection;
//! - this file: the recorder's state, the exploration and each execution
//!   in it, shadow objects, and the steps and threads of a run.

mod panics;
mod wait;

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::panic;

use crate::count::{self, ClassKey};
use crate::report::{Outcome, Schedule, Step, StepKind, Value};

pub(crate) use panics::{
    TooManyThreads, draw_panic_before_unlock, payload_message, peek_last_panic, quiet_panics,
    take_last_panic,
};
pub(crate) use wait::{
    Abandoned, Waiting, acquired, holder_of, is_abandoned, is_abandoned_here, is_woken,
    mark_waiting, notified, released, start_waiting, stop_waiting, unwind_if_abandoned,
};

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

/// Start collecting an exploration on this OS thread.
pub(crate) fn start_exploration(values: Vec<(Box<dyn Any>, String)>, weak_memory: bool) {
    panics::install_quiet_panic_hook();
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
        if r.abandoned || !waiting || !wait::everyone_stuck(r) {
            return Vec::new();
        }
        wait::abandon_stuck(r)
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

/// Values a step shows, from a `Debug` value.
pub(crate) fn debug_value<T: std::fmt::Debug + ?Sized>(value: &T) -> Value {
    Value::Text(format!("{value:?}"))
}
