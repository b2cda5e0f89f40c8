//! `depot key enrol-depot CODE --public-key HEX`: the key of another depot whose shipments
//! and receipts this depot takes, enrolled by an officer as headquarters' is.

use super::record;
use super::refuse;
use crate::access::{act, authorize};
use crate::store::Store;
use crate::{Ctx, Result};
use depot_domain::access::Permission;
use depot_domain::msg::ship::ShipMsg;
use depot_exchange::bundle::manifest::fingerprint;

/// What enrolling a peer depot's key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerEnrolled {
    New { fingerprint: String },
    Same { fingerprint: String },
    Replaced { old: String, new: String },
}

/// Enrols `key` as depot `code`'s (officers); another key already enrolled for it is
/// replaced only with `replace`.
pub fn enrol_peer(
    store: &Store,
    ctx: &Ctx,
    code: &str,
    key: [u8; 32],
    replace: bool,
) -> Result<PeerEnrolled> {
    let code = depot_domain::ids::fold_width(code.trim());
    let here = super::this_depot(store, None).ok();
    let what = format!("enrol depot {code}");
    act(store, ctx, &what, |w, ctx| {
        authorize(w, ctx, Permission::Manage, &what)?;
        if here.is_some_and(|d| d.code == code) {
            return Err(refuse(|_| ShipMsg::PeerIsSelf {
                depot: code.clone(),
            }));
        }
        let new = fingerprint(&key);
        let out = match record::peer_key(w, &code)? {
            Some(old) if old == key => return Ok(PeerEnrolled::Same { fingerprint: new }),
            Some(old) if !replace => {
                return Err(refuse(|_| ShipMsg::PeerKeyOther {
                    depot: code.clone(),
                    enrolled: fingerprint(&old),
                    given: new.clone(),
                }));
            }
            Some(old) => PeerEnrolled::Replaced {
                old: fingerprint(&old),
                new: new.clone(),
            },
            None => PeerEnrolled::New {
                fingerprint: new.clone(),
            },
        };
        record::put_peer(w, &code, &key)?;
        w.audit(&crate::store::AuditEntry {
            at: ctx.stamp(),
            operator: ctx.operator.to_string(),
            action: what.clone(),
            outcome: crate::audit_words::both(&format!("key {new}"), &format!("公钥 {new}")),
        })?;
        Ok(out)
    })
}
