//! The embedded database: the only code that imports redb.
//!
//! One [`Store`] per process. Every user-visible write is one durable write transaction
//! ([`Store::write`]); reads see a consistent snapshot ([`Store::read`]).

mod index;
mod read;
mod rows;
mod scan;
mod tables;
mod wal;
mod work;
mod write;

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::OnceLock;

use redb::{Database, DatabaseError, ReadableDatabase};

pub use index::Tag;
pub use read::{Reader, StockView};
pub use rows::{AssetRow, Head, LotRow, StockRow};
pub use scan::{AssetScan, Claims, End, LotScan, StockScan};
pub use tables::SCHEMA_VERSION;
pub use wal::log_path;
pub use work::{AuditEntry, CountRecord, KitRecord, OperatorRecord};
pub use write::{Upsert, Writer};

use tables::{MAGIC, META};

/// What can go wrong with the database itself.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the database is already open in another program ({0}); close that program first (only one program may use a depot database at a time)"
    )]
    AlreadyOpen(PathBuf),
    #[error(
        "{0} is not a depot database (it is not a redb file, or was written by another program); check the path given with --db or DEPOT_DB"
    )]
    NotDepot(PathBuf),
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
        "{log} is not the write-ahead log of a depot database (is {db} another program's file, a SQLite database say?); depot keeps the log of {db} at that name, so it leaves both alone; check the path given with --db or DEPOT_DB"
    )]
    ForeignLog { db: PathBuf, log: PathBuf },
    #[error("there is no database at {0}; create one with `depot init` (or `depot init --sample`)")]
    Missing(PathBuf),
    #[error(
        "{path} is damaged: the database engine failed on it ({reason}); restore it from a backup"
    )]
    Damaged { path: PathBuf, reason: String },
    #[error("the database is damaged: table {table}, key '{key}': {reason}")]
    Corrupt {
        table: &'static str,
        key: String,
        reason: String,
    },
    #[error("database error: {0}")]
    Db(String),
}

macro_rules! db_error {
    ($($t:ty),+) => {$(
        impl From<$t> for StoreError {
            fn from(e: $t) -> Self {
                StoreError::Db(e.to_string())
            }
        }
    )+};
}
db_error!(
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError
);

/// What redb's refusal to open `path` means to a user.
fn open_error(path: &Path, e: DatabaseError) -> StoreError {
    match e {
        DatabaseError::DatabaseAlreadyOpen => StoreError::AlreadyOpen(path.to_owned()),
        DatabaseError::Storage(redb::StorageError::Io(e))
            if e.kind() == std::io::ErrorKind::WouldBlock =>
        {
            StoreError::AlreadyOpen(path.to_owned())
        }
        // redb reports a file without its magic number as InvalidData.
        DatabaseError::Storage(redb::StorageError::Io(e))
            if e.kind() == std::io::ErrorKind::InvalidData =>
        {
            StoreError::NotDepot(path.to_owned())
        }
        DatabaseError::Storage(redb::StorageError::Io(e)) => {
            StoreError::Db(format!("{}: {e}", path.display()))
        }
        _ => StoreError::NotDepot(path.to_owned()),
    }
}

/// Runs `open`, turning a panic into [`StoreError::Damaged`]. redb checks a file's pages as it
/// opens it and panics on some damage (`unreachable!` in its B-tree code, found by fuzzing
/// `Store::open`) where it reports other damage as an error; a user must get a message saying
/// the file is damaged, not a crash.
fn contained(
    path: &Path,
    open: impl FnOnce() -> Result<Store, StoreError>,
) -> Result<Store, StoreError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(open)).unwrap_or_else(|panic| {
        let reason = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "it stopped on an inconsistency".to_owned());
        Err(StoreError::Damaged {
            path: path.to_owned(),
            reason,
        })
    })
}

/// An open depot database.
pub struct Store {
    db: Database,
    path: PathBuf,
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

impl Store {
    /// Opens an existing database, or creates and initialises a new one.
    pub fn open_or_create(path: &Path) -> Result<Store, StoreError> {
        contained(path, || Self::open_inner(path, true))
    }

    /// Opens an existing database; a missing file is an error.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        contained(path, || Self::open_inner(path, false))
    }

