//! The quartermaster's workflows: check-out, check-in, transfer, issue, receive, inspect,
//! repair and write-off. Each `*_in` function checks everything before its first write, so a
//! refused scan inside a batch leaves nothing behind; the plain functions run one of them as
//! one durable transaction.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::store::{StockView, Store, Writer};
use crate::{Error, Result};
use depot_domain::access::Permission;
use depot_domain::dates::{self, DateKind};
use depot_domain::movement::Movement;
use depot_domain::vocab::Vocabulary;
use depot_domain::{
    Action, Asset, AssetStatus, Barcode, Change, ItemCode, Lot, ModuleCode, NewMovement, PlaceCode,
    Stock, Tracking,
};

use crate::Ctx;
use crate::access::{act, authorize};

/// Seconds within which the same code scanned again for the same action is a repeat.
pub const REPEAT_SECONDS: i64 = 5;

/// Why a workflow refuses; each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("unknown barcode {barcode}{}", did_you_mean(.nearest))]
    UnknownBarcode {
        barcode: String,
        nearest: Vec<String>,
    },
    #[error("unknown place {code}: not a unit, warehouse or vehicle{}", did_you_mean(.nearest))]
    UnknownPlace { code: String, nearest: Vec<String> },
    #[error("{barcode} is already checked out to {location}{}; check it in first", by_whom(.by))]
    AlreadyOut {
        barcode: String,
        location: String,
        /// Who checked it out and when (HH:MM:SS, or the date when not today): at another
        /// terminal, the moment before, perhaps.
        by: Option<(String, String)>,
    },
    #[error("{barcode} is not checked out")]
    NotOut { barcode: String },
    #[error("{barcode} is {status} and cannot be {doing}")]
    Unavailable {
        barcode: String,
        status: AssetStatus,
        doing: &'static str,
    },
    #[error("{barcode} is a lot; lots are issued or transferred, not {doing}")]
    IsLot {
        barcode: String,
        doing: &'static str,
    },
    #[error("{barcode} is a single asset; {doing} takes a lot")]
    IsAsset {
        barcode: String,
        doing: &'static str,
    },
    #[error("{barcode} already belongs to {code}")]
    SamePlace { barcode: String, code: String },
    #[error("lot {barcode} holds {}; {} cannot be taken from it", .have.normalize(), .want.normalize())]
    Insufficient {
        barcode: String,
        have: Decimal,
        want: Decimal,
    },
    #[error("the quantity must be more than zero (got {0})")]
    BadQuantity(Decimal),
    #[error("repeat scan: {barcode} was already {} at {at}; not applied again", done_word(*.action))]
    Repeat {
        barcode: String,
        action: Action,
        at: String,
    },
    #[error(transparent)]
    Date(#[from] depot_domain::dates::DateError),
    #[error("{0}")]
    Rule(String),
    /// A rule's refusal said in both languages (see [`WorkflowError::said`]).
    #[error("{en}")]
    Said { en: String, zh: String },
}

/// "checked out", "issued" …: an action as it reads when done.
pub fn done_word(a: Action) -> &'static str {
    match a {
        Action::Opening => "opened",
        Action::Receive => "received",
        Action::Checkout => "checked out",
        Action::Checkin => "checked in",
        Action::Transfer => "transferred",
        Action::Issue => "issued",
        Action::Inspect => "inspected",
        Action::RepairStart => "sent to repair",
        Action::RepairDone => "returned from repair",
        Action::Adjust => "adjusted",
        Action::Writeoff => "written off",
        Action::Update => "updated",
    }
}

