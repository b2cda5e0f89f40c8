//! Stock counts (盘点): open a count for a unit or warehouse (optionally one module), scan
//! what is on the shelf, compare with what the register expects there, and post the
//! differences as adjustment movements, after a confirmation and only by an officer.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::store::{CountLine, CountRecord, Store, Tag, Writer};
use crate::{Error, Result};
use depot_domain::access::Permission;
use depot_domain::{Action, AssetStatus, Barcode, Change, NewMovement, PlaceCode, Stock};

use crate::Ctx;
use crate::access::{act, authorize};
use crate::workflow::{Done, WorkflowError, find, holder};

/// What a count shows: expected against found. A closed count shows what it expected, found
/// and decided when it closed, whatever happened since.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CountView {
    pub count: Option<CountRecord>,
    /// Barcode and the quantity the register expects there.
    pub expected: BTreeMap<String, Decimal>,
    /// Barcode and the quantity found.
    pub found: BTreeMap<String, Decimal>,
    /// What each barcode expected or found is, for people to decide by: its item and name,
    /// whose it is (as of the close, for a closed count).
    pub about: BTreeMap<String, Seen>,
    /// A closed count: what it decided for each unexpected item.
    pub decided: BTreeMap<String, Decision>,
}

/// A barcode a count expected or found, as people know it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Seen {
    pub item: String,
    /// The catalogue's name of the item.
    pub name: String,
    /// Whom it belongs to, and that unit's or warehouse's name.
    pub owner: String,
    pub owner_name: String,
    pub lot: bool,
    /// Written off (报废): found where it belongs, it is no surprise and nothing to decide.
    pub retired: bool,
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
    /// The assets among [`Self::missing`]: closing the count sets them out of service (停用).
    pub fn missing_assets(&self) -> Vec<&str> {
        self.missing()
            .into_iter()
            .filter(|(b, _)| self.about.get(*b).is_none_or(|s| !s.lot))
            .map(|(b, _)| b)
            .collect()
    }
    /// Found and not expected, and to be decided (not a retired item found where it belongs).
    pub fn unexpected(&self) -> Vec<(&str, Decimal)> {
        self.found
            .iter()
            .filter(|(b, _)| !self.expected.contains_key(*b) && !self.retired_here(b))
            .map(|(b, q)| (b.as_str(), *q))
            .collect()
    }
    /// Written-off items found where they belong: shown as such, nothing to decide.
    pub fn retired_found(&self) -> Vec<&str> {
        self.found
            .keys()
            .filter(|b| !self.expected.contains_key(*b) && self.retired_here(b))
            .map(String::as_str)
            .collect()
    }
    fn retired_here(&self, b: &str) -> bool {
        let scope = self.count.as_ref().map(|c| c.scope.as_str());
        self.about
            .get(b)
            .is_some_and(|s| s.retired && Some(s.owner.as_str()) == scope)
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
    let c = w.count(id)?.ok_or_else(|| {
        WorkflowError::said(format!("there is no count {id}"), format!("没有盘点 {id}"))
    })?;
    if c.closed.is_some() {
        return Err(WorkflowError::said(
            format!("count {id} is closed"),
            format!("盘点 {id} 已结束"),
        )
        .into());
    }
    Ok(c)
}

