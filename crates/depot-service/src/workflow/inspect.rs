//! Inspection: an asset's check, passed or failed, and the date of the next.

use super::error::WorkflowError;
use super::steps::{Done, asset, movement};
use crate::Ctx;
use crate::Result;
use crate::access::{act_on, authorize};
use crate::store::Store;
use chrono::NaiveDate;
use depot_domain::access::Permission;
use depot_domain::dates::{self, DateKind};
use depot_domain::msg::workflow::{Doing, WorkflowMsg};
use depot_domain::{Action, AssetStatus, Barcode, Change, Stock};
use rust_decimal::Decimal;

/// Records an inspection on `date` (default today); a failed one sends the asset to
/// maintenance.
pub fn inspect(
    store: &Store,
    ctx: &Ctx,
    barcode: &Barcode,
    date: Option<NaiveDate>,
    failed: bool,
) -> Result<Done> {
    act_on(
        store,
        ctx,
        &format!("inspect {barcode}"),
        barcode.as_str(),
        |w, ctx| {
            authorize(w, ctx, Permission::Scan, "record inspections")?;
            let a = asset(w, barcode, Doing::Inspect)?;
            if a.status == AssetStatus::Retired {
                return Err(WorkflowError::Unavailable {
                    barcode: barcode.to_string(),
                    status: a.status,
                    doing: Doing::Inspect,
                }
                .into());
            }
            let today = ctx.stamp().date_naive();
            let on = date.unwrap_or(today);
            dates::check(DateKind::Inspected, on, today).map_err(WorkflowError::from)?;
            let s = Stock::Asset(a);
            let mut m = movement(ctx, Action::Inspect, &s, Decimal::ONE);
            m.changes.push(Change::LastInspected(Some(on)));
            if failed {
                m.changes.push(Change::Status(AssetStatus::Maintenance));
            }
            let (mv, _) = w.apply(m)?;
            let on = on.to_string();
            Ok(Done::of(
                barcode,
                if failed {
                    WorkflowMsg::InspectionFailed { on }
                } else {
                    WorkflowMsg::InspectionPassed { on }
                },
                &[mv],
            ))
        },
    )
}
