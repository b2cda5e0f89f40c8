//! Rotation of reserves (收储轮换): as of a date, what the lots of each reserve module expire
//! month by month (or quarter by quarter) over the next two years, the share of each module's
//! baseline that this takes away, the periods where more than a set share goes at once, and a
//! proposal: the lots to use first (earliest expiry first), and what to buy when, with its
//! cost, so that what a module holds never drops below its baseline.
//!
//! Only lots with a module count (reserve stock; a module's baseline counts only stock of that
//! module). A lot is good through its expiry date, so it is lost in the period holding that
//! date; a lot already expired on the as-of date is not held. The share of a module's baseline
//! lost in a period follows the rates of `EXCHANGE.md` version 2: the mean over the module's
//! lines of min(expiring / required, 1), never a sum of quantities of different things.

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

use super::engine::{Within, within};
use super::figures::{line_ratio, percent};
use super::snapshot::{LineWhat, NO_MODULE, PlaceKind, Snapshot};
use crate::stock::day_number;
use crate::{Category, Tracking};

/// How long a rotation plan looks ahead, in months.
pub const HORIZON_MONTHS: u32 = 24;

/// The length of a period of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Every {
    #[default]
    Month,
    Quarter,
}

impl Every {
    pub fn months(self) -> u32 {
        match self {
            Every::Month => 1,
            Every::Quarter => 3,
        }
    }
}

/// A period of the plan: the first from the as-of date to the end of its month (quarter),
/// the others whole calendar months (quarters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// `2027-03`, or `2027-Q1`.
    pub fn label(&self, every: Every) -> String {
        match every {
            Every::Month => self.end.format("%Y-%m").to_string(),
            Every::Quarter => format!("{}-Q{}", self.end.year(), self.end.month0() / 3 + 1),
        }
    }
}

/// The periods of the plan as of `on`.
pub fn periods(on: NaiveDate, every: Every) -> Vec<Period> {
    let n = every.months();
    let first_month = on.month0() / n * n;
    let mut start = NaiveDate::from_ymd_opt(on.year(), first_month + 1, 1).unwrap_or(on);
    let mut out = Vec::new();
    for _ in 0..HORIZON_MONTHS / n {
        let next = start
            .checked_add_months(Months::new(n))
            .unwrap_or(NaiveDate::MAX);
        out.push(Period {
            start: start.max(on),
            end: next.pred_opt().unwrap_or(next),
        });
        start = next;
    }
    out
}

/// One (owner, module, lot-tracked item) of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct RotationRow {
    pub owner: u32,
    pub module: u16,
    pub item: u32,
    /// The baseline: what the owner's lines of the module require of the item; `None` without
    /// such a line.
    pub required: Option<Decimal>,
    /// What the owner holds of it in the module, good on the as-of date.
    pub held: Decimal,
    /// What expires in each period.
    pub expiring: Vec<Decimal>,
}

impl RotationRow {
    /// The share of the baseline that expires in period `k`, percent; `None` without a
    /// baseline.
    pub fn share(&self, k: usize) -> Option<Decimal> {
        self.required.and_then(|r| percent(self.expiring[k], r))
    }
}

/// A module of an owner in one period: the share of its baseline that expires.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleShare {
    pub owner: u32,
    pub module: u16,
    pub period: usize,
    /// The lines of the module's baseline.
    pub lines: usize,
    /// The mean over the lines of min(expiring / required, 1), percent.
    pub share: Decimal,
    /// More than the threshold.
    pub over: bool,
}

/// A lot to use first: it expires within the plan, earliest first.
#[derive(Debug, Clone, PartialEq)]
pub struct UseFirst {
    /// Index into [`Snapshot::lots`].
    pub lot: usize,
    pub expires: NaiveDate,
    pub period: usize,
    /// Units near its owner whose standards count its item (up to three): where it can go to
    /// be used before it expires.
    pub to: Vec<u32>,
}

/// A purchase that keeps a row at its baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Buy {
    /// Index into [`Rotation::rows`].
    pub row: usize,
    pub period: usize,
    /// The day it must be in by: the as-of date for what is short already, else the first
    /// expiry of the period.
    pub by: NaiveDate,
    pub quantity: Decimal,
    /// `None`: the item has no unit price.
    pub cost: Option<Decimal>,
}

