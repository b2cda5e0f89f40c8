//! The embedded engine: redb, for one terminal. The only code that imports redb.
//!
//! One [`Store`] per process. Every user-visible write is one durable write transaction
//! ([`Store::write`]); reads see a consistent snapshot ([`Store::read`]).

mod backup;
mod geo;
mod hq;
mod hq_index;
mod hq_movements;
mod index;
mod lean;
mod legacy_wal;
mod notify;
mod open;
mod read;
mod row_view;
mod rows;
mod scan;
#[cfg(any(test, feature = "testing"))]
mod sim;
mod tables;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod work;
mod write;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use redb::{Database, ReadOnlyDatabase, ReadTransaction, ReadableDatabase, StorageError};

pub use backup::{same_file, stage_beside, swap_in};
pub use legacy_wal::log_path;
pub use open::raised_by_engine;
pub use read::Reader;
pub use tables::SCHEMA_VERSION;
pub use write::Writer;

// The port's vocabulary, which this engine's rows are read into.
pub(crate) use depot_domain::stock::{StockRef, StockScan};
pub(crate) use depot_store::{
    AuditEntry, Census, Claims, CountLine, CountRecord, End, Head, KitRecord, OperatorRecord,
    StoreError, Tag, Upsert,
};
pub(crate) use row_view::StockRow;

use tables::{MAGIC, META};

/// One of redb's errors as the port's.
pub(crate) trait Fault {
    fn fault(self) -> StoreError;
}

impl Fault for StorageError {
    fn fault(self) -> StoreError {
        open::storage_error(Path::new(""), self)
    }
}

impl Fault for redb::TransactionError {
    fn fault(self) -> StoreError {
        match self {
            redb::TransactionError::Storage(e) => e.fault(),
            other => StoreError::Db(other.to_string()),
        }
    }
}

impl Fault for redb::TableError {
    fn fault(self) -> StoreError {
        match self {
            redb::TableError::Storage(e) => e.fault(),
            other => StoreError::Db(other.to_string()),
        }
    }
}

impl Fault for redb::CommitError {
    fn fault(self) -> StoreError {
        match self {
            redb::CommitError::Storage(e) => e.fault(),
            other => StoreError::Db(other.to_string()),
        }
    }
}

/// redb's results as the port's: `.db()` where a `?` would have converted the error.
pub(crate) trait Db<T> {
    fn db(self) -> Result<T, StoreError>;
}

impl<T, E: Fault> Db<T> for Result<T, E> {
    fn db(self) -> Result<T, StoreError> {
        self.map_err(Fault::fault)
    }
}

/// The engine beneath a store: redb, for reading and writing or for reading only; `Closed`
/// while the store is dropped.
enum Engine {
    Writable(Database),
    ReadOnly(ReadOnlyDatabase),
    Closed,
}

impl Engine {
    fn begin_read(&self) -> Result<ReadTransaction, redb::TransactionError> {
        match self {
            Engine::Writable(db) => db.begin_read(),
            Engine::ReadOnly(db) => db.begin_read(),
            Engine::Closed => Err(StorageError::DatabaseClosed.into()),
        }
    }
}

impl Drop for Store {
    /// redb closes a database by writing its allocator state, which reads pages: on a damaged
    /// file it may panic there (found by fuzzing), so the close is contained like any read. A
    /// file already found damaged is not closed at all: nothing more is written to it (redb
    /// can even panic twice while closing one, which no program survives), and the next open
    /// finds it as a crash left it.
    fn drop(&mut self) {
        let engine = std::mem::replace(&mut self.engine, Engine::Closed);
        if self.damaged.load(std::sync::atomic::Ordering::SeqCst) {
            std::mem::forget(engine);
            return;
        }
        let _ = open::quietly(&self.path, move || drop(engine));
    }
}

/// An open depot database.
pub struct Store {
    engine: Engine,
    path: PathBuf,
    /// redb stopped on an impossible page of this file (a contained panic).
    damaged: std::sync::atomic::AtomicBool,
}

/// The page cache redb may use; bounds memory on a million-row register.
const CACHE_BYTES: usize = 128 * 1024 * 1024;

/// Told how far the check of a database that was not closed cleanly has got (0 to 1), and told
/// 1 once it is done; redb checks the whole file then, which takes seconds on a big register.
pub type RepairNotice = fn(&Path, f64);

