//! The floor racelint's Python speed is measured against: every `.py` file
//! under the given paths read and parsed by Ruff's parser
//! (`ruff_python_parser::parse_module`, the parser racelint uses), one after
//! another on one thread, each tree dropped before the next file. racelint
//! does this work and more (the symbol table, the model, the lints) on every
//! core.
//!
//! ```text
//! cargo run --release -p racelint --example py_parse_floor -- PATH...
//! ```

#[path = "support/floor.rs"]
mod floor;

fn main() {
    floor::run(
        "py_parse_floor",
        "py",
        |entry| {
            // As racelint's walk: no hidden entries, no virtual environments.
            let hidden = entry
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            !hidden && !entry.join("pyvenv.cfg").is_file()
        },
        |text| ruff_python_parser::parse_module(text).is_ok(),
    );
}
