//! `depot hq verify`: what headquarters holds of each depot, checked again: the held ledger, the
//! kept manifests and the kept snapshot files.
//!
//! - Every held movement's hash is recomputed from its text and its `prev_hash`, and linked to
//!   the one before (movement 1 to 64 zeros); the seqs run 1 to the last recorded with no gap
//!   and nothing after; the last one's hash is the depot's recorded head hash.
//! - Every kept manifest is the one ingested (its bytes' SHA-256 is the one recorded), reads as
//!   a manifest of the depot with the seqs recorded, and its signature verifies with the
//!   `public_key` it carries. That key must be one headquarters trusted for the depot: the key
//!   enrolled now, a key the audit log shows was enrolled for it before (`hq enrol … --replace`
//!   names the key it replaced), or, for an older bundle, any key, when a later trusted
//!   manifest names it as its `previous` (a signed manifest vouches for the one before it by
//!   hash, so the bundles before a key change stay verified after it).
//! - The kept snapshot files are, byte for byte, the ones the last manifest lists (SHA-256).
//!
//! The held movements are read in chunks, never all at once.

use depot_domain::msg::service::ServiceMsg;
mod checks;
mod outcome;
mod problem;

pub use checks::NOT_VERIFIED;
use checks::{chain, manifests, snapshot};
pub use outcome::{DepotCheck, HqVerify};
pub use problem::{ManifestFault, Problem};

use crate::store::hq::HqDepot;
use crate::store::{Reader, Store};
use crate::{Error, Result};

/// Checks every depot enrolled, or only `only`. A depot not enrolled is an error.
pub fn verify(store: &Store, only: Option<&str>) -> Result<HqVerify> {
    store.contained(|| verify_all(store, only))?
}

fn verify_all(store: &Store, only: Option<&str>) -> Result<HqVerify> {
    let r = store.read()?;
    let all = r.hq_depots()?;
    let depots: Vec<HqDepot> = match only {
        Some(code) => {
            let d = all.iter().find(|d| d.code == code).cloned();
            vec![d.ok_or_else(|| not_enrolled(code, &all))?]
        }
        None => all,
    };
    let audit = r.audit_log()?;
    let mut out = Vec::with_capacity(depots.len());
    for d in depots {
        // The keys enrolled for the depot before: named by its enrolments in the audit log.
        let action = format!("hq enrol {}", d.code);
        let enrolled: Vec<&str> = audit
            .iter()
            .filter(|e| e.action == action)
            .map(|e| e.outcome.as_str())
            .collect();
        out.push(check_depot(&r, &d, &enrolled)?);
    }
    Ok(HqVerify { depots: out })
}

/// The error for `--depot CODE` of a depot not enrolled.
fn not_enrolled(code: &str, all: &[HqDepot]) -> Error {
    let codes: Vec<&str> = all.iter().map(|d| d.code.as_str()).collect();
    if all.is_empty() {
        Error::Msg(ServiceMsg::HqNoDepots {
            code: code.to_owned(),
        })
    } else {
        let (code, codes): (String, Vec<String>) = (
            code.to_owned(),
            codes.iter().map(|c| c.to_string()).collect(),
        );
        Error::phrase(move |lang| ServiceMsg::HqNotEnrolledOf {
            code: code.clone(),
            codes: crate::error::join(&codes, lang),
        })
    }
}

fn check_depot(r: &Reader, d: &HqDepot, enrolled: &[&str]) -> Result<DepotCheck> {
    let mut c = DepotCheck {
        depot: d.code.clone(),
        name: d.name.clone(),
        movements: 0,
        bundles: 0,
        problems: Vec::new(),
        more: 0,
    };
    chain(r, d, &mut c)?;
    let bundles = r.hq_bundles(&d.code)?;
    c.bundles = bundles.len();
    let manifests = manifests(d, &bundles, enrolled, &mut c);
    snapshot(r, d, &bundles, &manifests, &mut c)?;
    Ok(c)
}