impl WorkflowError {
    /// A rule's refusal in English and in Chinese.
    pub fn said(en: impl Into<String>, zh: impl Into<String>) -> Self {
        WorkflowError::Said {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The reason in Chinese, for the Chinese interface.
    pub fn zh(&self) -> String {
        let maybe = |n: &[String]| {
            if n.is_empty() {
                String::new()
            } else {
                format!("；您要找的是不是 {}？", n.join("、"))
            }
        };
        match self {
            WorkflowError::UnknownBarcode { barcode, nearest } => {
                format!("未知条码 {barcode}{}", maybe(nearest))
            }
            WorkflowError::UnknownPlace { code, nearest } => {
                format!("未知去向 {code}：不是单位、储备库或车辆{}", maybe(nearest))
            }
            WorkflowError::AlreadyOut {
                barcode,
                location,
                by,
            } => {
                let by = by
                    .as_ref()
                    .map(|(who, at)| format!("（{who} 于 {at} 办理）"))
                    .unwrap_or_default();
                format!("{barcode} 已借出至 {location}{by}，请先归还")
            }
            WorkflowError::NotOut { barcode } => format!("{barcode} 未借出"),
            WorkflowError::Unavailable {
                barcode, status, ..
            } => format!("{barcode} 状态为{}，不能办理", status.zh()),
            WorkflowError::IsLot { barcode, .. } => format!("{barcode} 是批次物资，只能调用或调拨"),
            WorkflowError::IsAsset { barcode, .. } => {
                format!("{barcode} 是单件装备，此操作需要批次物资")
            }
            WorkflowError::SamePlace { barcode, code } => format!("{barcode} 已属于 {code}"),
            WorkflowError::Insufficient {
                barcode,
                have,
                want,
            } => format!(
                "批次 {barcode} 仅余 {}，不够 {}",
                have.normalize(),
                want.normalize()
            ),
            WorkflowError::BadQuantity(q) => format!("数量必须大于零（输入为 {q}）"),
            WorkflowError::Repeat {
                barcode,
                action,
                at,
            } => format!("重复扫码：{barcode} 已于 {at} {}，未重复办理", action.zh()),
            WorkflowError::Date(e) => e.zh(),
            WorkflowError::Rule(r) => r.clone(),
            WorkflowError::Said { zh, .. } => zh.clone(),
        }
    }
}

fn did_you_mean(n: &[String]) -> String {
    if n.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", n.join(", "))
    }
}

/// What a workflow did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub barcode: Barcode,
    /// A short line for the scan answer: "checked out to ZHAN-0101".
    pub summary: String,
    /// The same in Chinese: "已借出至 ZHAN-0101".
    pub summary_zh: String,
    pub seqs: Vec<u64>,
    /// A barcode the workflow created (a received or split lot).
    pub created: Option<Barcode>,
}

impl Done {
    fn of(barcode: &Barcode, summary: String, summary_zh: String, moves: &[Movement]) -> Done {
        Done {
            summary_zh,
            barcode: barcode.clone(),
            summary,
            seqs: moves.iter().map(|m| m.seq).collect(),
            created: None,
        }
    }
}

/// The stock of a barcode, or an unknown-barcode error naming the nearest known codes.
pub fn find(w: &Writer<'_>, barcode: &Barcode) -> Result<Stock> {
    match w.stock(barcode.as_str())? {
        Some(s) => Ok(s),
        None => Err(WorkflowError::UnknownBarcode {
            barcode: barcode.to_string(),
            nearest: w.nearest_barcodes(barcode.as_str(), 3)?,
        }
        .into()),
    }
}

fn asset(w: &Writer<'_>, barcode: &Barcode, doing: &'static str) -> Result<Asset> {
    match find(w, barcode)? {
        Stock::Asset(a) => Ok(a),
        Stock::Lot(_) => Err(WorkflowError::IsLot {
            barcode: barcode.to_string(),
            doing,
        }
        .into()),
    }
}

fn lot(w: &Writer<'_>, barcode: &Barcode, doing: &'static str) -> Result<Lot> {
    match find(w, barcode)? {
        Stock::Lot(l) => Ok(l),
        Stock::Asset(_) => Err(WorkflowError::IsAsset {
            barcode: barcode.to_string(),
            doing,
        }
        .into()),
    }
}

/// Where a lot is checked out to (with its kit), if it is: its last movement is a check-out.
/// A lot out is moved by nothing else until it is checked back in.
pub fn lot_out(w: &Writer<'_>, barcode: &Barcode) -> Result<Option<PlaceCode>> {
    Ok(w.last_movement(barcode.as_str())?
        .filter(|m| m.body.action == Action::Checkout)
        .and_then(|m| m.body.to))
}

fn refuse_lot_out(w: &Writer<'_>, ctx: &Ctx, s: &Stock) -> Result<()> {
    if let Stock::Lot(l) = s
        && let Some(to) = lot_out(w, &l.barcode)?
    {
        return Err(already_out(w, ctx, &l.barcode, &to));
    }
    Ok(())
}

/// A unit or warehouse code (a permanent place).
pub fn holder(w: &Writer<'_>, code: &str) -> Result<PlaceCode> {
    if w.unit(code)?.is_some() || w.warehouse(code)?.is_some() {
        return Ok(PlaceCode::new(code));
    }
    Err(WorkflowError::UnknownPlace {
        code: code.to_owned(),
        nearest: w.nearest_places(code, 3)?,
    }
    .into())
}

