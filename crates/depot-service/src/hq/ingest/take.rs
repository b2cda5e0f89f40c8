//! Taking a prepared bundle in: one transaction that checks it continues the depot's chain,
//! then stores its movements and its snapshot.

use super::bundle::Bundle;
use super::options::{IngestOptions, Ingested};
use super::prepare::Prepared;
use crate::Ctx;
use crate::access;
use crate::hq::error::Refusal;
use crate::store::hq::{HqBundle, HqDepot, HqFound, HqLast};
use crate::store::{AuditEntry, Store};
use crate::{Error, Result};
use depot_domain::access::Permission;
use depot_exchange::bundle::manifest::fingerprint;

/// Takes a prepared bundle into headquarters' database, in one transaction, after the checks
/// against what it holds of the depot.
pub(super) fn take(store: &Store, ctx: &Ctx, p: Prepared, opts: IngestOptions) -> Result<Ingested> {
    let Prepared {
        shown,
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
    } = p;
    let shown = shown.as_str();
    let bundle = Bundle {
        dir: shown,
        m: &m,
        head_hash,
        hashes_checked: true,
    };
    access::act(store, ctx, "hq ingest", |w, ctx| {
        access::authorize(w, ctx, Permission::Manage, "ingest a bundle")?;
        let now = depot_domain::movement::timestamp_text(&ctx.stamp());
        let code = &m.body.depot.code;
        // The depot, the bundle if it came before, or the depots of the same key: one look-up.
        let (mut depot, enrolled) = match w.hq_look_up(code, &public_key, &sha)? {
            HqFound::Enrolled { depot, bundle } => {
                if depot.public_key != public_key {
                    return Err(Error::Hq(Refusal::WrongKey {
                        dir: shown.to_owned(),
                        code: code.clone(),
                        found: fingerprint(&public_key),
                        enrolled: fingerprint(&depot.public_key),
                    }));
                }
                if let Some(before) = bundle {
                    return Ok(Ingested::Again {
                        depot: code.clone(),
                        as_of: before.as_of,
                        ingested: before.ingested,
                    });
                }
                (*depot, None)
            }
            // The same depot under a new code (its top unit renamed) is not enrolled a second
            // time unasked.
            HqFound::New { same_key } if opts.trust_new && !same_key.is_empty() => {
                return Err(Error::Hq(Refusal::KeyOfAnother {
                    dir: shown.to_owned(),
                    code: code.clone(),
                    other: same_key.join(", "),
                }));
            }
            HqFound::New { .. } if opts.trust_new => {
                let d = HqDepot {
                    code: code.clone(),
                    name: m.body.depot.name.clone(),
                    public_key,
                    enrolled: now.clone(),
                    enrolled_by: ctx.operator.to_string(),
                    last: None,
                };
                (d, Some(fingerprint(&public_key)))
            }
            HqFound::New { .. } => {
                return Err(Error::Hq(Refusal::UnknownDepot {
                    dir: shown.to_owned(),
                    code: code.clone(),
                    name: m.body.depot.name.clone(),
                    fingerprint: fingerprint(&public_key),
                }));
            }
        };
        bundle.follows(w, depot.last.as_ref())?;
        // The movements first (`hq_movements` has no foreign key), then the depot's row as
        // this bundle leaves it, its files, the bundle and the audit entry, together.
        let appended =
            bundle.take_movements(w, depot.last.as_ref(), &movements, read.as_deref())?;
        depot.name = m.body.depot.name.clone();
        depot.last = Some(HqLast {
            manifest_sha256: sha.clone(),
            last_seq: m.body.last_seq,
            head_hash,
            as_of,
            created: m.body.created.clone(),
            ingested: now.clone(),
            due,
            due_cost,
        });
        let entry = AuditEntry {
            at: ctx.stamp(),
            operator: ctx.operator.to_string(),
            action: format!("hq ingest {shown}"),
            outcome: crate::audit_words::both(
                &format!(
                    "depot {code}, movements {} to {}, as of {as_of}{}",
                    m.body.first_seq,
                    m.body.last_seq,
                    if enrolled.is_some() { ", enrolled" } else { "" }
                ),
                &format!(
                    "库 {code}，第 {} 至第 {} 笔，截至 {as_of}{}",
                    m.body.first_seq,
                    m.body.last_seq,
                    if enrolled.is_some() {
                        "，已登记"
                    } else {
                        ""
                    }
                ),
            ),
        };
        crate::directive::record_depot_version(w, code, m.body.directive_version)?;
        w.put_hq_taken(
            &depot,
            &snapshot,
            &HqBundle {
                depot: code.clone(),
                manifest_sha256: sha.clone(),
                manifest: manifest_bytes.clone(),
                first_seq: m.body.first_seq,
                last_seq: m.body.last_seq,
                as_of,
                created: m.body.created.clone(),
                full: m.body.full,
                ingested: now.clone(),
                ingested_by: ctx.operator.to_string(),
            },
            &figures,
            &entry,
        )?;
        Ok(Ingested::New {
            depot: code.clone(),
            name: m.body.depot.name.clone(),
            as_of,
            first_seq: m.body.first_seq,
            last_seq: m.body.last_seq,
            appended,
            enrolled,
        })
    })
}
