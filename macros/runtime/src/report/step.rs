//! The steps a schedule is made of: what each visible step of a thread did,
//! the values it read or wrote, and how it touches its object (which steps
//! commute).

use std::fmt;

/// A value a step read, wrote or saw inside a lock.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    /// An integer (every atomic integer and [`SharedInt`](crate::SharedInt)).
    Int(i128),
    /// An atomic boolean.
    Bool(bool),
    /// The `Debug` text of a value behind a mutex.
    Text(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Text(text) => f.write_str(text),
        }
    }
}

/// What one visible step did.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum StepKind {
    /// Read the shared value (an atomic `load`, or the first half of
    /// `SharedInt`'s `+=`).
    Read {
        /// The value read.
        value: Value,
    },
    /// Wrote the shared value (an atomic `store`, or the second half of
    /// `SharedInt`'s `+=`).
    Write {
        /// The value written.
        value: Value,
    },
    /// Read and wrote in one indivisible step (`fetch_add`, `swap`, ...).
    Update {
        /// What the step did, as a learner would say it: `add 1`.
        operation: String,
        /// The value before.
        old: Value,
        /// The value after.
        new: Value,
    },
    /// `compare_exchange`: wrote `new` only if the value was `current`.
    CompareExchange {
        /// The value the thread expected.
        current: Value,
        /// The value it wanted to write.
        new: Value,
        /// The value it found.
        found: Value,
    },
    /// Locked a mutex; the value inside at that moment.
    Lock {
        /// The `Debug` text of the protected value.
        holds: Value,
        /// Whether a thread had panicked while holding the lock before.
        poisoned: bool,
    },
    /// Unlocked a mutex (its guard was dropped), leaving this value inside.
    Unlock {
        /// The `Debug` text of the protected value.
        leaves: Value,
        /// Whether the thread was unwinding from a panic: the unlock
        /// poisons the mutex.
        poisons: bool,
    },
    /// Found a mutex locked by another thread and had to wait.
    WaitForLock {
        /// The index of the thread holding the lock.
        holder: usize,
    },
    /// `Condvar::wait`: released the mutex and started waiting for a
    /// notification, in one step (the step's object is the condvar).
    Wait {
        /// The mutex released.
        mutex: usize,
        /// The value left inside it.
        leaves: Value,
    },
    /// `notify_one` or `notify_all` on a condvar.
    Notify {
        /// Whether every waiting thread was woken.
        all: bool,
        /// The threads it woke: their next steps come after it.
        woke: Vec<usize>,
    },
    /// Still waiting for a notification when nothing can happen any more.
    WaitForNotify,
    /// Waited in `join` for a thread that had not finished.
    WaitForJoin {
        /// The index of the thread waited for.
        thread: usize,
    },
    /// Started a thread (not drawn: it orders the steps around it).
    Spawn {
        /// The index of the new thread.
        thread: usize,
    },
    /// Came back from `join` (not drawn: it orders the steps around it).
    Joined {
        /// The index of the joined thread.
        thread: usize,
    },
    /// The thread panicked.
    Panic {
        /// The panic message.
        message: String,
    },
}

/// How a step touches its object, for deciding which steps commute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Reads only: two reads of the same object can swap places.
    Read,
    /// Changes the object (or takes or releases a lock): it is ordered
    /// against every other access of the same object.
    Write,
    /// Not an access of shared state: not counted as a step of a schedule.
    None,
}

impl StepKind {
    /// How this step touches its object.
    pub fn access(&self) -> Access {
        match self {
            StepKind::Read { .. } => Access::Read,
            StepKind::CompareExchange { current, found, .. } if current != found => Access::Read,
            StepKind::Write { .. }
            | StepKind::Update { .. }
            | StepKind::CompareExchange { .. }
            | StepKind::Lock { .. }
            | StepKind::Unlock { .. }
            | StepKind::Wait { .. }
            | StepKind::Notify { .. } => Access::Write,
            StepKind::WaitForLock { .. }
            | StepKind::WaitForNotify
            | StepKind::WaitForJoin { .. }
            | StepKind::Spawn { .. }
            | StepKind::Joined { .. }
            | StepKind::Panic { .. } => Access::None,
        }
    }

    /// Every object the step touches: its own, and the mutex a `wait`
    /// releases.
    pub fn objects(&self, object: Option<usize>) -> Vec<usize> {
        let mut objects: Vec<usize> = object.into_iter().collect();
        if let StepKind::Wait { mutex, .. } = self {
            objects.push(*mutex);
        }
        objects
    }

    /// Whether the step only orders others and is never drawn.
    pub fn is_marker(&self) -> bool {
        matches!(self, StepKind::Spawn { .. } | StepKind::Joined { .. })
    }
}

/// One visible step of one thread.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Step {
    /// The thread that took the step: 0 is `main`, then spawn order.
    pub thread: usize,
    /// The shared object it touched (an index into the schedule's names).
    pub object: Option<usize>,
    /// What it did.
    pub kind: StepKind,
    /// Whether another thread could have run at that moment (a spawned
    /// thread had not been joined yet). Only such steps are drawn.
    pub concurrent: bool,
}
