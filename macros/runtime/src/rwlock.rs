//! A shadow of `std::sync::RwLock`, built on the demo's `Mutex` and
//! `Condvar`: taking and releasing a read or write lock are lock steps on
//! the lock's bookkeeping, so readers overlap and a writer waits for them.

use std::cell::UnsafeCell;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, LockResult};

use crate::report::Value;
use crate::sync::{self, Condvar, Mutex, Named, Show};

struct Holders {
    readers: usize,
    writer: bool,
}

fn describe(holders: &Holders) -> Value {
    Value::Text(match (holders.writer, holders.readers) {
        (true, _) => "a writer".to_string(),
        (false, 0) => "nobody".to_string(),
        (false, 1) => "1 reader".to_string(),
        (false, n) => format!("{n} readers"),
    })
}

struct Shared {
    holders: Mutex<Holders>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> sync::MutexGuard<'_, Holders> {
        self.holders
            .lock_described(Show {
                display: describe,
                key: |h| format!("{} {}", h.readers, h.writer),
            })
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A shadow of `std::sync::RwLock`: many readers or one writer.
pub struct RwLock<T> {
    shared: Arc<Shared>,
    data: UnsafeCell<T>,
}

// SAFETY: the data is reached only through the guards, which exist only
// while the bookkeeping says so: many readers (`&T`) or one writer (`&mut T`).
unsafe impl<T: Send> Send for RwLock<T> {}
// SAFETY: as above; readers share `&T` across threads, so `T: Sync`.
unsafe impl<T: Send + Sync> Sync for RwLock<T> {}

impl<T> RwLock<T> {
    /// A new unlocked `RwLock`.
    pub fn new(value: T) -> RwLock<T> {
        let lock = RwLock {
            shared: Arc::new(Shared {
                holders: Mutex::new(Holders {
                    readers: 0,
                    writer: false,
                }),
                changed: Condvar::new(),
            }),
            data: UnsafeCell::new(value),
        };
        lock.set_name("rwlock");
        lock
    }

    /// Take a read lock, waiting while a writer holds the lock.
    pub fn read(&self) -> LockResult<RwLockReadGuard<'_, T>> {
        let mut holders = self.shared.lock();
        while holders.writer {
            holders = self
                .shared
                .changed
                .wait(holders)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        holders.readers += 1;
        drop(holders);
        Ok(RwLockReadGuard { lock: self })
    }

    /// Take the write lock, waiting while anyone else holds the lock.
    pub fn write(&self) -> LockResult<RwLockWriteGuard<'_, T>> {
        let mut holders = self.shared.lock();
        while holders.writer || holders.readers > 0 {
            holders = self
                .shared
                .changed
                .wait(holders)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        holders.writer = true;
        drop(holders);
        Ok(RwLockWriteGuard { lock: self })
    }

    /// The value, once nobody else can touch the lock.
    pub fn into_inner(self) -> LockResult<T> {
        Ok(self.data.into_inner())
    }
}

/// Giving a read or write lock back (later, if the thread is unwinding).
struct GiveBack {
    shared: Arc<Shared>,
    writer: bool,
}

impl Drop for GiveBack {
    fn drop(&mut self) {
        if crate::record::is_abandoned_here() {
            return;
        }
        let mut holders = self.shared.lock();
        if self.writer {
            holders.writer = false;
        } else {
            holders.readers -= 1;
        }
        drop(holders);
        self.shared.changed.notify_all();
    }
}

/// A shadow of `std::sync::RwLockReadGuard`.
pub struct RwLockReadGuard<'a, T> {
    lock: &'a RwLock<T>,
}

/// A shadow of `std::sync::RwLockWriteGuard`.
pub struct RwLockWriteGuard<'a, T> {
    lock: &'a RwLock<T>,
}

impl<T> Deref for RwLockReadGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: a read lock is held: no writer exists.
        unsafe { &*self.lock.data.get() }
    }
}

impl<T> Deref for RwLockWriteGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the write lock is held.
        unsafe { &*self.lock.data.get() }
    }
}

impl<T> DerefMut for RwLockWriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the write lock is held, and `&mut self` is unique.
        unsafe { &mut *self.lock.data.get() }
    }
}

impl<T> Drop for RwLockReadGuard<'_, T> {
    fn drop(&mut self) {
        sync::release_soon(Box::new(GiveBack {
            shared: Arc::clone(&self.lock.shared),
            writer: false,
        }));
    }
}

impl<T> Drop for RwLockWriteGuard<'_, T> {
    fn drop(&mut self) {
        sync::release_soon(Box::new(GiveBack {
            shared: Arc::clone(&self.lock.shared),
            writer: true,
        }));
    }
}

impl<T> fmt::Debug for RwLock<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RwLock").finish_non_exhaustive()
    }
}

impl<T> Named for RwLock<T> {
    fn set_name(&self, name: &str) {
        self.shared.holders.set_name(name);
        self.shared.changed.set_name(name);
    }
}
