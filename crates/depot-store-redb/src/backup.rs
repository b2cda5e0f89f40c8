//! Backups: every table copied from one read snapshot into a new database file, and the file
//! steps of putting such a copy in place of a database.
//!
//! A backup reads from one read transaction, so it is a consistent snapshot and never holds up
//! a scan. The copy is written under a temporary name beside its destination, committed
//! durably, and renamed into place only once whole; the directory is synced so that the
//! rename survives a power cut. The tables copied are the ones [`every_table`] names; a table
//! in the database that it does not name stops the backup, rather than leaving it out.

use crate::{Db, Fault};
use depot_domain::msg::store::{Doing, StoreMsg};
use std::fs::File;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use redb::{
    Database, Durability, Key, MultimapTableHandle, ReadTransaction, ReadableTableMetadata,
    TableDefinition, TableError, TableHandle, Value, WriteTransaction,
};

use crate::{Store, StoreError, read, tables};
pub(crate) use depot_store::Census;

/// Something done to each table in turn, whatever its key and value types.
pub(super) trait PerTable {
    fn table<K: Key + 'static, V: Value + 'static>(
        &mut self,
        def: TableDefinition<K, V>,
    ) -> Result<(), StoreError>;
}

/// Every table of the database, the one list a backup goes by.
pub(super) fn every_table(each: &mut impl PerTable) -> Result<(), StoreError> {
    each.table(tables::META)?;
    each.table(tables::UNITS)?;
    each.table(tables::WAREHOUSES)?;
    each.table(tables::MODULES)?;
    each.table(tables::CATALOG)?;
    each.table(tables::STOCK)?;
    each.table(tables::LEDGER)?;
    each.table(tables::INDEX)?;
    each.table(tables::STANDARDS)?;
    each.table(tables::TARGETS)?;
    each.table(tables::OPERATORS)?;
    each.table(tables::AUDIT)?;
    each.table(tables::COUNTS)?;
    each.table(tables::COUNT_SCANS)?;
    each.table(tables::COUNT_LINES)?;
    each.table(tables::KITS)?;
    each.table(tables::RECIPIENTS)?;
    each.table(tables::DIGESTS_SENT)?;
    each.table(tables::DIGEST_LINES)?;
    each.table(tables::HQ_DEPOTS)?;
    each.table(tables::HQ_BUNDLES)?;
    each.table(tables::HQ_MOVEMENTS)?;
    each.table(tables::HQ_SHIPMENT_SEQS)?;
    each.table(tables::HQ_SHIPMENT_INDEXED)?;
    each.table(tables::HQ_FILES)?;
    each.table(tables::HQ_FIGURES)?;
    each.table(tables::PLACE_LOCATIONS)?;
    each.table(tables::TRAVEL_TIMES)?;
    Ok(())
}

/// Counts the rows of every table of a snapshot.
struct Count<'t> {
    from: &'t ReadTransaction,
    found: Vec<(String, u64)>,
}

impl PerTable for Count<'_> {
    fn table<K: Key + 'static, V: Value + 'static>(
        &mut self,
        def: TableDefinition<K, V>,
    ) -> Result<(), StoreError> {
        match self.from.open_table(def) {
            Ok(t) => self.found.push((def.name().to_owned(), t.len().db()?)),
            Err(TableError::TableDoesNotExist(_)) => {}
            Err(e) => return Err(e.fault()),
        }
        Ok(())
    }
}

/// Copies every row of each table from a snapshot into a write transaction of another
/// database, looking at `stop` every few thousand rows.
struct CopyTo<'t, 's> {
    from: &'t ReadTransaction,
    to: &'t WriteTransaction,
    stop: &'s dyn Fn() -> bool,
    stopped: bool,
    copied: Vec<(String, u64)>,
}

/// The page cache of the copy being written: it is written once, in key order, and not read.
const COPY_CACHE_BYTES: usize = 32 * 1024 * 1024;

/// Rows copied between two looks at whether to stop.
const STOP_EVERY: u64 = 4096;

impl PerTable for CopyTo<'_, '_> {
    fn table<K: Key + 'static, V: Value + 'static>(
        &mut self,
        def: TableDefinition<K, V>,
    ) -> Result<(), StoreError> {
        if self.stopped {
            return Ok(());
        }
        let source = match self.from.open_table(def) {
            Ok(t) => t,
            Err(TableError::TableDoesNotExist(_)) => return Ok(()),
            Err(e) => return Err(e.fault()),
        };
        let mut copy = self.to.open_table(def).db()?;
        let mut n = 0u64;
        for row in redb::ReadableTable::iter(&source).db()? {
            let (k, v) = row.db()?;
            copy.insert(k.value(), v.value()).db()?;
            n += 1;
            if n.is_multiple_of(STOP_EVERY) && (self.stop)() {
                self.stopped = true;
                return Ok(());
            }
        }
        self.copied.push((def.name().to_owned(), n));
        Ok(())
    }
}

/// An I/O error on `path` while doing `what` (in English and in Chinese), as the store
/// reports it.
fn io(path: &Path, doing: Doing, e: std::io::Error) -> StoreError {
    StoreError::FileOp {
        doing,
        path: path.to_owned(),
        source: e,
    }
}

fn unknown_table(name: &str) -> StoreError {
    StoreError::Msg(StoreMsg::UnknownTable {
        name: name.to_owned(),
    })
}

fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Syncs a directory, so that a rename in it survives a power cut.
pub fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io(dir, Doing::SyncingDir, e))
}

/// Whether two paths name the same file (both must exist).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// The temporary name a file being written to `dest` has until it is complete.
pub fn partial_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_owned();
    name.push(".partial");
    dest.with_file_name(name)
}

impl Store {
    /// What the current snapshot holds: rows per table and the ledger's head.
    pub fn census(&self) -> Result<Census, StoreError> {
        let txn = self.engine.begin_read().db()?;
        let mut count = Count {
            from: &txn,
            found: Vec::new(),
        };
        every_table(&mut count)?;
        let ledger = read::ledger_last(&txn.open_table(tables::LEDGER).db()?)?;
        Ok(Census {
            tables: count.found,
            ledger,
        })
    }

    /// Writes a copy of the database to `dest` from one read snapshot and returns what it
    /// copied; `None` when `stop` said to stop (then nothing is left behind). An existing
    /// `dest` is replaced only with `replace`, and never when it is this database.
    pub fn backup_to(
        &self,
        dest: &Path,
        replace: bool,
        stop: &dyn Fn() -> bool,
    ) -> Result<Option<Census>, StoreError> {
        if same_file(dest, &self.path) {
            return Err(StoreError::Msg(StoreMsg::BackupIsDatabase {
                path: dest.display().to_string(),
            }));
        }
        if dest.exists() && !replace {
            return Err(StoreError::Msg(StoreMsg::BackupExists {
                path: dest.display().to_string(),
            }));
        }
        let snapshot = self.engine.begin_read().db()?;
        let tmp = partial_path(dest);
        // A copy left by a backup that was itself stopped is only in the way.
        match std::fs::remove_file(&tmp) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(io(&tmp, Doing::Removing, e));
            }
            _ => {}
        }
        let copied = copy_into(&snapshot, &tmp, stop);
        let copied = match copied {
            Ok(Some(c)) => c,
            other => {
                let _ = std::fs::remove_file(&tmp);
                return other.map(|_| None);
            }
        };
        File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| io(&tmp, Doing::Syncing, e))?;
        std::fs::rename(&tmp, dest).map_err(|e| io(dest, Doing::Renaming, e))?;
        sync_dir(dir_of(dest))?;
        let ledger = read::ledger_last(&snapshot.open_table(tables::LEDGER).db()?)?;
        Ok(Some(Census {
            tables: copied,
            ledger,
        }))
    }
}

/// Copies every table of `snapshot` into a new database at `path` and commits it durably;
/// `None` if stopped.
fn copy_into(
    snapshot: &ReadTransaction,
    path: &Path,
    stop: &dyn Fn() -> bool,
) -> Result<Option<Vec<(String, u64)>>, StoreError> {
    let copy = Database::builder()
        .set_cache_size(COPY_CACHE_BYTES)
        .create(path)
        .map_err(|e| {
            StoreError::Msg(StoreMsg::CannotCreate {
                path: path.display().to_string(),
                error: e.to_string(),
            })
        })?;
    let mut txn = copy.begin_write().db()?;
    txn.set_durability(Durability::Immediate).map_err(|e| {
        StoreError::Msg(StoreMsg::NoDurability {
            error: e.to_string(),
        })
    })?;
    let mut each = CopyTo {
        from: snapshot,
        to: &txn,
        stop,
        stopped: false,
        copied: Vec::new(),
    };
    every_table(&mut each)?;
    if each.stopped || stop() {
        return Ok(None);
    }
    let copied = each.copied;
    // A table this program does not know would be missing from the copy: refuse, not skip.
    if let Some(t) = snapshot
        .list_tables()
        .db()?
        .find(|t| !copied.iter().any(|(name, _)| *name == t.name()))
    {
        return Err(unknown_table(t.name()));
    }
    if let Some(t) = snapshot.list_multimap_tables().db()?.next() {
        return Err(unknown_table(t.name()));
    }
    txn.commit().db()?;
    Ok(Some(copied))
}

/// Copies `file` to a temporary name beside `db` (synced), for it to be checked there and then
/// renamed into place on the same file system.
pub fn stage_beside(file: &Path, db: &Path) -> Result<PathBuf, StoreError> {
    let mut name = db.file_name().unwrap_or_default().to_owned();
    name.push(".restoring");
    let staged = db.with_file_name(name);
    std::fs::copy(file, &staged).map_err(|e| io(file, Doing::Copying, e))?;
    File::open(&staged)
        .and_then(|f| f.sync_all())
        .map_err(|e| io(&staged, Doing::Syncing, e))?;
    Ok(staged)
}

/// Puts `staged` in place of `db`, keeping the database it replaces as `aside` (when there is
/// one); the directory is synced afterwards. If the second rename fails the first is undone.
pub fn swap_in(staged: &Path, db: &Path, aside: &Path) -> Result<Option<PathBuf>, StoreError> {
    let kept = if db.exists() {
        std::fs::rename(db, aside).map_err(|e| io(db, Doing::MovingAside, e))?;
        Some(aside.to_owned())
    } else {
        None
    };
    if let Err(e) = std::fs::rename(staged, db) {
        if kept.is_some() {
            let _ = std::fs::rename(aside, db);
        }
        return Err(io(db, Doing::PuttingInPlace, e));
    }
    sync_dir(dir_of(db))?;
    Ok(kept)
}
