//! join: thread lifecycle.

pub mod detached_thread;
pub mod read_before_join;
pub mod serial_join;
pub mod swallowed_panic;
pub mod unjoined_handle;
