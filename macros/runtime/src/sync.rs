//! Shadows of `std::sync` that the `#[demo]` attribute puts in place of the
//! real ones. Each operation on shared data is one visible step.
//!
//! The model is sequentially consistent on purpose: every step is a
//! read-modify-write on loom (a load is `fetch_add(0)`, a store is `swap`),
//! so a read always sees the latest write and the recorded order is the
//! order things happened. Plain loom loads may read stale values (loom
//! treats `SeqCst` as `AcqRel`, and `SeqCst` fences do not change that),
//! which would tell an impossible story. The `Ordering` arguments are
//! accepted and every one behaves as `SeqCst`.

use std::cell::UnsafeCell;
use std::fmt;
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::AtomicBool as PoisonFlag;
use std::sync::atomic::Ordering::{Relaxed, SeqCst};
use std::sync::{LockResult, PoisonError, TryLockError};

use crate::drive::{self, How, Op};
use crate::record::{self, Waiting};

use crate::report::{StepKind, Value};

pub use std::sync::Arc;

mod condvar;

pub use crate::barrier::{Barrier, BarrierWaitResult};
pub use condvar::Condvar;
/// Shadows of `std::sync::mpsc`.
pub mod mpsc {
    pub use crate::channel::{
        IntoIter, Iter, Receiver, RecvError, SendError, Sender, TryRecvError, channel,
    };
}
pub use crate::rwlock::{RwLock, RwLockReadGuard, RwLockWriteGuard};

/// How a lock step shows the value inside a mutex (`display`), and the
/// complete text of it that tells the exact count when two states are the
/// same (`key`).
pub(crate) struct Show<T> {
    pub(crate) display: fn(&T) -> Value,
    pub(crate) key: fn(&T) -> String,
}

impl<T> Clone for Show<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Show<T> {}

impl<T: fmt::Debug> Show<T> {
    /// A user's value: its `Debug` text, both shown and as the key.
    fn debug() -> Show<T> {
        Show {
            display: |value| record::debug_value(value),
            key: |value| format!("{value:?}"),
        }
    }
}

/// Run `release` (its drop does the work) now, or, while the thread
/// unwinds on loom, once the unwinding is over: loom operations cannot run
/// during unwinding.
pub(crate) fn release_soon(release: Box<dyn std::any::Any>) {
    if std::thread::panicking() && !drive::is_driven() && record::is_recording() {
        record::defer_release(release);
    } else {
        drop(release);
    }
}

/// Gives a shadow object the name of the variable it is bound to; the
/// attribute calls it for `let counter = AtomicUsize::new(0)`.
#[doc(hidden)]
pub trait Named {
    /// Set the name shown in reports.
    fn set_name(&self, name: &str);
}

/// Atomic types, each step recorded.
pub mod atomic {
    use super::*;

    /// The ordering loom is given: the demo's with `memory = "weak"`, else
    /// `SeqCst` (with every read a read-modify-write, one step at a time).
    fn ordering(order: Ordering) -> Ordering {
        if record::weak_memory() { order } else { SeqCst }
    }

    pub use std::sync::atomic::Ordering;

