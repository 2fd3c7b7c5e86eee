//! Correct, idiomatic concurrent Rust: the patterns racelint recommends, as
//! experienced programmers write them. racelint must find nothing here.
//!
//! Every module has unit tests that run its code and check the results.

pub mod bounded_queue;
pub mod cache;
pub mod counters;
pub mod globals;
pub mod phases;
pub mod pipeline;
pub mod pool;
pub mod publish;
pub mod scoped;
pub mod stop_flag;
pub mod treiber;
