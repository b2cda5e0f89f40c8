//! First expired, first out (先到期先出): when (part of) a lot leaves, a lot of the same item
//! in the same place (the same owner, and the same reserve module: modules are packed and
//! kept apart) that expires earlier, and has not expired yet, should go first. The movement
//! still goes through; the answer names that lot and its expiry date.

use super::steps::{More, lot_out};
use crate::Ctx;
use crate::Result;
use crate::store::Writer;
use depot_domain::Lot;
use depot_domain::msg::workflow::WorkflowMsg;
use rust_decimal::Decimal;

/// The warning to add when `l` leaves while a lot of its item that expires earlier is at its
/// owner in its module and not checked out: the earliest such lot (a lot without an expiry date comes after
/// every lot with one). `None`: `l` is the one to use.
pub(super) fn earlier_lot(w: &Writer<'_>, ctx: &Ctx, l: &Lot) -> Result<Option<More>> {
    let today = ctx.stamp().date_naive();
    let mut earlier = Vec::new();
    for o in w.lots_at(l.item.as_str(), l.owner.as_str())? {
        if o.barcode == l.barcode {
            continue;
        }
        if let Some(e) = o.expires
            && o.module == l.module
            && o.quantity > Decimal::ZERO
            && e >= today
            && l.expires.is_none_or(|mine| e < mine)
        {
            earlier.push((e, o.barcode));
        }
    }
    earlier.sort();
    for (e, b) in earlier {
        // A lot checked out with a kit is not here to be used.
        if lot_out(w, &b)?.is_none() {
            return Ok(Some(More::Msg(WorkflowMsg::EarlierLot {
                barcode: b.to_string(),
                expires: e.to_string(),
            })));
        }
    }
    Ok(None)
}
