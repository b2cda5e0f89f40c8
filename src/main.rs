//! The `depot` binary: parse the command line and hand off to the library.

/// mimalloc: a scan allocates and frees page buffers and short strings by the thousand, and
/// glibc's allocator took a fifth of its CPU time (BENCHMARKS.md, scan).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    depot::cli::main()
}
