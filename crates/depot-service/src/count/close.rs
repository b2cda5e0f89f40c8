//! Closing a count: the decisions on each difference, posted as adjustment movements after a
//! confirmation and only by an officer.

use super::record::{Decision, OUT_OF_SERVICE, RETIRED_HERE, open_count_of};
use super::view::view_in;
use crate::Ctx;
use crate::access::{act, authorize};
use crate::store::{CountLine, Store, Writer};
use crate::workflow::{Done, WorkflowError, find};
use crate::{Error, Result};
use depot_domain::access::Permission;
use depot_domain::msg::service::ServiceMsg;
use depot_domain::msg::workflow::WorkflowMsg;
use depot_domain::{Action, AssetStatus, Barcode, Change, NewMovement, PlaceCode, Stock};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Closes a count and posts its differences as movements carrying `reason`; officers only,
/// and only with `confirmed` (the front end shows the view and asks first). Every item found
/// that was not expected needs a decision in `decisions` (by barcode); none is guessed.
pub fn close(
    store: &Store,
    ctx: &Ctx,
    id: u64,
    reason: &str,
    confirmed: bool,
    decisions: &BTreeMap<String, Decision>,
) -> Result<Vec<Done>> {
    if !confirmed {
        return Err(Error::Msg(ServiceMsg::CountNeedsConfirm {
            id: id.to_string(),
        }));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(WorkflowError::from(WorkflowMsg::CountNeedsReason).into());
    }
    act(store, ctx, &format!("count close {id}"), |w, ctx| {
        authorize(w, ctx, Permission::Manage, "post count adjustments")?;
        let c = open_count_of(w, id)?;
        let v = view_in(w, id)?;
        let scope = PlaceCode::new(c.scope.clone());
        let why = format!("count {id}: {reason}");
        let mut done = Vec::new();
        // One movement of the count: what it does, and what the answer says.
        let mut post =
            |w: &mut Writer<'_>,
             barcode: &str,
             (action, qty, from, to): (Action, Decimal, Option<PlaceCode>, PlaceCode),
             changes: Vec<Change>,
             msg: WorkflowMsg|
             -> Result<()> {
                let s = find(w, &Barcode::new(barcode))?;
                let m = NewMovement {
                    at: ctx.stamp(),
                    action,
                    barcode: s.barcode().clone(),
                    item: s.item().clone(),
                    quantity: qty,
                    from,
                    to: Some(to),
                    operator: ctx.operator.clone(),
                    reference: Some(format!("count {id}")),
                    reason: Some(why.clone()),
                    changes,
                };
                let (mv, _) = w.apply(m)?;
                done.push(Done {
                    barcode: s.barcode().clone(),
                    msg: msg.into(),
                    seqs: vec![mv.seq],
                    created: None,
                });
                Ok(())
            };
        let adjust = |qty: Decimal| (Action::Adjust, qty, None, scope.clone());
        for (b, q) in v.missing() {
            match find(w, &Barcode::new(b))? {
                Stock::Asset(_) => post(
                    w,
                    b,
                    adjust(Decimal::ZERO),
                    vec![Change::Status(AssetStatus::OutOfService)],
                    WorkflowMsg::CountMissingAsset,
                )?,
                Stock::Lot(_) => post(
                    w,
                    b,
                    adjust(-q),
                    Vec::new(),
                    WorkflowMsg::CountMissingLot {
                        qty: q.normalize().to_string(),
                    },
                )?,
            }
        }
        for (b, e, f) in v.differing() {
            post(
                w,
                b,
                adjust(f - e),
                Vec::new(),
                WorkflowMsg::CountDiffers {
                    found: f.normalize().to_string(),
                    expected: e.normalize().to_string(),
                },
            )?;
        }
        let undecided: Vec<&str> = v
            .unexpected()
            .iter()
            .map(|(b, _)| *b)
            .filter(|b| !decisions.contains_key(*b))
            .collect();
        if !undecided.is_empty() {
            return Err(WorkflowError::Undecided {
                id,
                barcodes: undecided.iter().map(|b| (*b).to_owned()).collect(),
            }
            .into());
        }
        for (b, _) in v.unexpected() {
            let s = find(w, &Barcode::new(b))?;
            let owner = s.owner().clone();
            let location = match &s {
                Stock::Asset(a) => a.location.clone(),
                Stock::Lot(_) => None,
            };
            let (action, from, to, changes, words) = match decisions[b] {
                Decision::TakeOver => (
                    Action::Transfer,
                    owner.clone(),
                    scope.clone(),
                    Vec::new(),
                    WorkflowMsg::CountTakenOver {
                        scope: scope.to_string(),
                    },
                ),
                Decision::SendBack if location.is_some() => (
                    Action::Checkin,
                    scope.clone(),
                    owner.clone(),
                    Vec::new(),
                    WorkflowMsg::CountSentBack {
                        owner: owner.to_string(),
                    },
                ),
                Decision::SendBack => (
                    Action::Adjust,
                    scope.clone(),
                    owner.clone(),
                    Vec::new(),
                    WorkflowMsg::CountSentBack {
                        owner: owner.to_string(),
                    },
                ),
                Decision::FoundAway => (
                    Action::Adjust,
                    owner.clone(),
                    scope.clone(),
                    match &s {
                        Stock::Asset(_) => vec![Change::Location(Some(scope.clone()))],
                        Stock::Lot(_) => Vec::new(),
                    },
                    WorkflowMsg::CountFoundAway {
                        owner: owner.to_string(),
                        scope: scope.to_string(),
                    },
                ),
            };
            if s.owner() == &scope && action == Action::Transfer {
                continue;
            }
            let qty = match &s {
                Stock::Lot(l) if action == Action::Transfer => l.quantity,
                Stock::Lot(_) => Decimal::ZERO,
                Stock::Asset(_) => Decimal::ONE,
            };
            post(w, b, (action, qty, Some(from), to), changes, words)?;
        }
        // What the close expected, found and decided, kept for good.
        let (missing, unexpected) = (v.missing_assets(), v.unexpected());
        let lines: Vec<CountLine> = v
            .expected
            .keys()
            .chain(v.found.keys().filter(|b| !v.expected.contains_key(*b)))
            .map(|b| {
                let decision = if missing.contains(&b.as_str()) {
                    Some(OUT_OF_SERVICE.to_owned())
                } else if unexpected.iter().any(|(u, _)| *u == b) {
                    decisions.get(b).map(|d| d.key().to_owned())
                } else if v.retired_here(b) {
                    Some(RETIRED_HERE.to_owned())
                } else {
                    None
                };
                CountLine {
                    barcode: b.clone(),
                    expected: v.expected.get(b).copied(),
                    owner: v.about.get(b).map(|s| s.owner.clone()).unwrap_or_default(),
                    decision,
                }
            })
            .collect();
        w.put_count_lines(id, &lines)?;
        w.close_count(&c, &ctx.stamp().to_rfc3339(), ctx.operator.as_str())?;
        Ok(done)
    })
}
