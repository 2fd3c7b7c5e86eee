//! The driven backend: the demo on real OS threads, one at a time, each
//! visible operation granted by the counter in [`crate::statespace`].
//!
//! Every modelled thread runs on its own OS thread. Before each operation
//! on shared state (and before starting, spawning, joining and finishing)
//! it reports the operation and waits; the counter grants one thread at a
//! time and hands it the operation's result. The shadow types in
//! [`crate::sync`] and [`crate::thread`] use this backend when their thread
//! is driven, and loom otherwise.

use std::cell::RefCell;
use std::sync::{Arc, Condvar, Mutex};

/// An operation a driven thread asks to do next: data only, so that the
/// counter can apply it to its own copy of the shared state.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Op {
    /// The thread starts (not a step).
    Start,
    /// Create an atomic (or `SharedInt`) holding this value (not a step).
    New { initial: i128, flag: bool },
    /// Create a mutex (not a step).
    NewLock,
    /// Read an atomic.
    Read { object: usize },
    /// Write an atomic.
    Write { object: usize, value: i128 },
    /// Read and write in one step.
    Update { object: usize, how: How },
    /// `compare_exchange`.
    Cas {
        object: usize,
        current: i128,
        new: i128,
    },
    /// Take a mutex (only when it is free).
    Lock { object: usize },
    /// Release it, leaving this text inside; `panic` while unwinding.
    Unlock {
        object: usize,
        leaves: String,
        key: String,
        panic: Option<String>,
    },
    /// Create a condvar (not a step).
    NewCondvar,
    /// `Condvar::wait`: release the mutex and wait, in one step.
    CondWait {
        condvar: usize,
        mutex: usize,
        leaves: String,
        key: String,
    },
    /// Ask who is running, in what state (not a step): the result names
    /// the thread's history, for data that carries it (a channel message
    /// remembers its sender's state).
    Provenance,
    /// Take the mutex back once notified (a lock step).
    Relock { condvar: usize, mutex: usize },
    /// `notify_one` or `notify_all`.
    Notify { condvar: usize, all: bool },
    /// Start a thread (not a step): the result is its index.
    Spawn,
    /// Wait for a thread to finish (not a step). `opaque`: the thread
    /// returns a zero-sized value, so joining it tells only whether it
    /// panicked (and with what message), not how it got there.
    Join { thread: usize, opaque: bool },
    /// `yield_now` (not a step).
    Yield,
    /// The thread ended.
    Finish(Ending),
}

/// How an update changes the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum How {
    Add(i128),
    Sub(i128),
    Swap(i128),
}

/// How a driven thread ended.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Ending {
    /// `main` returned the value with this index among the distinct values.
    Value(usize),
    /// A spawned thread returned.
    Returned,
    /// The thread panicked with this message.
    Panicked(String),
}

impl Op {
    /// Whether the operation is a step of a schedule (it touches shared
    /// state other threads can see).
    pub(crate) fn is_step(&self) -> bool {
        matches!(
            self,
            Op::Read { .. }
                | Op::Write { .. }
                | Op::Update { .. }
                | Op::Cas { .. }
                | Op::Lock { .. }
                | Op::Unlock { .. }
                | Op::CondWait { .. }
                | Op::Relock { .. }
                | Op::Notify { .. }
        )
    }
}

/// The payload a driven scoped join unwinds with when the thread it joins
/// left no result.
pub(crate) struct Aborted;

#[derive(Default)]
struct Inner {
    /// The operation each thread waits to do.
    reports: Vec<Option<Op>>,
    /// The result handed to a thread allowed to go on.
    grants: Vec<Option<i128>>,
    /// Threads started and not finished.
    alive: Vec<bool>,
    /// Set when the demo did something the counter cannot follow.
    unsupported: Option<String>,
    /// Names given to objects, by object id.
    names: Vec<(usize, String)>,
    os_threads: Vec<std::thread::JoinHandle<()>>,
}

/// One driven execution.
#[derive(Default)]
pub(crate) struct Driver {
    inner: Mutex<Inner>,
    changed: Condvar,
}

thread_local! {
    static DRIVEN: RefCell<Option<(Arc<Driver>, usize)>> = const { RefCell::new(None) };
}

