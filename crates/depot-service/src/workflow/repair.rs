//! Repair: an asset goes into maintenance and comes back out of it.

use super::error::WorkflowError;
use super::steps::{Done, already_out, asset, movement, some_text};
use crate::Ctx;
use crate::Result;
use crate::access::{act_on, authorize};
use crate::store::Store;
use depot_domain::access::Permission;
use depot_domain::msg::workflow::{Doing, WorkflowMsg};
use depot_domain::{Action, AssetStatus, Barcode, Stock};
use rust_decimal::Decimal;

/// Sends an asset to maintenance (`start`) or returns it from there ready (`done`).
pub fn repair(
    store: &Store,
    ctx: &Ctx,
    barcode: &Barcode,
    start: bool,
    note: Option<&str>,
) -> Result<Done> {
    act_on(
        store,
        ctx,
        &format!("repair {barcode}"),
        barcode.as_str(),
        |w, ctx| {
            authorize(w, ctx, Permission::Scan, "record repairs")?;
            let a = asset(w, barcode, Doing::Repair)?;
            let ok = if start {
                matches!(a.status, AssetStatus::Ready | AssetStatus::OutOfService)
            } else {
                a.status == AssetStatus::Maintenance
            };
            if !ok {
                let doing = if start {
                    Doing::SendToRepair
                } else {
                    Doing::ReturnFromRepair
                };
                return Err(WorkflowError::Unavailable {
                    barcode: barcode.to_string(),
                    status: a.status,
                    doing,
                }
                .into());
            }
            if let Some(l) = &a.location {
                return Err(already_out(w, ctx, barcode, l));
            }
            let s = Stock::Asset(a);
            let action = if start {
                Action::RepairStart
            } else {
                Action::RepairDone
            };
            let mut m = movement(ctx, action, &s, Decimal::ONE);
            m.reason = some_text(note);
            let (mv, _) = w.apply(m)?;
            Ok(Done::of(
                barcode,
                if start {
                    WorkflowMsg::SentToRepair
                } else {
                    WorkflowMsg::BackFromRepair
                },
                &[mv],
            ))
        },
    )
}
