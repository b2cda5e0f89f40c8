//! What the store answers when something goes wrong: with the database itself
//! ([`StoreError`]), or with one movement ([`ApplyError`]).

use std::io;
use std::path::{Path, PathBuf};

use depot_domain::msg::store::{Doing, StoreMsg};
use depot_domain::replay;
use depot_domain::{Lang, io_said};

/// What can go wrong with the database itself. Each message says which file, what is wrong
/// with it, and what to do.
#[derive(Debug)]
pub enum StoreError {
    AlreadyOpen(PathBuf),
    NotDepot(PathBuf),
    Empty(PathBuf),
    IsDirectory(PathBuf),
    Damaged {
        path: PathBuf,
        detail: String,
    },
    NewerSchema {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    OlderSchema {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    LegacyLog {
        db: PathBuf,
        log: PathBuf,
        reason: String,
    },
    Missing(PathBuf),
    DiskFull(PathBuf),
    Io {
        path: PathBuf,
        source: io::Error,
    },
    Unsure {
        path: PathBuf,
        source: io::Error,
    },
    Corrupt {
        table: &'static str,
        key: String,
        reason: String,
    },
    ReadOnly(PathBuf),
    Db(String),
    /// A message of the catalogue.
    Msg(StoreMsg),
    /// A file's own operation (a backup, a census) asked of a server's database.
    NotAFile {
        path: PathBuf,
        doing: Doing,
    },
    /// A file operation that failed: what it was doing, on which file, and the system's error.
    FileOp {
        doing: Doing,
        path: PathBuf,
        source: io::Error,
    },
    /// A database's refusal said in both languages, by an engine that does not yet say it
    /// from the catalogue (PostgreSQL's).
    Said {
        en: String,
        zh: String,
    },
}

/// The detail of a damaged file shorter than its header says (see [`StoreError::Damaged`]).
pub const TRUNCATED: &str = "the file ends before its own header says it does (truncated)";

impl StoreError {
    /// The message in `lang`, from the message catalogue.
    pub fn say(&self, lang: Lang) -> String {
        let shown = |p: &Path| p.display().to_string();
        let m = match self {
            StoreError::AlreadyOpen(p) => StoreMsg::AlreadyOpen { path: shown(p) },
            StoreError::NotDepot(p) => StoreMsg::NotDepot { path: shown(p) },
            StoreError::Empty(p) => StoreMsg::Empty { path: shown(p) },
            StoreError::IsDirectory(p) => StoreMsg::IsDirectory { path: shown(p) },
            StoreError::Damaged { path, detail } => StoreMsg::Damaged {
                path: shown(path),
                detail: match (detail.as_str(), lang) {
                    (TRUNCATED, _) => StoreMsg::Truncated.say(lang),
                    (d, Lang::En) => d.to_owned(),
                    (d, Lang::Zh) => format!("`{d}`"),
                },
            },
            StoreError::NewerSchema { path, found, known } => StoreMsg::NewerSchema {
                path: shown(path),
                found: found.to_string(),
                known: known.to_string(),
            },
            StoreError::OlderSchema { path, found, known } => StoreMsg::OlderSchema {
                path: shown(path),
                found: found.to_string(),
                known: known.to_string(),
            },
            StoreError::LegacyLog { db, log, reason } => StoreMsg::LegacyLog {
                db: shown(db),
                log: shown(log),
                reason: reason.clone(),
            },
            StoreError::Missing(p) => StoreMsg::Missing { path: shown(p) },
            StoreError::DiskFull(path) => StoreMsg::DiskFull {
                target: if path.as_os_str().is_empty() {
                    StoreMsg::TheDatabase.say(lang)
                } else {
                    shown(path)
                },
                disk: match path.parent() {
                    Some(d) if !d.as_os_str().is_empty() => shown(d),
                    _ if path.as_os_str().is_empty() => StoreMsg::TheDatabasesFolder.say(lang),
                    _ => ".".to_owned(),
                },
            },
            StoreError::Io { path, source } => StoreMsg::Io {
                path: shown(path),
                error: io_said(source, lang),
            },
            StoreError::Unsure { path, source } => StoreMsg::Unsure {
                path: shown(path),
                error: io_said(source, lang),
            },
            StoreError::Corrupt { table, key, reason } => StoreMsg::Corrupt {
                table: (*table).to_owned(),
                key: key.clone(),
                reason: reason.clone(),
            },
            StoreError::ReadOnly(p) => StoreMsg::ReadOnly { path: shown(p) },
            StoreError::Db(detail) => StoreMsg::Db {
                detail: detail.clone(),
            },
            StoreError::Msg(m) => m.clone(),
            StoreError::NotAFile { path, doing } => StoreMsg::NotAFile {
                path: shown(path),
                doing: doing.say(lang),
            },
            StoreError::FileOp {
                doing,
                path,
                source,
            } => StoreMsg::FileOpFailed {
                doing: doing.say(lang),
                path: shown(path),
                error: io_said(source, lang),
            },
            StoreError::Said { en, zh } => {
                return match lang {
                    Lang::En => en.clone(),
                    Lang::Zh => zh.clone(),
                };
            }
        };
        m.say(lang)
    }

    /// The message in Chinese.
    pub fn zh(&self) -> String {
        self.say(Lang::Zh)
    }

    /// A database's refusal in English and in Chinese.
    /// Whether this says that the connection to the server broke during a write transaction
    /// and that, checked on a new connection, nothing of it was saved: the one failure a
    /// caller may answer by doing the same action again, once.
    pub fn connection_lost(&self) -> bool {
        matches!(self, StoreError::Msg(StoreMsg::ConnectionLost { .. }))
    }

    /// The refusal to write an operator whose PIN the server withheld from this reader.
    pub fn pin_withheld(name: &str) -> StoreError {
        StoreError::Msg(StoreMsg::PinWithheld {
            name: name.to_owned(),
        })
    }

    /// Whether this leaves it unknown whether the write was saved (a disk that failed at the
    /// commit, a server that went away with a COMMIT and did not come back): the one store
    /// failure after which a caller must not go on as if nothing had happened.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            StoreError::Unsure { .. } | StoreError::Msg(StoreMsg::CommitUnknown { .. })
        )
    }

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
    pub fn at(self, path: &Path) -> StoreError {
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

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Io { source, .. }
            | StoreError::Unsure { source, .. }
            | StoreError::FileOp { source, .. } => Some(source),
            _ => None,
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
    Replay(#[from] depot_domain::replay::ReplayError),
    /// The movement's item is not in the catalogue.
    #[error("item {0} is not in the catalogue")]
    UnknownItem(depot_domain::ItemCode),
    /// The movement gives its barcode an owner that is not a unit or a warehouse.
    #[error("{0} is not a unit or a warehouse of this register")]
    UnknownOwner(depot_domain::PlaceCode),
}
