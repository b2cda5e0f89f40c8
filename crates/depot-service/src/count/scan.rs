//! Scanning what is on the shelf into an open count.

use super::record::open_count_of;
use crate::Ctx;
use crate::Result;
use crate::access::{act, authorize};
use crate::store::{Store, Writer};
use crate::workflow::{Done, WorkflowError, find};
use depot_domain::access::Permission;
use depot_domain::msg::workflow::WorkflowMsg;
use depot_domain::{Barcode, Stock};
use rust_decimal::Decimal;

/// Records a barcode found on the shelf (`qty` for a lot; default its whole quantity).
/// A barcode scanned twice counts once.
pub fn scan_in(
    w: &mut Writer<'_>,
    ctx: &Ctx,
    id: u64,
    barcode: &Barcode,
    qty: Option<Decimal>,
) -> Result<Done> {
    authorize(w, ctx, Permission::Scan, "count stock")?;
    open_count_of(w, id)?;
    let s = find(w, barcode)?;
    let q = match (&s, qty) {
        (Stock::Asset(_), _) => Decimal::ONE,
        (Stock::Lot(_), Some(q)) if q < Decimal::ZERO => {
            return Err(WorkflowError::BadQuantity(q).into());
        }
        (Stock::Lot(l), Some(q)) => {
            if let Some(i) = w.item(l.item.as_str())? {
                depot_domain::units::whole(&l.item, &i.uom, q)?;
            }
            q
        }
        (Stock::Lot(l), None) => l.quantity,
    };
    let new = w.count_scan(id, barcode.as_str(), q)?;
    let id = id.to_string();
    Ok(Done {
        barcode: barcode.clone(),
        msg: if new {
            WorkflowMsg::Counted { id }
        } else {
            WorkflowMsg::CountedAgain { id }
        }
        .into(),
        seqs: Vec::new(),
        created: None,
    })
}

pub fn scan(
    store: &Store,
    ctx: &Ctx,
    id: u64,
    barcode: &Barcode,
    qty: Option<Decimal>,
) -> Result<Done> {
    act(store, ctx, &format!("count scan {barcode}"), |w, ctx| {
        scan_in(w, ctx, id, barcode, qty)
    })
}
