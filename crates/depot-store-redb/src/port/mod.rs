//! The port's operations on this engine: each one the engine's own.

mod read;
mod write;

use std::ops::ControlFlow;
use std::path::Path;

use depot_store::Database;

use super::*;

/// A visit the port drives: its callback's break ends the engine's loop.
enum Stop {
    Store(StoreError),
    Break,
}

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Self {
        Stop::Store(e)
    }
}

fn until(flow: ControlFlow<()>) -> Result<(), Stop> {
    match flow {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(()) => Err(Stop::Break),
    }
}

fn ended(r: Result<(), Stop>) -> Result<(), StoreError> {
    match r {
        Ok(()) | Err(Stop::Break) => Ok(()),
        Err(Stop::Store(e)) => Err(e),
    }
}

impl Database for Store {
    fn path(&self) -> &Path {
        Store::path(self)
    }
    fn contain(&self, f: &mut dyn FnMut()) -> Result<(), StoreError> {
        Store::contained(self, f)
    }
    fn read(&self) -> Result<depot_store::Reader, StoreError> {
        Ok(depot_store::Reader::new(Store::read(self)?))
    }
    fn transact(
        &self,
        commit: bool,
        f: &mut dyn FnMut(&mut depot_store::Writer<'_>) -> bool,
    ) -> Result<(), StoreError> {
        ended(Store::transact(self, commit, |mut w| {
            if f(&mut w) { Ok(()) } else { Err(Stop::Break) }
        }))
    }
    fn census(&self) -> Result<Census, StoreError> {
        Store::census(self)
    }
    fn backup_to(
        &self,
        dest: &Path,
        replace: bool,
        stop: &dyn Fn() -> bool,
    ) -> Result<Option<Census>, StoreError> {
        Store::backup_to(self, dest, replace, stop)
    }
}
