//! race: unsynchronized shared mutation.

pub mod lost_update;
pub mod static_mut_race;
