//! What the store answers when something goes wrong: with the database itself
//! ([`StoreError`]), or with one movement ([`ApplyError`]).

use std::io;
use std::path::{Path, PathBuf};

use crate::domain::replay;

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
    /// A database's refusal said in both languages (PostgreSQL's, say).
    #[error("{en}")]
    Said { en: String, zh: String },
}

/// The detail of a damaged file shorter than its header says (see [`StoreError::Damaged`]).
pub(crate) const TRUNCATED: &str = "the file ends before its own header says it does (truncated)";

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
    /// A database's refusal in English and in Chinese.
    pub fn said(en: impl Into<String>, zh: impl Into<String>) -> StoreError {
        StoreError::Said {
            en: en.into(),
            zh: zh.into(),
        }
    }

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

/// Why a movement was not applied: the database, the ledger's rule, or a code the register
/// does not know. The services turn it into the crate's error.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Step(#[from] replay::StepError),
    #[error(transparent)]
    Replay(#[from] crate::domain::replay::ReplayError),
    /// The movement's item is not in the catalogue.
    #[error("item {0} is not in the catalogue")]
    UnknownItem(crate::domain::ItemCode),
    /// The movement gives its barcode an owner that is not a unit or a warehouse.
    #[error("{0} is not a unit or a warehouse of this register")]
    UnknownOwner(crate::domain::PlaceCode),
}
