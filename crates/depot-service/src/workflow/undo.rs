//! Undo: the last movement of a barcode reversed by its inverse.

use super::error::WorkflowError;
use super::steps::{Done, find, movement};
use crate::Ctx;
use crate::access::{act, authorize};
use crate::store::Store;
use crate::{Error, Result};
use depot_domain::access::Permission;
use depot_domain::msg::workflow::WorkflowMsg;
use depot_domain::{Action, Stock};
use rust_decimal::Decimal;

/// The action that takes back `a`, where one exists.
fn inverse(a: Action) -> Option<Action> {
    match a {
        Action::Checkout => Some(Action::Checkin),
        Action::Checkin => Some(Action::Checkout),
        Action::Transfer => Some(Action::Transfer),
        Action::Issue => Some(Action::Receive),
        Action::RepairStart => Some(Action::RepairDone),
        Action::RepairDone => Some(Action::RepairStart),
        Action::Inspect | Action::Update | Action::Adjust => Some(Action::Update),
        // A shipment is answered by the receiving depot, not taken back here.
        Action::Opening | Action::Receive | Action::Writeoff | Action::Ship => None,
    }
}

/// Takes back what `done` did with new, reversing movements (the ledger is never edited):
/// its barcode returns to exactly the state it had before. Only the barcode's latest
/// movement can be taken back, and not a split or a creation.
pub fn undo(store: &Store, ctx: &Ctx, done: &Done) -> Result<Done> {
    let [seq] = done.seqs.as_slice() else {
        return Err(if done.seqs.is_empty() {
            WorkflowError::from(WorkflowMsg::NothingToUndo)
        } else {
            WorkflowError::from(WorkflowMsg::SplitNotUndoable)
        }
        .into());
    };
    act(store, ctx, &format!("undo {seq}"), |w, ctx| {
        authorize(w, ctx, Permission::Scan, "undo")?;
        let barcode = &done.barcode;
        let last = w.last_movement(barcode.as_str())?.ok_or_else(|| {
            WorkflowError::from(WorkflowMsg::NoMovements {
                barcode: barcode.to_string(),
            })
        })?;
        if last.seq != *seq {
            return Err(WorkflowError::from(WorkflowMsg::MovedSince {
                barcode: barcode.to_string(),
                seq: last.seq.to_string(),
            })
            .into());
        }
        let action =
            inverse(last.body.action).ok_or(WorkflowError::CannotUndo(last.body.action))?;
        let item = w
            .item(last.body.item.as_str())?
            .ok_or_else(|| Error::UnknownItem(last.body.item.clone()))?;
        let after = find(w, barcode)?;
        // The state before: the barcode's movements up to, not including, the one undone.
        let mut before: Option<Stock> = None;
        for m in w.history(barcode.as_str())? {
            if m.seq >= *seq {
                break;
            }
            before = Some(depot_domain::replay::apply(
                before.as_ref(),
                &m.body,
                item.tracking,
            )?);
        }
        let before = before.ok_or_else(|| {
            WorkflowError::from(WorkflowMsg::NotBefore {
                barcode: barcode.to_string(),
                seq: seq.to_string(),
            })
        })?;
        let mut m = movement(ctx, action, &after, last.body.quantity);
        m.from = last.body.to.clone();
        m.to = last
            .body
            .from
            .clone()
            .or_else(|| Some(before.owner().clone()));
        m.reference = Some(format!("undo of seq {seq}"));
        if matches!(action, Action::Update) {
            m.quantity = Decimal::ZERO;
        }
        if let (Stock::Asset(a), Action::Checkout) = (&before, action) {
            m.to = a.location.clone();
        }
        // The action's own effect first, then the attributes that still differ.
        let base = depot_domain::replay::apply(Some(&after), &m, item.tracking)?;
        m.changes = match (&base, &before) {
            (Stock::Asset(x), Stock::Asset(y)) => depot_domain::replay::asset_changes(Some(x), y),
            (Stock::Lot(x), Stock::Lot(y)) => depot_domain::replay::lot_changes(Some(x), y),
            _ => Vec::new(),
        };
        let (mv, restored) = w.apply(m)?;
        debug_assert_eq!(restored, before);
        Ok(Done::of(
            barcode,
            WorkflowMsg::Undone {
                seq: seq.to_string(),
            },
            &[mv],
        ))
    })
}
