//! A shadow of `std::sync::Barrier`, built on the demo's `Mutex` and
//! `Condvar`: arriving is a lock step, waiting for the others a wait step.

use std::fmt;

use crate::report::Value;
use crate::sync::{Condvar, Mutex, Named, Show};

struct Count {
    arrived: usize,
    round: usize,
    needed: usize,
}

fn describe(count: &Count) -> Value {
    Value::Text(format!("{} of {} arrived", count.arrived, count.needed))
}

/// A shadow of `std::sync::Barrier`: `wait` returns once `n` threads have
/// called it.
pub struct Barrier {
    count: Mutex<Count>,
    all_here: Condvar,
}

/// What `Barrier::wait` returns: one waiting thread is the leader.
#[derive(Debug)]
pub struct BarrierWaitResult(bool);

impl BarrierWaitResult {
    /// Whether this thread was the last to arrive.
    pub fn is_leader(&self) -> bool {
        self.0
    }
}

impl Barrier {
    /// A barrier for `n` threads.
    pub fn new(n: usize) -> Barrier {
        let barrier = Barrier {
            count: Mutex::new(Count {
                arrived: 0,
                round: 0,
                needed: n,
            }),
            all_here: Condvar::new(),
        };
        barrier.set_name("barrier");
        barrier
    }

    /// Wait until every thread has arrived.
    pub fn wait(&self) -> BarrierWaitResult {
        let mut count = self
            .count
            .lock_described(Show {
                display: describe,
                key: |c| format!("{} {} {}", c.arrived, c.round, c.needed),
            })
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        count.arrived += 1;
        if count.arrived >= count.needed {
            count.arrived = 0;
            count.round += 1;
            drop(count);
            self.all_here.notify_all();
            return BarrierWaitResult(true);
        }
        let round = count.round;
        while count.round == round {
            count = self
                .all_here
                .wait(count)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        BarrierWaitResult(false)
    }
}

impl fmt::Debug for Barrier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Barrier").finish_non_exhaustive()
    }
}

impl Named for Barrier {
    fn set_name(&self, name: &str) {
        self.count.set_name(name);
        self.all_here.set_name(name);
    }
}
