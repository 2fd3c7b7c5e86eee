//! `SharedInt`: Python's `counter += 1`, in Rust.

use std::fmt;
use std::ops::{AddAssign, SubAssign};
use std::sync::Arc;
use std::sync::atomic::Ordering::SeqCst;

use crate::record;
use crate::report::{StepKind, Value};
use crate::sync::Named;

enum Storage {
    /// Inside a `#[demo]` exploration: every read and write is a step.
    Modelled {
        value: loom::sync::atomic::AtomicI64,
        object: usize,
    },
    /// On the driven backend: the counter keeps the value.
    Driven { object: usize },
    /// Anywhere else: real memory, with the same race.
    Real(std::sync::atomic::AtomicI64),
}

/// A shared integer that behaves like a Python global: `counter += 1` reads
/// the value in one step and writes the sum back in another, so another
/// thread can run in between and its update is lost. It is a handle: clones
/// share one integer, the way every Python thread sees the same global.
///
/// ```
/// use racelint_demo::SharedInt;
///
/// let counter = SharedInt::new(0);
/// let mut same = counter.clone();
/// same += 1; // read, then write: two steps
/// assert_eq!(counter.get(), 1);
/// ```
///
/// Outside a demo it works on real memory (and races for real).
#[derive(Clone)]
pub struct SharedInt {
    storage: Arc<Storage>,
}

impl SharedInt {
    /// A new shared integer holding `value`.
    pub fn new(value: i64) -> SharedInt {
        let storage = if crate::drive::is_driven() {
            let object = crate::drive::op(crate::drive::Op::New {
                initial: value.into(),
                flag: false,
            });
            Storage::Driven {
                object: object as usize,
            }
        } else if record::is_recording() {
            Storage::Modelled {
                value: loom::sync::atomic::AtomicI64::new(value),
                object: record::new_object("shared int"),
            }
        } else {
            Storage::Real(std::sync::atomic::AtomicI64::new(value))
        };
        SharedInt {
            storage: Arc::new(storage),
        }
    }

    /// Read the value: one step.
    pub fn get(&self) -> i64 {
        match &*self.storage {
            Storage::Modelled { value, object } => {
                record::unwind_if_abandoned();
                let read = value.fetch_add(0, SeqCst);
                record::record(
                    Some(*object),
                    StepKind::Read {
                        value: Value::Int(read.into()),
                    },
                );
                record::unwind_if_abandoned();
                read
            }
            Storage::Driven { object } => {
                crate::drive::op(crate::drive::Op::Read { object: *object }) as i64
            }
            Storage::Real(value) => value.load(SeqCst),
        }
    }

    /// Write a value: one step.
    pub fn set(&self, new: i64) {
        match &*self.storage {
            Storage::Modelled { value, object } => {
                record::unwind_if_abandoned();
                value.swap(new, SeqCst);
                record::record(
                    Some(*object),
                    StepKind::Write {
                        value: Value::Int(new.into()),
                    },
                );
                record::unwind_if_abandoned();
            }
            Storage::Driven { object } => {
                crate::drive::op(crate::drive::Op::Write {
                    object: *object,
                    value: new.into(),
                });
            }
            Storage::Real(value) => value.store(new, SeqCst),
        }
    }
}

impl AddAssign<i64> for SharedInt {
    /// Read, add, write: two steps, like Python's `+=` on a global.
    fn add_assign(&mut self, amount: i64) {
        let read = self.get();
        self.set(read + amount);
    }
}

impl SubAssign<i64> for SharedInt {
    /// Read, subtract, write: two steps.
    fn sub_assign(&mut self, amount: i64) {
        let read = self.get();
        self.set(read - amount);
    }
}

impl fmt::Debug for SharedInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedInt").finish_non_exhaustive()
    }
}

impl Named for SharedInt {
    fn set_name(&self, name: &str) {
        match &*self.storage {
            Storage::Modelled { object, .. } | Storage::Driven { object } => {
                record::name_object(*object, name);
            }
            Storage::Real(_) => {}
        }
    }
}