/// Opens a count; returns its number.
pub fn open(store: &Store, ctx: &Ctx, scope: &str, module: Option<&str>) -> Result<u64> {
    act(store, ctx, &format!("count open {scope}"), |w, ctx| {
        authorize(w, ctx, Permission::Scan, "count stock")?;
        let scope = holder(w, scope.trim())?;
        let module = module
            .map(|m| crate::workflow::module_named(w, m))
            .transpose()?;
        Ok(w.open_count(
            scope.as_str(),
            module.as_ref().map(|m| m.as_str()),
            &ctx.stamp().to_rfc3339(),
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
        (Stock::Lot(l), Some(q)) => {
            if let Some(i) = w.item(l.item.as_str())? {
                depot_domain::units::whole(&l.item, &i.uom, q)?;
            }
            q
        }
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
    act(store, ctx, &format!("count scan {barcode}"), |w, ctx| {
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
            // A kit's lot checked out with it is not on the shelf.
            Stock::Lot(l)
                if l.quantity > Decimal::ZERO
                    && crate::workflow::lot_out(w, &l.barcode)?.is_none() =>
            {
                out.insert(b.to_string(), l.quantity);
            }
            Stock::Lot(_) => {}
        }
    }
    Ok(out)
}

/// The name of a unit or warehouse ("" when it is neither: an incident).
fn place_name(w: &Writer<'_>, code: &str) -> Result<String> {
    if let Some(u) = w.unit(code)? {
        return Ok(u.name);
    }
    Ok(w.warehouse(code)?.map(|h| h.name).unwrap_or_default())
}

fn seen(w: &Writer<'_>, b: &str) -> Result<Option<Seen>> {
    let Some(s) = w.stock(b)? else {
        return Ok(None);
    };
    let name = w
        .item(s.item().as_str())?
        .map(|i| i.name)
        .unwrap_or_default();
    Ok(Some(Seen {
        item: s.item().to_string(),
        name,
        owner: s.owner().to_string(),
        owner_name: place_name(w, s.owner().as_str())?,
        lot: matches!(s, Stock::Lot(_)),
        retired: matches!(&s, Stock::Asset(a) if a.status == AssetStatus::Retired),
    }))
}

/// The words a close keeps for a line (`CountLine::decision`).
const OUT_OF_SERVICE: &str = "out_of_service";
const RETIRED_HERE: &str = "retired_here";

fn view_in(w: &Writer<'_>, id: u64) -> Result<CountView> {
    let c = w.count(id)?.ok_or_else(|| {
        WorkflowError::said(format!("there is no count {id}"), format!("没有盘点 {id}"))
    })?;
    let found: BTreeMap<String, Decimal> = w.count_scans(id)?.into_iter().collect();
    let lines = if c.closed.is_some() {
        w.count_lines(id)?
    } else {
        Vec::new()
    };
    // A count closed before depot kept its lines shows the register as it is now.
    let expected = if lines.is_empty() {
        expected(w, &c)?
    } else {
        lines
            .iter()
            .filter_map(|l| l.expected.map(|q| (l.barcode.clone(), q)))
            .collect()
    };
    let mut about = BTreeMap::new();
    for b in expected.keys().chain(found.keys()) {
        if let Some(s) = seen(w, b)? {
            about.insert(b.clone(), s);
        }
    }
    let mut decided = BTreeMap::new();
    for l in &lines {
        let s = about.entry(l.barcode.clone()).or_default();
        if s.owner != l.owner {
            s.owner_name = place_name(w, &l.owner)?;
            s.owner = l.owner.clone();
        }
        s.retired = l.decision.as_deref() == Some(RETIRED_HERE);
        if let Some(d) = l.decision.as_deref().and_then(|d| d.parse().ok()) {
            decided.insert(l.barcode.clone(), d);
        }
    }
    Ok(CountView {
        count: Some(c),
        expected,
        found,
        about,
        decided,
    })
}

/// The count's expected / found / missing / unexpected, as of now.
pub fn view(store: &Store, id: u64) -> Result<CountView> {
    // A trial transaction: the same look-ups as the close, and nothing written.
    store.trial(|w| view_in(w, id))
}

/// What to do with an item a count found that the register did not expect there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// It belongs here from now on: a transfer to the count's scope.
    TakeOver,
    /// It goes back to its owner: a check-in if it was checked out, else a recorded note.
    SendBack,
    /// It stays where it was found, away from its owner, and the register says so.
    FoundAway,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::TakeOver, Decision::SendBack, Decision::FoundAway];

    /// The word that names it on the command line and in a closed count's record.
    pub fn key(self) -> &'static str {
        match self {
            Decision::TakeOver => "take",
            Decision::SendBack => "return",
            Decision::FoundAway => "away",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Decision::TakeOver => "take over here (transfer)",
            Decision::SendBack => "send back to its owner",
            Decision::FoundAway => "record as found away from its owner",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Decision::TakeOver => "调拨至本处",
            Decision::SendBack => "退回所属单位",
            Decision::FoundAway => "登记为在外发现",
        }
    }
}

impl std::str::FromStr for Decision {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "take" | "take-over" | "transfer" | "调拨" => Ok(Decision::TakeOver),
            "return" | "send-back" | "退回" => Ok(Decision::SendBack),
            "away" | "found-away" | "在外" => Ok(Decision::FoundAway),
            _ => Err(format!(
                "unknown decision '{s}': expected take (调拨), return (退回) or away (在外)"
            )),
        }
    }
}

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
