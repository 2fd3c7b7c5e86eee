//! A shadow of `std::sync::Condvar` on both backends.

use std::fmt;
use std::sync::LockResult;
use std::sync::PoisonError;
use std::sync::atomic::Ordering::Relaxed;

use super::{HeldLock, MutexGuard, Named};
use crate::drive::{self, Op};
use crate::record::{self, Waiting};
use crate::report::StepKind;

/// A shadow of `std::sync::Condvar`: `wait` releases the mutex and waits in
/// one step, a notified thread takes the mutex back in a lock step, and
/// `notify_one` wakes the thread that waited longest (there are no
/// spurious wakeups in the model).
///
/// On loom it is built on `park` and `unpark`, with its waiters kept by the
/// recorder: a thread registers as a waiter and releases the mutex with no
/// loom operation in between, as one step.
pub struct Condvar {
    /// A loom lock touched by every wait and notify, so that loom sees them
    /// conflict and tries them in both orders (`None` on the driven
    /// backend).
    marker: Option<loom::sync::Mutex<()>>,
    object: usize,
}

impl Condvar {
    /// A new condvar.
    pub fn new() -> Condvar {
        if drive::is_driven() {
            let object = drive::op(Op::NewCondvar) as usize;
            return Condvar {
                marker: None,
                object,
            };
        }
        Condvar {
            marker: Some(loom::sync::Mutex::new(())),
            object: record::new_object("condvar"),
        }
    }

    fn touch(&self) {
        if let Some(marker) = &self.marker {
            drop(marker.try_lock());
        }
    }

    /// Release the mutex, wait for a notification, and take the mutex back.
    pub fn wait<'a, T>(&self, mut guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
        let mutex = guard.mutex;
        let show = guard.show;
        let leaves = (show.display)(&*guard);
        let key = (show.key)(&*guard);
        if std::mem::take(&mut guard.driven) {
            drop(guard);
            drive::op(Op::CondWait {
                condvar: self.object,
                mutex: mutex.object,
                leaves: leaves.to_string(),
                key,
            });
            drive::op(Op::Relock {
                condvar: self.object,
                mutex: mutex.object,
            });
            let guard = MutexGuard {
                mutex,
                held: None,
                driven: true,
                show,
            };
            return if mutex.poisoned.load(Relaxed) {
                Err(PoisonError::new(guard))
            } else {
                Ok(guard)
            };
        }
        record::unwind_if_abandoned();
        self.touch();
        let held = guard.held.take().expect("a guard holds its lock");
        drop(guard);
        record::record(
            Some(self.object),
            StepKind::Wait {
                mutex: mutex.object,
                leaves,
            },
        );
        let (loom_guard, lock) = held.into_parts();
        record::released(mutex.object);
        let waited = std::panic::catch_unwind(|| {
            record::start_waiting(Waiting::Condvar(self.object));
        });
        if let Err(payload) = waited {
            // A deadlock: release the lock once the unwinding is over.
            record::acquired(mutex.object);
            record::defer_release(Box::new(HeldLock::from_guard(
                loom_guard,
                &lock,
                mutex.object,
            )));
            std::panic::resume_unwind(payload);
        }
        drop(loom_guard);
        while !record::is_woken() {
            loom::thread::park();
        }
        record::stop_waiting();
        mutex.lock_described(show)
    }

    /// Wait while `condition` holds, as `std`'s `wait_while`.
    pub fn wait_while<'a, T, F: FnMut(&mut T) -> bool>(
        &self,
        mut guard: MutexGuard<'a, T>,
        mut condition: F,
    ) -> LockResult<MutexGuard<'a, T>> {
        while condition(&mut *guard) {
            guard = self.wait(guard)?;
        }
        Ok(guard)
    }

    fn notify(&self, all: bool) {
        if self.marker.is_none() {
            drive::op(Op::Notify {
                condvar: self.object,
                all,
            });
            return;
        }
        record::unwind_if_abandoned();
        self.touch();
        let woken = record::notified(self.object, all);
        let woke = woken.iter().map(|(thread, _)| *thread).collect();
        record::record(Some(self.object), StepKind::Notify { all, woke });
        for (_, handle) in woken {
            handle.unpark();
        }
        record::unwind_if_abandoned();
    }

    /// Wake the thread that has waited longest, if any.
    pub fn notify_one(&self) {
        self.notify(false);
    }

    /// Wake every waiting thread.
    pub fn notify_all(&self) {
        self.notify(true);
    }
}

impl Default for Condvar {
    fn default() -> Self {
        Condvar::new()
    }
}

impl fmt::Debug for Condvar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Condvar").finish_non_exhaustive()
    }
}

impl Named for Condvar {
    fn set_name(&self, name: &str) {
        record::name_object(self.object, name);
    }
}
