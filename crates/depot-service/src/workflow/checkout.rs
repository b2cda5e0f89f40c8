//! Check-out: an asset or part of a lot leaves for a unit, a vehicle or a person.

use super::error::WorkflowError;
use super::steps::{Done, already_out, asset, guard_repeat, movement, receiver, some_text};
use crate::Ctx;
use crate::Result;
use crate::access::{act_on, authorize};
use crate::store::{Store, Writer};
use chrono::NaiveDate;
use depot_domain::access::Permission;
use depot_domain::dates::{self, DateKind};
use depot_domain::msg::workflow::{Doing, WorkflowMsg};
use depot_domain::{Action, AssetStatus, Barcode, Change, PlaceCode, Stock};
use rust_decimal::Decimal;

/// A check-out request.
#[derive(Debug, Clone, Default)]
pub struct CheckoutReq {
    /// A unit, warehouse or vehicle; empty: the incident of `reference`.
    pub to: Option<String>,
    pub due: Option<NaiveDate>,
    pub reference: Option<String>,
    pub note: Option<String>,
}

/// Where a check-out goes: its receiver, else the incident of its reference.
pub(crate) fn checkout_to(w: &Writer<'_>, req: &CheckoutReq) -> Result<PlaceCode> {
    match (
        some_text(req.to.as_deref()),
        some_text(req.reference.as_deref()),
    ) {
        (Some(t), _) => receiver(w, &t),
        (None, Some(r)) => Ok(PlaceCode::new(r)),
        (None, None) => Err(WorkflowError::from(WorkflowMsg::CheckoutNeedsReceiver).into()),
    }
}

pub fn checkout_in(
    w: &mut Writer<'_>,
    ctx: &Ctx,
    barcode: &Barcode,
    req: &CheckoutReq,
) -> Result<Done> {
    authorize(w, ctx, Permission::Scan, "check out")?;
    let a = asset(w, barcode, Doing::CheckOut)?;
    let to = checkout_to(w, req)?;
    if let Some(d) = req.due {
        dates::check(DateKind::Due, d, ctx.stamp().date_naive()).map_err(WorkflowError::from)?;
    }
    guard_repeat(
        w,
        ctx,
        barcode,
        Action::Checkout,
        Some(to.as_str()),
        Decimal::ONE,
    )?;
    if let Some(l) = &a.location {
        return Err(already_out(w, ctx, barcode, l));
    }
    if a.status != AssetStatus::Ready {
        return Err(WorkflowError::Unavailable {
            barcode: barcode.to_string(),
            status: a.status,
            doing: Doing::CheckOut,
        }
        .into());
    }
    if to == a.owner {
        return Err(WorkflowError::SamePlace {
            barcode: barcode.to_string(),
            code: to.to_string(),
        }
        .into());
    }
    let s = Stock::Asset(a);
    let mut m = movement(ctx, Action::Checkout, &s, Decimal::ONE);
    m.to = Some(to.clone());
    m.reference = some_text(req.reference.as_deref());
    m.reason = some_text(req.note.as_deref());
    if let Some(d) = req.due {
        m.changes.push(Change::Due(Some(d)));
    }
    let (mv, _) = w.apply(m)?;
    Ok(Done::of(
        barcode,
        WorkflowMsg::CheckedOut { to: to.to_string() },
        &[mv],
    ))
}

pub fn checkout(store: &Store, ctx: &Ctx, barcode: &Barcode, req: &CheckoutReq) -> Result<Done> {
    act_on(
        store,
        ctx,
        &format!("checkout {barcode}"),
        barcode.as_str(),
        |w, ctx| checkout_in(w, ctx, barcode, req),
    )
}