/// Where a check-out may go: a unit, a warehouse, or a vehicle (an asset of category vehicle).
/// Units and warehouses first: a terminal remembers them between scans (on PostgreSQL), while
/// a stock row is read from the database each time.
pub(super) fn receiver(w: &Writer<'_>, code: &str) -> Result<PlaceCode> {
    if w.unit(code)?.is_some() || w.warehouse(code)?.is_some() {
        return Ok(PlaceCode::new(code));
    }
    if let Some(Stock::Asset(a)) = w.stock(code)?
        && w.item(a.item.as_str())?
            .is_some_and(|i| i.category == depot_domain::Category::Vehicle)
    {
        return Ok(PlaceCode::new(code));
    }
    holder(w, code)
}

fn positive(q: Decimal) -> Result<Decimal> {
    if q <= Decimal::ZERO {
        return Err(WorkflowError::BadQuantity(q).into());
    }
    Ok(q)
}

fn by_whom(by: &Option<(String, String)>) -> String {
    by.as_ref()
        .map(|(who, at)| format!(" (by {who} at {at})"))
        .unwrap_or_default()
}

/// "Already checked out", saying by whom and when: the last movement of the barcode, which
/// put it there (perhaps a scan at another terminal a moment ago).
pub(super) fn already_out(
    w: &Writer<'_>,
    ctx: &Ctx,
    barcode: &Barcode,
    location: &PlaceCode,
) -> Error {
    let by = w.last_movement(barcode.as_str()).ok().flatten().map(|m| {
        let at = if m.body.at.date_naive() == ctx.stamp().date_naive() {
            m.body.at.format("%H:%M:%S").to_string()
        } else {
            m.body.at.format("%Y-%m-%d %H:%M").to_string()
        };
        (m.body.operator.to_string(), at)
    });
    WorkflowError::AlreadyOut {
        barcode: barcode.to_string(),
        location: location.to_string(),
        by,
    }
    .into()
}

/// Refuses the same code for the same action, to the same receiver and of the same quantity,
/// again within a few seconds: a scanner's double read, or a nervous second press, is never
/// applied twice. A request that differs in any of these is not a repeat; callers check the
/// request itself (quantity, receiver, whole units) before asking, so that a request that is
/// wrong says why, never "repeat scan".
fn guard_repeat(
    w: &Writer<'_>,
    ctx: &Ctx,
    barcode: &Barcode,
    action: Action,
    to: Option<&str>,
    quantity: Decimal,
) -> Result<()> {
    let now = ctx.stamp();
    if let Some(m) = w.last_movement_near(barcode.as_str(), now, REPEAT_SECONDS)?
        && m.body.action == action
        && (to.is_none() || m.body.to.as_ref().map(|p| p.as_str()) == to)
        && m.body.quantity == quantity
        && (now - m.body.at).num_seconds().abs() < REPEAT_SECONDS
    {
        let at = m.body.at.format("%H:%M:%S").to_string();
        return Err(WorkflowError::Repeat {
            barcode: barcode.to_string(),
            action,
            at,
        }
        .into());
    }
    Ok(())
}

/// `q` of the lot `l`, refused when its item is counted in whole pieces and `q` is not whole.
fn whole_of(w: &Writer<'_>, l: &Lot, q: Decimal) -> Result<()> {
    let uom = w.item(l.item.as_str())?.map(|i| i.uom).unwrap_or_default();
    depot_domain::units::whole(&l.item, &uom, q)?;
    Ok(())
}

pub(super) fn movement(ctx: &Ctx, action: Action, s: &Stock, quantity: Decimal) -> NewMovement {
    NewMovement {
        at: ctx.stamp(),
        action,
        barcode: s.barcode().clone(),
        item: s.item().clone(),
        quantity,
        from: Some(s.owner().clone()),
        to: None,
        operator: ctx.operator.clone(),
        reference: None,
        reason: None,
        changes: Vec::new(),
    }
}

