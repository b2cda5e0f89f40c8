//! Stock counts (盘点): open a count for a unit or warehouse (optionally one module), scan
//! what is on the shelf, compare with what the register expects there, and post the
//! differences as adjustment movements, after a confirmation and only by an officer.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::domain::access::Permission;
use crate::domain::{Action, AssetStatus, Barcode, Change, NewMovement, PlaceCode, Stock};
use crate::store::{CountRecord, StockView, Store, Tag, Writer};
use crate::{Error, Result};

use super::Ctx;
use super::access::{act, authorize};
use super::workflow::{Done, WorkflowError, find, holder};

/// What a count shows: expected against found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CountView {
    pub count: Option<CountRecord>,
    /// Barcode and the quantity the register expects there.
    pub expected: BTreeMap<String, Decimal>,
    /// Barcode and the quantity found.
    pub found: BTreeMap<String, Decimal>,
}

impl CountView {
    /// Expected and not found.
    pub fn missing(&self) -> Vec<(&str, Decimal)> {
        self.expected
            .iter()
            .filter(|(b, _)| !self.found.contains_key(*b))
            .map(|(b, q)| (b.as_str(), *q))
            .collect()
    }
    /// Found and not expected.
    pub fn unexpected(&self) -> Vec<(&str, Decimal)> {
        self.found
            .iter()
            .filter(|(b, _)| !self.expected.contains_key(*b))
            .map(|(b, q)| (b.as_str(), *q))
            .collect()
    }
    /// Lots found with another quantity than expected: barcode, expected, found.
    pub fn differing(&self) -> Vec<(&str, Decimal, Decimal)> {
        self.found
            .iter()
            .filter_map(|(b, f)| {
                self.expected
                    .get(b)
                    .filter(|e| *e != f)
                    .map(|e| (b.as_str(), *e, *f))
            })
            .collect()
    }
}

fn open_count_of(w: &Writer<'_>, id: u64) -> Result<CountRecord> {
    let c = w
        .count(id)?
        .ok_or_else(|| WorkflowError::Rule(format!("there is no count {id}")))?;
    if c.closed.is_some() {
        return Err(WorkflowError::Rule(format!("count {id} is closed")).into());
    }
    Ok(c)
}

/// Opens a count; returns its number.
pub fn open(store: &Store, ctx: &Ctx, scope: &str, module: Option<&str>) -> Result<u64> {
    act(store, ctx, &format!("count open {scope}"), |w| {
        authorize(w, ctx, Permission::Scan, "count stock")?;
        let scope = holder(w, scope.trim())?;
        let module = module
            .map(|m| super::workflow::module_named(w, m))
            .transpose()?;
        Ok(w.open_count(
            scope.as_str(),
            module.as_ref().map(|m| m.as_str()),
            &ctx.now.to_rfc3339(),
            ctx.operator.as_str(),
        )?)
    })
}

/// Records a barcode found on the shelf (`qty` for a lot; default its whole quantity).
/// A barcode scanned twice counts once.
pub fn scan_in(
    w: &mut Writer<'_>,
    ctx: &Ctx,
    id: u64,
    barcode: &Barcode,
    qty: Option<Decimal>,
) -> Result<Done> {
    authorize(w, ctx, Permission::Scan, "count stock")?;
    open_count_of(w, id)?;
    let s = find(w, barcode)?;
    let q = match (&s, qty) {
        (Stock::Asset(_), _) => Decimal::ONE,
        (Stock::Lot(_), Some(q)) if q < Decimal::ZERO => {
            return Err(WorkflowError::BadQuantity(q).into());
        }
        (Stock::Lot(_), Some(q)) => q,
        (Stock::Lot(l), None) => l.quantity,
    };
    let new = w.count_scan(id, barcode.as_str(), q)?;
    let summary = if new {
        format!("counted in count {id}")
    } else {
        format!("already counted in count {id}; counted once")
    };
    let summary_zh = if new {
        format!("已计入盘点 {id}")
    } else {
        format!("盘点 {id} 已扫过，只计一次")
    };
    Ok(Done {
        barcode: barcode.clone(),
        summary,
        summary_zh,
        seqs: Vec::new(),
        created: None,
    })
}

pub fn scan(
    store: &Store,
    ctx: &Ctx,
    id: u64,
    barcode: &Barcode,
    qty: Option<Decimal>,
) -> Result<Done> {
    act(store, ctx, &format!("count scan {barcode}"), |w| {
        scan_in(w, ctx, id, barcode, qty)
    })
}

