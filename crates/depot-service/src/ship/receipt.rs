//! `depot receive-receipt DIR`: the receiver's signed receipt taken at the sender, closing the
//! shipment it answers. It must come from the depot the shipment went to (its enrolled key),
//! name a shipment this depot sent (its id and manifest), and be the first for it; then the
//! shipment is closed with what the receipt says, and each piece that did not arrive is
//! recorded as missing in its history (an `update` movement whose reason says so), in one
//! transaction.

use std::path::Path;

use super::receive::trusted_key;
use super::record::{self, Closed};
use super::{refuse, said};
use crate::access::{act, authorize};
use crate::store::{Store, Writer};
use crate::workflow::{find, movement};
use crate::{Ctx, Result};
use depot_domain::access::Permission;
use depot_domain::movement::timestamp_text;
use depot_domain::msg::ship::ShipMsg;
use depot_domain::{Action, Barcode, Lang};
use depot_exchange::shipment::receipt::{self, RECEIVED, UNEXPECTED};
use rust_decimal::Decimal;

/// A receipt taken: the shipment as now closed.
#[derive(Debug)]
pub struct ReceiptTaken {
    pub sent: record::Sent,
}

/// The reason written on the movement that records a piece as missing from shipment `id`.
pub fn missing_reason(id: &str) -> String {
    format!("missing from shipment {id} (receipt)")
}

/// The reason written on the movement that brings home a piece lost from shipment `id` and
/// found again at this depot (`depot checkin`), in both languages; a note given with the
/// check-in follows it after "; ".
pub fn found_reason(id: &str) -> String {
    let m = ShipMsg::FoundAgain { id: id.to_owned() };
    format!("{} / {}", m.say(Lang::En), m.say(Lang::Zh))
}

/// Whether `reason`, on a `receive` movement with reference `id`, is the one that brought
/// home a piece lost from shipment `id`.
pub fn is_found_reason(reason: &str, id: &str) -> bool {
    let f = found_reason(id);
    reason
        .strip_prefix(f.as_str())
        .is_some_and(|rest| rest.is_empty() || rest.starts_with("; "))
}

/// Whether `barcode`, away by a shipment, was lost on the way: the receiver's receipt closed
/// its shipment without it, and nothing happened to it since (its last movement is the one
/// that recorded it missing). Such a piece is at neither depot; the sender may write it off,
/// or, found again, check it in (`workflow::checkin`), which brings it home.
pub fn lost_in_transit(w: &Writer<'_>, barcode: &Barcode) -> Result<bool> {
    let Some(last) = w.last_movement(barcode.as_str())? else {
        return Ok(false);
    };
    let (Action::Update, Some(id)) = (last.body.action, last.body.reference.as_deref()) else {
        return Ok(false);
    };
    if last.body.reason.as_deref() != Some(missing_reason(id).as_str()) {
        return Ok(false);
    }
    Ok(record::sent(w, id)?
        .and_then(|s| s.closed)
        .is_some_and(|c| c.missing.iter().any(|m| m == barcode.as_str())))
}

/// Takes the receipt in `dir`, closing the shipment it answers.
pub fn receive_receipt(
    store: &Store,
    ctx: &Ctx,
    dir: &Path,
    depot: Option<&str>,
) -> Result<ReceiptTaken> {
    let checked = receipt::check(dir).map_err(|e| said(*e.0))?;
    let d = dir.display().to_string();
    let body = checked.receipt.body.clone();
    let here = super::this_depot(store, depot)?;
    if body.to != here.code {
        return Err(refuse(|_| ShipMsg::ReceiptNotOurs {
            dir: d.clone(),
            to: body.to.clone(),
            here: here.code.clone(),
        }));
    }
    let what = format!("receive receipt of shipment {}", body.shipment);
    act(store, ctx, &what, |w, ctx| {
        authorize(w, ctx, Permission::Scan, &what)?;
        trusted_key(w, &d, &body.from.code, &body.public_key)?;
        let id = body.shipment.clone();
        let Some(mut sent) = record::sent(w, &id)? else {
            return Err(refuse(|_| ShipMsg::ReceiptUnknownShipment {
                dir: d.clone(),
                id: id.clone(),
            }));
        };
        if sent.to != body.from.code {
            return Err(refuse(|_| ShipMsg::ReceiptFromOther {
                dir: d.clone(),
                id: id.clone(),
                to: sent.to.clone(),
                from: body.from.code.clone(),
            }));
        }
        if sent.sha256 != body.shipment_sha256 {
            return Err(refuse(|_| ShipMsg::ReceiptOtherShipment {
                dir: d.clone(),
                id: id.clone(),
            }));
        }
        if let Some(c) = &sent.closed {
            return Err(refuse(|_| ShipMsg::ReceiptTwice {
                dir: d.clone(),
                id: id.clone(),
                at: c.at.clone(),
            }));
        }
        let of = |outcome: &str| -> Vec<String> {
            checked
                .lines
                .iter()
                .filter(|l| l.outcome == outcome)
                .map(|l| l.barcode.clone())
                .collect()
        };
        let (received, unexpected) = (of(RECEIVED), of(UNEXPECTED));
        // Whatever of the shipment the receipt does not say was received is missing, whether
        // the receipt lists it as missing or leaves it out.
        let missing: Vec<String> = sent
            .pieces
            .iter()
            .filter(|b| !received.contains(b))
            .cloned()
            .collect();
        for b in &missing {
            let s = find(w, &Barcode::new(b.as_str()))?;
            let q = match &s {
                depot_domain::Stock::Asset(_) => Decimal::ONE,
                depot_domain::Stock::Lot(_) => Decimal::ZERO,
            };
            let mut m = movement(ctx, Action::Update, &s, q);
            m.to = Some(s.owner().clone());
            m.reference = Some(id.clone());
            m.reason = Some(missing_reason(&id));
            w.apply(m)?;
        }
        sent.closed = Some(Closed {
            at: timestamp_text(&ctx.stamp()),
            receipt_created: body.created.clone(),
            receipt_sha256: checked.sha256.clone(),
            received,
            missing,
            unexpected,
        });
        record::put_sent(w, &sent)?;
        Ok(ReceiptTaken { sent })
    })
}
