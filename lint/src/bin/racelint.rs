//! `racelint PATH...`: lints Rust files and folders.

/// The syntax trees of many small files are built and dropped on two
/// threads at once; mimalloc's per-thread heaps make that cheaper than the
/// system allocator (a quarter of the CPU time went to malloc and free).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    racelint::cli::racelint_main()
}