/// The module `given` names among the database's modules: its code, its Chinese name or its
/// English name (`EXCHANGE.md`: wherever a module is given), by `domain::module_code`; an
/// error listing the modules otherwise. Every command that takes a module resolves it here.
pub fn module_named(w: &(impl StockView + ?Sized), given: &str) -> Result<ModuleCode> {
    let g = depot_domain::ids::fold_width(given.trim());
    if w.module(&g)?.is_some() {
        return Ok(ModuleCode::new(g));
    }
    let all = w.modules()?;
    match depot_domain::module_code(&all, &g) {
        Some(code) => Ok(code.clone()),
        None => {
            let known: Vec<String> = all
                .iter()
                .map(|m| format!("{} ({}, {})", m.code, m.name_zh, m.name_en))
                .collect();
            Err(WorkflowError::said(
                format!(
                    "no module is called '{given}': give a module's code, Chinese or English name: {}",
                    known.join("; ")
                ),
                format!(
                    "没有名为 '{given}' 的模块：请给出模块的代码、中文名或英文名：{}",
                    all.iter()
                        .map(|m| format!("{}（`{}`）", m.name_zh, m.code))
                        .collect::<Vec<_>>()
                        .join("；")
                ),
            )
            .into())
        }
    }
}

pub(super) fn some_text(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

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
pub(super) fn checkout_to(w: &Writer<'_>, req: &CheckoutReq) -> Result<PlaceCode> {
    match (
        some_text(req.to.as_deref()),
        some_text(req.reference.as_deref()),
    ) {
        (Some(t), _) => receiver(w, &t),
        (None, Some(r)) => Ok(PlaceCode::new(r)),
        (None, None) => Err(WorkflowError::said(
            "a check-out needs a receiver (--to) or an incident reference (--ref)",
            "借出需要接收方（--to）或事故编号（--ref）",
        )
        .into()),
    }
}

pub fn checkout_in(
    w: &mut Writer<'_>,
    ctx: &Ctx,
    barcode: &Barcode,
    req: &CheckoutReq,
) -> Result<Done> {
    authorize(w, ctx, Permission::Scan, "check out")?;
    let a = asset(w, barcode, "checked out")?;
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
            doing: "checked out",
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
        format!("checked out to {to}"),
        format!("已借出至 {to}"),
        &[mv],
    ))
}

pub fn checkout(store: &Store, ctx: &Ctx, barcode: &Barcode, req: &CheckoutReq) -> Result<Done> {
    act(store, ctx, &format!("checkout {barcode}"), |w, ctx| {
        checkout_in(w, ctx, barcode, req)
    })
}

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
    let a = asset(w, barcode, "checked in")?;
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
    let state = if req.condition == Condition::Damaged {
        ", to maintenance"
    } else {
        ""
    };
    Ok(Done::of(
        barcode,
        format!("checked in to {to}{state}"),
        format!(
            "已归还至 {to}{}",
            if req.condition == Condition::Damaged {
                "，送修"
            } else {
                ""
            }
        ),
        &[mv],
    ))
}

pub fn checkin(store: &Store, ctx: &Ctx, barcode: &Barcode, req: &CheckinReq) -> Result<Done> {
    act(store, ctx, &format!("checkin {barcode}"), |w, ctx| {
        checkin_in(w, ctx, barcode, req)
    })
}

/// A new barcode for a lot the register creates: `DP` and the ledger sequence it is born at.
pub(super) fn new_lot_barcode(w: &mut Writer<'_>) -> Result<Barcode> {
    let mut n = w.next_seq()?;
    loop {
        let code = format!("DP{n:08}");
        if w.stock(&code)?.is_none() && w.kit(&code)?.is_none() {
            return Ok(Barcode::new(code));
        }
        n += 1;
    }
}

