//! First expired, first out (先到期先出): when (part of) a lot leaves, a lot of the same item
//! in the same place (the same owner, and the same reserve module: modules are packed and
//! kept apart) that expires earlier, and has not expired yet, should go first. The movement
//! still goes through; the answer names that lot and its expiry date.

use super::steps::{More, lot_out};
use crate::Ctx;
use crate::Result;
use crate::store::{Tag, Writer};
use depot_domain::msg::workflow::WorkflowMsg;
use depot_domain::{Lot, Stock};
use rust_decimal::Decimal;

/// The warning to add when `l` leaves while a lot of its item that expires earlier is at its
/// owner in its module and not checked out: the earliest such lot (a lot without an expiry date comes after
/// every lot with one). `None`: `l` is the one to use.
pub(super) fn earlier_lot(w: &Writer<'_>, ctx: &Ctx, l: &Lot) -> Result<Option<More>> {
    let today = ctx.stamp().date_naive();
    let mut earlier = Vec::new();
    for b in w.barcodes_by(Tag::Item, l.item.as_str())? {
        if b == l.barcode {
            continue;
        }
        if let Some(Stock::Lot(o)) = w.stock(b.as_str())?
            && let Some(e) = o.expires
            && o.owner == l.owner
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
