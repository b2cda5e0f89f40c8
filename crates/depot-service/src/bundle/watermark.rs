//! The watermark: where the last bundle ended (its last seq, its manifest's hash, its depot
//! and as-of date), kept in the database's meta table.

use crate::store::{Reader, Store};
use crate::{Error, Result};
use chrono::NaiveDate;
use depot_domain::msg::service::ServiceMsg;

/// The meta keys of the watermark: the last bundle's last seq (decimal text), the SHA-256 of
/// its `manifest.json` (hex text), and the depot code it was written for (text).
pub const LAST_SEQ: &str = "bundle.last_seq";

pub const MANIFEST_SHA256: &str = "bundle.manifest_sha256";

pub const DEPOT: &str = "bundle.depot";

/// The last bundle's as-of date (`YYYY-MM-DD`); kept since bundles are cut at their as-of.
pub const AS_OF: &str = "bundle.as_of";

/// Every meta key of the bundle watermark, for what copies a database (`migrate`).
pub const WATERMARK_META: [&str; 4] = [LAST_SEQ, MANIFEST_SHA256, DEPOT, AS_OF];

/// The last bundle, as the database remembers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watermark {
    pub last_seq: u64,
    pub manifest_sha256: String,
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

pub(super) fn meta_text(r: &Reader, key: &str) -> Result<Option<String>> {
    Ok(r.meta(key)?
        .map(|v| String::from_utf8_lossy(&v).into_owned()))
}

pub(super) fn read_watermark(r: &Reader) -> Result<Option<Watermark>> {
    let (Some(seq), Some(hash)) = (meta_text(r, LAST_SEQ)?, meta_text(r, MANIFEST_SHA256)?) else {
        return Ok(None);
    };
    let last_seq = seq.parse().map_err(|_| {
        Error::Msg(ServiceMsg::BadWatermark {
            key: LAST_SEQ.to_owned(),
            seq: seq.to_string(),
        })
    })?;
    Ok(Some(Watermark {
        last_seq,
        manifest_sha256: hash,
    }))
}
