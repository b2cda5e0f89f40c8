//! Headquarters: the depots enrolled, their bundles taken in (`ingest`), and what
//! headquarters reads of them.

use depot_domain::msg::service::ServiceMsg;
pub mod chart;
pub mod circles;
mod error;
pub mod figures;
pub mod ingest;
pub mod report;
pub mod targets;
pub mod trend;
pub mod verify;

pub use error::{Refusal, bundle_zh};
pub use ingest::{IngestOptions, Ingested, bundles_in, ingest, ingest_each};

use crate::store::hq::HqDepot;
use crate::store::{AuditEntry, Store};
use crate::{Ctx, access};
use crate::{Error, Result};
use depot_domain::access::Permission;
use depot_exchange::bundle::manifest::fingerprint;

/// What enrolling did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enrolled {
    New {
        fingerprint: String,
    },
    /// The depot's key was replaced (`replace`); its bundles continue as before.
    Replaced {
        old: String,
        new: String,
    },
    /// It was enrolled with this key already.
    Same {
        fingerprint: String,
    },
}

/// Enrols depot `code` with `public_key`, which headquarters got from the depot by a way it
/// trusts (`depot key show` read out or printed). A depot enrolled with another key is refused
/// unless `replace`.
pub fn enrol(
    store: &Store,
    ctx: &Ctx,
    code: &str,
    name: Option<&str>,
    public_key: [u8; 32],
    replace: bool,
) -> Result<Enrolled> {
    let code = code.trim();
    if code.is_empty() {
        return Err(Error::Msg(ServiceMsg::HqNeedsDepotCode));
    }
    access::act(store, ctx, "hq enrol", |w, ctx| {
        access::authorize(w, ctx, Permission::Manage, "enrol a depot")?;
        let now = depot_domain::movement::timestamp_text(&ctx.stamp());
        let new = fingerprint(&public_key);
        let out = match w.hq_depot(code)? {
            Some(d) if d.public_key == public_key => {
                return Ok(Enrolled::Same { fingerprint: new });
            }
            Some(d) if !replace => {
                let old = fingerprint(&d.public_key);
                return Err(Error::Msg(ServiceMsg::HqEnrolledOtherKey {
                    code: code.to_owned(),
                    old,
                    new,
                }));
            }
            Some(mut d) => {
                let old = fingerprint(&d.public_key);
                d.public_key = public_key;
                if let Some(n) = name {
                    d.name = n.to_owned();
                }
                d.enrolled = now.clone();
                d.enrolled_by = ctx.operator.to_string();
                w.put_hq_depot(&d)?;
                Enrolled::Replaced { old, new }
            }
            None => {
                w.put_hq_depot(&HqDepot {
                    code: code.to_owned(),
                    name: name.unwrap_or(code).to_owned(),
                    public_key,
                    enrolled: now,
                    enrolled_by: ctx.operator.to_string(),
                    last: None,
                })?;
                Enrolled::New { fingerprint: new }
            }
        };
        w.audit(&AuditEntry {
            at: ctx.stamp(),
            operator: ctx.operator.to_string(),
            action: format!("hq enrol {code}"),
            outcome: match &out {
                Enrolled::Replaced { old, new } => format!("key {old} replaced by {new}"),
                Enrolled::New { fingerprint } | Enrolled::Same { fingerprint } => {
                    format!("key {fingerprint}")
                }
            },
        })?;
        Ok(out)
    })
}

/// Every depot enrolled, in code order.
pub fn depots(store: &Store) -> Result<Vec<HqDepot>> {
    Ok(store.read()?.hq_depots()?)
}
