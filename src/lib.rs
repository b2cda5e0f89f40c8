//! depot: the equipment register and strategic reserves of a fire-rescue service.

pub mod cli;
pub mod domain;
pub mod error;
pub mod exchange;
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
