//! Write-off: an asset or a lot leaves the register for good.

use super::error::WorkflowError;
use super::steps::{Done, find, movement, positive, refuse_away, refuse_lot_out, some_text};
use crate::Ctx;
use crate::Result;
use crate::access::{act_on, authorize};
use crate::store::Store;
use depot_domain::access::Permission;
use depot_domain::msg::workflow::{Doing, WorkflowMsg};
use depot_domain::{Action, AssetStatus, Barcode, Stock};
use rust_decimal::Decimal;

/// Writes off (报废) an asset, or a quantity of a lot (default all of it); officers only.
pub fn writeoff(
    store: &Store,
    ctx: &Ctx,
    barcode: &Barcode,
    reason: &str,
    qty: Option<Decimal>,
) -> Result<Done> {
    act_on(
        store,
        ctx,
        &format!("writeoff {barcode}"),
        barcode.as_str(),
        |w, ctx| {
            authorize(w, ctx, Permission::Manage, "write off")?;
            let reason = some_text(Some(reason))
                .ok_or_else(|| WorkflowError::from(WorkflowMsg::WriteoffNeedsReason))?;
            let s = find(w, barcode)?;
            // Away at another depot, it is not ours to write off; lost on the way (its
            // receipt says it never arrived), it is.
            if let Stock::Asset(a) = &s
                && a.status == AssetStatus::Away
                && !crate::ship::lost_in_transit(w, barcode)?
            {
                refuse_away(a, barcode, Doing::WriteOff)?;
            }
            refuse_lot_out(w, ctx, &s)?;
            let q = match &s {
                Stock::Asset(a) if a.status == AssetStatus::Retired => {
                    return Err(WorkflowError::Unavailable {
                        barcode: barcode.to_string(),
                        status: a.status,
                        doing: Doing::WriteOffAgain,
                    }
                    .into());
                }
                Stock::Asset(_) => Decimal::ONE,
                Stock::Lot(l) => {
                    let q = positive(qty.unwrap_or(l.quantity))?;
                    if q > l.quantity {
                        return Err(WorkflowError::Insufficient {
                            barcode: barcode.to_string(),
                            have: l.quantity,
                            want: q,
                        }
                        .into());
                    }
                    q
                }
            };
            let mut m = movement(ctx, Action::Writeoff, &s, q);
            m.reason = Some(reason);
            let (mv, _) = w.apply(m)?;
            Ok(Done::of(barcode, WorkflowMsg::WrittenOff, &[mv]))
        },
    )
}
