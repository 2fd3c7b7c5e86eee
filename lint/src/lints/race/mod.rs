//! race: unsynchronized shared mutation.

pub mod check_then_act;
pub mod lost_update;
pub mod relaxed_publication;
pub mod static_mut_race;
pub mod unsync_sharing;
