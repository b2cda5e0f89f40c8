//! Headquarters' directives: the standards and targets the corps sets, sent down to its
//! depots as a signed folder (`exchange::directive`). Headquarters writes one (`issue`); a
//! depot enrols headquarters' public key once (`enrol_hq_key`) and takes each directive whole
//! or not at all (`take`), through the reference-data import, recording the version in force;
//! its later local imports may not change the directive's lines, nor add to a section the
//! directive keeps to itself (`guard`). Every bundle then states the version in force, and
//! headquarters' report names the depots behind its newest directive.

mod guard;
mod issue;
mod take;

pub use guard::findings as guard_findings;
pub use issue::{Issue, Issued, Last, all_issued, in_force_on, issue, last_issued};
pub use take::{Taken, take};

use serde::{Deserialize, Serialize};

use crate::store::{Reader, Store, Writer};
use crate::{Ctx, Error, Result, access};
use depot_domain::access::Permission;
use depot_domain::msg::directive::DirectiveMsg;
use depot_exchange::bundle::manifest::{fingerprint, unhex};
use depot_exchange::directive::Local;

/// The meta key of headquarters' public key (hex) at a depot.
pub const HQ_KEY: &str = "directive.hq_key";
/// The meta key of the directive in force at a depot ([`InForce`] as JSON).
pub const IN_FORCE: &str = "directive.in_force";
/// The meta key of the last directive issued from a headquarters database ([`issue::Last`]).
pub const ISSUED: &str = "directive.issued";
/// The meta key of every directive issued from a headquarters database, oldest first
/// (a JSON list of [`issue::Last`]).
pub const ISSUED_ALL: &str = "directive.issued.all";
/// The meta key prefix of the directive version each depot's last bundle stated, at
/// headquarters (`directive.depot.CODE`, decimal text).
pub const DEPOT_VERSION: &str = "directive.depot.";

/// The directive in force at a depot, with the keys of its lines (what a local import may not
/// change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct InForce {
    pub version: u64,
    pub effective: String,
    pub issuer: String,
    /// SHA-256 of its `directive.json`.
    pub sha256: String,
    pub local: Local,
    pub modules: Vec<String>,
    pub catalog: Vec<String>,
    pub standards: Vec<String>,
    pub targets: Vec<String>,
}

/// The directive in force, if one was taken.
pub fn in_force(r: &Reader) -> Result<Option<InForce>> {
    Ok(match r.meta(IN_FORCE)? {
        Some(bytes) => Some(serde_json::from_slice(&bytes).map_err(|e| {
            Error::Invalid(format!("meta {IN_FORCE} is not a directive record: {e}"))
        })?),
        None => None,
    })
}

/// The directive in force, read from `store`.
pub fn current(store: &Store) -> Result<Option<InForce>> {
    in_force(&store.read()?)
}

/// Headquarters' public key as enrolled at this depot.
pub fn hq_key(r: &Reader) -> Result<Option<[u8; 32]>> {
    Ok(r.meta(HQ_KEY)?
        .and_then(|v| unhex::<32>(&String::from_utf8_lossy(&v))))
}

/// What enrolling headquarters' key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyEnrolled {
    New { fingerprint: String },
    Same { fingerprint: String },
    Replaced { old: String, new: String },
}

/// Enrols headquarters' public key at this depot (officers); another key already enrolled is
/// replaced only with `replace`.
pub fn enrol_hq_key(store: &Store, ctx: &Ctx, key: [u8; 32], replace: bool) -> Result<KeyEnrolled> {
    access::act(
        store,
        ctx,
        "enrol headquarters key",
        |w: &mut Writer<'_>, ctx| {
            access::authorize(w, ctx, Permission::Manage, "enrol headquarters key")?;
            let new = fingerprint(&key);
            let old = w
                .meta(HQ_KEY)?
                .and_then(|v| unhex::<32>(&String::from_utf8_lossy(&v)));
            let out = match old {
                Some(old) if old == key => return Ok(KeyEnrolled::Same { fingerprint: new }),
                Some(old) if !replace => {
                    return Err(Error::directive(DirectiveMsg::HqKeyOther {
                        enrolled: fingerprint(&old),
                        given: new,
                    }));
                }
                Some(old) => KeyEnrolled::Replaced {
                    old: fingerprint(&old),
                    new: new.clone(),
                },
                None => KeyEnrolled::New {
                    fingerprint: new.clone(),
                },
            };
            w.put_meta(HQ_KEY, depot_domain::movement::hex(&key).as_bytes())?;
            w.audit(&crate::store::AuditEntry {
                at: ctx.stamp(),
                operator: ctx.operator.to_string(),
                action: "enrol headquarters key".into(),
                outcome: crate::audit_words::both(&format!("key {new}"), &format!("公钥 {new}")),
            })?;
            Ok(out)
        },
    )
}

/// The meta keys a database's directives are kept under (headquarters' key and the directive
/// in force at a depot; those issued and each depot's stated version at headquarters): what a
/// migration copies.
pub fn meta_keys(r: &Reader) -> Result<Vec<String>> {
    let mut keys: Vec<String> = [HQ_KEY, IN_FORCE, ISSUED, ISSUED_ALL]
        .map(str::to_owned)
        .into();
    for d in r.hq_depots()? {
        keys.push(format!("{DEPOT_VERSION}{}", d.code));
    }
    Ok(keys)
}

/// The directive version each depot's last bundle stated, at headquarters.
pub fn depot_version(r: &Reader, depot: &str) -> Result<Option<u64>> {
    Ok(r.meta(&format!("{DEPOT_VERSION}{depot}"))?
        .and_then(|v| String::from_utf8_lossy(&v).parse().ok()))
}

/// Records at headquarters the directive version a depot's bundle stated (none: removed
/// as 0, a depot that took no directive).
pub fn record_depot_version(w: &mut Writer<'_>, depot: &str, version: Option<u64>) -> Result<()> {
    let v = version.unwrap_or(0).to_string();
    w.put_meta(&format!("{DEPOT_VERSION}{depot}"), v.as_bytes())?;
    Ok(())
}
