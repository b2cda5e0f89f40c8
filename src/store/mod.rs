//! The store: the port through which the services, and only they, read and write the
//! register. A [`Reader`] is a consistent snapshot, a [`Writer`] one transaction, committed
//! whole or not at all; both speak in domain types. Behind the port sit the engines, one
//! folder each: `redb/`, the embedded file of a single terminal, and `postgres/`, the server
//! a depot with several terminals (or headquarters) runs. The ledger's rule (a movement
//! replayed onto its stock row and sealed into the hash chain) is the domain's
//! ([`crate::domain::replay::step`]), applied here once for every engine, so both persist the
//! same movement and the same state.

pub mod postgres;
mod redb;

use std::io;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::Error;
use crate::domain::movement::{Movement, NewMovement};
use crate::domain::replay::{self, ItemFacts};
use crate::domain::{Barcode, CatalogItem, Module, StandardLine, Stock, Target, Unit, Warehouse};

pub use self::redb::{
    AssetRow, AssetScan, AuditEntry, Census, Claims, CountRecord, End, Head, KitRecord, LotRow,
    LotScan, OperatorRecord, RepairNotice, SCHEMA_VERSION, StockRow, StockScan, Tag, Upsert,
    log_path, on_repair, raised_by_engine, same_file, stage_beside, swap_in,
};

/// What can go wrong with the database itself. Each message says which file, what is wrong
/// with it, and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the database is already open in another program ({0}); close that program first (only one program may use a depot database file at a time; a depot with several terminals needs PostgreSQL)"
    )]
    AlreadyOpen(PathBuf),
    #[error(
        "{0} is not a depot database (it is not a redb file, or was written by another program); check the path given with --db or DEPOT_DB"
    )]
    NotDepot(PathBuf),
    #[error(
        "{0} is empty (0 bytes): it holds no database (a copy that failed, or an init that never finished); restore a backup (`depot restore FILE`), or remove it and run `depot init`"
    )]
    Empty(PathBuf),
    #[error(
        "{0} is a folder, not a database file; give the path of the database file with --db or DEPOT_DB (e.g. {0}/depot.redb)"
    )]
    IsDirectory(PathBuf),
    #[error(
        "{} is damaged ({detail}); depot left it as it is: restore it from a backup (`depot restore FILE`) and keep the damaged file for inspection",
        path.display()
    )]
    Damaged { path: PathBuf, detail: String },
    #[error(
        "{path} was written by a newer depot (schema version {found}; this program knows {known}); use a newer depot"
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    #[error(
        "{path} was written by an older depot (schema version {found}; this program knows {known}); export its assets and lots with that depot and import them into a new database (`depot init`, then `depot import`)"
    )]
    OlderSchema {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    #[error(
        "{} holds a write-ahead log of an earlier depot that does not fit {} ({reason}); depot left both files as they were: if you put a backup in place of the database, move the -wal file away and open it again",
        log.display(), db.display()
    )]
    LegacyLog {
        db: PathBuf,
        log: PathBuf,
        reason: String,
    },
    #[error("there is no database at {0}; create one with `depot init` (or `depot init --sample`)")]
    Missing(PathBuf),
    #[error("{}", disk_full(.0))]
    DiskFull(PathBuf),
    #[error("cannot read or write {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error(
        "the disk reported an error while saving to {} ({source}): this action may or may not have been saved, and depot writes nothing more. Close depot, check the disk, and start it again: the register then shows whether it landed",
        path.display()
    )]
    Unsure { path: PathBuf, source: io::Error },
    #[error("the database is damaged: table {table}, key '{key}': {reason}")]
    Corrupt {
        table: &'static str,
        key: String,
        reason: String,
    },
    #[error("{0} was opened for reading only")]
    ReadOnly(PathBuf),
    #[error("database error: {0}")]
    Db(String),
}

fn disk_full(path: &Path) -> String {
    let disk = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.display().to_string(),
        _ if path.as_os_str().is_empty() => "the database's folder".to_owned(),
        _ => ".".to_owned(),
    };
    format!(
        "the disk is full: depot could not write to {}; nothing of this action was saved. Free space on the disk that holds {disk} (old exports, backups, labels) and try again",
        if path.as_os_str().is_empty() {
            "the database".to_owned()
        } else {
            path.display().to_string()
        }
    )
}