/// Transfers an asset, a whole lot, or part of a lot (which splits into a new lot barcode at
/// the receiver) to another unit or warehouse for good.
pub fn transfer_in(
    w: &mut Writer<'_>,
    ctx: &Ctx,
    barcode: &Barcode,
    to: &str,
    qty: Option<Decimal>,
) -> Result<Done> {
    authorize(w, ctx, Permission::Scan, "transfer")?;
    let s = find(w, barcode)?;
    refuse_lot_out(w, ctx, &s)?;
    let to = holder(w, to.trim())?;
    let q = match &s {
        Stock::Asset(_) => Decimal::ONE,
        Stock::Lot(l) => {
            let q = positive(qty.unwrap_or(l.quantity))?;
            whole_of(w, l, q)?;
            q
        }
    };
    guard_repeat(w, ctx, barcode, Action::Transfer, Some(to.as_str()), q)?;
    if &to == s.owner() {
        return Err(WorkflowError::SamePlace {
            barcode: barcode.to_string(),
            code: to.to_string(),
        }
        .into());
    }
    match &s {
        Stock::Asset(a) => {
            if let Some(l) = &a.location {
                return Err(already_out(w, ctx, barcode, l));
            }
            if a.status == AssetStatus::Retired {
                return Err(WorkflowError::Unavailable {
                    barcode: barcode.to_string(),
                    status: a.status,
                    doing: "transferred",
                }
                .into());
            }
            let mut m = movement(ctx, Action::Transfer, &s, Decimal::ONE);
            m.to = Some(to.clone());
            let (mv, _) = w.apply(m)?;
            Ok(Done::of(
                barcode,
                format!("transferred to {to}"),
                format!("已调拨至 {to}"),
                &[mv],
            ))
        }
        Stock::Lot(l) => {
            if q > l.quantity {
                return Err(WorkflowError::Insufficient {
                    barcode: barcode.to_string(),
                    have: l.quantity,
                    want: q,
                }
                .into());
            }
            if q == l.quantity {
                let mut m = movement(ctx, Action::Transfer, &s, q);
                m.to = Some(to.clone());
                let (mv, _) = w.apply(m)?;
                return Ok(Done::of(
                    barcode,
                    format!("transferred {} to {to}", q.normalize()),
                    format!("已调拨 {} 至 {to}", q.normalize()),
                    &[mv],
                ));
            }
            let (split, m1, m2) = split_lot(w, ctx, l, q, &to, None)?;
            let mut done = Done::of(
                barcode,
                format!("transferred {} to {to} as new lot {split}", q.normalize()),
                format!("已调拨 {} 至 {to}，新批次 {split}", q.normalize()),
                &[m1, m2],
            );
            done.created = Some(split);
            Ok(done)
        }
    }
}

/// Splits `q` off the lot `l` into a new lot at `to` (its owner for a kit's own lot): a
/// transfer out of `l` and the new lot's first movement, which carries `l`'s lot number,
/// module, expiry and receipt. Returns the new lot's barcode and the two movements.
pub(super) fn split_lot(
    w: &mut Writer<'_>,
    ctx: &Ctx,
    l: &Lot,
    q: Decimal,
    to: &PlaceCode,
    reason: Option<String>,
) -> Result<(Barcode, Movement, Movement)> {
    let split = new_lot_barcode(w)?;
    let mut out = movement(ctx, Action::Transfer, &Stock::Lot(l.clone()), q);
    out.to = Some(to.clone());
    out.reference = Some(split.to_string());
    out.reason = reason;
    let mut born = out.clone();
    born.barcode = split.clone();
    born.reference = Some(l.barcode.to_string());
    born.changes = [
        l.lot.clone().map(|v| Change::LotNo(Some(v))),
        l.module.clone().map(|v| Change::Module(Some(v))),
        l.expires.map(|v| Change::Expires(Some(v))),
        l.received.map(|v| Change::Received(Some(v))),
    ]
    .into_iter()
    .flatten()
    .collect();
    let (m1, _) = w.apply(out)?;
    let (m2, _) = w.apply(born)?;
    Ok((split, m1, m2))
}

pub fn transfer(
    store: &Store,
    ctx: &Ctx,
    barcode: &Barcode,
    to: &str,
    qty: Option<Decimal>,
) -> Result<Done> {
    act(store, ctx, &format!("transfer {barcode}"), |w, ctx| {
        transfer_in(w, ctx, barcode, to, qty)
    })
}

/// Issues a quantity of a lot to an incident (consumption).
pub fn issue_in(
    w: &mut Writer<'_>,
    ctx: &Ctx,
    barcode: &Barcode,
    qty: Decimal,
    reference: &str,
) -> Result<Done> {
    authorize(w, ctx, Permission::Scan, "issue")?;
    let l = lot(w, barcode, "an issue")?;
    refuse_lot_out(w, ctx, &Stock::Lot(l.clone()))?;
    let q = positive(qty)?;
    whole_of(w, &l, q)?;
    let reference = some_text(Some(reference)).ok_or_else(|| {
        WorkflowError::said(
            "an issue needs the incident reference (--ref)",
            "应急调用需要事故编号（--ref）",
        )
    })?;
    guard_repeat(w, ctx, barcode, Action::Issue, Some(&reference), q)?;
    if q > l.quantity {
        return Err(WorkflowError::Insufficient {
            barcode: barcode.to_string(),
            have: l.quantity,
            want: q,
        }
        .into());
    }
    let s = Stock::Lot(l);
    let mut m = movement(ctx, Action::Issue, &s, q);
    m.to = Some(PlaceCode::new(reference.clone()));
    m.reference = Some(reference.clone());
    let (mv, after) = w.apply(m)?;
    let left = match after {
        Stock::Lot(l) => l.quantity.normalize().to_string(),
        Stock::Asset(_) => String::new(),
    };
    Ok(Done::of(
        barcode,
        format!("issued {} to {reference}, {left} left", q.normalize()),
        format!("已调用 {} 至 {reference}，余 {left}", q.normalize()),
        &[mv],
    ))
}

