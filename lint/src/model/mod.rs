//! The shared model of a unit: what each function shares, which code runs on
//! spawned threads, and the ordered accesses. Lints are queries on it.

use crate::analyze::{Edition, ParsedFile};

pub struct Model {
    pub edition: Edition,
}

impl Model {
    pub fn build(_files: &[ParsedFile<'_>], edition: Edition) -> Model {
        Model { edition }
    }
}
