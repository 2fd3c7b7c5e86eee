//! lock: lock misuse.

pub mod double_lock;
