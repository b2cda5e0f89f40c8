//! Opening a database on the engine its location names ([`at`], [`open`] …), and the port it
//! is then used through (`depot-store`, re-exported here).

use std::path::Path;

pub use depot_store::*;
pub(crate) use depot_store_postgres as postgres;
pub use depot_store_postgres::redact;
pub use depot_store_redb::{
    RepairNotice, SCHEMA_VERSION, log_path, on_repair, raised_by_engine, same_file, stage_beside,
    swap_in,
};

/// Opens the database at `at`, on the engine its location names.
pub fn at(at: &Location, how: Access) -> Result<Store, StoreError> {
    match at {
        Location::File(p) => Ok(Store::new(match how {
            Access::Existing => depot_store_redb::Store::open(p)?,
            Access::Create => depot_store_redb::Store::open_or_create(p)?,
            Access::ReadOnly => depot_store_redb::Store::open_read_only(p)?,
        })),
        Location::Server(url) => {
            let mode = match how {
                Access::Existing => postgres::Mode::Existing,
                Access::Create => postgres::Mode::Create,
                Access::ReadOnly => postgres::Mode::ReadOnly,
            };
            Ok(Store::new(postgres::PgStore::open(url, mode)?))
        }
    }
}

/// Creates a new database at `at`: a file that does not exist yet, or the register of a
/// PostgreSQL database that holds none (one that does is refused, never reused).
pub fn create_new(at: &Location) -> Result<Store, StoreError> {
    match at {
        Location::File(_) => self::at(at, Access::Create),
        Location::Server(url) => Ok(Store::new(postgres::PgStore::create(url)?)),
    }
}

/// Opens the database `path` names, or creates and initialises a new one; a path that is a
/// `postgres://` URL names a PostgreSQL database (see [`Location`]).
pub fn open_or_create(path: &Path) -> Result<Store, StoreError> {
    at(&Location::from(path), Access::Create)
}

/// Opens an existing database (a file, or a `postgres://` URL); a missing one is an error.
pub fn open(path: &Path) -> Result<Store, StoreError> {
    at(&Location::from(path), Access::Existing)
}

/// Opens an existing database for reading only: nothing is written to it (`verify`).
pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
    at(&Location::from(path), Access::ReadOnly)
}

/// A fresh database in memory, for tests.
pub fn in_memory() -> Result<Store, StoreError> {
    Ok(Store::new(depot_store_redb::Store::in_memory()?))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A connection string that cannot be used is told without its password, and no file is
    /// made.
    #[test]
    fn a_key_value_connection_string_is_told_without_its_password() {
        let cwd = std::env::current_dir().unwrap();
        for s in [
            "host=127.0.0.1 port=1 dbname=qz user=depot password=s3cret",
            "host=127.0.0.1 password = 's3 cret\\'s' dbname=qz",
        ] {
            let e = match at(&Location::parse(s), Access::Create) {
                Err(e) => e.to_string(),
                Ok(_) => panic!("{s} opened"),
            };
            assert!(!e.contains("s3"), "{e}");
        }
        assert!(
            !cwd.join("host=127.0.0.1 dbname=qz user=depot password=s3cret")
                .exists()
        );
    }
}