pub fn issue(
    store: &Store,
    ctx: &Ctx,
    barcode: &Barcode,
    qty: Decimal,
    reference: &str,
) -> Result<Done> {
    act(store, ctx, &format!("issue {barcode}"), |w, ctx| {
        issue_in(w, ctx, barcode, qty, reference)
    })
}

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
            return Err(WorkflowError::said(
                format!(
                    "{} is tracked by piece; register pieces with `depot import assets FILE`",
                    item.code
                ),
                format!(
                    "{} 按单件管理；请用 `depot import assets 文件` 登记单件装备",
                    item.code
                ),
            )
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
            format!(
                "received {} {} of {} at {to}",
                q.normalize(),
                item.uom,
                item.code
            ),
            format!(
                "已入库 {} {} {}，存于 {to}",
                q.normalize(),
                item.uom,
                item.code
            ),
            &[mv],
        );
        if let Some(w) = warning {
            done.summary = format!("{}; {}", done.summary, w.en());
            done.summary_zh = format!("{}；{}", done.summary_zh, w.zh());
        }
        done.created = Some(barcode);
        Ok(done)
    })
}

/// Records an inspection on `date` (default today); a failed one sends the asset to
/// maintenance.
pub fn inspect(
    store: &Store,
    ctx: &Ctx,
    barcode: &Barcode,
    date: Option<NaiveDate>,
    failed: bool,
) -> Result<Done> {
    act(store, ctx, &format!("inspect {barcode}"), |w, ctx| {
        authorize(w, ctx, Permission::Scan, "record inspections")?;
        let a = asset(w, barcode, "inspected")?;
        if a.status == AssetStatus::Retired {
            return Err(WorkflowError::Unavailable {
                barcode: barcode.to_string(),
                status: a.status,
                doing: "inspected",
            }
            .into());
        }
        let today = ctx.stamp().date_naive();
        let on = date.unwrap_or(today);
        dates::check(DateKind::Inspected, on, today).map_err(WorkflowError::from)?;
        let s = Stock::Asset(a);
        let mut m = movement(ctx, Action::Inspect, &s, Decimal::ONE);
        m.changes.push(Change::LastInspected(Some(on)));
        if failed {
            m.changes.push(Change::Status(AssetStatus::Maintenance));
        }
        let (mv, _) = w.apply(m)?;
        let verdict = if failed {
            "failed, to maintenance"
        } else {
            "passed"
        };
        Ok(Done::of(
            barcode,
            format!("inspected on {on}: {verdict}"),
            format!(
                "{on} 检测{}",
                if failed {
                    "不合格，送修"
                } else {
                    "合格"
                }
            ),
            &[mv],
        ))
    })
}

/// Sends an asset to maintenance (`start`) or returns it from there ready (`done`).
pub fn repair(
    store: &Store,
    ctx: &Ctx,
    barcode: &Barcode,
    start: bool,
    note: Option<&str>,
) -> Result<Done> {
    act(store, ctx, &format!("repair {barcode}"), |w, ctx| {
        authorize(w, ctx, Permission::Scan, "record repairs")?;
        let a = asset(w, barcode, "repaired")?;
        let ok = if start {
            matches!(a.status, AssetStatus::Ready | AssetStatus::OutOfService)
        } else {
            a.status == AssetStatus::Maintenance
        };
        if !ok {
            let doing = if start {
                "sent to repair"
            } else {
                "returned from repair"
            };
            return Err(WorkflowError::Unavailable {
                barcode: barcode.to_string(),
                status: a.status,
                doing,
            }
            .into());
        }
        if let Some(l) = &a.location {
            return Err(already_out(w, ctx, barcode, l));
        }
        let s = Stock::Asset(a);
        let action = if start {
            Action::RepairStart
        } else {
            Action::RepairDone
        };
        let mut m = movement(ctx, action, &s, Decimal::ONE);
        m.reason = some_text(note);
        let (mv, _) = w.apply(m)?;
        Ok(Done::of(
            barcode,
            if start {
                "sent to maintenance".into()
            } else {
                "back from maintenance, ready".into()
            },
            if start {
                "已送修".into()
            } else {
                "修竣，完好".into()
            },
            &[mv],
        ))
    })
}

