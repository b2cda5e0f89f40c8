//! For the engines: a visit the port drives through an engine's own loop. The port's callback
//! answers whether to go on ([`ControlFlow`]); an engine's loop stops at an error. [`until`]
//! turns the one into the other, and [`ended`] tells a break the callback asked for from the
//! engine's own error.

use std::ops::ControlFlow;

use crate::StoreError;

/// Why an engine's loop stopped: the store's error, or the callback's break.
pub enum Stop {
    Store(StoreError),
    Break,
}

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Self {
        Stop::Store(e)
    }
}

/// The callback's answer as an engine's loop takes it: a break stops the loop.
pub fn until(flow: ControlFlow<()>) -> Result<(), Stop> {
    match flow {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(()) => Err(Stop::Break),
    }
}

/// How the visit ended: a break asked for is no error.
pub fn ended(r: Result<(), Stop>) -> Result<(), StoreError> {
    match r {
        Ok(()) | Err(Stop::Break) => Ok(()),
        Err(Stop::Store(e)) => Err(e),
    }
}
