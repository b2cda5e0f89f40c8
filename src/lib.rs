//! depot: the equipment register and strategic reserves of a fire-rescue service.

pub mod cli;
pub mod domain;
pub mod error;
pub mod exchange;
pub mod interrupt;
pub mod label;
pub mod report;
pub mod service;
pub mod store;
pub mod tui;

pub use error::{Error, Result};

/// Whether work over `rows` rows (assets, lots) is worth splitting between two threads: a
/// large register, and a machine with a second core.
pub fn two_threads_for(rows: u64) -> bool {
    /// Below this, a thread costs more than it saves.
    const FROM: u64 = 50_000;
    rows >= FROM && std::thread::available_parallelism().is_ok_and(|p| p.get() >= 2)
}

/// Runs `here` on this thread and `there` on a thread beside it, and returns both results. A
/// panic on the other thread is resumed on this one.
pub fn both<A, B: Send>(here: impl FnOnce() -> A, there: impl FnOnce() -> B + Send) -> (A, B) {
    std::thread::scope(|s| {
        let there = s.spawn(there);
        let a = here();
        (
            a,
            there
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e)),
        )
    })
}
