//! `depot export bundle`: the register's exchange files and a signed manifest, written into a
//! new folder from one read snapshot, then the watermark (the bundle's last seq and its
//! manifest's hash) stored in the database in one transaction, so the next bundle continues
//! where this one ended and names it as `previous`. The format is `exchange::bundle`'s.

use depot_domain::msg::service::ServiceMsg;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use sha2::{Digest, Sha256};

use crate::export::Extract;
use crate::export::csv::{ExportKind, ExportOptions, export};
use crate::store::{Location, Reader, Store};
use crate::{Error, Result};
use depot_domain::Unit;
use depot_domain::movement::{hex, timestamp_text};
use depot_exchange::CsvOptions;
use depot_exchange::bundle::manifest::{self, FILES, MANIFEST, SCHEMA_VERSION, sha256_hex};
use depot_exchange::bundle::{Depot, DepotKey, FileEntry, Manifest, Unsigned};

/// The meta keys of the watermark: the last bundle's last seq (decimal text), the SHA-256 of
/// its `manifest.json` (hex text), and the depot code it was written for (text).
pub const LAST_SEQ: &str = "bundle.last_seq";
pub const MANIFEST_SHA256: &str = "bundle.manifest_sha256";
pub const DEPOT: &str = "bundle.depot";
/// The last bundle's as-of date (`YYYY-MM-DD`); kept since bundles are cut at their as-of.
pub const AS_OF: &str = "bundle.as_of";
/// Every meta key of the bundle watermark, for what copies a database (`migrate`).
pub const WATERMARK_META: [&str; 4] = [LAST_SEQ, MANIFEST_SHA256, DEPOT, AS_OF];

/// What an export stopped by Ctrl+C or a signal left behind.
pub const NOT_BUNDLED: ServiceMsg = ServiceMsg::NotBundled;

/// A bundle to write.
pub struct BundleRequest<'a> {
    /// The new folder (missing, or empty).
    pub out: &'a Path,
    pub as_of: NaiveDate,
    /// Movements from seq 1, not from after the last bundle.
    pub full: bool,
    /// The depot's code, when the register has several top units (remembered).
    pub depot: Option<&'a str>,
    pub key: &'a DepotKey,
    /// The manifest's `created`.
    pub created: DateTime<FixedOffset>,
}

/// The last bundle, as the database remembers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watermark {
    pub last_seq: u64,
    pub manifest_sha256: String,
}

/// A bundle written.
#[derive(Debug)]
pub struct Written {
    pub dir: PathBuf,
    pub manifest: Manifest,
    /// SHA-256 of `manifest.json`'s bytes: the next bundle's `previous`.
    pub manifest_sha256: String,
    /// Movements after the bundle's last because they are dated after its as-of: the next
    /// bundle starts with them.
    pub later: u64,
}

/// A bundle refused for its as-of date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AsOfError {
    /// Before the last bundle's as-of: headquarters would go back to older figures.
    #[error(
        "the last bundle was as of {last}; a bundle as of {as_of} would go back to older figures at headquarters and carry no movement: give --as-of {last} or later"
    )]
    BeforeLast { as_of: NaiveDate, last: NaiveDate },
}

impl AsOfError {
    /// The message in Chinese.
    pub fn zh(&self) -> String {
        match self {
            AsOfError::BeforeLast { as_of, last } => format!(
                "上一个数据包截至 {last}；截至 {as_of} 的数据包会让总队退回到更早的数据，且不含任何台账记录：请用 --as-of {last} 或更晚的日期"
            ),
        }
    }
}

/// The watermark of the last bundle, if one was written.
pub fn watermark(store: &Store) -> Result<Option<Watermark>> {
    read_watermark(&store.read()?)
}

fn meta_text(r: &Reader, key: &str) -> Result<Option<String>> {
    Ok(r.meta(key)?
        .map(|v| String::from_utf8_lossy(&v).into_owned()))
}

fn read_watermark(r: &Reader) -> Result<Option<Watermark>> {
    let (Some(seq), Some(hash)) = (meta_text(r, LAST_SEQ)?, meta_text(r, MANIFEST_SHA256)?) else {
        return Ok(None);
    };
    let last_seq = seq.parse().map_err(|_| {
        Error::said(
            format!(
                "the database's bundle watermark ({LAST_SEQ} = '{seq}') is not a number; the database was changed by hand: give --full"
            ),
            format!(
                "数据库中数据包的水位标记（`{LAST_SEQ}` = '{seq}'）不是数字，数据库被手工改动过：请加 --full"
            ),
        )
    })?;
    Ok(Some(Watermark {
        last_seq,
        manifest_sha256: hash,
    }))
}

