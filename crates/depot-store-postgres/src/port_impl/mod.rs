//! The port's operations on this engine: each one the engine's own.

mod read;
mod write;

use std::ops::ControlFlow;
use std::path::Path;

use depot_store::{Database, StoreError};

use crate::PgStore;

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

impl Database for PgStore {
    fn path(&self) -> &Path {
        Path::new(self.location())
    }
    fn is_shared(&self) -> bool {
        true
    }
    fn read(&self) -> Result<depot_store::Reader, StoreError> {
        Ok(depot_store::Reader::new(PgStore::read(self)?))
    }
    fn transact(
        &self,
        commit: bool,
        f: &mut dyn FnMut(&mut depot_store::Writer<'_>) -> bool,
    ) -> Result<(), StoreError> {
        ended(PgStore::transact(self, commit, |mut w| {
            let ok = f(&mut w);
            (w, if ok { Ok(()) } else { Err(Stop::Break) })
        }))
    }
}
