//! Issue: consumables handed out for use, leaving the register (first expired, first out:
//! an earlier-expiring lot of the item at the same place is named in the answer).

use super::error::WorkflowError;
use super::fefo::earlier_lot;
use super::steps::{
    Done, guard_repeat, lot, movement, positive, refuse_lot_out, some_text, whole_of,
};
use crate::Ctx;
use crate::Result;
use crate::access::{act_on, authorize};
use crate::store::{Store, Writer};
use depot_domain::access::Permission;
use depot_domain::msg::workflow::{Doing, WorkflowMsg};
use depot_domain::{Action, Barcode, PlaceCode, Stock};
use rust_decimal::Decimal;

/// Issues a quantity of a lot to an incident (consumption).
pub fn issue_in(
    w: &mut Writer<'_>,
    ctx: &Ctx,
    barcode: &Barcode,
    qty: Decimal,
    reference: &str,
) -> Result<Done> {
    authorize(w, ctx, Permission::Scan, "issue")?;
    let l = lot(w, barcode, Doing::Issue)?;
    refuse_lot_out(w, ctx, &Stock::Lot(l.clone()))?;
    let q = positive(qty)?;
    whole_of(w, &l, q)?;
    let reference = some_text(Some(reference))
        .ok_or_else(|| WorkflowError::from(WorkflowMsg::IssueNeedsReference))?;
    guard_repeat(w, ctx, barcode, Action::Issue, Some(&reference), q)?;
    if q > l.quantity {
        return Err(WorkflowError::Insufficient {
            barcode: barcode.to_string(),
            have: l.quantity,
            want: q,
        }
        .into());
    }
    let first = earlier_lot(w, ctx, &l)?;
    let s = Stock::Lot(l);
    let mut m = movement(ctx, Action::Issue, &s, q);
    m.to = Some(PlaceCode::new(reference.clone()));
    m.reference = Some(reference.clone());
    let (mv, after) = w.apply(m)?;
    let left = match after {
        Stock::Lot(l) => l.quantity.normalize().to_string(),
        Stock::Asset(_) => String::new(),
    };
    let mut done = Done::of(
        barcode,
        WorkflowMsg::Issued {
            qty: q.normalize().to_string(),
            reference,
            left,
        },
        &[mv],
    );
    done.msg.more.extend(first);
    Ok(done)
}

pub fn issue(
    store: &Store,
    ctx: &Ctx,
    barcode: &Barcode,
    qty: Decimal,
    reference: &str,
) -> Result<Done> {
    act_on(
        store,
        ctx,
        &format!("issue {barcode}"),
        barcode.as_str(),
        |w, ctx| issue_in(w, ctx, barcode, qty, reference),
    )
}
