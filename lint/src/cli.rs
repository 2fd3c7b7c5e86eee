//! Command-line interface shared by `racelint` and `cargo racelint`.
