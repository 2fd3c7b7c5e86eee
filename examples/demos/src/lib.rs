//! The threading lesson, model-checked.