    macro_rules! atomic_int {
        ($($name:ident($int:ty)),* $(,)?) => {$(
            #[doc = concat!("A shadow of `std::sync::atomic::", stringify!($name), "`: each ")]
            /// operation is one visible, sequentially consistent step.
            pub struct $name {
                /// `None` on the driven backend, where the counter keeps
                /// the value.
                inner: Option<loom::sync::atomic::$name>,
                object: usize,
            }

            impl $name {
                /// A new atomic holding `value`.
                pub fn new(value: $int) -> Self {
                    if drive::is_driven() {
                        let object = drive::op(Op::New { initial: value as i128, flag: false });
                        return Self { inner: None, object: object as usize };
                    }
                    Self {
                        inner: Some(loom::sync::atomic::$name::new(value)),
                        object: record::new_object("atomic"),
                    }
                }

                fn loom(&self) -> &loom::sync::atomic::$name {
                    self.inner.as_ref().expect("a loom atomic")
                }

                fn step(&self, kind: StepKind) {
                    record::record(Some(self.object), kind);
                    record::unwind_if_abandoned();
                }

                /// Read the value: a step `read x = v`.
                pub fn load(&self, order: Ordering) -> $int {
                    if self.inner.is_none() {
                        return drive::op(Op::Read { object: self.object }) as $int;
                    }
                    record::unwind_if_abandoned();
                    let value = if record::weak_memory() {
                        self.loom().load(order)
                    } else {
                        self.loom().fetch_add(0, SeqCst)
                    };
                    self.step(StepKind::Read { value: Value::Int(value as i128) });
                    value
                }

                /// Write a value: a step `write x = v`.
                pub fn store(&self, value: $int, order: Ordering) {
                    if self.inner.is_none() {
                        drive::op(Op::Write { object: self.object, value: value as i128 });
                        return;
                    }
                    record::unwind_if_abandoned();
                    if record::weak_memory() {
                        self.loom().store(value, order);
                    } else {
                        self.loom().swap(value, SeqCst);
                    }
                    self.step(StepKind::Write { value: Value::Int(value as i128) });
                }

                /// Write a value and return the old one, in one step.
                pub fn swap(&self, value: $int, order: Ordering) -> $int {
                    if self.inner.is_none() {
                        let how = How::Swap(value as i128);
                        return drive::op(Op::Update { object: self.object, how }) as $int;
                    }
                    record::unwind_if_abandoned();
                    let old = self.loom().swap(value, ordering(order));
                    self.step(StepKind::Update {
                        operation: format!("swap in {value}"),
                        old: Value::Int(old as i128),
                        new: Value::Int(value as i128),
                    });
                    old
                }

                /// Add, in one indivisible step, and return the old value.
                pub fn fetch_add(&self, value: $int, order: Ordering) -> $int {
                    if self.inner.is_none() {
                        let how = How::Add(value as i128);
                        return drive::op(Op::Update { object: self.object, how }) as $int;
                    }
                    record::unwind_if_abandoned();
                    let old = self.loom().fetch_add(value, ordering(order));
                    self.step(StepKind::Update {
                        operation: format!("add {value}"),
                        old: Value::Int(old as i128),
                        new: Value::Int(old.wrapping_add(value) as i128),
                    });
                    old
                }

                /// Subtract, in one indivisible step, and return the old value.
                pub fn fetch_sub(&self, value: $int, order: Ordering) -> $int {
                    if self.inner.is_none() {
                        let how = How::Sub(value as i128);
                        return drive::op(Op::Update { object: self.object, how }) as $int;
                    }
                    record::unwind_if_abandoned();
                    let old = self.loom().fetch_sub(value, ordering(order));
                    self.step(StepKind::Update {
                        operation: format!("subtract {value}"),
                        old: Value::Int(old as i128),
                        new: Value::Int(old.wrapping_sub(value) as i128),
                    });
                    old
                }

                /// Write `new` if the value is `current`, in one step.
                pub fn compare_exchange(
                    &self,
                    current: $int,
                    new: $int,
                    success: Ordering,
                    failure: Ordering,
                ) -> Result<$int, $int> {
                    if self.inner.is_none() {
                        let found = drive::op(Op::Cas {
                            object: self.object,
                            current: current as i128,
                            new: new as i128,
                        }) as $int;
                        return if found == current { Ok(found) } else { Err(found) };
                    }
                    record::unwind_if_abandoned();
                    let result = self.loom().compare_exchange(
                        current,
                        new,
                        ordering(success),
                        ordering(failure),
                    );
                    let found = match result {
                        Ok(v) | Err(v) => v,
                    };
                    self.step(StepKind::CompareExchange {
                        current: Value::Int(current as i128),
                        new: Value::Int(new as i128),
                        found: Value::Int(found as i128),
                    });
                    result
                }

                /// Like `compare_exchange`: the model never fails spuriously.
                pub fn compare_exchange_weak(
                    &self,
                    current: $int,
                    new: $int,
                    success: Ordering,
                    failure: Ordering,
                ) -> Result<$int, $int> {
                    self.compare_exchange(current, new, success, failure)
                }

                /// The value, once nobody else can touch the atomic.
                pub fn into_inner(self) -> $int {
                    match self.inner {
                        Some(inner) => inner.into_inner(),
                        None => drive::op(Op::Read { object: self.object }) as $int,
                    }
                }
            }

            impl Default for $name {
                fn default() -> Self {
                    Self::new(0)
                }
            }

            impl fmt::Debug for $name {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.debug_struct(stringify!($name)).finish_non_exhaustive()
                }
            }

            impl Named for $name {
                fn set_name(&self, name: &str) {
                    record::name_object(self.object, name);
                }
            }
        )*};
    }

    atomic_int!(
        AtomicUsize(usize),
        AtomicIsize(isize),
        AtomicU8(u8),
        AtomicU16(u16),
        AtomicU32(u32),
        AtomicU64(u64),
        AtomicI8(i8),
        AtomicI16(i16),
        AtomicI32(i32),
        AtomicI64(i64),
    );

    /// A shadow of `std::sync::atomic::AtomicBool`: each operation is one
    /// visible, sequentially consistent step.
    pub struct AtomicBool {
        /// `None` on the driven backend.
        inner: Option<loom::sync::atomic::AtomicBool>,
        object: usize,
    }

    impl AtomicBool {
        /// A new atomic holding `value`.
        pub fn new(value: bool) -> Self {
            if drive::is_driven() {
                let object = drive::op(Op::New {
                    initial: i128::from(value),
                    flag: true,
                });
                return Self {
                    inner: None,
                    object: object as usize,
                };
            }
            Self {
                inner: Some(loom::sync::atomic::AtomicBool::new(value)),
                object: record::new_object("flag"),
            }
        }

        fn loom(&self) -> &loom::sync::atomic::AtomicBool {
            self.inner.as_ref().expect("a loom atomic")
        }

        fn step(&self, kind: StepKind) {
            record::record(Some(self.object), kind);
            record::unwind_if_abandoned();
        }

        /// Read the value: a step `read x = v`.
        pub fn load(&self, order: Ordering) -> bool {
            if self.inner.is_none() {
                return drive::op(Op::Read {
                    object: self.object,
                }) != 0;
            }
            record::unwind_if_abandoned();
            let value = if record::weak_memory() {
                self.loom().load(order)
            } else {
                self.loom().fetch_or(false, SeqCst)
            };
            self.step(StepKind::Read {
                value: Value::Bool(value),
            });
            value
        }

        /// Write a value: a step `write x = v`.
        pub fn store(&self, value: bool, order: Ordering) {
            if self.inner.is_none() {
                drive::op(Op::Write {
                    object: self.object,
                    value: i128::from(value),
                });
                return;
            }
            record::unwind_if_abandoned();
            if record::weak_memory() {
                self.loom().store(value, order);
            } else {
                self.loom().swap(value, SeqCst);
            }
            self.step(StepKind::Write {
                value: Value::Bool(value),
            });
        }

        /// Write a value and return the old one, in one step.
        pub fn swap(&self, value: bool, order: Ordering) -> bool {
            if self.inner.is_none() {
                let how = How::Swap(i128::from(value));
                return drive::op(Op::Update {
                    object: self.object,
                    how,
                }) != 0;
            }
            record::unwind_if_abandoned();
            let old = self.loom().swap(value, ordering(order));
            self.step(StepKind::Update {
                operation: format!("swap in {value}"),
                old: Value::Bool(old),
                new: Value::Bool(value),
            });
            old
        }

        /// Write `new` if the value is `current`, in one step.
        pub fn compare_exchange(
            &self,
            current: bool,
            new: bool,
            success: Ordering,
            failure: Ordering,
        ) -> Result<bool, bool> {
            if self.inner.is_none() {
                let found = drive::op(Op::Cas {
                    object: self.object,
                    current: i128::from(current),
                    new: i128::from(new),
                }) != 0;
                return if found == current {
                    Ok(found)
                } else {
                    Err(found)
                };
            }
            record::unwind_if_abandoned();
            let result =
                self.loom()
                    .compare_exchange(current, new, ordering(success), ordering(failure));
            let found = match result {
                Ok(v) | Err(v) => v,
            };
            self.step(StepKind::CompareExchange {
                current: Value::Bool(current),
                new: Value::Bool(new),
                found: Value::Bool(found),
            });
            result
        }

        /// The value, once nobody else can touch the atomic.
        pub fn into_inner(self) -> bool {
            match self.inner {
                Some(inner) => inner.into_inner(),
                None => {
                    drive::op(Op::Read {
                        object: self.object,
                    }) != 0
                }
            }
        }
    }

    impl Default for AtomicBool {
        fn default() -> Self {
            Self::new(false)
        }
    }

    impl fmt::Debug for AtomicBool {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("AtomicBool").finish_non_exhaustive()
        }
    }

    impl Named for AtomicBool {
        fn set_name(&self, name: &str) {
            record::name_object(self.object, name);
        }
    }
}

