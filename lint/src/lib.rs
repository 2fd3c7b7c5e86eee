//! racelint: finds the classic threading mistakes in Rust and Python code and teaches the fix.
//!
//! The pipeline: [`discover`] files, [`analyze`] each unit (parse with syn, build
//! the [`model`], run every lint of the [`lints`] registry as a query on it),
//! and [`render`] the [`Finding`]s for a person, an IDE or code scanning.

pub mod analyze;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod fix;
pub mod lints;
pub mod model;
pub mod modtree;
pub mod parse;
pub mod progress;
pub mod python;
pub mod render;
pub mod source;
pub mod suppress;
pub mod typo;
pub mod unit;

pub use analyze::check_unit;
pub use config::LintLevels;
pub use diagnostic::{Applicability, Edit, Finding, Group, Label, Level, Lint, Suggestion};
pub use lints::REGISTRY;
pub use source::{FileId, LineCol, SourceFile, Span};
pub use unit::{Edition, Unit};