impl StoreError {
    /// An I/O error on `path`; a full disk is said as such.
    pub fn io(path: &Path, e: io::Error) -> StoreError {
        match e.kind() {
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
                StoreError::DiskFull(path.to_owned())
            }
            _ => StoreError::Io {
                path: path.to_owned(),
                source: e,
            },
        }
    }

    /// The same error, naming `path` where it named no file.
    pub(crate) fn at(self, path: &Path) -> StoreError {
        match self {
            StoreError::DiskFull(p) if p.as_os_str().is_empty() => {
                StoreError::DiskFull(path.to_owned())
            }
            StoreError::Io { path: p, source } if p.as_os_str().is_empty() => StoreError::Io {
                path: path.to_owned(),
                source,
            },
            e => e,
        }
    }
}

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

/// Where a depot database is: what `--db` (or `DEPOT_DB`) names. A `postgres://` or
/// `postgresql://` URL is a PostgreSQL database; anything else is the path of a redb file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Server(String),
}

impl Location {
    pub fn parse(given: &str) -> Location {
        let lower = given.trim_start().to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Location::Server(given.trim().to_owned())
        } else {
            Location::File(PathBuf::from(given))
        }
    }

    /// The file, for a redb database.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Location::File(p) => Some(p),
            Location::Server(_) => None,
        }
    }
}

impl From<&Path> for Location {
    fn from(p: &Path) -> Location {
        match p.to_str() {
            Some(s) => Location::parse(s),
            None => Location::File(p.to_owned()),
        }
    }
}

impl std::str::FromStr for Location {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Location, Self::Err> {
        Ok(Location::parse(s))
    }
}

/// How a database is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// An existing database; a missing one is an error.
    Existing,
    /// An existing database, or a new one created and initialised.
    Create,
    /// An existing database, for reading only (`verify`): nothing is written to it.
    ReadOnly,
}

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
        StoreError::Db(format!(
            "{}: {doing} is for a database file; a PostgreSQL database is backed up by the server's own tools (pg_dump), or copied into a file with `depot migrate --to FILE`",
            self.path().display()
        ))
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

impl Reader {
    forward! { ReaderOf;
        fn units(&self) -> Result<Vec<Unit>, StoreError>;
        fn warehouses(&self) -> Result<Vec<Warehouse>, StoreError>;
        fn modules(&self) -> Result<Vec<Module>, StoreError>;
        fn catalog(&self) -> Result<Vec<CatalogItem>, StoreError>;
        fn standards(&self) -> Result<Vec<StandardLine>, StoreError>;
        fn targets(&self) -> Result<Vec<Target>, StoreError>;
        /// How many barcodes the register holds.
        fn stock_count(&self) -> Result<u64, StoreError>;
        /// The number of the last movement and its hash (0 and zeros for an empty ledger).
        fn ledger_head(&self) -> Result<(u64, [u8; 32]), StoreError>;
        /// The movements of one barcode, oldest first.
        fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError>;
        /// The barcodes whose `tag` (owner, item, module …) has `value`, in barcode order.
        fn barcodes_by(&self, tag: Tag, value: &str) -> Result<Vec<Barcode>, StoreError>;
        /// Barcodes whose date (life end or expiry) falls in `from..=to`, with the date.
        fn barcodes_by_date(&self, tag: Tag, from: chrono::NaiveDate, to: chrono::NaiveDate) -> Result<Vec<(chrono::NaiveDate, Barcode)>, StoreError>;
        /// Every barcode that starts with `prefix`, up to `limit` of them.
        fn barcodes_starting(&self, prefix: &str, limit: usize) -> Result<Vec<Barcode>, StoreError>;
        /// A value of the meta table.
        fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError>;
        fn operators(&self) -> Result<Vec<OperatorRecord>, StoreError>;
        fn operator(&self, name: &str) -> Result<Option<OperatorRecord>, StoreError>;
        fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError>;
        fn counts(&self) -> Result<Vec<CountRecord>, StoreError>;
        fn count_scans(&self, id: u64) -> Result<Vec<(String, Decimal)>, StoreError>;
        /// Codes (barcodes, units, warehouses) equal to `code` ignoring case.
        fn codes_ignoring_case(&self, code: &str, limit: usize) -> Result<Vec<String>, StoreError>;
        fn kit(&self, code: &str) -> Result<Option<KitRecord>, StoreError>;
        fn kits(&self) -> Result<Vec<KitRecord>, StoreError>;
    }

