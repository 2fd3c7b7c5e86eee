//! `cargo racelint`: lints the packages of a cargo workspace.

fn main() -> std::process::ExitCode {
    racelint::cli::cargo_racelint_main()
}
