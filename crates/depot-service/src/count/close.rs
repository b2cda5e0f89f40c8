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
        return Err(Error::said(
            format!(
                "closing count {id} posts its differences as adjustments: confirm it (--confirm)"
            ),
            format!("结束盘点 {id} 会把差异过账为盘点调整：请确认（--confirm）"),
        ));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(WorkflowError::said(
            "adjustments need a reason (--reason)",
            "盘点调整需要填写原因（--reason）",
        )
        .into());
    }
    act(store, ctx, &format!("count close {id}"), |w, ctx| {
        authorize(w, ctx, Permission::Manage, "post count adjustments")?;
        let c = open_count_of(w, id)?;
        let v = view_in(w, id)?;
        let scope = PlaceCode::new(c.scope.clone());
        let why = format!("count {id}: {reason}");
        let mut done = Vec::new();
        // One movement of the count: what it does, and what the answer says (en, zh).
        let mut post =
            |w: &mut Writer<'_>,
             barcode: &str,
             (action, qty, from, to): (Action, Decimal, Option<PlaceCode>, PlaceCode),
             changes: Vec<Change>,
             (summary, zh): (String, String)|
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
                    summary_zh: format!("盘点调整：{zh}"),
                    summary,
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
                    ("missing: out of service".into(), "缺失：停用".into()),
                )?,
                Stock::Lot(_) => post(
                    w,
                    b,
                    adjust(-q),
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
                adjust(f - e),
                Vec::new(),
                (
                    format!("counted {} of {}", f.normalize(), e.normalize()),
                    format!("实盘 {}，账面 {}", f.normalize(), e.normalize()),
                ),
            )?;
        }
        let undecided: Vec<&str> = v
            .unexpected()
            .iter()
            .map(|(b, _)| *b)
            .filter(|b| !decisions.contains_key(*b))
            .collect();
        if !undecided.is_empty() {
            return Err(WorkflowError::said(
                format!(
                    "count {id} found items the register does not expect there: {}; decide for each: take it over here, send it back to its owner, or record it as found away (--unexpected take|return|away, or --decide BARCODE=…)",
                    undecided.join(", ")
                ),
                format!(
                    "盘点 {id} 发现了登记簿中不应在此处的物资：{}；请逐一决定：在此接收、退回其归属单位，或记为在别处找到（--unexpected take|return|away，或 --decide 条码=…）",
                    undecided.join("、")
                ),
            )
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
                    (format!("taken over at {scope}"), format!("调拨至 {scope}")),
                ),
                Decision::SendBack if location.is_some() => (
                    Action::Checkin,
                    scope.clone(),
                    owner.clone(),
                    Vec::new(),
                    (format!("sent back to {owner}"), format!("退回 {owner}")),
                ),
                Decision::SendBack => (
                    Action::Adjust,
                    scope.clone(),
                    owner.clone(),
                    Vec::new(),
                    (format!("sent back to {owner}"), format!("退回 {owner}")),
                ),
                Decision::FoundAway => (
                    Action::Adjust,
                    owner.clone(),
                    scope.clone(),
                    match &s {
                        Stock::Asset(_) => vec![Change::Location(Some(scope.clone()))],
                        Stock::Lot(_) => Vec::new(),
                    },
                    (
                        format!("found away from {owner}, at {scope}"),
                        format!("在 {scope} 发现（属 {owner}）"),
                    ),
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
