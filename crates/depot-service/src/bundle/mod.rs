//! `depot export bundle`: the register's exchange files and a signed manifest, written into a
//! new folder from one read snapshot, then the watermark (the bundle's last seq and its
//! manifest's hash) stored in the database in one transaction, so the next bundle continues
//! where this one ended and names it as `previous`. The format is `exchange::bundle`'s.

mod depot;
pub(crate) mod files;
mod watermark;

use crate::export::places::PlaceFile;
pub use depot::depot_of;
use depot_domain::msg::service::ServiceMsg;
pub(crate) use files::write_folder;
use files::{check_out, sync_dir, write_file, write_places, write_synced};
pub use watermark::{
    AS_OF, AsOfError, DEPOT, LAST_SEQ, MANIFEST_SHA256, WATERMARK_META, Watermark, watermark,
};
use watermark::{meta_text, read_watermark};

pub use crate::key_path::default_path;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::export::Extract;
use crate::export::csv::{ExportKind, ExportOptions};
use crate::store::Store;
use crate::{Error, Result};
use depot_domain::movement::{hex, timestamp_text};
use depot_exchange::CsvOptions;
use depot_exchange::bundle::manifest::{self, FILES, MANIFEST, SCHEMA_VERSION, sha256_hex};
use depot_exchange::bundle::{DepotKey, Manifest, Unsigned};

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

/// Writes the bundle `req` asks for, then stores its watermark. An export that fails or is
/// stopped leaves no folder and the watermark as it was.
pub fn export_bundle(store: &Store, req: &BundleRequest<'_>) -> Result<Written> {
    check_out(req.out)?;
    let r = Extract::open(store)?;
    let head = r.ledger_head()?.0;
    // Nothing in the snapshot (taken by the read above) may be handed on that a power cut of
    // the server could still take back: another terminal's commit it holds is made durable.
    store.flush()?;
    let last = read_watermark(r.reader())?;
    let remembered = meta_text(r.reader(), DEPOT)?;
    let depot = depot_of(&r.units()?, req.depot, remembered.as_deref())?;
    let first_seq = match (&last, req.full) {
        (Some(w), false) => w.last_seq + 1,
        _ => 1,
    };
    if first_seq > head + 1 {
        let ended = first_seq - 1;
        return Err(Error::Msg(ServiceMsg::LedgerBehindBundle {
            ended: ended.to_string(),
            head: head.to_string(),
        }));
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
    let (tmp, mut partial, parent) = files::partial_beside(req.out)?;

    let opts = ExportOptions {
        csv: CsvOptions::default(),
        as_of: req.as_of,
        since: first_seq,
    };
    let mut files = Vec::with_capacity(FILES.len());
    for name in FILES {
        crate::interrupt::check(NOT_BUNDLED)?;
        if let Some(file) = PlaceFile::named(name) {
            files.push(write_places(&r, &tmp, name, file).map_err(stopped_or)?);
            continue;
        }
        let kind: ExportKind = name
            .trim_end_matches(".csv")
            .parse()
            .map_err(Error::Invalid)?;
        let entry = write_file(&r, &tmp, kind, &opts).map_err(stopped_or)?;
        if kind == ExportKind::Movements && entry.rows != last_seq + 1 - first_seq {
            let read = entry.rows;
            return Err(Error::Msg(ServiceMsg::LedgerShort {
                first: first_seq.to_string(),
                last: last_seq.to_string(),
                read: read.to_string(),
            }));
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
        directive_version: crate::directive::in_force(r.reader())?.map(|d| d.version),
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
    sync_dir(&parent)?;

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
            return Err(Error::Msg(ServiceMsg::BundleMeanwhile {
                other: other.to_string(),
            }));
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

/// Checks the bundle in `dir` (`exchange::bundle::manifest::check`), for the depot's own
/// look at what it wrote and for headquarters.
pub fn check(dir: &Path) -> Result<(Manifest, String)> {
    manifest::check(dir).map_err(Error::from)
}

#[cfg(test)]
mod tests;
