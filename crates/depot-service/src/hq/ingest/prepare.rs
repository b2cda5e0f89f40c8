//! A bundle read and checked before any write: its manifest, its files and their hashes.

use super::bundle::Bundle;
use crate::hq::error::Refusal;
use crate::store::hq::{HqFigures, HqMovement, SNAPSHOT_FILES};
use crate::{Error, Result};
use chrono::NaiveDate;
use depot_exchange::bundle::BundleError;
use depot_exchange::bundle::manifest::{self, MANIFEST, Manifest, files_of, unhex};
use std::path::Path;

/// A bundle read and checked on its own (before headquarters' database is looked at).
pub(super) struct Prepared {
    pub(super) shown: String,
    pub(super) m: Manifest,
    pub(super) sha: String,
    pub(super) manifest_bytes: Vec<u8>,
    pub(super) snapshot: Vec<(&'static str, Vec<u8>)>,
    pub(super) movements: Vec<u8>,
    /// The movements as read from `movements.csv`, when they were kept
    /// ([`Bundle::check_hashes`]).
    pub(super) read: Option<Vec<HqMovement>>,
    pub(super) public_key: [u8; 32],
    pub(super) head_hash: [u8; 32],
    pub(super) as_of: NaiveDate,
    pub(super) due: u64,
    pub(super) due_cost: rust_decimal::Decimal,
    /// The bundle's figures, counted from its files, for the trend by depot.
    pub(super) figures: HqFigures,
}

/// Reads the bundle in `dir` and checks what needs nothing but the bundle: the manifest, every
/// file's hash and rows, and every movement's hash recomputed from its text.
pub(super) fn prepare(dir: &Path) -> Result<Prepared> {
    let shown_owned = dir.display().to_string();
    let shown = shown_owned.as_str();
    let refuse = |source: BundleError| {
        Error::Hq(Refusal::Bundle {
            dir: shown.to_owned(),
            source,
        })
    };
    // The bytes kept (the manifest, the snapshot, the movements) are the ones whose hashes
    // were checked: each file is read and hashed once.
    let manifest::Checked {
        manifest: m,
        sha256: sha,
        manifest_bytes,
        mut files,
    } = manifest::check_read(dir).map_err(refuse)?;
    let names: Vec<&str> = m.body.files.iter().map(|f| f.name.as_str()).collect();
    let expected = files_of(m.body.schema_version);
    if names != expected {
        return Err(Error::Hq(Refusal::Files {
            dir: shown.to_owned(),
            file: MANIFEST,
            version: m.body.schema_version,
            found: names.join(", "),
            expected: expected.join(", "),
        }));
    }
    let mut take = |name: &str| {
        files
            .iter_mut()
            .find(|(n, _)| n == name)
            .map(|(_, bytes)| std::mem::take(bytes))
            .ok_or_else(|| {
                refuse(BundleError::Malformed(format!(
                    "{name} is not among the files checked"
                )))
            })
    };
    let mut snapshot = Vec::with_capacity(SNAPSHOT_FILES.len());
    for name in SNAPSHOT_FILES {
        // A version-1 bundle carries no places: its depot's are kept empty, none.
        let bytes = if expected.contains(&name) {
            take(name)?
        } else {
            Vec::new()
        };
        snapshot.push((name, bytes));
    }
    let movements = take("movements.csv")?;
    let bad = |what: &str| refuse(BundleError::Malformed(what.to_owned()));
    let public_key: [u8; 32] =
        unhex(&m.body.public_key).ok_or_else(|| bad("public_key is not 64 hex digits"))?;
    let head_hash: [u8; 32] =
        unhex(&m.body.head_hash).ok_or_else(|| bad("head_hash is not 64 hex digits"))?;
    let as_of = NaiveDate::parse_from_str(&m.body.as_of, "%Y-%m-%d")
        .map_err(|_| bad("as_of is not a date YYYY-MM-DD"))?;
    if m.body.first_seq == 0 || m.body.first_seq > m.body.last_seq + 1 {
        return Err(bad("first_seq is not between 1 and last_seq + 1"));
    }
    if m.body.full && m.body.first_seq != 1 {
        return Err(bad("a full bundle's first_seq is not 1"));
    }
    let file = |name: &str| {
        snapshot
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&[][..], |(_, b)| b.as_slice())
    };
    // What the figures need of the replacement plan, counted once.
    let (due, due_cost) =
        crate::hq::figures::due_in(file("replacements.csv"), chrono::Datelike::year(&as_of))
            .map_err(|what| bad(&format!("replacements.csv {what}")))?;
    // The bundle's figures, kept for the trend by depot.
    let mut figures = crate::hq::trend::count(
        file("readiness.csv"),
        file("inventory.csv"),
        file("assets.csv"),
    )
    .map_err(|b| bad(&b.to_string()))?;
    figures.depot.clone_from(&m.body.depot.code);
    figures.manifest_sha256.clone_from(&sha);
    figures.as_of = as_of;
    figures.created.clone_from(&m.body.created);
    let read = Bundle {
        dir: shown,
        m: &m,
        head_hash,
        hashes_checked: false,
    }
    .check_hashes(&movements)?;
    Ok(Prepared {
        shown: shown_owned,
        m,
        sha,
        manifest_bytes,
        snapshot,
        movements,
        read,
        public_key,
        head_hash,
        as_of,
        due,
        due_cost,
        figures,
    })
}
