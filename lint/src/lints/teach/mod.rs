//! teach: habits worth unlearning.

pub mod sleep_sync;
