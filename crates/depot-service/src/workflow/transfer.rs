//! Transfer: an asset or part of a lot moves to another unit or warehouse, a part of a lot
//! under a barcode of its own (first expired, first out: an earlier-expiring lot of the item
//! at the same place is named in the answer).

use super::error::WorkflowError;
use super::fefo::earlier_lot;
use super::steps::{
    Done, already_out, find, guard_repeat, holder, movement, positive, refuse_away, refuse_lot_out,
    whole_of,
};
use crate::Ctx;
use crate::Result;
use crate::access::{act_on, authorize};
use crate::store::{Store, Writer};
use depot_domain::access::Permission;
use depot_domain::movement::Movement;
use depot_domain::msg::workflow::{Doing, WorkflowMsg};
use depot_domain::{Action, AssetStatus, Barcode, Change, Lot, PlaceCode, Stock};
use rust_decimal::Decimal;

/// A new barcode for a lot the register creates: `DP` and the ledger sequence it is born at.
pub(crate) fn new_lot_barcode(w: &mut Writer<'_>) -> Result<Barcode> {
    let mut n = w.next_seq()?;
    loop {
        let code = format!("DP{n:08}");
        if w.stock(&code)?.is_none() && w.kit(&code)?.is_none() {
            return Ok(Barcode::new(code));
        }
        n += 1;
    }
}

/// Transfers an asset, a whole lot, or part of a lot (which splits into a new lot barcode at
/// the receiver) to another unit or warehouse for good.
pub fn transfer_in(
    w: &mut Writer<'_>,
    ctx: &Ctx,
    barcode: &Barcode,
    to: &str,
    qty: Option<Decimal>,
) -> Result<Done> {
    authorize(w, ctx, Permission::Scan, "transfer")?;
    let s = find(w, barcode)?;
    if let Stock::Asset(a) = &s {
        refuse_away(a, barcode, Doing::Transfer)?;
    }
    refuse_lot_out(w, ctx, &s)?;
    let to = holder(w, to.trim())?;
    let q = match &s {
        Stock::Asset(_) => Decimal::ONE,
        Stock::Lot(l) => {
            let q = positive(qty.unwrap_or(l.quantity))?;
            whole_of(w, l, q)?;
            q
        }
    };
    guard_repeat(w, ctx, barcode, Action::Transfer, Some(to.as_str()), q)?;
    if &to == s.owner() {
        return Err(WorkflowError::SamePlace {
            barcode: barcode.to_string(),
            code: to.to_string(),
        }
        .into());
    }
    match &s {
        Stock::Asset(a) => {
            if let Some(l) = &a.location {
                return Err(already_out(w, ctx, barcode, l));
            }
            if a.status == AssetStatus::Retired {
                return Err(WorkflowError::Unavailable {
                    barcode: barcode.to_string(),
                    status: a.status,
                    doing: Doing::Transfer,
                }
                .into());
            }
            let mut m = movement(ctx, Action::Transfer, &s, Decimal::ONE);
            m.to = Some(to.clone());
            let (mv, _) = w.apply(m)?;
            Ok(Done::of(
                barcode,
                WorkflowMsg::Transferred { to: to.to_string() },
                &[mv],
            ))
        }
        Stock::Lot(l) => {
            if q > l.quantity {
                return Err(WorkflowError::Insufficient {
                    barcode: barcode.to_string(),
                    have: l.quantity,
                    want: q,
                }
                .into());
            }
            let first = earlier_lot(w, ctx, l)?;
            if q == l.quantity {
                let mut m = movement(ctx, Action::Transfer, &s, q);
                m.to = Some(to.clone());
                let (mv, _) = w.apply(m)?;
                let mut done = Done::of(
                    barcode,
                    WorkflowMsg::TransferredQty {
                        qty: q.normalize().to_string(),
                        to: to.to_string(),
                    },
                    &[mv],
                );
                done.msg.more.extend(first);
                return Ok(done);
            }
            let (split, m1, m2) = split_lot(w, ctx, l, q, &to, None)?;
            let mut done = Done::of(
                barcode,
                WorkflowMsg::TransferredSplit {
                    qty: q.normalize().to_string(),
                    to: to.to_string(),
                    split: split.to_string(),
                },
                &[m1, m2],
            );
            done.created = Some(split);
            done.msg.more.extend(first);
            Ok(done)
        }
    }
}

/// Splits `q` off the lot `l` into a new lot at `to` (its owner for a kit's own lot): a
/// transfer out of `l` and the new lot's first movement, which carries `l`'s lot number,
/// module, expiry and receipt. Returns the new lot's barcode and the two movements.
pub(crate) fn split_lot(
    w: &mut Writer<'_>,
    ctx: &Ctx,
    l: &Lot,
    q: Decimal,
    to: &PlaceCode,
    reason: Option<String>,
) -> Result<(Barcode, Movement, Movement)> {
    let split = new_lot_barcode(w)?;
    let mut out = movement(ctx, Action::Transfer, &Stock::Lot(l.clone()), q);
    out.to = Some(to.clone());
    out.reference = Some(split.to_string());
    out.reason = reason;
    let mut born = out.clone();
    born.barcode = split.clone();
    born.reference = Some(l.barcode.to_string());
    born.changes = [
        l.lot.clone().map(|v| Change::LotNo(Some(v))),
        l.module.clone().map(|v| Change::Module(Some(v))),
        l.expires.map(|v| Change::Expires(Some(v))),
        l.received.map(|v| Change::Received(Some(v))),
    ]
    .into_iter()
    .flatten()
    .collect();
    let (m1, _) = w.apply(out)?;
    let (m2, _) = w.apply(born)?;
    Ok((split, m1, m2))
}

pub fn transfer(
    store: &Store,
    ctx: &Ctx,
    barcode: &Barcode,
    to: &str,
    qty: Option<Decimal>,
) -> Result<Done> {
    act_on(
        store,
        ctx,
        &format!("transfer {barcode}"),
        barcode.as_str(),
        |w, ctx| transfer_in(w, ctx, barcode, to, qty),
    )
}
