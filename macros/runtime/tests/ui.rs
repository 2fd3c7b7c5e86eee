//! The attribute's errors, exactly as the compiler shows them: bad options
//! and code loom cannot model, each pointing at the code to change.
//!
//! Regenerate the `.stderr` files with `TRYBUILD=overwrite` after changing
//! a message, and review the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
