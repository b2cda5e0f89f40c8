//! The port's operations on this engine: each one the engine's own.

mod read;
mod write;

use std::path::Path;

use depot_store::{Database, StoreError};

use crate::PgStore;

use depot_store::visit::{Stop, ended, until};

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
    fn on_link(&self, hook: depot_store::LinkHook) {
        self.pool.on_link(hook)
    }
    fn sign_in(
        &self,
        name: &str,
        prove: depot_store::Prove<'_>,
    ) -> Option<Result<depot_store::SignIn, StoreError>> {
        Some(PgStore::sign_in(self, name, prove))
    }
    fn flush(&self) -> Result<(), StoreError> {
        PgStore::flush(self)
    }
    fn transact(
        &self,
        commit: bool,
        f: &mut dyn FnMut(&mut depot_store::Writer<'_>) -> bool,
    ) -> Result<(), StoreError> {
        self.transact_for(commit, None, f).map(|_| ())
    }
    fn transact_for(
        &self,
        commit: bool,
        hint: Option<&str>,
        f: &mut dyn FnMut(&mut depot_store::Writer<'_>) -> bool,
    ) -> Result<Option<depot_store::Moved>, StoreError> {
        let done = PgStore::transact(self, commit, hint, |mut w| {
            let ok = f(&mut w);
            (w, if ok { Ok(()) } else { Err(Stop::Break) })
        });
        match done {
            Ok(((), moved)) => Ok(moved),
            Err(Stop::Break) => Ok(None),
            Err(Stop::Store(e)) => Err(e),
        }
    }
}
