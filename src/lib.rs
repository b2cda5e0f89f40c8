//! depot: the equipment register and strategic reserves of a fire-rescue service. This package
//! is the `depot` program: its command line (`cli`), over the services (`depot-service`) and the
//! terminal UI (`depot-tui`).

pub mod cli;
