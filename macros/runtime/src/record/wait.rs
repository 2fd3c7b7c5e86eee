//! Waiting and deadlocks: what each thread is blocked on, who holds which
//! mutex, the condvars' waiters, and the check, before every wait, for a
//! cycle of waits or a state where nobody can go on. A deadlocked execution
//! is abandoned: every thread unwinds with [`Abandoned`].

use std::panic;

use crate::report::{Step, StepKind};

use super::{RECORDER, Recorder, current_in, thread_label, with};

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

/// Unwind this thread if its execution has deadlocked: called at the start
/// and the end of every shadow operation.
pub(crate) fn unwind_if_abandoned() {
    if with(|r| r.abandoned) {
        panic::resume_unwind(Box::new(Abandoned));
    }
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
            return Found::Deadlock(abandon_stuck(r));
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

/// Nobody can go on: note why (unless a cycle of waits was noted already),
/// draw every thread's wait, and give the execution up. Returns the threads
/// to wake so that they unwind too.
pub(super) fn abandon_stuck(r: &mut Recorder) -> Vec<loom::thread::Thread> {
    if r.deadlock_note.is_none() {
        r.deadlock_note = Some(describe_stuck(r));
    }
    draw_every_wait(r);
    r.abandoned = true;
    wake_every_waiter(r)
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
pub(super) fn everyone_stuck(r: &Recorder) -> bool {
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

/// What a thread waits for, in words: `waits for m`, `waits for thread 1
/// to finish`, `waits for a notification on c`.
fn describe_wait(r: &Recorder, waiting: Waiting) -> String {
    match waiting {
        Waiting::Lock(object) => format!("waits for {}", r.object_names[object]),
        Waiting::Join(other) => format!("waits for {} to finish", thread_label(other)),
        Waiting::Condvar(condvar) => {
            format!("waits for a notification on {}", r.object_names[condvar])
        }
    }
}

fn describe_stuck(r: &Recorder) -> String {
    let mut parts = Vec::new();
    for (index, thread) in r.threads.iter().enumerate() {
        let Some(waiting) = thread.waiting else {
            continue;
        };
        parts.push(format!(
            "{} {}",
            thread_label(index),
            describe_wait(r, waiting)
        ));
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
        let waits = r.threads[thread]
            .waiting
            .map_or_else(|| "waits".to_string(), |waiting| describe_wait(r, waiting));
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
