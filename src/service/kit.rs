//! Kits: a barcoded box (a packed module) holding assets and lot quantities. Scanning the kit
//! checks out, checks in or transfers everything in it in one transaction, and says what was
//! missing from it.

use rust_decimal::Decimal;

use crate::Result;
use crate::domain::access::Permission;
use crate::domain::{AssetStatus, Barcode, Stock};
use crate::store::{KitRecord, StockView, Store, Writer};

use super::Ctx;
use super::access::{act, authorize};
use super::workflow::{self, CheckinReq, CheckoutReq, Done, WorkflowError};

/// The kit with this code, if there is one.
pub fn find(store: &Store, code: &str) -> Result<Option<KitRecord>> {
    Ok(store.read()?.kit(code)?)
}

/// Creates a kit, or adds to or removes from one (`qty` zero removes).
pub fn pack(
    store: &Store,
    ctx: &Ctx,
    kit: &str,
    owner: Option<&str>,
    module: Option<&str>,
    name: Option<&str>,
    content: Option<(&Barcode, Decimal)>,
) -> Result<KitRecord> {
    act(store, ctx, &format!("kit {kit}"), |w, ctx| {
        authorize(w, ctx, Permission::Scan, "pack kits")?;
        let code = crate::domain::ids::parse_code(kit, Some(crate::domain::ids::BARCODE_MAX))
            .map_err(|e| WorkflowError::Rule(format!("kit code {e}")))?;
        if w.stock(&code)?.is_some() {
            return Err(
                WorkflowError::Rule(format!("{code} is already an asset or lot barcode")).into(),
            );
        }
        let mut k = match w.kit(&code)? {
            Some(k) => k,
            None => {
                let owner = owner.ok_or_else(|| {
                    WorkflowError::Rule(format!("kit {code} is new: give its owner (--owner)"))
                })?;
                let owner = workflow::holder(w, owner)?;
                let module = module.map(|m| workflow::module_named(w, m)).transpose()?;
                KitRecord {
                    code: code.clone(),
                    name: name.unwrap_or(&code).to_owned(),
                    owner: owner.to_string(),
                    module: module.map(|m| m.to_string()),
                    contents: Vec::new(),
                }
            }
        };
        if let Some((b, q)) = content {
            let s = workflow::find(w, b)?;
            k.contents.retain(|(x, _)| x != b.as_str());
            if q > Decimal::ZERO {
                let q = if matches!(s, Stock::Asset(_)) {
                    Decimal::ONE
                } else {
                    q
                };
                k.contents.push((b.to_string(), q));
            }
        }
        w.put_kit(&k)?;
        Ok(k)
    })
}

/// What a kit scan should do.
#[derive(Debug, Clone)]
pub enum KitAction {
    Checkout(CheckoutReq),
    Checkin(CheckinReq),
    Transfer(String),
}

/// Applies `action` to every content of the kit in this transaction. Contents that are gone
/// from the register or retired are skipped and named as missing; an asset already out
/// refuses a check-out of the whole kit.
pub fn scan_in(w: &mut Writer<'_>, ctx: &Ctx, kit: &KitRecord, action: &KitAction) -> Result<Done> {
    authorize(w, ctx, Permission::Scan, "scan kits")?;
    let action = &match action {
        // The receiver must exist even when the kit is empty.
        KitAction::Transfer(to) => KitAction::Transfer(workflow::holder(w, to.trim())?.to_string()),
        a => a.clone(),
    };
    let mut missing = Vec::new();
    let mut present = Vec::new();
    for (b, q) in &kit.contents {
        match w.stock(b)? {
            None => missing.push(b.clone()),
            Some(Stock::Asset(a)) if a.status == AssetStatus::Retired => missing.push(b.clone()),
            Some(Stock::Lot(l)) if l.quantity < *q => missing.push(format!(
                "{b} (holds {} of {})",
                l.quantity.normalize(),
                q.normalize()
            )),
            Some(s) => present.push((s, *q)),
        }
    }
    let mut seqs = Vec::new();
    for (s, q) in &present {
        let b = s.barcode();
        let done = match (action, s) {
            (KitAction::Checkout(req), Stock::Asset(_)) => workflow::checkout_in(w, ctx, b, req)?,
            (KitAction::Checkout(req), Stock::Lot(_)) => {
                let r = req
                    .reference
                    .clone()
                    .or_else(|| req.to.clone())
                    .unwrap_or_default();
                workflow::issue_in(w, ctx, b, *q, &r)?
            }
            (KitAction::Checkin(_), Stock::Asset(a)) if a.location.is_none() => {
                missing.push(format!("{b} (was not out with the kit)"));
                continue;
            }
            (KitAction::Checkin(req), Stock::Asset(_)) => workflow::checkin_in(w, ctx, b, req)?,
            (KitAction::Checkin(_), Stock::Lot(_)) => continue,
            (KitAction::Transfer(to), _) => workflow::transfer_in(w, ctx, b, to, Some(*q))?,
        };
        seqs.extend(done.seqs);
    }
    let verb = match action {
        KitAction::Checkout(_) => "checked out",
        KitAction::Checkin(_) => "checked in",
        KitAction::Transfer(_) => "transferred",
    };
    if let KitAction::Transfer(to) = action {
        let mut k = kit.clone();
        k.owner = to.clone();
        w.put_kit(&k)?;
    }
    let mut summary = format!(
        "kit {}: {} of {} {verb}",
        kit.code,
        present.len(),
        kit.contents.len()
    );
    if !missing.is_empty() {
        summary.push_str(&format!("; missing from it: {}", missing.join(", ")));
    }
    let verb_zh = match action {
        KitAction::Checkout(_) => "借出",
        KitAction::Checkin(_) => "归还",
        KitAction::Transfer(_) => "调拨",
    };
    let mut summary_zh = format!(
        "器材箱 {}：{} 件中 {} 件已{verb_zh}",
        kit.code,
        kit.contents.len(),
        present.len()
    );
    if !missing.is_empty() {
        summary_zh.push_str(&format!("；缺少：{}", missing.join("、")));
    }
    Ok(Done {
        barcode: Barcode::new(kit.code.clone()),
        summary,
        summary_zh,
        seqs,
        created: None,
    })
}