/// Writes off (报废) an asset, or a quantity of a lot (default all of it); officers only.
pub fn writeoff(
    store: &Store,
    ctx: &Ctx,
    barcode: &Barcode,
    reason: &str,
    qty: Option<Decimal>,
) -> Result<Done> {
    act(store, ctx, &format!("writeoff {barcode}"), |w, ctx| {
        authorize(w, ctx, Permission::Manage, "write off")?;
        let reason = some_text(Some(reason)).ok_or_else(|| {
            WorkflowError::said(
                "a write-off needs a reason (--reason)",
                "报废需要填写原因（--reason）",
            )
        })?;
        let s = find(w, barcode)?;
        refuse_lot_out(w, ctx, &s)?;
        let q = match &s {
            Stock::Asset(a) if a.status == AssetStatus::Retired => {
                return Err(WorkflowError::Unavailable {
                    barcode: barcode.to_string(),
                    status: a.status,
                    doing: "written off again",
                }
                .into());
            }
            Stock::Asset(_) => Decimal::ONE,
            Stock::Lot(l) => {
                let q = positive(qty.unwrap_or(l.quantity))?;
                if q > l.quantity {
                    return Err(WorkflowError::Insufficient {
                        barcode: barcode.to_string(),
                        have: l.quantity,
                        want: q,
                    }
                    .into());
                }
                q
            }
        };
        let mut m = movement(ctx, Action::Writeoff, &s, q);
        m.reason = Some(reason);
        let (mv, _) = w.apply(m)?;
        Ok(Done::of(
            barcode,
            "written off".into(),
            "已报废".into(),
            &[mv],
        ))
    })
}

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
        Action::Opening | Action::Receive | Action::Writeoff => None,
    }
}

/// Takes back what `done` did with new, reversing movements (the ledger is never edited):
/// its barcode returns to exactly the state it had before. Only the barcode's latest
/// movement can be taken back, and not a split or a creation.
pub fn undo(store: &Store, ctx: &Ctx, done: &Done) -> Result<Done> {
    let [seq] = done.seqs.as_slice() else {
        return Err(if done.seqs.is_empty() {
            WorkflowError::said(
                "nothing to undo: that scan wrote no movement",
                "没有可撤销的：那次扫码没有写入出入库记录",
            )
        } else {
            WorkflowError::said(
                "a split or a kit cannot be undone in one step; move the parts back",
                "拆分或器材箱不能一步撤销；请把各部分逐一移回",
            )
        }
        .into());
    };
    act(store, ctx, &format!("undo {seq}"), |w, ctx| {
        authorize(w, ctx, Permission::Scan, "undo")?;
        let barcode = &done.barcode;
        let last = w.last_movement(barcode.as_str())?.ok_or_else(|| {
            WorkflowError::said(
                format!("{barcode} has no movements"),
                format!("{barcode} 没有出入库记录"),
            )
        })?;
        if last.seq != *seq {
            return Err(WorkflowError::said(
                format!(
                    "{barcode} has moved again since (seq {}); undo that first",
                    last.seq
                ),
                format!(
                    "{barcode} 之后又有变动（第 {} 笔）；请先撤销那一笔",
                    last.seq
                ),
            )
            .into());
        }
        let action = inverse(last.body.action).ok_or_else(|| {
            WorkflowError::said(
                format!(
                    "a {} cannot be undone; correct it with a new movement",
                    last.body.action
                ),
                format!(
                    "{}不能撤销；请用一笔新的出入库记录更正",
                    last.body.action.zh()
                ),
            )
        })?;
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
            WorkflowError::said(
                format!("{barcode} did not exist before seq {seq}"),
                format!("{barcode} 在第 {seq} 笔之前并不存在，无法撤销"),
            )
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
            format!("undone: seq {seq} reversed"),
            format!("已撤销：第 {seq} 笔已冲回"),
            &[mv],
        ))
    })
}
