//! `racelint PATH...`: lints Rust files and folders.

fn main() -> std::process::ExitCode {
    racelint::cli::racelint_main()
}
