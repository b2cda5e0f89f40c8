//! `depot hq directive --out DIR`: headquarters' reference files (modules, catalogue,
//! standards, targets, as it edits them today) signed as a directive with a version above the
//! last one issued from this database, which is recorded (for the report of depots behind).

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{ISSUED, ISSUED_ALL};
use crate::store::{AuditEntry, Reader, Store};
use crate::{Ctx, Error, Result, access};
use depot_domain::access::Permission;
use depot_domain::movement::timestamp_text;
use depot_domain::msg::directive::DirectiveMsg;
use depot_exchange::bundle::manifest::{data_rows, sha256_hex};
use depot_exchange::bundle::{DepotKey, FileEntry};
use depot_exchange::directive::{Directive, FILES, Local, MANIFEST, SCHEMA_VERSION, Unsigned};

/// A directive to write.
pub struct Issue<'a> {
    /// The folder holding headquarters' reference files.
    pub from: &'a Path,
    /// The new folder (missing, or empty).
    pub out: &'a Path,
    /// Its version; `None`: one above the last issued.
    pub version: Option<u64>,
    pub effective: NaiveDate,
    pub issuer: &'a str,
    pub local: Local,
    pub key: &'a DepotKey,
    pub created: DateTime<FixedOffset>,
}

/// A directive written.
#[derive(Debug)]
pub struct Issued {
    pub dir: PathBuf,
    pub directive: Directive,
}

/// The last directive issued from a headquarters database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Last {
    pub version: u64,
    pub effective: String,
    pub sha256: String,
}

/// The last directive issued from this database, if any.
pub fn last_issued(r: &Reader) -> Result<Option<Last>> {
    Ok(r.meta(ISSUED)?
        .and_then(|v| serde_json::from_slice(&v).ok()))
}

/// Every directive issued from this database, oldest first (a database that issued some
/// before the list was kept has only its last).
pub fn all_issued(r: &Reader) -> Result<Vec<Last>> {
    if let Some(all) = r
        .meta(ISSUED_ALL)?
        .and_then(|v| serde_json::from_slice::<Vec<Last>>(&v).ok())
    {
        return Ok(all);
    }
    Ok(last_issued(r)?.into_iter().collect())
}

/// The newest directive issued whose effective date has come on `on` (one issued for a later
/// date is not yet in force anywhere, so no depot is behind it).
pub fn in_force_on(all: &[Last], on: NaiveDate) -> Option<&Last> {
    all.iter()
        .filter(|l| NaiveDate::parse_from_str(&l.effective, "%Y-%m-%d").is_ok_and(|e| e <= on))
        .max_by_key(|l| l.version)
}

/// Writes the directive `req` asks for and records it as the last issued, in one
/// transaction after the folder is whole (officers).
pub fn issue(store: &Store, ctx: &Ctx, req: &Issue<'_>) -> Result<Issued> {
    let last = last_issued(&store.read()?)?;
    let version = req
        .version
        .unwrap_or_else(|| last.as_ref().map_or(1, |l| l.version + 1));
    let not_newer = |last: &Last| {
        Error::directive(DirectiveMsg::IssueNotNewer {
            version: (last.version + 1).to_string(),
            last: last.version.to_string(),
        })
    };
    if let Some(last) = last.as_ref().filter(|l| version <= l.version) {
        return Err(not_newer(last));
    }
    let mut files = Vec::new();
    let mut entries = Vec::new();
    for name in FILES {
        let path = req.from.join(name);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io(&path, e)),
        };
        let rows =
            data_rows(&bytes).map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
        entries.push(FileEntry {
            name: name.to_owned(),
            rows,
            sha256: sha256_hex(&bytes),
        });
        files.push((name, bytes));
    }
    if files.is_empty() {
        return Err(Error::directive(DirectiveMsg::IssueNoFiles {
            dir: req.from.display().to_string(),
            names: FILES.join(", "),
        }));
    }
    let body = Unsigned {
        schema_version: SCHEMA_VERSION,
        issuer: req.issuer.to_owned(),
        version,
        effective: req.effective.format("%Y-%m-%d").to_string(),
        created: timestamp_text(&req.created),
        local: req.local,
        files: entries,
        public_key: req.key.public_hex(),
    };
    let directive = Directive::sign(body, req.key);
    let json = directive.to_json();
    let sha256 = sha256_hex(&json);
    // Recorded after the folder is whole; a refusal (not an officer, or a newer directive
    // issued meanwhile) removes the folder.
    let mut all: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    all.push((MANIFEST, &json));
    crate::bundle::write_folder(req.out, &all)?;
    let record = Last {
        version,
        effective: directive.body.effective.clone(),
        sha256,
    };
    let written = access::act(store, ctx, "issue directive", |w, ctx| {
        access::authorize(w, ctx, Permission::Manage, "issue a directive")?;
        let now: Option<Last> = w
            .meta(ISSUED)?
            .and_then(|v| serde_json::from_slice(&v).ok());
        if let Some(now) = now.as_ref().filter(|n| n.version >= version) {
            return Err(not_newer(now));
        }
        let mut all = match w.meta(ISSUED_ALL)? {
            Some(v) => serde_json::from_slice::<Vec<Last>>(&v).unwrap_or_default(),
            None => now.into_iter().collect(),
        };
        all.push(record.clone());
        w.put_meta(ISSUED, &serde_json::to_vec(&record).unwrap_or_default())?;
        w.put_meta(ISSUED_ALL, &serde_json::to_vec(&all).unwrap_or_default())?;
        w.audit(&AuditEntry {
            at: ctx.stamp(),
            operator: ctx.operator.to_string(),
            action: format!("hq directive {}", req.out.display()),
            outcome: crate::audit_words::both(
                &format!("directive {version}, effective {}", record.effective),
                &format!("指令第 {version} 版，自 {} 起施行", record.effective),
            ),
        })?;
        Ok(())
    });
    if let Err(e) = written {
        // Not recorded: the folder is not handed out.
        let _ = std::fs::remove_dir_all(req.out);
        return Err(e);
    }
    Ok(Issued {
        dir: req.out.to_owned(),
        directive,
    })
}
