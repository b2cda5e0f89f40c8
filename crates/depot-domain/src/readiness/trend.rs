//! Readiness over time: the figures as of a row of dates, computed from the ledger. The state
//! as of a date is the ledger replayed up to it: a movement counts from the end of the day it
//! is dated (in its own offset), and never before a movement of the same barcode that comes
//! earlier in the ledger (a movement dated before its predecessor counts from the
//! predecessor's day).
//!
//! [`Trend`] replays the ledger once, in its order, and takes the figures each time the dates
//! of the movements pass a date of the row. A movement dated before a date already taken (a
//! terminal whose clock ran behind) would change figures already taken: the replay says so,
//! and the caller computes each date on its own ([`as_of`]), which is what the replay must
//! equal.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;

use super::live::Live;
use super::numbers::Numbers;
pub use super::reference::{Reference, TrendError};
use super::{
    Every, Figures, PlaceKind, Snapshot, Tally, TargetResult, Within, evaluate, judge, within,
};
use crate::movement::{MovementRef, NewMovement};
use crate::replay::apply;
use crate::stock::{Stock, day_number};
use crate::{CatalogItem, Tracking};

/// The figures of one date of a trend.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    pub on: NaiveDate,
    /// The figures of the scope (`None`: the scope did not exist yet on this date, or no
    /// movement of the ledger counts by it: then `modules` and `targets` are empty too).
    pub figures: Option<Figures>,
    /// Saturation per module (code) over the scope's warehouse lines, in module code order.
    pub modules: Vec<(String, Tally)>,
    /// Every target of the register, judged on this date (none before the ledger begins).
    pub targets: Vec<TargetResult>,
}

/// The dates of a trend: `from`, then every month (quarter) after it, up to `to`; `to` itself
/// ends the row when the step does not land on it. Empty when `to` is before `from`.
pub fn dates(from: NaiveDate, to: NaiveDate, every: Every) -> Vec<NaiveDate> {
    let step = match every {
        Every::Month => 1,
        Every::Quarter => 3,
    };
    let mut out = Vec::new();
    let mut k = 0;
    while let Some(d) = from.checked_add_months(Months::new(step * k)) {
        if d > to {
            break;
        }
        out.push(d);
        k += 1;
    }
    if from <= to && out.last() != Some(&to) {
        out.push(to);
    }
    out
}

/// A replay of the ledger: the stock each barcode stands for, in barcode order.
#[derive(Debug, Clone, Default)]
pub struct Replay {
    stock: BTreeMap<String, (Stock, NaiveDate)>,
    tracking: BTreeMap<String, Tracking>,
}

impl Replay {
    pub fn new(catalog: &[CatalogItem]) -> Self {
        Replay {
            stock: BTreeMap::new(),
            tracking: catalog
                .iter()
                .map(|i| (i.code.to_string(), i.tracking))
                .collect(),
        }
    }

    /// The day from which `m` counts: its own, or a later one of its barcode's last movement.
    pub fn counts_from(&self, m: &NewMovement) -> NaiveDate {
        let own = m.at.date_naive();
        match self.stock.get(m.barcode.as_str()) {
            Some((_, last)) if *last > own => *last,
            _ => own,
        }
    }

    /// Applies `m`, counted from `from` ([`Self::counts_from`]).
    pub fn apply(&mut self, m: &NewMovement, from: NaiveDate) -> Result<(), TrendError> {
        let t = *self
            .tracking
            .get(m.item.as_str())
            .ok_or_else(|| TrendError::NotInCatalogue {
                barcode: m.barcode.to_string(),
                item: m.item.to_string(),
            })?;
        let before = self.stock.get(m.barcode.as_str()).map(|(s, _)| s);
        let after = apply(before, m, t)?;
        self.stock.insert(m.barcode.to_string(), (after, from));
        Ok(())
    }

    /// The snapshot of the replayed stock.
    pub fn snapshot(&self, r: &Reference) -> Snapshot {
        let mut b = r.builder();
        let day = |d: Option<NaiveDate>| d.map(day_number);
        for (code, (s, _)) in &self.stock {
            match s {
                Stock::Asset(a) => b.asset(
                    code,
                    a.item.as_str(),
                    a.owner.as_str(),
                    a.location.as_ref().map(|l| l.as_str()),
                    a.module.as_ref().map(|m| m.as_str()),
                    a.status,
                    day(a.commissioned),
                    day(a.last_inspected),
                    day(a.due),
                ),
                Stock::Lot(l) => b.lot(
                    code,
                    l.item.as_str(),
                    l.owner.as_str(),
                    l.module.as_ref().map(|m| m.as_str()),
                    l.quantity,
                    day(l.expires),
                ),
            }
        }
        let mut s = b.finish();
        s.module_names = r.modules.clone();
        s
    }
}

/// The figures of `s` as of `on` in the scope named `scope` (a unit or warehouse code).
pub fn point(s: &Snapshot, on: NaiveDate, scope: Option<&str>) -> TrendPoint {
    let r = evaluate(s, on, 0);
    let w = match scope {
        None => Some(Within::Everything),
        Some(c) => s.place_id(c).map(Within::Place),
    };
    let mut modules: BTreeMap<String, Tally> = BTreeMap::new();
    if let Some(w) = w {
        for (l, x) in s.lines.iter().zip(&r.lines) {
            if s.place(l.place).kind == PlaceKind::Warehouse && within(s, l.place, w) {
                modules
                    .entry(s.module(l.module).to_owned())
                    .or_default()
                    .add_line(l.required, x.held, x.ready);
            }
        }
    }
    TrendPoint {
        on,
        figures: w.map(|w| r.figures(w).clone()),
        modules: modules.into_iter().collect(),
        targets: s.targets.iter().map(|t| judge(s, t, &r)).collect(),
    }
}

