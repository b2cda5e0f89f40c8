//! The store: the port through which the services, and only they, read and write the
//! register. A [`Reader`] is a consistent snapshot, a [`Writer`] one transaction, committed
//! whole or not at all; both speak in domain types. Behind the port sit the engines, one
//! folder each: `redb/`, the embedded file of a single terminal, and `postgres/`, the server
//! a depot with several terminals (or headquarters) runs. The ledger's rule (a movement
//! replayed onto its stock row and sealed into the hash chain) is the domain's
//! ([`crate::domain::replay::step`]), applied here once for every engine, so both persist the
//! same movement and the same state.

pub(crate) mod error;
pub mod hq;
mod location;
pub mod postgres;
mod redb;

use std::path::{Path, PathBuf};

use crate::domain::{CatalogItem, Module, Stock, Unit, Warehouse};

pub use self::redb::{
    AssetRow, AssetScan, AuditEntry, Census, Claims, CountLine, CountRecord, End, Head, KitRecord,
    LotRow, LotScan, OperatorRecord, RepairNotice, SCHEMA_VERSION, StockRow, StockScan, Tag,
    Upsert, log_path, on_repair, raised_by_engine, same_file, stage_beside, swap_in,
};
pub use error::{ApplyError, StoreError};
pub use location::{Access, Location};

/// Look-ups that validation needs, whether it runs before or inside a write.
pub trait StockView {
    fn stock(&self, barcode: &str) -> Result<Option<Stock>, StoreError>;
    fn item(&self, code: &str) -> Result<Option<CatalogItem>, StoreError>;
    fn unit(&self, code: &str) -> Result<Option<Unit>, StoreError>;
    fn warehouse(&self, code: &str) -> Result<Option<Warehouse>, StoreError>;
    fn module(&self, code: &str) -> Result<Option<Module>, StoreError>;
    /// Every module, for resolving one given by name.
    fn modules(&self) -> Result<Vec<Module>, StoreError>;
}

/// The meta keys a database is created with, on either engine; [`Writer::put_meta`] leaves
/// them alone.
pub const CREATED_META: [&str; 3] = ["magic", "schema_version", "created"];

/// An open depot database, on either engine.
pub struct Store {
    engine: Engine,
}

enum Engine {
    Redb(redb::Store),
    Postgres(postgres::PgStore, PathBuf),
}

/// A consistent read-only snapshot.
pub struct Reader {
    engine: ReaderOf,
}

// One per read snapshot; boxing would only add an allocation to each.
#[allow(clippy::large_enum_variant)]
enum ReaderOf {
    Redb(redb::Reader),
    Postgres(postgres::PgReader),
}

/// One write transaction.
pub struct Writer<'t> {
    engine: WriterOf<'t>,
}