/// The depot a bundle is written for: `given`, else the one remembered, else the register's
/// only top unit (a unit without a parent).
pub fn depot_of(units: &[Unit], given: Option<&str>, remembered: Option<&str>) -> Result<Depot> {
    let tops: Vec<&Unit> = units.iter().filter(|u| u.parent.is_none()).collect();
    let codes = |sep: &str| {
        tops.iter()
            .map(|u| u.code.as_str())
            .collect::<Vec<_>>()
            .join(sep)
    };
    let chosen = match given.or(remembered) {
        Some(code) => tops.iter().find(|u| u.code.as_str() == code).ok_or_else(|| {
            Error::said(
                format!(
                    "{code} is not a top unit of this register (a unit without a parent); the top units are: {}",
                    codes(", ")
                ),
                format!(
                    "'{code}' 不是本登记簿的顶级单位（没有上级的单位）；顶级单位为：{}",
                    codes("、")
                ),
            )
        })?,
        None => match tops.as_slice() {
            [one] => one,
            [] => {
                return Err(Error::said(
                    "the register has no units, so the bundle cannot name its depot: import units.csv first",
                    "登记簿中没有单位，数据包无法写明所属的库：请先导入 units.csv",
                ));
            }
            _ => {
                return Err(Error::said(
                    format!(
                        "the register has several top units ({}): name the depot with --depot CODE (it is remembered for the next bundles)",
                        codes(", ")
                    ),
                    format!(
                        "登记簿有多个顶级单位（{}）：请用 --depot 代码 指定库（之后的数据包会沿用）",
                        codes("、")
                    ),
                ));
            }
        },
    };
    Ok(Depot {
        code: chosen.code.as_str().to_owned(),
        name: chosen.name.clone(),
    })
}

/// A folder being written, removed when dropped unless it was finished.
struct Partial(Option<PathBuf>);

