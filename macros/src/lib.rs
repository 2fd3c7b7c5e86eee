//! The `#[demo]` attribute.
