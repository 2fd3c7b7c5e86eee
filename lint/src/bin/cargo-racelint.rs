//! `cargo racelint`: lints the packages of a cargo workspace.

/// The syntax trees of many small files are built and dropped on two
/// threads at once; mimalloc's per-thread heaps make that cheaper than the
/// system allocator (a quarter of the CPU time went to malloc and free).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    racelint::cli::cargo_racelint_main()
}