impl Drop for Partial {
    fn drop(&mut self) {
        if let Some(dir) = self.0.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// A writer that hashes what goes through it.
struct Hashing<W> {
    inner: W,
    hash: Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// `out` may be written: missing, or an empty folder.
fn check_out(out: &Path) -> Result<()> {
    match std::fs::read_dir(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if out.is_file() => Err(Error::said(
            format!(
                "{} is a file; a bundle is written into a new folder: name one with --out ({e})",
                out.display()
            ),
            format!(
                "{} 是文件；数据包写入一个新文件夹：请用 --out 指定一个文件夹",
                out.display()
            ),
        )),
        Err(e) => Err(Error::io(out, e)),
        Ok(mut entries) => match entries.next() {
            None => Ok(()),
            Some(_) => Err(Error::said(
                format!(
                    "{} is not empty; a bundle is written into a new (or empty) folder, so that nothing of an older one is mixed in: name another with --out",
                    out.display()
                ),
                format!(
                    "{} 不是空文件夹；数据包写入新的（或空的）文件夹，以免混入旧数据包的内容：请用 --out 指定另一个",
                    out.display()
                ),
            )),
        },
    }
}

/// Writes one exchange file into `dir`; its entry for the manifest.
fn write_file(
    r: &Extract,
    dir: &Path,
    kind: ExportKind,
    opts: &ExportOptions,
) -> Result<FileEntry> {
    let name = format!("{}.csv", kind.name());
    let path = dir.join(&name);
    let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
    let mut out = Hashing {
        inner: std::io::BufWriter::with_capacity(1 << 20, file),
        hash: Sha256::new(),
    };
    let rows = export(r, kind, opts, crate::interrupt::Stoppable(&mut out))?;
    out.flush().map_err(|e| Error::io(&path, e))?;
    let file = out
        .inner
        .into_inner()
        .map_err(|e| Error::io(&path, e.into_error()))?;
    file.sync_all().map_err(|e| Error::io(&path, e))?;
    Ok(FileEntry {
        name,
        rows,
        sha256: hex(&out.hash.finalize()),
    })
}

/// Writes the bundle `req` asks for, then stores its watermark. An export that fails or is
/// stopped leaves no folder and the watermark as it was.
pub fn export_bundle(store: &Store, req: &BundleRequest<'_>) -> Result<Written> {
    check_out(req.out)?;
    let r = Extract::open(store)?;
    let head = r.ledger_head()?.0;
    let last = read_watermark(r.reader())?;
    let remembered = meta_text(r.reader(), DEPOT)?;
    let depot = depot_of(&r.units()?, req.depot, remembered.as_deref())?;
    let first_seq = match (&last, req.full) {
        (Some(w), false) => w.last_seq + 1,
        _ => 1,
    };
    if first_seq > head + 1 {
        let ended = first_seq - 1;
        return Err(Error::said(
            format!(
                "the last bundle ended at movement {ended} but the ledger ends at {head}: this database is older than the one that wrote it (a restored backup?); give --full"
            ),
            format!(
                "上一个数据包止于第 {ended} 笔，而台账止于第 {head} 笔：本数据库比写出那个数据包的数据库旧（恢复过备份？）；请加 --full"
            ),
        ));
    }
    if let Some(last) = meta_text(r.reader(), AS_OF)?
        .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .filter(|last| req.as_of < *last)
    {
        return Err(AsOfError::BeforeLast {
            as_of: req.as_of,
            last,
        }
        .into());
    }
    // The cut: the bundle carries the movements up to its as-of date and stops before the
    // first one dated later, which the next bundle starts with.
    let (last_seq, last_hash) = r.last_on_or_before(first_seq, req.as_of)?;
    let r = r.until(last_seq);
    let name = req.out.file_name().ok_or_else(|| {
        Error::said(
            format!("{} names no folder: give --out DIR", req.out.display()),
            format!("{} 不是文件夹名：请用 --out 目录 指定", req.out.display()),
        )
    })?;
    let parent = req
        .out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(".partial");
    let tmp = parent.join(tmp_name);
    // A folder left by an export that was killed outright.
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir(&tmp).map_err(|e| Error::io(&tmp, e))?;
    let mut partial = Partial(Some(tmp.clone()));

    let opts = ExportOptions {
        csv: CsvOptions::default(),
        as_of: req.as_of,
        since: first_seq,
    };
    let mut files = Vec::with_capacity(FILES.len());
    for name in FILES {
        crate::interrupt::check(NOT_BUNDLED)?;
        let kind: ExportKind = name
            .trim_end_matches(".csv")
            .parse()
            .map_err(Error::Invalid)?;
        let entry = write_file(&r, &tmp, kind, &opts).map_err(stopped_or)?;
        if kind == ExportKind::Movements && entry.rows != last_seq + 1 - first_seq {
            let read = entry.rows;
            return Err(Error::said(
                format!(
                    "the ledger should hold movements {first_seq} to {last_seq}, and {read} were read: run `depot verify`"
                ),
                format!(
                    "台账应有第 {first_seq} 至第 {last_seq} 笔记录，却读到 {read} 笔：请运行 `depot verify`"
                ),
            ));
        }
        files.push(entry);
    }
    let body = Unsigned {
        schema_version: SCHEMA_VERSION,
        depot,
        as_of: req.as_of.format("%Y-%m-%d").to_string(),
        created: timestamp_text(&req.created),
        first_seq,
        last_seq,
        head_hash: hex(&last_hash),
        previous: last.map(|w| w.manifest_sha256),
        full: req.full,
        files,
        public_key: req.key.public_hex(),
    };
    let manifest = Manifest::sign(body, req.key);
    let bytes = manifest.to_json();
    let manifest_sha256 = sha256_hex(&bytes);
    let at = tmp.join(MANIFEST);
    write_synced(&at, &bytes)?;
    crate::interrupt::check(NOT_BUNDLED)?;
    sync_dir(&tmp)?;
    std::fs::rename(&tmp, req.out).map_err(|e| Error::io(req.out, e))?;
    partial.0 = Some(req.out.to_owned());
    sync_dir(parent)?;

    let depot_code = manifest.body.depot.code.clone();
    let last_seq = manifest.body.last_seq.to_string();
    let previous = manifest.body.previous.clone();
    record(
        store,
        previous.as_deref(),
        &last_seq,
        &manifest_sha256,
        &depot_code,
        &manifest.body.as_of,
    )?;
    partial.0 = None;
    let later = head - manifest.body.last_seq;
    Ok(Written {
        dir: req.out.to_owned(),
        manifest,
        manifest_sha256,
        later,
    })
}

/// Records a bundle as the last one, if the last one is still `previous` (the manifest hash
/// the bundle chains to): on a database several terminals share, another may have made a
/// bundle meanwhile, and two bundles chained to the same one would fork the depot's rounds.
fn record(
    store: &Store,
    previous: Option<&str>,
    last_seq: &str,
    manifest_sha256: &str,
    depot_code: &str,
    as_of: &str,
) -> Result<()> {
    store.write(|w| -> Result<()> {
        let now = w
            .meta(MANIFEST_SHA256)?
            .map(|v| String::from_utf8_lossy(&v).into_owned());
        if now.as_deref() != previous {
            let other = now.as_deref().unwrap_or("-");
            return Err(Error::said(
                format!(
                    "another bundle was made meanwhile (its manifest's SHA-256 is {other}); this one would chain to the same bundle as that one, so it was not kept: run `depot export bundle` again"
                ),
                format!(
                    "其间已生成了另一个数据包（其清单的 SHA-256 为 {other}）；本数据包会与它接在同一个数据包之后，因此未保留：请重新运行 `depot export bundle`"
                ),
            ));
        }
        w.put_meta(LAST_SEQ, last_seq.as_bytes())?;
        w.put_meta(MANIFEST_SHA256, manifest_sha256.as_bytes())?;
        w.put_meta(DEPOT, depot_code.as_bytes())?;
        w.put_meta(AS_OF, as_of.as_bytes())?;
        Ok(())
    })
}

fn stopped_or(e: Error) -> Error {
    if crate::interrupt::requested() {
        Error::Interrupted(NOT_BUNDLED)
    } else {
        e
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| Error::io(path, e))
}

/// Makes a folder's entries durable (its files' names after a rename).
fn sync_dir(dir: &Path) -> Result<()> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(dir, e))
}

/// Checks the bundle in `dir` (`exchange::bundle::manifest::check`), for the depot's own
/// look at what it wrote and for headquarters.
pub fn check(dir: &Path) -> Result<(Manifest, String)> {
    manifest::check(dir).map_err(Error::from)
}

#[cfg(test)]
#[path = "bundle_tests.rs"]
mod tests;

/// Where the key of the database at `db` lives when neither `--key` nor `DEPOT_KEY` names a
/// file: beside a database file (`depot.redb` → `depot.redb.key`); for a PostgreSQL
/// database, `$XDG_CONFIG_HOME/depot/HOST-PORT-DATABASE.key` (else `~/.config/depot/…`),
/// anything but letters, digits, `.`, `_` and `-` in the name turned into `_`.
/// `var` reads the environment.
pub fn default_path(db: &Location, var: impl Fn(&str) -> Option<String>) -> Result<PathBuf> {
    match db {
        Location::File(p) => {
            let mut name = p.as_os_str().to_owned();
            name.push(".key");
            Ok(PathBuf::from(name))
        }
        Location::Server(url) => {
            let (host, port, dbname) = crate::store::postgres::host_port_database(url)?;
            let name: String = format!("{host}-{port}-{dbname}.key")
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let config = var("XDG_CONFIG_HOME")
                .filter(|d| Path::new(d).is_absolute())
                .map(PathBuf::from)
                .or_else(|| var("HOME").map(|h| Path::new(&h).join(".config")))
                .ok_or_else(|| {
                    Error::said(
                        "neither XDG_CONFIG_HOME nor HOME is set, so there is no place for the depot's key: name a file with --key or DEPOT_KEY",
                        "XDG_CONFIG_HOME 与 HOME 都未设置，库密钥无处存放：请用 --key 或 DEPOT_KEY 指定文件",
                    )
                })?;
            Ok(config.join("depot").join(name))
        }
    }
}

#[cfg(test)]
mod key_path_tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::store::Location;

    #[test]
    fn the_key_lives_beside_a_file_or_under_the_config_folder_for_a_server() {
        let none = |_: &str| None::<String>;
        assert_eq!(
            default_path(&Location::parse("data/depot.redb"), none).unwrap(),
            PathBuf::from("data/depot.redb.key")
        );
        let env = |k: &str| (k == "HOME").then(|| "/home/q".to_owned());
        assert_eq!(
            default_path(
                &Location::parse("postgres://depot:pw@db-host:5433/qz_depot"),
                env
            )
            .unwrap(),
            PathBuf::from("/home/q/.config/depot/db-host-5433-qz_depot.key")
        );
        let xdg = |k: &str| (k == "XDG_CONFIG_HOME").then(|| "/etc/x".to_owned());
        assert_eq!(
            default_path(&Location::parse("postgres://depot@h/d"), xdg).unwrap(),
            PathBuf::from("/etc/x/depot/h-5432-d.key")
        );
    }
}
