//! The floor racelint's speed is measured against: every `.rs` file under
//! the given paths read and parsed by `syn::parse_file`, one after another on
//! one thread, each tree dropped before the next file. racelint does this
//! work and more (the model and the lints) on every core.
//!
//! ```text
//! cargo run --release -p racelint --example parse_floor -- PATH...
//! ```

#[path = "support/floor.rs"]
mod floor;

fn main() {
    floor::run(
        "parse_floor",
        "rs",
        |entry| entry.file_name().is_some_and(|n| n != "target"),
        |text| {
            let parsed = syn::parse_file(text).is_ok();
            proc_macro2::extra::invalidate_current_thread_spans();
            parsed
        },
    );
}