/// A loom lock owned together with the `Arc` that keeps it alive, so that
/// it can be released later than the guard that took it.
struct HeldLock {
    // Declared first: dropped (released) before the lock it borrows.
    guard: ManuallyDrop<loom::sync::MutexGuard<'static, ()>>,
    lock: Arc<loom::sync::Mutex<()>>,
    object: usize,
}

impl HeldLock {
    fn from_guard(
        guard: loom::sync::MutexGuard<'_, ()>,
        lock: &Arc<loom::sync::Mutex<()>>,
        object: usize,
    ) -> HeldLock {
        // SAFETY: the guard borrows the mutex inside `lock`; this struct
        // keeps that `Arc` alive, and `Drop` releases the guard before the
        // `Arc` goes. The mutex never moves: it lives in the `Arc`.
        let guard: loom::sync::MutexGuard<'static, ()> = unsafe { std::mem::transmute(guard) };
        HeldLock {
            guard: ManuallyDrop::new(guard),
            lock: Arc::clone(lock),
            object,
        }
    }
}

impl HeldLock {
    /// The loom guard and its mutex, without releasing the lock.
    fn into_parts(
        self,
    ) -> (
        loom::sync::MutexGuard<'static, ()>,
        Arc<loom::sync::Mutex<()>>,
    ) {
        let mut this = ManuallyDrop::new(self);
        // SAFETY: `this` is never dropped, so each field is taken once.
        unsafe {
            let guard = ManuallyDrop::take(&mut this.guard);
            let lock = std::ptr::read(&this.lock);
            (guard, lock)
        }
    }
}

