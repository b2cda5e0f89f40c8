//! depot: the equipment register and strategic reserves of a fire-rescue service.

pub mod cli;
pub mod domain;
pub mod error;
pub mod exchange;
pub mod report;
pub mod service;
pub mod store;
pub mod tui;

pub use error::{Error, Result};
