//! The port's operations on this engine: each one the engine's own.

mod read;
mod write;

use std::path::Path;

use depot_store::Database;

use super::*;

use depot_store::visit::{Stop, ended, until};

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