static REPAIR_NOTICE: OnceLock<RepairNotice> = OnceLock::new();

/// Sets, once per process, who is told about such a check (the front end, which has a screen).
pub fn on_repair(notice: RepairNotice) {
    let _ = REPAIR_NOTICE.set(notice);
}

/// What the `meta` table says a database is.
enum Found {
    /// A depot database of this schema.
    Depot,
    /// A redb file without tables: an init that never committed.
    Blank,
}

impl Store {
    /// Opens an existing database, or creates and initialises a new one.
    pub fn open_or_create(path: &Path) -> Result<Store, StoreError> {
        open::open(path, open::Mode::Create)
    }

    /// Opens an existing database; a missing file is an error.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        open::open(path, open::Mode::Existing)
    }

    /// Opens an existing database for reading only: nothing is written to the file (unless redb
    /// must first recover it after a crash). `verify` uses it, so that checking a file never
    /// changes it.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        open::open(path, open::Mode::ReadOnly)
    }

    fn new(engine: Engine, path: &Path) -> Store {
        Store {
            engine,
            path: path.to_owned(),
            damaged: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// A fresh database in memory, for tests.
    pub fn in_memory() -> Result<Store, StoreError> {
        Self::with_backend(
            redb::backends::InMemoryBackend::new(),
            Path::new(":memory:"),
        )
    }

    /// A database on any redb storage backend (tests use one that simulates power cuts and
    /// failing disks), opened or created and initialised as a file would be.
    pub fn with_backend(
        backend: impl redb::StorageBackend,
        label: &Path,
    ) -> Result<Store, StoreError> {
        let db = Database::builder()
            .set_cache_size(CACHE_BYTES)
            .create_with_backend(backend)
            .map_err(|e| open::open_error(label, e))?;
        let store = Store::new(Engine::Writable(db), label);
        if !store.check()? {
            store.init()?;
        }
        Ok(store)
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this is a depot database of this schema (`true`) or an empty redb file that an
    /// interrupted `init` left (`false`); any other file is refused.
    fn check(&self) -> Result<bool, StoreError> {
        match self.found()? {
            Some(Found::Depot) => {
                if let Engine::Writable(db) = &self.engine {
                    self.drop_kept_head()?;
                    hq_index::catch_up(db)?;
                }
                Ok(true)
            }
            Some(Found::Blank) => Ok(false),
            None => Err(StoreError::NotDepot(self.path.clone())),
        }
    }

    /// What the file is: a depot database of this schema, a blank redb file, or (`None`)
    /// another program's; a depot database of another schema is an error.
    fn found(&self) -> Result<Option<Found>, StoreError> {
        let txn = self.engine.begin_read().map_err(|e| self.located(e))?;
        let meta = match txn.open_table(META) {
            Ok(meta) => meta,
            Err(redb::TableError::TableDoesNotExist(_)) => {
                let blank = txn
                    .list_tables()
                    .map_err(|e| self.located(e))?
                    .next()
                    .is_none();
                return Ok(blank.then_some(Found::Blank));
            }
            Err(e) => return Err(self.located(e)),
        };
        let magic = meta.get("magic").map_err(|e| self.located(e))?;
        if magic.map(|v| v.value().to_vec()).as_deref() != Some(MAGIC) {
            return Ok(None);
        }
        let v = meta
            .get("schema_version")
            .map_err(|e| self.located(e))?
            .map(|v| v.value().to_vec())
            .unwrap_or_default();
        let Ok(v) = <[u8; 4]>::try_from(v) else {
            return Ok(None);
        };
        let found = u32::from_le_bytes(v);
        let (path, known) = (self.path.clone(), SCHEMA_VERSION);
        match found {
            v if v > SCHEMA_VERSION => Err(StoreError::NewerSchema { path, found, known }),
            v if v < SCHEMA_VERSION => Err(StoreError::OlderSchema { path, found, known }),
            _ => Ok(Some(Found::Depot)),
        }
    }

    /// A redb error, as a store error naming this database's file.
    fn located(&self, e: impl Fault) -> StoreError {
        e.fault().at(&self.path)
    }

    fn writable(&self) -> Result<&Database, StoreError> {
        match &self.engine {
            Engine::Writable(db) => Ok(db),
            Engine::ReadOnly(_) | Engine::Closed => Err(StoreError::ReadOnly(self.path.clone())),
        }
    }

    /// Earlier builds of schema 3 also kept the ledger head in `meta`, rewritten by every
    /// commit; it is now read from the ledger's last row. A head left there would go stale, so
    /// it is removed once, when such a database is opened.
    fn drop_kept_head(&self) -> Result<(), StoreError> {
        let kept = self
            .engine
            .begin_read()
            .db()?
            .open_table(META)
            .db()?
            .get("ledger_head")
            .db()?
            .is_some();
        if kept {
            // redb's default durability, `Immediate`, as in `write`.
            let txn = self.writable()?.begin_write().db()?;
            txn.open_table(META).db()?.remove("ledger_head").db()?;
            txn.commit().map_err(|e| self.located(e))?;
        }
        Ok(())
    }

    fn init(&self) -> Result<(), StoreError> {
        let txn = self.writable()?.begin_write().db()?;
        {
            for t in tables::TEXT_KEYED {
                txn.open_table(t).db()?;
            }
            let mut meta = txn.open_table(META).db()?;
            meta.insert("magic", MAGIC).db()?;
            meta.insert("schema_version", SCHEMA_VERSION.to_le_bytes().as_slice())
                .db()?;
            let now = chrono::Local::now().to_rfc3339();
            meta.insert("created", now.as_bytes()).db()?;
            txn.open_table(tables::LEDGER).db()?;
            txn.open_table(tables::INDEX).db()?;
            txn.open_table(tables::AUDIT).db()?;
            txn.open_table(tables::COUNTS).db()?;
            txn.open_table(tables::COUNT_SCANS).db()?;
            // A new database knows the shipped modules (EXCHANGE.md, modules.csv).
            let mut w = Writer::new(&txn)?;
            for m in depot_domain::shipped_modules() {
                w.put_module(&m)?;
            }
        }
        txn.commit().map_err(|e| self.located(e))?;
        Ok(())
    }

    /// Runs `f`, which reads this database, so that a panic redb raises on an impossible page of
    /// a damaged file comes back as [`StoreError::Damaged`] instead of ending the program.
    /// `verify` runs inside it: it reads every page a damaged file might have.
    pub fn contained<T>(&self, f: impl FnOnce() -> T) -> Result<T, StoreError> {
        let out = open::quietly(&self.path, f);
        if let Err(StoreError::Damaged { .. }) = out {
            self.damaged
                .store(true, std::sync::atomic::Ordering::SeqCst);
        }
        out
    }

    /// A consistent read-only snapshot.
    pub fn read(&self) -> Result<Reader, StoreError> {
        Reader::new(self.engine.begin_read().map_err(|e| self.located(e))?)
    }

    /// Runs `f` in one write transaction. With `commit`, commits it durably
    /// (`Durability::Immediate`, redb's default: the commit returns once the disk has it) only
    /// if `f` succeeds, writing nothing on an error; without, aborts it: a dry run that does
    /// all the work and changes nothing.
    pub(crate) fn transact<T, E>(
        &self,
        commit: bool,
        f: impl FnOnce(Writer<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let txn = self
            .writable()?
            .begin_write()
            .map_err(|e| self.located(e))?;
        let out = f(Writer::new(&txn)?)?;
        if !commit {
            txn.abort().map_err(|e| self.located(e))?;
            return Ok(out);
        }
        txn.commit().map_err(|e| match self.located(e) {
            // A commit that failed on the disk (a write or a sync) may have left its pages in
            // the operating system's cache, where a later sync can still carry them to the
            // disk: only a restart tells whether it landed. A full disk refuses before anything
            // is written, so that answer stays plain.
            StoreError::Io { path, source } => StoreError::Unsure { path, source },
            e => e,
        })?;
        Ok(out)
    }
}

mod port;

#[cfg(test)]
mod contract_tests {
    /// The store's contract, as every engine keeps it, on a file in memory.
    #[test]
    fn the_store_contract_holds() {
        depot_store::contract::check(&|| {
            depot_store::Store::new(crate::Store::in_memory().expect("a store in memory"))
        });
    }
}
