//! depot: the equipment register and strategic reserves of a fire-rescue service.

pub mod cli;
pub mod error;
pub mod interrupt;
pub mod service;
pub mod store;
pub mod tui;

pub use error::{Error, Result};

pub use depot_domain as domain;
pub use depot_domain::{both, two_threads_for};
pub use depot_exchange as exchange;
pub use depot_label as label;
pub use depot_report as report;