/// The rotation plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Rotation {
    pub on: NaiveDate,
    pub every: Every,
    /// Percent.
    pub threshold: Decimal,
    pub periods: Vec<Period>,
    /// Ordered by owner, module and item.
    pub rows: Vec<RotationRow>,
    /// Each module of an owner in each period where some of its baseline expires.
    pub modules: Vec<ModuleShare>,
    pub use_first: Vec<UseFirst>,
    pub buys: Vec<Buy>,
}

impl Rotation {
    /// The largest share of one module's baseline expiring in one period, percent; `None`
    /// when no module has a baseline (or nothing of one expires: then 0).
    pub fn expiring_share(&self, s: &Snapshot, w: Within) -> Option<Decimal> {
        largest_share(s, w, None, &self.modules)
    }
}

/// The largest of `shares` (a module's share of its baseline expiring in one period, percent);
/// `None` when no place within `w` has a module line (of `category`), 0 when nothing of one
/// expires. The figure of the `expiring_share` target, over months.
pub fn largest_share(
    s: &Snapshot,
    w: Within,
    category: Option<Category>,
    shares: &[ModuleShare],
) -> Option<Decimal> {
    let any_line = s.lines.iter().any(|l| {
        l.module != NO_MODULE
            && within(s, l.place, w)
            && category.is_none_or(|c| s.line_category(l) == c)
    });
    any_line.then(|| {
        shares
            .iter()
            .map(|m| m.share)
            .max()
            .unwrap_or(Decimal::ZERO)
    })
}

fn date(d: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(d).unwrap_or(NaiveDate::MAX)
}

/// The period of day number `d`, if it falls within the plan.
fn period_of(periods: &[Period], d: i32) -> Option<usize> {
    periods
        .iter()
        .position(|p| day_number(p.start) <= d && d <= day_number(p.end))
}

/// The rotation plan of the lots within `w` as of `on`; `threshold` in percent.
pub fn rotation(
    s: &Snapshot,
    w: Within,
    on: NaiveDate,
    every: Every,
    threshold: Decimal,
) -> Rotation {
    let periods = periods(on, every);
    let d = day_number(on);
    let np = periods.len();
    let mut rows: Vec<RotationRow> = Vec::new();
    let mut row_of = std::collections::BTreeMap::<(u32, u16, u32), usize>::new();
    let mut key_row = |rows: &mut Vec<RotationRow>, k: (u32, u16, u32)| {
        *row_of.entry(k).or_insert_with(|| {
            rows.push(RotationRow {
                owner: k.0,
                module: k.1,
                item: k.2,
                required: None,
                held: Decimal::ZERO,
                expiring: vec![Decimal::ZERO; np],
            });
            rows.len() - 1
        })
    };
    for l in &s.lines {
        // Only lots expire: a line for a serialized item has no row (its pieces are
        // replaced by the replacement plan).
        if let LineWhat::Item(i) = l.what
            && l.module != NO_MODULE
            && s.item(i).tracking == Tracking::Lot
            && within(s, l.place, w)
        {
            let r = key_row(&mut rows, (l.place, l.module, i));
            *rows[r].required.get_or_insert(Decimal::ZERO) += l.required;
        }
    }
    let mut use_first = Vec::new();
    let consumers = consumers(s);
    for (i, lot) in s.lots.iter().enumerate() {
        let c = s.cells[lot.cell as usize];
        if c.module == NO_MODULE || !within(s, c.owner, w) || lot.expires.is_some_and(|e| e < d) {
            continue;
        }
        let r = key_row(&mut rows, (c.owner, c.module, c.item));
        rows[r].held += lot.quantity;
        if let Some(k) = lot.expires.and_then(|e| period_of(&periods, e)) {
            rows[r].expiring[k] += lot.quantity;
            let near = s.places[c.owner as usize].parent.unwrap_or(c.owner);
            use_first.push(UseFirst {
                lot: i,
                expires: date(lot.expires.unwrap_or(d)),
                period: k,
                to: consumers[c.item as usize]
                    .iter()
                    .copied()
                    .filter(|&p| s.within(p, near))
                    .take(3)
                    .collect(),
            });
        }
    }
    use_first
        .sort_by(|a, b| (a.expires, s.lot_barcode(a.lot)).cmp(&(b.expires, s.lot_barcode(b.lot))));
    // Rows in the order of their keys (owner, module, item).
    let sorted: Vec<RotationRow> = row_of.values().map(|&r| rows[r].clone()).collect();
    let buys = buys(s, &sorted, &periods, &use_first, on);
    let modules = module_shares(s, w, &periods, threshold, on, None);
    Rotation {
        on,
        every,
        threshold,
        periods,
        rows: sorted,
        modules,
        use_first,
        buys,
    }
}