/// The driver and thread index of the running thread, if it is driven.
pub(crate) fn current() -> Option<(Arc<Driver>, usize)> {
    DRIVEN.with(|d| d.borrow().clone())
}

/// Whether the running thread is driven.
pub(crate) fn is_driven() -> bool {
    DRIVEN.with(|d| d.try_borrow().is_ok_and(|d| d.is_some()))
}

impl Driver {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Thread side: report `op` and wait for its result.
    pub(crate) fn op(&self, me: usize, op: Op) -> i128 {
        let mut inner = self.lock();
        inner.reports[me] = Some(op);
        self.changed.notify_all();
        loop {
            if let Some(result) = inner.grants[me].take() {
                return result;
            }
            inner = self.changed.wait(inner).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Note that the demo did something the counter cannot follow.
    pub(crate) fn unsupported(&self, what: &str) {
        let mut inner = self.lock();
        inner.unsupported.get_or_insert_with(|| what.to_string());
    }

    /// Remember an object's name.
    pub(crate) fn name(&self, object: usize, name: &str) {
        self.lock().names.push((object, name.to_string()));
    }

    /// Start a driven OS thread with index `index` running `body`.
    pub(crate) fn start_thread(
        self: &Arc<Self>,
        index: usize,
        body: impl FnOnce() + Send + 'static,
    ) {
        let driver = Arc::clone(self);
        let handle = std::thread::Builder::new()
            .name(format!("racelint-demo thread {index}"))
            .spawn(move || {
                DRIVEN.with(|d| *d.borrow_mut() = Some((Arc::clone(&driver), index)));
                body();
                DRIVEN.with(|d| *d.borrow_mut() = None);
            });
        match handle {
            Ok(handle) => self.lock().os_threads.push(handle),
            Err(_) => self.unsupported("an OS thread could not be started"),
        }
    }

    /// Counter side: make room for a thread that is about to report.
    pub(crate) fn expect_thread(&self, index: usize) {
        let mut inner = self.lock();
        if inner.reports.len() <= index {
            inner.reports.resize(index + 1, None);
            inner.grants.resize(index + 1, None);
            inner.alive.resize(index + 1, false);
        }
        inner.alive[index] = true;
    }

    /// Counter side: wait until every live thread has reported, and return
    /// the reports (or why the demo cannot be followed).
    pub(crate) fn wait_for_reports(&self) -> Result<Vec<Option<Op>>, String> {
        let mut inner = self.lock();
        loop {
            if let Some(why) = &inner.unsupported {
                return Err(why.clone());
            }
            let ready =
                (0..inner.alive.len()).all(|t| !inner.alive[t] || inner.reports[t].is_some());
            if ready {
                return Ok(inner.reports.clone());
            }
            let (next, timeout) = self
                .changed
                .wait_timeout(inner, std::time::Duration::from_secs(10))
                .unwrap_or_else(|e| e.into_inner());
            inner = next;
            if timeout.timed_out() {
                return Err(
                    "a thread did not come back (it may wait on something not modelled)".into(),
                );
            }
        }
    }

    /// Counter side: let thread `t` do its reported operation with this
    /// result. A thread that finishes is no longer waited for.
    pub(crate) fn grant(&self, t: usize, result: i128) {
        let mut inner = self.lock();
        if matches!(inner.reports[t], Some(Op::Finish(_))) {
            inner.alive[t] = false;
        }
        inner.reports[t] = None;
        inner.grants[t] = Some(result);
        self.changed.notify_all();
    }

    /// The names given to objects so far.
    pub(crate) fn names(&self) -> Vec<(usize, String)> {
        self.lock().names.clone()
    }

    /// Counter side: wait for the OS threads of a run that has finished.
    pub(crate) fn finish(&self) {
        let threads = std::mem::take(&mut self.lock().os_threads);
        for thread in threads {
            let _ = thread.join();
        }
    }
}

/// A number that names the running thread's state on the driven backend
/// (its history), and 0 on loom.
pub(crate) fn provenance() -> u64 {
    if is_driven() {
        op(Op::Provenance) as u64
    } else {
        0
    }
}

/// Thread side: do `op` on the running driven thread.
pub(crate) fn op(op: Op) -> i128 {
    let (driver, me) = current().expect("a driven thread");
    driver.op(me, op)
}
