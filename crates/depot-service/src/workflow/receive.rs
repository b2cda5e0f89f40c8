//! Receive: new stock enters the register.

use super::error::WorkflowError;
use super::steps::{Done, More, holder, module_named, positive, some_text};
use super::transfer::new_lot_barcode;
use crate::Ctx;
use crate::access::{act, authorize};
use crate::store::Store;
use crate::{Error, Result};
use chrono::NaiveDate;
use depot_domain::access::Permission;
use depot_domain::dates::{self, DateKind};
use depot_domain::msg::workflow::WorkflowMsg;
use depot_domain::{Action, Change, ItemCode, NewMovement, Tracking};
use rust_decimal::Decimal;

/// A restock: a new lot of a lot-tracked item.
#[derive(Debug, Clone)]
pub struct ReceiveReq {
    pub item: ItemCode,
    pub qty: Decimal,
    pub to: String,
    pub module: Option<String>,
    pub expires: Option<NaiveDate>,
    pub lot: Option<String>,
}

pub fn receive(store: &Store, ctx: &Ctx, req: &ReceiveReq) -> Result<Done> {
    act(store, ctx, &format!("receive {}", req.item), |w, ctx| {
        authorize(w, ctx, Permission::Scan, "receive")?;
        let item = w
            .item(req.item.as_str())?
            .ok_or_else(|| Error::UnknownItem(req.item.clone()))?;
        if item.tracking != Tracking::Lot {
            return Err(WorkflowError::from(WorkflowMsg::TrackedByPiece {
                item: item.code.to_string(),
            })
            .into());
        }
        let q = positive(req.qty)?;
        let warning = match req.expires {
            Some(d) => dates::check(DateKind::Expires, d, ctx.stamp().date_naive())
                .map_err(WorkflowError::from)?,
            None => None,
        };
        let to = holder(w, req.to.trim())?;
        let module = some_text(req.module.as_deref())
            .map(|m| module_named(w, &m))
            .transpose()?;
        let barcode = new_lot_barcode(w)?;
        let changes = [
            some_text(req.lot.as_deref()).map(|v| Change::LotNo(Some(v))),
            module.map(|m| Change::Module(Some(m))),
            req.expires.map(|d| Change::Expires(Some(d))),
            Some(Change::Received(Some(ctx.stamp().date_naive()))),
        ]
        .into_iter()
        .flatten()
        .collect();
        let m = NewMovement {
            at: ctx.stamp(),
            action: Action::Receive,
            barcode: barcode.clone(),
            item: item.code.clone(),
            quantity: q,
            from: None,
            to: Some(to.clone()),
            operator: ctx.operator.clone(),
            reference: None,
            reason: None,
            changes,
        };
        let (mv, _) = w.apply(m)?;
        let mut done = Done::of(
            &barcode,
            WorkflowMsg::Received {
                qty: q.normalize().to_string(),
                uom: item.uom.to_string(),
                item: item.code.to_string(),
                to: to.to_string(),
            },
            &[mv],
        );
        if let Some(w) = warning {
            done.msg.more.push(More::Warning(w));
        }
        done.created = Some(barcode);
        Ok(done)
    })
}
