//! lock: lock misuse.

pub mod double_lock;
pub mod guard_across_blocking;
pub mod join_deadlock;
pub mod leaked_guard;
pub mod lock_order;