/// The figures of a date no movement of the ledger counts by: none, rather than a register
/// holding nothing (the register was not kept in depot yet: a depot's ledger starts the day
/// its workbook is imported, and a rate of zero before it would say nothing was held).
fn before_the_ledger(on: NaiveDate) -> TrendPoint {
    TrendPoint {
        on,
        figures: None,
        modules: Vec::new(),
        targets: Vec::new(),
    }
}

/// What [`Trend::push`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pushed {
    /// Applied, or, once every date is taken, noted (it changes no figure any more).
    Applied,
    /// The movement counts before a date already taken: the replay cannot go on.
    Late,
}

/// One replay of the ledger taking the figures at each date of a row. The replayed stock is
/// kept as the engine reads it and changed in place ([`super::live`]); [`as_of`] builds its
/// snapshot from scratch, and the two must agree.
pub struct Trend<'a> {
    scope: Option<&'a str>,
    dates: Vec<NaiveDate>,
    live: Live,
    /// The barcodes' numbers, for [`Self::push`].
    numbers: Numbers,
    points: Vec<TrendPoint>,
    /// The figures of the last date taken, computed on a thread of their own (from a copy of
    /// the snapshot) while the replay goes on.
    taking: Option<std::thread::JoinHandle<TrendPoint>>,
}

impl<'a> Trend<'a> {
    pub fn new(reference: &'a Reference, scope: Option<&'a str>, dates: Vec<NaiveDate>) -> Self {
        Trend {
            scope,
            dates,
            live: Live::new(reference),
            numbers: Numbers::default(),
            points: Vec::new(),
            taking: None,
        }
    }

    /// The next movement of the ledger.
    pub fn push(&mut self, m: &MovementRef<'_>) -> Result<Pushed, TrendError> {
        let n = self.numbers.number(m.barcode);
        self.push_numbered(m, n)
    }

    /// [`Self::push`] of a movement whose barcode the caller has numbered as a [`Numbers`] of
    /// its own would (with one, or by the ledger's links: [`super::Linked`]), given every
    /// movement of the ledger in turn (the replay then looks up no barcode; a reader of the
    /// ledger numbers them on its own thread).
    pub fn push_numbered(&mut self, m: &MovementRef<'_>, n: u32) -> Result<Pushed, TrendError> {
        let found = self.live.find(m, n);
        if let Some(last) = self.taken().checked_sub(1)
            && found.from <= self.dates[last]
        {
            return Ok(Pushed::Late);
        }
        // The dates this movement is after are complete: take them before it applies.
        while let Some(&on) = self.dates.get(self.taken())
            && on < found.from
        {
            self.take(on);
        }
        if self.taken() == self.dates.len() {
            self.live.pass(found);
        } else {
            self.live.apply(m, found)?;
        }
        Ok(Pushed::Applied)
    }

    /// Takes the figures as of `on`: the snapshot brought up to date here, its figures
    /// computed on a thread of their own (one date at a time) while the replay goes on.
    fn take(&mut self, on: NaiveDate) {
        if !self.live.begun() {
            // Nothing is being computed before the ledger begins.
            self.points.push(before_the_ledger(on));
            return;
        }
        let snapshot = self.live.snapshot().clone();
        let scope = self.scope.map(str::to_owned);
        self.collect();
        self.taking = Some(std::thread::spawn(move || {
            point(&snapshot, on, scope.as_deref())
        }));
    }

    /// The dates taken: their figures computed, or being computed.
    fn taken(&self) -> usize {
        self.points.len() + usize::from(self.taking.is_some())
    }

    /// Waits for the figures being computed.
    fn collect(&mut self) {
        if let Some(t) = self.taking.take() {
            let p = t.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            self.points.push(p);
        }
    }

    /// The figures at every date, once the whole ledger is pushed.
    pub fn finish(mut self) -> Vec<TrendPoint> {
        while let Some(&on) = self.dates.get(self.taken()) {
            self.take(on);
        }
        self.collect();
        self.points
    }
}

/// The figures as of `on` alone: the ledger (in its order) replayed with every movement that
/// counts by `on`, and nothing else. [`Trend`] must agree with it at each of its dates.
pub fn as_of<'m>(
    reference: &Reference,
    ledger: impl IntoIterator<Item = &'m NewMovement>,
    on: NaiveDate,
    scope: Option<&str>,
) -> Result<TrendPoint, TrendError> {
    let mut r = Replay::new(&reference.catalog);
    // The day each barcode's movements so far count from, including those left out.
    let mut seen: BTreeMap<String, NaiveDate> = BTreeMap::new();
    for m in ledger {
        let own = m.at.date_naive();
        let from = seen
            .get(m.barcode.as_str())
            .map_or(own, |&last| last.max(own));
        seen.insert(m.barcode.to_string(), from);
        if from <= on {
            r.apply(m, from)?;
        }
    }
    // Each movement applied keeps its barcode's stock: none, the ledger has not begun.
    if r.stock.is_empty() {
        return Ok(before_the_ledger(on));
    }
    Ok(point(&r.snapshot(reference), on, scope))
}

/// A percentage of a trend point's figure, for charts: `None` where there is nothing to
/// measure.
pub fn share(d: Option<Decimal>) -> Option<f64> {
    use rust_decimal::prelude::ToPrimitive;
    d.and_then(|d| d.to_f64())
}
