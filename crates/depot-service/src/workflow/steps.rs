//! The steps the workflows share: finding an asset or a lot and the place it goes, checking
//! who holds it, guarding against a repeated scan, and writing the movement.

use super::error::WorkflowError;
use crate::Ctx;
use crate::store::{StockView, Writer};
use crate::{Error, Result};
use depot_domain::Lang;
use depot_domain::dates::DateWarning;
use depot_domain::movement::Movement;
use depot_domain::msg::workflow::{self as words, Doing, WorkflowMsg};
use depot_domain::{Action, Asset, Barcode, Lot, ModuleCode, NewMovement, PlaceCode, Stock};
use rust_decimal::Decimal;

/// Seconds within which the same code scanned again for the same action is a repeat.
pub const REPEAT_SECONDS: i64 = 5;

/// What a workflow did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub barcode: Barcode,
    /// A short line for the scan answer ("checked out to ZHAN-0101"), said in the reader's
    /// language with `msg.say(lang)`.
    pub msg: Told,
    pub seqs: Vec<u64>,
    /// A barcode the workflow created (a received or split lot).
    pub created: Option<Barcode>,
}

impl Done {
    pub(super) fn of(barcode: &Barcode, msg: WorkflowMsg, moves: &[Movement]) -> Done {
        Done {
            barcode: barcode.clone(),
            msg: msg.into(),
            seqs: moves.iter().map(|m| m.seq).collect(),
            created: None,
        }
    }
}

impl crate::store::Renumber for Done {
    fn renumber(&mut self, moved: crate::store::Moved) {
        for s in &mut self.seqs {
            if *s == moved.sealed {
                *s = moved.placed;
            }
        }
    }
}

/// What a workflow says it did: a message of the catalogue, then what it adds to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Told {
    pub msg: WorkflowMsg,
    pub more: Vec<More>,
}

/// What a workflow adds to its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum More {
    /// A message said right after (it starts with its own joining words).
    Msg(WorkflowMsg),
    /// A date that is unusual but allowed, said as a clause of its own.
    Warning(DateWarning),
    /// What is missing from a kit: each barcode, with what its lot holds and should hold
    /// when it is short rather than gone.
    KitMissing(Vec<(String, Option<(String, String)>)>),
    /// What a kit's check-in found was not out with it.
    KitNotOut(Vec<String>),
}

impl From<WorkflowMsg> for Told {
    fn from(msg: WorkflowMsg) -> Self {
        Told {
            msg,
            more: Vec::new(),
        }
    }
}

impl Told {
    /// The line in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        let mut s = self.msg.say(lang);
        for m in &self.more {
            match m {
                More::Msg(m) => s.push_str(&m.say(lang)),
                More::Warning(w) => {
                    s.push_str(words::then(lang));
                    s.push_str(&match lang {
                        Lang::En => w.en(),
                        Lang::Zh => w.zh(),
                    });
                }
                More::KitMissing(items) => {
                    let items: Vec<String> = items
                        .iter()
                        .map(|(b, short)| match short {
                            None => b.clone(),
                            Some((have, want)) => WorkflowMsg::KitShort {
                                barcode: b.clone(),
                                have: have.clone(),
                                want: want.clone(),
                            }
                            .say(lang),
                        })
                        .collect();
                    let list = words::join(&items, lang);
                    s.push_str(&WorkflowMsg::KitMissing { list }.say(lang));
                }
                More::KitNotOut(items) => {
                    let list = words::join(items, lang);
                    s.push_str(&WorkflowMsg::KitNotOut { list }.say(lang));
                }
            }
        }
        s
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

pub(super) fn asset(w: &Writer<'_>, barcode: &Barcode, doing: Doing) -> Result<Asset> {
    match find(w, barcode)? {
        Stock::Asset(a) => {
            refuse_away(&a, barcode, doing)?;
            Ok(a)
        }
        Stock::Lot(_) => Err(WorkflowError::IsLot {
            barcode: barcode.to_string(),
            doing,
        }
        .into()),
    }
}

/// Refuses `doing` anything to an asset shipped to another depot: it is that depot's to move
/// until a shipment brings it back (`depot receive-shipment`), so nothing here checks it out or
/// in, transfers, inspects, repairs, writes off or packs it meanwhile.
pub fn refuse_away(a: &Asset, barcode: &Barcode, doing: Doing) -> Result<()> {
    if a.status != depot_domain::AssetStatus::Away {
        return Ok(());
    }
    Err(WorkflowError::ShippedAway {
        barcode: barcode.to_string(),
        depot: a
            .location
            .as_ref()
            .map(|l| l.to_string())
            .unwrap_or_default(),
        doing,
    }
    .into())
}

pub(super) fn lot(w: &Writer<'_>, barcode: &Barcode, doing: Doing) -> Result<Lot> {
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

pub(super) fn refuse_lot_out(w: &Writer<'_>, ctx: &Ctx, s: &Stock) -> Result<()> {
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
pub(crate) fn receiver(w: &Writer<'_>, code: &str) -> Result<PlaceCode> {
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

pub(super) fn positive(q: Decimal) -> Result<Decimal> {
    if q <= Decimal::ZERO {
        return Err(WorkflowError::BadQuantity(q).into());
    }
    Ok(q)
}

/// "Already checked out", saying by whom and when: the last movement of the barcode, which
/// put it there (perhaps a scan at another terminal a moment ago).
pub(crate) fn already_out(
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
pub(super) fn guard_repeat(
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
pub(super) fn whole_of(w: &Writer<'_>, l: &Lot, q: Decimal) -> Result<()> {
    let uom = w.item(l.item.as_str())?.map(|i| i.uom).unwrap_or_default();
    depot_domain::units::whole(&l.item, &uom, q)?;
    Ok(())
}

pub(crate) fn movement(ctx: &Ctx, action: Action, s: &Stock, quantity: Decimal) -> NewMovement {
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
        None => Err(WorkflowError::NoSuchModule {
            given: given.to_owned(),
            modules: all
                .iter()
                .map(|m| (m.code.to_string(), m.name_zh.clone(), m.name_en.clone()))
                .collect(),
        }
        .into()),
    }
}

pub(crate) fn some_text(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}