impl Drop for HeldLock {
    fn drop(&mut self) {
        record::released(self.object);
        // SAFETY: dropped exactly once, here, while `self.lock` is alive.
        unsafe { ManuallyDrop::drop(&mut self.guard) };
        let _ = &self.lock;
    }
}

/// A shadow of `std::sync::Mutex`: locking and unlocking are visible steps
/// that show the value inside, and a lock one thread waits for is a step
/// too. Deadlocks end the run with the outcome "deadlock"; a thread that
/// panics while holding the lock poisons it, as in `std`.
pub struct Mutex<T> {
    /// `None` on the driven backend.
    lock: Option<Arc<loom::sync::Mutex<()>>>,
    poisoned: PoisonFlag,
    object: usize,
    data: UnsafeCell<T>,
}

// SAFETY: `data` is only reached through a `MutexGuard`, and a guard exists
// only while its thread holds the loom lock, so one thread at a time.
unsafe impl<T: Send> Send for Mutex<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Sync for Mutex<T> {}

impl<T> Mutex<T> {
    /// A new unlocked mutex protecting `value`.
    pub fn new(value: T) -> Self {
        if drive::is_driven() {
            let object = drive::op(Op::NewLock) as usize;
            return Mutex {
                lock: None,
                poisoned: PoisonFlag::new(false),
                object,
                data: UnsafeCell::new(value),
            };
        }
        Mutex {
            lock: Some(Arc::new(loom::sync::Mutex::new(()))),
            poisoned: PoisonFlag::new(false),
            object: record::new_object("mutex"),
            data: UnsafeCell::new(value),
        }
    }

    /// The protected value, once nobody else can touch the mutex.
    pub fn into_inner(self) -> LockResult<T> {
        let poisoned = self.poisoned.load(Relaxed);
        let value = self.data.into_inner();
        if poisoned {
            Err(PoisonError::new(value))
        } else {
            Ok(value)
        }
    }

    /// The protected value, through a unique borrow (no locking needed).
    pub fn get_mut(&mut self) -> LockResult<&mut T> {
        let poisoned = self.poisoned.load(Relaxed);
        let value = self.data.get_mut();
        if poisoned {
            Err(PoisonError::new(value))
        } else {
            Ok(value)
        }
    }

    /// Whether a thread panicked while holding the lock.
    pub fn is_poisoned(&self) -> bool {
        self.poisoned.load(Relaxed)
    }
}

impl<T: fmt::Debug> Mutex<T> {
    /// Lock, waiting while another thread holds the lock. The step shows
    /// the value inside; if another thread holds the lock, a step `wait for
    /// x` comes first.
    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        self.lock_described(Show::debug())
    }
}