// One lives on the stack per write transaction; boxing would only add an allocation to each.
#[allow(clippy::large_enum_variant)]
enum WriterOf<'t> {
    Redb(redb::Writer<'t>),
    Postgres(postgres::PgWriter<'t>),
}

/// Runs `$body` with `$x` bound to the engine behind `$on` (a `Store`, `Reader` or `Writer`'s
/// engine enum).
macro_rules! on {
    ($on:expr, $kind:ident, $x:ident => $body:expr) => {
        match $on {
            $kind::Redb($x) => $body,
            $kind::Postgres($x, ..) => $body,
        }
    };
}

impl Store {
    /// Opens the database at `at`, on the engine its location names.
    pub fn at(at: &Location, how: Access) -> Result<Store, StoreError> {
        match at {
            Location::File(p) => Ok(Store::redb(match how {
                Access::Existing => redb::Store::open(p)?,
                Access::Create => redb::Store::open_or_create(p)?,
                Access::ReadOnly => redb::Store::open_read_only(p)?,
            })),
            Location::Server(url) => {
                let mode = match how {
                    Access::Existing => postgres::Mode::Existing,
                    Access::Create => postgres::Mode::Create,
                    Access::ReadOnly => postgres::Mode::ReadOnly,
                };
                let s = postgres::PgStore::open(url, mode)?;
                let shown = PathBuf::from(s.location());
                Ok(Store {
                    engine: Engine::Postgres(s, shown),
                })
            }
        }
    }

    /// Creates a new database at `at`: a file that does not exist yet, or the register of a
    /// PostgreSQL database that holds none (one that does is refused, never reused).
    pub fn create_new(at: &Location) -> Result<Store, StoreError> {
        match at {
            Location::File(_) => Store::at(at, Access::Create),
            Location::Server(url) => {
                let s = postgres::PgStore::create(url)?;
                let shown = PathBuf::from(s.location());
                Ok(Store {
                    engine: Engine::Postgres(s, shown),
                })
            }
        }
    }

    /// Opens the database `path` names, or creates and initialises a new one; a path that is
    /// a `postgres://` URL names a PostgreSQL database (see [`Location`]).
    pub fn open_or_create(path: &Path) -> Result<Store, StoreError> {
        Store::at(&Location::from(path), Access::Create)
    }

    /// Opens an existing database (a file, or a `postgres://` URL); a missing one is an error.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::at(&Location::from(path), Access::Existing)
    }

    /// Opens an existing database for reading only: nothing is written to it (`verify`).
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        Store::at(&Location::from(path), Access::ReadOnly)
    }

    /// A fresh database in memory, for tests.
    pub fn in_memory() -> Result<Store, StoreError> {
        Ok(Store::redb(redb::Store::in_memory()?))
    }

    /// A redb database on a simulated disk (power cuts, failing writes), for tests.
    #[cfg(test)]
    pub(crate) fn with_backend(
        backend: impl ::redb::StorageBackend,
        label: &Path,
    ) -> Result<Store, StoreError> {
        Ok(Store::redb(redb::Store::with_backend(backend, label)?))
    }

    /// A store on a PostgreSQL engine already open, for its own tests.
    #[cfg(test)]
    pub(crate) fn from_pg(s: postgres::PgStore) -> Store {
        let shown = PathBuf::from(s.location());
        Store {
            engine: Engine::Postgres(s, shown),
        }
    }

    /// The redb engine behind this store, for its own tests.
    #[cfg(test)]
    pub(crate) fn as_redb(&self) -> Option<&redb::Store> {
        match &self.engine {
            Engine::Redb(s) => Some(s),
            Engine::Postgres(..) => None,
        }
    }

    fn redb(s: redb::Store) -> Store {
        Store {
            engine: Engine::Redb(s),
        }
    }

    /// The file this store lives in; for a PostgreSQL database, `host:port/database`.
    pub fn path(&self) -> &Path {
        match &self.engine {
            Engine::Redb(s) => s.path(),
            Engine::Postgres(_, shown) => shown,
        }
    }

    /// Whether this is a PostgreSQL database (several terminals may share it).
    pub fn is_shared(&self) -> bool {
        matches!(self.engine, Engine::Postgres(..))
    }

    /// Runs `f`, which reads this database, so that a panic the engine raises on an impossible
    /// page of a damaged file comes back as [`StoreError::Damaged`] instead of ending the
    /// program.
    pub fn contained<T>(&self, f: impl FnOnce() -> T) -> Result<T, StoreError> {
        match &self.engine {
            Engine::Redb(s) => s.contained(f),
            // The client library reports a server's answers as errors; nothing to contain.
            Engine::Postgres(..) => Ok(f()),
        }
    }

    /// A consistent read-only snapshot.
    pub fn read(&self) -> Result<Reader, StoreError> {
        Ok(Reader {
            engine: match &self.engine {
                Engine::Redb(s) => ReaderOf::Redb(s.read()?),
                Engine::Postgres(s, _) => ReaderOf::Postgres(s.read()?),
            },
        })
    }

    /// Runs `f` in one write transaction and commits it durably only if `f` succeeds (the
    /// commit returns once the engine has it on disk); on an error nothing is written.
    pub fn write<T, E>(&self, f: impl FnOnce(&mut Writer<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        self.transact(true, f)
    }

    /// Runs `f` in a write transaction and then aborts it: a dry run that does all the work
    /// and changes nothing.
    pub fn trial<T, E>(&self, f: impl FnOnce(&mut Writer<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        self.transact(false, f)
    }

    fn transact<T, E>(
        &self,
        commit: bool,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        match &self.engine {
            Engine::Redb(s) => s.transact(commit, |w| {
                f(&mut Writer {
                    engine: WriterOf::Redb(w),
                })
            }),
            Engine::Postgres(s, _) => s.transact(commit, |pw| {
                let mut w = Writer {
                    engine: WriterOf::Postgres(pw),
                };
                let out = f(&mut w);
                match w.engine {
                    WriterOf::Postgres(pw) => (pw, out),
                    WriterOf::Redb(_) => unreachable!("a PostgreSQL transaction stays one"),
                }
            }),
        }
    }

    /// How many rows each table holds.
    pub fn census(&self) -> Result<Census, StoreError> {
        match &self.engine {
            Engine::Redb(s) => s.census(),
            Engine::Postgres(..) => Err(self.not_a_file("counting its tables")),
        }
    }

    fn not_a_file(&self, doing: &str) -> StoreError {
        StoreError::said(
            format!(
                "{}: {doing} is for a database file; a PostgreSQL database is backed up by the server's own tools (pg_dump), or copied into a file with `depot migrate --to FILE`",
                self.path().display()
            ),
            format!(
                "{}：{} 只用于数据库文件；PostgreSQL 数据库请用服务器自带的工具（pg_dump）备份，或用 `depot migrate --to 文件` 复制成文件",
                self.path().display(),
                match doing {
                    "a backup" => "备份",
                    _ => "清点数据表",
                }
            ),
        )
    }

    /// Copies the whole database, from one snapshot, into a new file `dest` (see
    /// `service::backup`).
    pub fn backup_to(
        &self,
        dest: &Path,
        replace: bool,
        stop: &dyn Fn() -> bool,
    ) -> Result<Option<Census>, StoreError> {
        match &self.engine {
            Engine::Redb(s) => s.backup_to(dest, replace, stop),
            Engine::Postgres(..) => Err(self.not_a_file("a backup")),
        }
    }
}

/// Defines methods that hand their call, unchanged, to the engine behind `self.engine` (an
/// enum `$kind`).
macro_rules! forward {
    ($kind:ident;) => {};
    ($kind:ident; $(#[$m:meta])* fn $name:ident(&mut self $(, $a:ident: $t:ty)*) -> $r:ty; $($rest:tt)*) => {
        $(#[$m])*
        pub fn $name(&mut self $(, $a: $t)*) -> $r {
            on!(&mut self.engine, $kind, e => e.$name($($a),*))
        }
        forward!($kind; $($rest)*);
    };
    ($kind:ident; $(#[$m:meta])* fn $name:ident(&self $(, $a:ident: $t:ty)*) -> $r:ty; $($rest:tt)*) => {
        $(#[$m])*
        pub fn $name(&self $(, $a: $t)*) -> $r {
            on!(&self.engine, $kind, e => e.$name($($a),*))
        }
        forward!($kind; $($rest)*);
    };
}

mod read;
mod write;
