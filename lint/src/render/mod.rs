//! Rendering findings: for people, for IDEs, for code scanning.