impl<T> Mutex<T> {
    /// `lock`, showing the value inside with `describe`.
    pub(crate) fn lock_described(&self, show: Show<T>) -> LockResult<MutexGuard<'_, T>> {
        let Some(lock) = &self.lock else {
            drive::op(Op::Lock {
                object: self.object,
            });
            let guard = MutexGuard {
                mutex: self,
                held: None,
                driven: true,
                show,
            };
            return if self.poisoned.load(Relaxed) {
                Err(PoisonError::new(guard))
            } else {
                Ok(guard)
            };
        };
        record::unwind_if_abandoned();
        // First an attempt on loom's own lock, so that loom sees this thread
        // touch the mutex (and explores the schedules where it comes first)
        // even when the attempt fails and ends in a deadlock.
        // Marked as wanting the lock first: loom may let another thread
        // take it (and block this one) before the attempt finishes; if that
        // thread then waits for this one, it finds the deadlock.
        record::mark_waiting(Waiting::Lock(self.object));
        let guard = match lock.try_lock() {
            Ok(guard) => {
                record::stop_waiting();
                guard
            }
            Err(TryLockError::Poisoned(poisoned)) => {
                record::stop_waiting();
                poisoned.into_inner()
            }
            Err(TryLockError::WouldBlock) => {
                if let Some(holder) = record::holder_of(self.object) {
                    record::record(Some(self.object), StepKind::WaitForLock { holder });
                }
                // Whoever holds the lock and waits for this thread closes
                // the cycle: the deadlock is found here or by that thread.
                record::start_waiting(Waiting::Lock(self.object));
                let guard = lock.lock().unwrap_or_else(PoisonError::into_inner);
                record::stop_waiting();
                guard
            }
        };
        let held = HeldLock::from_guard(guard, lock, self.object);
        record::acquired(self.object);
        let guard = MutexGuard {
            mutex: self,
            held: Some(held),
            driven: false,
            show,
        };
        record::unwind_if_abandoned();
        let poisoned = self.poisoned.load(Relaxed);
        record::record(
            Some(self.object),
            StepKind::Lock {
                holds: (guard.show.display)(&*guard),
                poisoned,
            },
        );
        if poisoned {
            Err(PoisonError::new(guard))
        } else {
            Ok(guard)
        }
    }
}

impl<T: Default> Default for Mutex<T> {
    fn default() -> Self {
        Mutex::new(T::default())
    }
}

impl<T> fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mutex").finish_non_exhaustive()
    }
}

impl<T> Named for Mutex<T> {
    fn set_name(&self, name: &str) {
        record::name_object(self.object, name);
    }
}

/// A shadow of `std::sync::MutexGuard`: dropping it unlocks, a visible step.
pub struct MutexGuard<'a, T> {
    mutex: &'a Mutex<T>,
    held: Option<HeldLock>,
    /// Taken on the driven backend: unlocking is reported to the counter.
    driven: bool,
    show: Show<T>,
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: this guard holds the lock.
        unsafe { &*self.mutex.data.get() }
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: this guard holds the lock, and `&mut self` is unique.
        unsafe { &mut *self.mutex.data.get() }
    }
}

impl<T: fmt::Debug> fmt::Debug for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        if std::mem::take(&mut self.driven) {
            let leaves = format!("{}", (self.show.display)(&**self));
            let key = (self.show.key)(&**self);
            let panic = std::thread::panicking().then(record::peek_last_panic);
            if panic.is_some() {
                self.mutex.poisoned.store(true, Relaxed);
            }
            drive::op(Op::Unlock {
                object: self.mutex.object,
                leaves,
                key,
                panic,
            });
            return;
        }
        let Some(held) = self.held.take() else {
            return;
        };
        let leaves = (self.show.display)(&**self);
        let poisons = std::thread::panicking() && !record::is_abandoned();
        if poisons {
            record::draw_panic_before_unlock();
        }
        record::record(
            Some(self.mutex.object),
            StepKind::Unlock { leaves, poisons },
        );
        if std::thread::panicking() {
            // Releasing a loom lock while unwinding would poison loom's own
            // bookkeeping; the lock is released as soon as the unwinding
            // ends, before any other thread can run.
            if !record::is_abandoned() {
                self.mutex.poisoned.store(true, Relaxed);
            }
            record::defer_release(Box::new(held));
        } else {
            drop(held);
        }
    }
}