    /// Visits every asset and lot in barcode order; stops at the first error `f` returns.
    pub fn for_each_stock<E: From<StoreError>>(
        &self,
        f: impl FnMut(&str, StockRow<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        on!(&self.engine, ReaderOf, e => e.for_each_stock(f))
    }

    /// [`Self::for_each_stock`], with what each row keeps of its barcode's last movement.
    pub fn for_each_stock_linked<E: From<StoreError>>(
        &self,
        f: impl FnMut(&str, StockRow<'_>, Head) -> Result<(), E>,
    ) -> Result<(), E> {
        on!(&self.engine, ReaderOf, e => e.for_each_stock_linked(f))
    }

    /// Visits the ledger from `since` (inclusive) on, in order.
    pub fn for_each_movement<E: From<StoreError>>(
        &self,
        since: u64,
        f: impl FnMut(Movement) -> Result<(), E>,
    ) -> Result<(), E> {
        on!(&self.engine, ReaderOf, e => e.for_each_movement(since, f))
    }

    /// [`Self::for_each_movement`], with the number of the same barcode's movement before
    /// each one (0: none).
    pub fn for_each_movement_linked<E: From<StoreError>>(
        &self,
        since: u64,
        f: impl FnMut(Movement, u64) -> Result<(), E>,
    ) -> Result<(), E> {
        on!(&self.engine, ReaderOf, e => e.for_each_movement_linked(since, f))
    }

    /// Visits assets and lots from one end of the barcode order until `f` breaks off.
    pub fn scan_stock<E: From<StoreError>>(
        &self,
        from: End,
        f: impl FnMut(&str, StockScan<'_>) -> Result<ControlFlow<()>, E>,
    ) -> Result<(), E> {
        on!(&self.engine, ReaderOf, e => e.scan_stock(from, f))
    }

    /// [`Self::scan_stock`] over the rows `claims` gives out: two threads reading from the
    /// two ends visit every row once.
    pub fn scan_claimed<E: From<StoreError>>(
        &self,
        from: End,
        claims: &Claims,
        f: impl FnMut(&str, StockScan<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        on!(&self.engine, ReaderOf, e => e.scan_claimed(from, claims, f))
    }

    /// [`Self::for_each_stock`] over the rows `claims` gives out, from one end.
    pub fn for_each_stock_claimed<E: From<StoreError>>(
        &self,
        from: End,
        claims: &Claims,
        f: impl FnMut(&str, StockRow<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        on!(&self.engine, ReaderOf, e => e.for_each_stock_claimed(from, claims, f))
    }
}

impl Writer<'_> {
    forward! { WriterOf;
        /// The last movement of a barcode, if any.
        fn last_movement(&self, barcode: &str) -> Result<Option<Movement>, StoreError>;
        /// The last movement of a barcode if it was made less than `secs` seconds from `now`
        /// (either way): what every scan asks to tell a repeat from a new scan.
        fn last_movement_near(&self, barcode: &str, now: chrono::DateTime<chrono::FixedOffset>, secs: i64) -> Result<Option<Movement>, StoreError>;
        /// Known barcodes close to `code` (for "did you mean"), bounded work on any register.
        fn nearest_barcodes(&self, code: &str, n: usize) -> Result<Vec<String>, StoreError>;
        /// Unit and warehouse codes close to `code`.
        fn nearest_places(&self, code: &str, n: usize) -> Result<Vec<String>, StoreError>;
        /// The barcodes whose `tag` has `value`, in barcode order.
        fn barcodes_by(&self, tag: Tag, value: &str) -> Result<Vec<Barcode>, StoreError>;
        /// The assets checked out to `place`, in barcode order.
        fn checked_out_to(&self, place: &str) -> Result<Vec<Barcode>, StoreError>;
        /// The movements of one barcode, oldest first.
        fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError>;
        /// The next sequence number the ledger will give.
        fn next_seq(&mut self) -> Result<u64, StoreError>;
        fn put_unit(&mut self, u: &Unit) -> Result<Upsert, StoreError>;
        fn put_warehouse(&mut self, w: &Warehouse) -> Result<Upsert, StoreError>;
        fn put_module(&mut self, m: &Module) -> Result<Upsert, StoreError>;
        /// Stores a catalogue item; a changed service life re-indexes the life ends of its
        /// assets.
        fn put_item(&mut self, c: &CatalogItem) -> Result<Upsert, StoreError>;
        fn put_standard(&mut self, l: &StandardLine) -> Result<Upsert, StoreError>;
        fn put_target(&mut self, tg: &Target) -> Result<Upsert, StoreError>;
        fn operator_count(&self) -> Result<u64, StoreError>;
        fn operator(&self, name: &str) -> Result<Option<OperatorRecord>, StoreError>;
        fn put_operator(&mut self, o: &OperatorRecord) -> Result<(), StoreError>;
        fn audit(&mut self, e: &AuditEntry) -> Result<(), StoreError>;
        /// Opens a stock count; returns its number.
        fn open_count(&mut self, scope: &str, module: Option<&str>, at: &str, by: &str) -> Result<u64, StoreError>;
        fn count(&self, id: u64) -> Result<Option<CountRecord>, StoreError>;
        /// Records a barcode found by count `id`; `false` when it was already recorded.
        fn count_scan(&mut self, id: u64, barcode: &str, quantity: Decimal) -> Result<bool, StoreError>;
        fn count_scans(&self, id: u64) -> Result<Vec<(String, Decimal)>, StoreError>;
        fn close_count(&mut self, c: &CountRecord, at: &str, by: &str) -> Result<(), StoreError>;
        fn kit(&self, code: &str) -> Result<Option<KitRecord>, StoreError>;
        fn put_kit(&mut self, k: &KitRecord) -> Result<(), StoreError>;
        /// Overwrites a stock row without a movement: only for tests proving `verify` catches it.
        #[doc(hidden)]
        fn tamper_stock(&mut self, s: &Stock) -> Result<(), StoreError>;
        /// Overwrites a stored movement: only for tests proving `verify` catches it.
        #[doc(hidden)]
        fn tamper_movement(&mut self, m: &Movement) -> Result<(), StoreError>;
        /// Removes the ledger from `seq` on: only for tests proving `verify` catches it.
        #[doc(hidden)]
        fn tamper_truncate(&mut self, seq: u64) -> Result<(), StoreError>;
        /// Points a movement's history link elsewhere: only for tests proving `verify` catches it.
        #[doc(hidden)]
        fn tamper_link(&mut self, seq: u64, prev: u64) -> Result<(), StoreError>;
    }

    /// Sets a value of the meta table (the bundle watermark, say), in this transaction. The
    /// keys a database is created with ([`CREATED_META`]) are refused: they say what the
    /// database is, and nothing changes them.
    pub fn put_meta(&mut self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        if CREATED_META.contains(&key) {
            return Err(StoreError::Db(format!(
                "the meta key '{key}' is written once, when the database is created, and cannot be changed"
            )));
        }
        on!(&mut self.engine, WriterOf, e => e.put_meta(key, value))
    }

    /// Runs `f` as one bulk write (an import): the engine may collect what `f` writes and
    /// store it in bulk. Nothing may read indexes meanwhile (`history`, `barcodes_by`,
    /// `last_movement`).
    pub fn batched<T, E>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        on!(&mut self.engine, WriterOf, e => e.begin_batch());
        let out = f(self);
        let flushed = on!(&mut self.engine, WriterOf, e => e.end_batch());
        let out = out?;
        flushed?;
        Ok(out)
    }

    /// Applies one movement: the new state of its barcode and the movement sealed into the
    /// chain, by the domain's rule; both stored in this transaction. Returns both.
    pub fn apply(&mut self, m: NewMovement) -> Result<(Movement, Stock), Error> {
        let facts = on!(&mut self.engine, WriterOf, e => e.item_facts(m.item.as_str()))?
            .ok_or_else(|| Error::UnknownItem(m.item.clone()))?;
        let barcode = m.barcode.as_str();
        let before = on!(&self.engine, WriterOf, e => e.stock_head(barcode))?;
        let chain = on!(&mut self.engine, WriterOf, e => e.ledger_head())?;
        let item = m.item.clone();
        let uom = || {
            StockView::item(self, item.as_str())
                .ok()
                .flatten()
                .map(|i| i.uom)
                .unwrap_or_default()
        };
        let (mv, after) = replay::step(facts, uom, before.as_ref().map(|(_, s)| s), m, chain)?;
        self.owner_known(before.as_ref().map(|(_, s)| s), &after)?;
        self.persist(&mv, before, &after, facts)?;
        Ok((mv, after))
    }

    /// A new owner must be a unit or a warehouse of the register. Checked here, before anything
    /// is written, so that every engine refuses the same movements the same way: PostgreSQL's
    /// foreign key would refuse it too, but only once the movement was half written, ending
    /// the whole transaction (a scan batch's other scans with it).
    fn owner_known(&self, before: Option<&Stock>, after: &Stock) -> Result<(), Error> {
        let owner = after.owner();
        if before.is_some_and(|b| b.owner() == owner) {
            return Ok(());
        }
        if self.unit(owner.as_str())?.is_some() || self.warehouse(owner.as_str())?.is_some() {
            return Ok(());
        }
        Err(Error::UnknownOwner(owner.clone()))
    }

    /// Appends a movement already sealed elsewhere (a database being moved to this engine):
    /// it must continue this ledger's chain exactly and carry its own hash, and its state is
    /// replayed as `verify` replays it (so a ledger written before a later rule still moves).
    pub fn append_sealed(&mut self, mv: Movement) -> Result<Stock, Error> {
        let corrupt = |reason: String| StoreError::Corrupt {
            table: "ledger",
            key: mv.seq.to_string(),
            reason,
        };
        let facts = on!(&mut self.engine, WriterOf, e => e.item_facts(mv.body.item.as_str()))?
            .ok_or_else(|| Error::UnknownItem(mv.body.item.clone()))?;
        let chain = on!(&mut self.engine, WriterOf, e => e.ledger_head())?;
        if (mv.seq, mv.prev_hash) != (chain.0 + 1, chain.1) {
            return Err(corrupt(format!(
                "movement {} does not follow movement {} of the chain",
                mv.seq, chain.0
            ))
            .into());
        }
        if mv.body.clone().seal(mv.seq, mv.prev_hash).hash != mv.hash {
            return Err(corrupt("its hash does not match its contents".into()).into());
        }
        let before = on!(&self.engine, WriterOf, e => e.stock_head(mv.body.barcode.as_str()))?;
        let after = replay::apply(before.as_ref().map(|(_, s)| s), &mv.body, facts.tracking)?;
        self.persist(&mv, before, &after, facts)?;
        Ok(after)
    }

    /// Stores a movement and the state it left its barcode in (`before`: the state it found,
    /// with its last movement).
    fn persist(
        &mut self,
        mv: &Movement,
        before: Option<(Head, Stock)>,
        after: &Stock,
        facts: ItemFacts,
    ) -> Result<(), StoreError> {
        let last = before.as_ref().map_or(0, |(h, _)| h.seq);
        let head = Head {
            seq: mv.seq,
            at: mv.body.at.timestamp(),
        };
        on!(&mut self.engine, WriterOf, e => {
            e.append(mv, last)?;
            e.put_stock(before.as_ref().map(|(_, s)| s), after, facts.life_years, head)
        })
    }
}

impl StockView for Reader {
    fn stock(&self, barcode: &str) -> Result<Option<Stock>, StoreError> {
        on!(&self.engine, ReaderOf, e => e.stock(barcode))
    }
    fn item(&self, code: &str) -> Result<Option<CatalogItem>, StoreError> {
        on!(&self.engine, ReaderOf, e => e.item(code))
    }
    fn unit(&self, code: &str) -> Result<Option<Unit>, StoreError> {
        on!(&self.engine, ReaderOf, e => e.unit(code))
    }
    fn warehouse(&self, code: &str) -> Result<Option<Warehouse>, StoreError> {
        on!(&self.engine, ReaderOf, e => e.warehouse(code))
    }
    fn module(&self, code: &str) -> Result<Option<Module>, StoreError> {
        on!(&self.engine, ReaderOf, e => e.module(code))
    }
    fn modules(&self) -> Result<Vec<Module>, StoreError> {
        on!(&self.engine, ReaderOf, e => StockView::modules(e))
    }
}

impl StockView for Writer<'_> {
    fn stock(&self, barcode: &str) -> Result<Option<Stock>, StoreError> {
        on!(&self.engine, WriterOf, e => e.stock(barcode))
    }
    fn item(&self, code: &str) -> Result<Option<CatalogItem>, StoreError> {
        on!(&self.engine, WriterOf, e => e.item(code))
    }
    fn unit(&self, code: &str) -> Result<Option<Unit>, StoreError> {
        on!(&self.engine, WriterOf, e => e.unit(code))
    }
    fn warehouse(&self, code: &str) -> Result<Option<Warehouse>, StoreError> {
        on!(&self.engine, WriterOf, e => e.warehouse(code))
    }
    fn module(&self, code: &str) -> Result<Option<Module>, StoreError> {
        on!(&self.engine, WriterOf, e => e.module(code))
    }
    fn modules(&self) -> Result<Vec<Module>, StoreError> {
        on!(&self.engine, WriterOf, e => StockView::modules(e))
    }
}
