//! Check-in: what was checked out comes back, in the condition it comes back in.

use super::error::WorkflowError;
use super::steps::{Done, find, guard_repeat, module_named, movement, refuse_away, some_text};
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
    let s = find(w, barcode)?;
    let maybe_lost = match &s {
        Stock::Asset(a) => a.status == AssetStatus::Away,
        Stock::Lot(l) => l.quantity.is_zero(),
    };
    if maybe_lost && crate::ship::lost_in_transit(w, barcode)? {
        return found_home(w, ctx, barcode, s, req);
    }
    let a = match s {
        Stock::Asset(a) => {
            refuse_away(&a, barcode, Doing::CheckIn)?;
            a
        }
        Stock::Lot(_) => {
            return Err(WorkflowError::IsLot {
                barcode: barcode.to_string(),
                doing: Doing::CheckIn,
            }
            .into());
        }
    };
    guard_repeat(w, ctx, barcode, Action::Checkin, None, Decimal::ONE)?;
    let Some(from) = a.location.clone() else {
        return Err(WorkflowError::NotOut {
            barcode: barcode.to_string(),
        }
        .into());
    };
    let (to, changes) = destination(w, &a.owner, req)?;
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

/// Where a check-in sends an item owned by `owner`, and the changes that makes: to its owner,
/// or into the warehouse `req.into` names (which then owns it); into a module; damaged, to
/// maintenance.
fn destination(
    w: &Writer<'_>,
    owner: &PlaceCode,
    req: &CheckinReq,
) -> Result<(PlaceCode, Vec<Change>)> {
    let mut changes = Vec::new();
    let mut to = owner.clone();
    if let Some(into) = some_text(req.into.as_deref()) {
        if w.warehouse(&into)?.is_none() {
            return Err(WorkflowError::UnknownPlace {
                code: into.clone(),
                nearest: w.nearest_places(&into, 3)?,
            }
            .into());
        }
        to = PlaceCode::new(into);
        if to != *owner {
            changes.push(Change::Owner(to.clone()));
        }
    }
    if let Some(m) = some_text(req.module.as_deref()) {
        changes.push(Change::Module(Some(module_named(w, &m)?)));
    }
    if req.condition == Condition::Damaged {
        changes.push(Change::Status(AssetStatus::Maintenance));
    }
    Ok((to, changes))
}

/// A piece lost in transit (`ship::lost_in_transit`: the receipt of its shipment recorded it
/// missing, and nothing happened to it since) found again here comes home: one `receive`
/// movement, as a piece coming back by a shipment does (an asset is its owner's again, here
/// and ready; a lot, shipped whole, holds again what was shipped), its reference the
/// shipment's id and its reason saying it was found. The other depot never took it in (its
/// receipt says so), so it is in one register only.
fn found_home(
    w: &mut Writer<'_>,
    ctx: &Ctx,
    barcode: &Barcode,
    s: Stock,
    req: &CheckinReq,
) -> Result<Done> {
    if let (Stock::Lot(_), Condition::Damaged) = (&s, req.condition) {
        return Err(WorkflowError::from(WorkflowMsg::LotCondition {
            barcode: barcode.to_string(),
        })
        .into());
    }
    // `lost_in_transit` held: the last movement is the missing one, naming the shipment.
    let id = w
        .last_movement(barcode.as_str())?
        .and_then(|m| m.body.reference)
        .unwrap_or_default();
    let quantity = match &s {
        Stock::Asset(_) => Decimal::ONE,
        Stock::Lot(_) => w
            .history(barcode.as_str())?
            .into_iter()
            .rev()
            .find(|m| m.body.action == Action::Ship && m.body.reference.as_deref() == Some(&id))
            .map(|m| m.body.quantity)
            .unwrap_or_default(),
    };
    let (to, changes) = destination(w, s.owner(), req)?;
    let mut m = movement(ctx, Action::Receive, &s, quantity);
    m.to = Some(to.clone());
    m.reference = Some(id.clone());
    let found = crate::ship::found_reason(&id);
    m.reason = Some(match some_text(req.note.as_deref()) {
        Some(note) => format!("{found}; {note}"),
        None => found,
    });
    m.changes = changes;
    let (mv, _) = w.apply(m)?;
    let to = to.to_string();
    Ok(Done::of(
        barcode,
        if req.condition == Condition::Damaged {
            WorkflowMsg::FoundHomeDamaged { id, to }
        } else {
            WorkflowMsg::FoundHome { id, to }
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