/// For each item, the units whose lines count it (in place order, each once).
fn consumers(s: &Snapshot) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new(); s.items.len()];
    for l in &s.lines {
        if !matches!(s.place(l.place).kind, PlaceKind::Unit(..)) {
            continue;
        }
        for (i, it) in s.items.iter().enumerate() {
            let counts = match l.what {
                LineWhat::Item(x) => x as usize == i,
                LineWhat::Category(c) => it.category == c,
            };
            if counts && out[i].last() != Some(&l.place) {
                out[i].push(l.place);
            }
        }
    }
    out
}

/// What each row must buy, period by period, to stay at its baseline: whatever it is short
/// of the baseline after the period's losses (what is short already, in the first period).
/// Bought stock is taken to outlast the plan.
fn buys(
    s: &Snapshot,
    rows: &[RotationRow],
    periods: &[Period],
    use_first: &[UseFirst],
    on: NaiveDate,
) -> Vec<Buy> {
    let mut out = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let Some(base) = row.required else { continue };
        let mut have = row.held;
        for (k, lost) in row.expiring.iter().enumerate() {
            let short_now = have < base;
            have -= lost;
            if have >= base {
                continue;
            }
            let q = base - have;
            have = base;
            let first = use_first.iter().find(|u| {
                let c = s.cells[s.lots[u.lot].cell as usize];
                u.period == k && (c.owner, c.module, c.item) == (row.owner, row.module, row.item)
            });
            let by = match first {
                Some(u) if !short_now => u.expires,
                _ => periods[k].start.max(on),
            };
            out.push(Buy {
                row: r,
                period: k,
                by,
                quantity: q,
                cost: s.item(row.item).unit_price.map(|p| p * q),
            });
        }
    }
    out.sort_by_key(|b| (b.by, b.row));
    out
}

/// The share of each module's baseline (its lines of `category`, or all its lines) expiring in
/// each of `periods` (those where some does), by owner and module, as of `on`.
pub fn module_shares(
    s: &Snapshot,
    w: Within,
    periods: &[Period],
    threshold: Decimal,
    on: NaiveDate,
    category: Option<Category>,
) -> Vec<ModuleShare> {
    let d = day_number(on);
    let mut by_cell = vec![Vec::new(); s.cells.len()];
    for lot in &s.lots {
        by_cell[lot.cell as usize].push(lot);
    }
    let mut out = Vec::new();
    for p in 0..s.places.len() as u32 {
        if !within(s, p, w) {
            continue;
        }
        let lines: Vec<_> = s
            .lines_of(p)
            .map(|i| &s.lines[i])
            .filter(|l| l.module != NO_MODULE)
            .filter(|l| category.is_none_or(|c| s.line_category(l) == c))
            .collect();
        let mut modules: Vec<u16> = lines.iter().map(|l| l.module).collect();
        modules.dedup();
        for m in modules {
            let of: Vec<_> = lines.iter().filter(|l| l.module == m).collect();
            let mut expiring = vec![vec![Decimal::ZERO; of.len()]; periods.len()];
            for &c in s.cells_of(p) {
                let cell = s.cells[c as usize];
                if cell.module != m {
                    continue;
                }
                for lot in &by_cell[c as usize] {
                    let Some(k) = lot
                        .expires
                        .filter(|&e| e >= d)
                        .and_then(|e| period_of(periods, e))
                    else {
                        continue;
                    };
                    for (j, l) in of.iter().enumerate() {
                        if s.counts_for(l, &cell) {
                            expiring[k][j] += lot.quantity;
                        }
                    }
                }
            }
            for (k, e) in expiring.iter().enumerate() {
                if e.iter().all(Decimal::is_zero) {
                    continue;
                }
                let sum: Decimal = of
                    .iter()
                    .zip(e)
                    .map(|(l, x)| line_ratio(*x, l.required))
                    .sum();
                let share = percent(sum, Decimal::from(of.len() as u64)).unwrap_or_default();
                out.push(ModuleShare {
                    owner: p,
                    module: m,
                    period: k,
                    lines: of.len(),
                    share,
                    over: share > threshold,
                });
            }
        }
    }
    out
}
