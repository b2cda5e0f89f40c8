//! Check-in: what was checked out comes back, in the condition it comes back in.

use super::error::WorkflowError;
use super::steps::{Done, asset, guard_repeat, module_named, movement, some_text};
use crate::Ctx;
use crate::Result;
use crate::access::{act_on, authorize};
use crate::store::{Store, Writer};
use depot_domain::access::Permission;
use depot_domain::msg::workflow::{Doing, WorkflowMsg};
use depot_domain::{Action, AssetStatus, Barcode, Change, PlaceCode, Stock};
use rust_decimal::Decimal;

/// The state an item comes back in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Condition {
    #[default]
    Ok,
    /// Goes to maintenance.
    Damaged,
}

impl std::str::FromStr for Condition {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ok" | "完好" => Ok(Condition::Ok),
            "damaged" | "损坏" => Ok(Condition::Damaged),
            _ => Err(format!(
                "unknown condition '{s}': expected ok (完好) or damaged (损坏)"
            )),
        }
    }
}

/// A check-in request; `into` sends the item to a named warehouse (and module) instead of
/// back to its owner.
#[derive(Debug, Clone, Default)]
pub struct CheckinReq {
    pub condition: Condition,
    pub into: Option<String>,
    pub module: Option<String>,
    pub note: Option<String>,
}

pub fn checkin_in(
    w: &mut Writer<'_>,
    ctx: &Ctx,
    barcode: &Barcode,
    req: &CheckinReq,
) -> Result<Done> {
    authorize(w, ctx, Permission::Scan, "check in")?;
    let a = asset(w, barcode, Doing::CheckIn)?;
    guard_repeat(w, ctx, barcode, Action::Checkin, None, Decimal::ONE)?;
    let Some(from) = a.location.clone() else {
        return Err(WorkflowError::NotOut {
            barcode: barcode.to_string(),
        }
        .into());
    };
    let mut changes = Vec::new();
    let mut to = a.owner.clone();
    if let Some(into) = some_text(req.into.as_deref()) {
        if w.warehouse(&into)?.is_none() {
            return Err(WorkflowError::UnknownPlace {
                code: into.clone(),
                nearest: w.nearest_places(&into, 3)?,
            }
            .into());
        }
        to = PlaceCode::new(into);
        if to != a.owner {
            changes.push(Change::Owner(to.clone()));
        }
    }
    if let Some(m) = some_text(req.module.as_deref()) {
        changes.push(Change::Module(Some(module_named(w, &m)?)));
    }
    if req.condition == Condition::Damaged {
        changes.push(Change::Status(AssetStatus::Maintenance));
    }
    let s = Stock::Asset(a);
    let mut m = movement(ctx, Action::Checkin, &s, Decimal::ONE);
    m.from = Some(from);
    m.to = Some(to.clone());
    m.reason = some_text(req.note.as_deref());
    m.changes = changes;
    let (mv, _) = w.apply(m)?;
    let to = to.to_string();
    Ok(Done::of(
        barcode,
        if req.condition == Condition::Damaged {
            WorkflowMsg::CheckedInDamaged { to }
        } else {
            WorkflowMsg::CheckedIn { to }
        },
        &[mv],
    ))
}

pub fn checkin(store: &Store, ctx: &Ctx, barcode: &Barcode, req: &CheckinReq) -> Result<Done> {
    act_on(
        store,
        ctx,
        &format!("checkin {barcode}"),
        barcode.as_str(),
        |w, ctx| checkin_in(w, ctx, barcode, req),
    )
}
