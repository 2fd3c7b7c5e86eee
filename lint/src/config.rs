//! Which level each lint runs at.

use std::collections::HashMap;

use crate::lints::{Level, Lint};

/// Lint levels in force: the registry's defaults, overridden per lint.
#[derive(Clone, Debug, Default)]
pub struct LintLevels {
    overrides: HashMap<&'static str, Level>,
}

impl LintLevels {
    /// Sets the level of one lint.
    pub fn set(&mut self, lint: &'static Lint, level: Level) {
        self.overrides.insert(lint.name, level);
    }

    pub fn level_of(&self, lint: &Lint) -> Level {
        self.overrides
            .get(lint.name)
            .copied()
            .unwrap_or(lint.default_level)
    }
}
