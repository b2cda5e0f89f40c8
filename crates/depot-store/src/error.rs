//! What the store answers when something goes wrong: with the database itself
//! ([`StoreError`]), or with one movement ([`ApplyError`]).

use std::io;
use std::path::{Path, PathBuf};

use depot_domain::replay;

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
pub const TRUNCATED: &str = "the file ends before its own header says it does (truncated)";

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
    /// The message in Chinese.
    pub fn zh(&self) -> String {
        match self {
            StoreError::AlreadyOpen(p) => format!(
                "数据库已被另一个程序打开（{}）；请先关闭那个程序（同一时间只能有一个程序使用 depot 数据库文件；多个终端同时使用需要 PostgreSQL）",
                p.display()
            ),
            StoreError::NotDepot(p) => format!(
                "{} 不是 depot 数据库（不是 redb 文件，或由其他程序写入）；请检查 --db 或 DEPOT_DB 给出的路径",
                p.display()
            ),
            StoreError::Empty(p) => format!(
                "{} 是空文件（0 字节），其中没有数据库（复制失败，或初始化未完成）；请恢复备份（`depot restore 文件`），或删除它后运行 `depot init`",
                p.display()
            ),
            StoreError::IsDirectory(p) => format!(
                "{0} 是文件夹，不是数据库文件；请用 --db 或 DEPOT_DB 给出数据库文件的路径（如 {0}/depot.redb）",
                p.display()
            ),
            StoreError::Missing(p) => format!(
                "{} 处没有数据库；请用 `depot init`（或 `depot init --sample`）新建",
                p.display()
            ),
            StoreError::NewerSchema { path, found, known } => format!(
                "{} 由更新版本的 depot 写入（数据结构版本 {found}；本程序为 {known}）；请使用更新版本的 depot",
                path.display()
            ),
            StoreError::OlderSchema { path, found, known } => format!(
                "{} 由旧版本的 depot 写入（数据结构版本 {found}；本程序为 {known}）；请用那个版本导出其资产与批次，再导入新数据库（`depot init`，然后 `depot import`）",
                path.display()
            ),
            StoreError::Damaged { path, detail } => format!(
                "{} 已损坏（{}）；depot 未改动它：请用备份恢复（`depot restore 文件`），并保留损坏的文件以供检查",
                path.display(),
                if detail == TRUNCATED {
                    "文件在其文件头所说的长度之前就结束了（被截断）".to_owned()
                } else {
                    format!("`{detail}`")
                }
            ),
            StoreError::Io { path, source } => format!(
                "无法读写 {}：{}",
                path.display(),
                depot_domain::io_zh(source)
            ),
            StoreError::Unsure { path, source } => format!(
                "保存到 {} 时磁盘报告错误（{}）：此次操作可能已保存，也可能没有，depot 不再写入。请关闭 depot，检查磁盘后重新启动：登记簿会显示它是否已保存",
                path.display(),
                depot_domain::io_zh(source)
            ),
            StoreError::LegacyLog { db, log, reason } => format!(
                "{} 中有早期 depot 的预写日志，与 {} 不符（`{reason}`）；depot 未改动这两个文件：如果您用备份替换了数据库，请把 -wal 文件移走后再打开",
                log.display(),
                db.display()
            ),
            StoreError::Corrupt { table, key, reason } => format!(
                "数据库已损坏：表 `{table}`，键 '{key}'：`{reason}`；请运行 `depot verify`，并用备份恢复（`depot restore 文件`）"
            ),
            StoreError::Db(detail) => format!("数据库错误（`{detail}`）"),
            StoreError::DiskFull(p) => format!(
                "磁盘已满：depot 无法写入 {}；此次操作未保存任何内容。请清理该磁盘上的空间（旧的导出、备份、标签）后重试",
                p.display()
            ),
            StoreError::ReadOnly(p) => format!("{} 以只读方式打开", p.display()),
            StoreError::Said { zh, .. } => zh.clone(),
        }
    }

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