/// What the register expects at the count's scope: what it owns and has at home (not
/// retired, not checked out; lots with stock), and what is checked out to it.
fn expected(w: &Writer<'_>, c: &CountRecord) -> Result<BTreeMap<String, Decimal>> {
    let mut out = BTreeMap::new();
    let module_ok = |s: &Stock| {
        c.module
            .as_deref()
            .is_none_or(|m| s.module().map(|x| x.as_str()) == Some(m))
    };
    for b in w
        .barcodes_by(Tag::Owner, &c.scope)?
        .into_iter()
        .chain(w.checked_out_to(&c.scope)?)
    {
        let Some(s) = w.stock(b.as_str())? else {
            continue;
        };
        if !module_ok(&s) {
            continue;
        }
        match &s {
            Stock::Asset(a) if a.status == AssetStatus::Retired => {}
            Stock::Asset(a) if a.location.as_ref().is_some_and(|l| l.as_str() != c.scope) => {}
            Stock::Asset(_) => {
                out.insert(b.to_string(), Decimal::ONE);
            }
            Stock::Lot(l) if l.quantity > Decimal::ZERO => {
                out.insert(b.to_string(), l.quantity);
            }
            Stock::Lot(_) => {}
        }
    }
    Ok(out)
}

fn view_in(w: &Writer<'_>, id: u64) -> Result<CountView> {
    let c = w
        .count(id)?
        .ok_or_else(|| WorkflowError::Rule(format!("there is no count {id}")))?;
    let expected = expected(w, &c)?;
    let found = w.count_scans(id)?.into_iter().collect();
    Ok(CountView {
        count: Some(c),
        expected,
        found,
    })
}

/// The count's expected / found / missing / unexpected, as of now.
pub fn view(store: &Store, id: u64) -> Result<CountView> {
    // A trial transaction: the same look-ups as the close, and nothing written.
    store.trial(|w| view_in(w, id))
}

/// Closes a count and posts its differences as adjustment movements with `reason`; officers
/// only, and only with `confirmed` (the front end shows the view and asks first).
pub fn close(
    store: &Store,
    ctx: &Ctx,
    id: u64,
    reason: &str,
    confirmed: bool,
) -> Result<Vec<Done>> {
    if !confirmed {
        return Err(Error::Invalid(format!(
            "closing count {id} posts its differences as adjustments: confirm it (--confirm)"
        )));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(WorkflowError::Rule("adjustments need a reason (--reason)".into()).into());
    }
    act(store, ctx, &format!("count close {id}"), |w| {
        authorize(w, ctx, Permission::Manage, "post count adjustments")?;
        let c = open_count_of(w, id)?;
        let v = view_in(w, id)?;
        let scope = PlaceCode::new(c.scope.clone());
        let why = format!("count {id}: {reason}");
        let mut done = Vec::new();
        let mut post = |w: &mut Writer<'_>,
                        barcode: &str,
                        qty: Decimal,
                        changes: Vec<Change>,
                        (summary, zh): (String, String)|
         -> Result<()> {
            let s = find(w, &Barcode::new(barcode))?;
            let m = NewMovement {
                at: ctx.now,
                action: Action::Adjust,
                barcode: s.barcode().clone(),
                item: s.item().clone(),
                quantity: qty,
                from: None,
                to: Some(scope.clone()),
                operator: ctx.operator.clone(),
                reference: Some(format!("count {id}")),
                reason: Some(why.clone()),
                changes,
            };
            let (mv, _) = w.apply(m)?;
            done.push(Done {
                barcode: s.barcode().clone(),
                summary_zh: format!("盘点调整：{zh}"),
                summary,
                seqs: vec![mv.seq],
                created: None,
            });
            Ok(())
        };
        for (b, q) in v.missing() {
            match find(w, &Barcode::new(b))? {
                Stock::Asset(_) => post(
                    w,
                    b,
                    Decimal::ZERO,
                    vec![Change::Status(AssetStatus::OutOfService)],
                    ("missing: out of service".into(), "缺失：停用".into()),
                )?,
                Stock::Lot(_) => post(
                    w,
                    b,
                    -q,
                    Vec::new(),
                    (
                        format!("missing: {} taken off", q.normalize()),
                        format!("缺失：减去 {}", q.normalize()),
                    ),
                )?,
            }
        }
        for (b, e, f) in v.differing() {
            post(
                w,
                b,
                f - e,
                Vec::new(),
                (
                    format!("counted {} of {}", f.normalize(), e.normalize()),
                    format!("实盘 {}，账面 {}", f.normalize(), e.normalize()),
                ),
            )?;
        }
        for (b, _) in v.unexpected() {
            if let Stock::Asset(a) = find(w, &Barcode::new(b))? {
                let here = if a.owner == scope {
                    None
                } else {
                    Some(scope.clone())
                };
                if a.location != here {
                    post(
                        w,
                        b,
                        Decimal::ZERO,
                        vec![Change::Location(here)],
                        (format!("found at {scope}"), format!("在 {scope} 盘到")),
                    )?;
                }
            }
            // An unexpected lot is reported, not adjusted: transfer it to regularise it.
        }
        w.close_count(&c, &ctx.now.to_rfc3339(), ctx.operator.as_str())?;
        Ok(done)
    })
}