    fn open_inner(path: &Path, create: bool) -> Result<Store, StoreError> {
        let exists = path.exists();
        if !exists && !create {
            return Err(StoreError::Missing(path.to_owned()));
        }
        if exists
            && std::fs::metadata(path)
                .map(|m| m.len() == 0)
                .unwrap_or(false)
        {
            return Err(StoreError::NotDepot(path.to_owned()));
        }
        let opened = match wal::Wal::open(path) {
            Ok(opened) => opened,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                return Err(StoreError::AlreadyOpen(path.to_owned()));
            }
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                return Err(StoreError::ForeignLog {
                    db: path.to_owned(),
                    log: wal::log_path(path),
                });
            }
            Err(e) => return Err(StoreError::Db(format!("{}: {e}", path.display()))),
        };
        let new_log = opened.new_log;
        let mut builder = Database::builder();
        builder.set_cache_size(CACHE_BYTES);
        let repaired = Rc::new(Cell::new(false));
        let notice = REPAIR_NOTICE.get().copied();
        if let Some(notice) = notice {
            let (at, seen) = (path.to_owned(), Rc::clone(&repaired));
            builder.set_repair_callback(move |session| {
                seen.set(true);
                notice(&at, session.progress());
            });
        }
        let db = match builder.create_with_backend(opened.wal) {
            Ok(db) => {
                if let Some(notice) = notice.filter(|_| repaired.get()) {
                    notice(path, 1.0);
                }
                db
            }
            Err(e) => {
                // Opening a file that is not ours leaves nothing of ours behind.
                if new_log {
                    let _ = std::fs::remove_file(wal::log_path(path));
                }
                return Err(open_error(path, e));
            }
        };
        let store = Store {
            db,
            path: path.to_owned(),
        };
        store.check_or_init(exists)?;
        Ok(store)
    }

    /// A fresh database in memory, for tests.
    pub fn in_memory() -> Result<Store, StoreError> {
        let db = Database::builder()
            .create_with_backend(redb::backends::InMemoryBackend::new())
            .map_err(|e| StoreError::Db(e.to_string()))?;
        let store = Store {
            db,
            path: PathBuf::from(":memory:"),
        };
        store.check_or_init(false)?;
        Ok(store)
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn check_or_init(&self, existed: bool) -> Result<(), StoreError> {
        let txn = self.db.begin_read()?;
        let found = match txn.open_table(META) {
            Ok(meta) => {
                let magic = meta.get("magic")?.map(|v| v.value().to_vec());
                if magic.as_deref() != Some(MAGIC) {
                    return Err(StoreError::NotDepot(self.path.clone()));
                }
                let v = meta
                    .get("schema_version")?
                    .map(|v| v.value().to_vec())
                    .unwrap_or_default();
                Some(u32::from_le_bytes(
                    v.try_into()
                        .map_err(|_| StoreError::NotDepot(self.path.clone()))?,
                ))
            }
            Err(redb::TableError::TableDoesNotExist(_)) => None,
            Err(e) => return Err(e.into()),
        };
        drop(txn);
        match found {
            Some(v) if v > SCHEMA_VERSION => Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found: v,
                known: SCHEMA_VERSION,
            }),
            Some(v) if v < SCHEMA_VERSION => Err(StoreError::OlderSchema {
                path: self.path.clone(),
                found: v,
                known: SCHEMA_VERSION,
            }),
            Some(_) => self.drop_kept_head(),
            // An existing redb file without our tables belongs to somebody else, unless it is
            // empty (a previous init that was interrupted before its first commit).
            None if existed && self.has_tables()? => Err(StoreError::NotDepot(self.path.clone())),
            None => self.init(),
        }
    }

    /// Earlier builds of schema 3 also kept the ledger head in `meta`, rewritten by every
    /// commit; it is now read from the ledger's last row. A head left there would go stale, so
    /// it is removed once, when such a database is opened.
    fn drop_kept_head(&self) -> Result<(), StoreError> {
        let kept = self
            .db
            .begin_read()?
            .open_table(META)?
            .get("ledger_head")?
            .is_some();
        if kept {
            // redb's default durability, `Immediate`, as in `write`.
            let txn = self.db.begin_write()?;
            txn.open_table(META)?.remove("ledger_head")?;
            txn.commit()?;
        }
        Ok(())
    }

    fn has_tables(&self) -> Result<bool, StoreError> {
        let txn = self.db.begin_read()?;
        Ok(txn.list_tables()?.next().is_some())
    }

    fn init(&self) -> Result<(), StoreError> {
        let txn = self.db.begin_write()?;
        {
            let mut meta = txn.open_table(META)?;
            meta.insert("magic", MAGIC)?;
            meta.insert("schema_version", SCHEMA_VERSION.to_le_bytes().as_slice())?;
            let now = chrono::Local::now().to_rfc3339();
            meta.insert("created", now.as_bytes())?;
            for t in [
                tables::UNITS,
                tables::WAREHOUSES,
                tables::MODULES,
                tables::CATALOG,
                tables::STOCK,
                tables::STANDARDS,
                tables::TARGETS,
                tables::OPERATORS,
                tables::KITS,
            ] {
                txn.open_table(t)?;
            }
            txn.open_table(tables::LEDGER)?;
            txn.open_table(tables::INDEX)?;
            txn.open_table(tables::AUDIT)?;
            txn.open_table(tables::COUNTS)?;
            txn.open_table(tables::COUNT_SCANS)?;
        }
        txn.commit()?;
        Ok(())
    }

    /// A consistent read-only snapshot.
    pub fn read(&self) -> Result<Reader, StoreError> {
        Reader::new(self.db.begin_read()?)
    }

    /// Runs `f` in one write transaction and commits it durably (`Durability::Immediate`)
    /// only if `f` succeeds; on an error nothing is written.
    pub fn write<T, E>(&self, f: impl FnOnce(&mut Writer<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let txn = self.db.begin_write().map_err(StoreError::from)?;
        let out = {
            let mut w = Writer::new(&txn)?;
            f(&mut w)?
        };
        txn.commit().map_err(StoreError::from)?;
        Ok(out)
    }

    /// Runs `f` in a write transaction and then aborts it: a dry run that does all the work
    /// and changes nothing.
    pub fn trial<T, E>(&self, f: impl FnOnce(&mut Writer<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let txn = self.db.begin_write().map_err(StoreError::from)?;
        let out = {
            let mut w = Writer::new(&txn)?;
            f(&mut w)?
        };
        txn.abort().map_err(|e| StoreError::Db(e.to_string()))?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_opening_is_a_damaged_file() {
        let path = Path::new("/nowhere/depot.redb");
        let out = contained(path, || unreachable!("a page of the wrong kind"));
        match out {
            Err(StoreError::Damaged { path: p, reason }) => {
                assert_eq!(p, path);
                assert!(reason.contains("a page of the wrong kind"), "{reason}");
            }
            Err(e) => panic!("expected Damaged, got {e}"),
            Ok(_) => panic!("expected Damaged, got a store"),
        }
    }
}
