//! Runtime for `#[racelint_demo::demo]`.
