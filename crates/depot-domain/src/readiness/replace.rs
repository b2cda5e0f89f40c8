//! Service-life replacement: every held piece with a service life by the year its life ends,
//! with the cost of like-for-like replacement (the catalogue's unit price), and a plan that
//! spends a budget per year.
//!
//! The greedy rule of the plan, year by year (budget years in order):
//!
//! 1. The candidates are the held pieces in scope, not yet replaced by the plan, whose life
//!    ends on or before 31 December of the year (pieces already over-age included), and whose
//!    item has a price. Pieces without a price are counted, never chosen.
//! 2. The register is evaluated as of 31 December of the year, with the plan's earlier
//!    replacements in it. A replaced piece becomes a new one at its owner: commissioned on
//!    1 January of its year (or the report date, if later), inspected on delivery, ready.
//! 3. A candidate's gain is how much Σ min(ready / required, 1) over its owner's lines would
//!    rise if it were ready again (min(shortfall, 1) / required for every line that counts it
//!    and is still short of ready): that is, in version 2 of the rates, the rise of the ready
//!    coverage (完好满足率) of every scope that holds those lines, times its number of lines.
//!    The plan thus maximises ready coverage per yuan, each line weighing the same (one fire
//!    engine of a line of one outweighs one of 5,000 sandbags); the score is gain per yuan. The highest score goes first; ties go to the line
//!    that it completes (ready_met), then to the earlier life end, then to the barcode.
//!    Gains are recomputed as pieces are chosen (a line that has become ready gives no more
//!    gain), so money is not spent twice on the same gap.
//! 4. Pieces with no gain (surplus to any standard) come after all pieces with a gain, oldest
//!    life end first: they must be replaced too, but they raise no rate.
//! 5. A piece dearer than what is left of the year's budget is skipped and carried over to
//!    the next year; cheaper pieces after it may still fit. Money left at the end of a year
//!    lapses (budgets are annual).
//!
//! The years are projected with inspections, check-outs and the rotation of lots going on as
//! usual (their dates moved forward with the year), so that the figures show the effect of
//! service life and of the plan alone.
//!
//! Like-for-like replacement does not change what is held, so it raises the ready rate (and
//! lowers the over-age count) but not the equipped or compliance rates; the plan shows all of
//! them at the end of each year so that the effect of ageing alone is visible too.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::stock::{day_number, is_held, over_age_from};

use super::engine::{Within, evaluate, within};
use super::figures::Figures;
use super::snapshot::Snapshot;

/// One piece and its replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplacementRow {
    /// Index into [`Snapshot::assets`].
    pub asset: usize,
    pub due_year: i32,
    pub commissioned: NaiveDate,
    pub life_end: NaiveDate,
    pub unit_price: Option<Decimal>,
}

/// Every held piece in `w` with a service life and a commissioned date, by life end, then
/// order of the snapshot (barcode order, for a snapshot of the store).
pub fn replacements(s: &Snapshot, w: Within) -> Vec<ReplacementRow> {
    let mut out = Vec::new();
    for (i, a) in s.assets.iter().enumerate() {
        if !is_held(a.status) || a.over_age_from == i32::MAX {
            continue;
        }
        let cell = s.cells[a.cell as usize];
        if !within(s, cell.owner, w) {
            continue;
        }
        let (Some(c), Some(end)) = (
            a.commissioned
                .and_then(NaiveDate::from_num_days_from_ce_opt),
            NaiveDate::from_num_days_from_ce_opt(a.over_age_from),
        ) else {
            continue;
        };
        out.push(ReplacementRow {
            asset: i,
            due_year: end.year(),
            commissioned: c,
            life_end: end,
            unit_price: s.items[cell.item as usize].unit_price,
        });
    }
    // Assets are kept in barcode order (the store's), so the index breaks ties by barcode.
    out.sort_unstable_by_key(|r| (r.life_end, r.asset));
    out
}

/// Count and cost per key; pieces without a price are counted apart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Total {
    pub pieces: u64,
    pub cost: Decimal,
    pub unpriced: u64,
}

impl Total {
    fn add(&mut self, price: Option<Decimal>) {
        self.pieces += 1;
        match price {
            Some(p) => self.cost += p,
            None => self.unpriced += 1,
        }
    }
}

/// Totals per due year, in year order.
pub fn totals_by_year(rows: &[ReplacementRow]) -> Vec<(i32, Total)> {
    let mut out: Vec<(i32, Total)> = Vec::new();
    for r in rows {
        match out.iter_mut().find(|(y, _)| *y == r.due_year) {
            Some((_, t)) => t.add(r.unit_price),
            None => {
                let mut t = Total::default();
                t.add(r.unit_price);
                out.push((r.due_year, t));
            }
        }
    }
    out.sort_by_key(|(y, _)| *y);
    out
}

/// Totals per owner (place id), dearest first.
pub fn totals_by_owner(s: &Snapshot, rows: &[ReplacementRow]) -> Vec<(u32, Total)> {
    let mut per: Vec<Total> = vec![Total::default(); s.places.len()];
    for r in rows {
        let owner = s.cells[s.assets[r.asset].cell as usize].owner;
        per[owner as usize].add(r.unit_price);
    }
    let mut out: Vec<(u32, Total)> = per
        .into_iter()
        .enumerate()
        .filter(|(_, t)| t.pieces > 0)
        .map(|(p, t)| (p as u32, t))
        .collect();
    out.sort_by(|a, b| b.1.cost.cmp(&a.1.cost).then(a.0.cmp(&b.0)));
    out
}

/// Money for one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub year: i32,
    pub amount: Decimal,
}

/// One year of a plan.
#[derive(Debug, Clone)]
pub struct PlanYear {
    pub year: i32,
    pub budget: Decimal,
    pub spent: Decimal,
    /// The pieces replaced this year (indexes into [`Snapshot::assets`]), in the order chosen.
    pub replaced: Vec<usize>,
    /// Candidates left for later years (not funded this year).
    pub carried: usize,
    /// Cost of the carried candidates.
    pub carried_cost: Decimal,
    /// The figures of the scope at the end of the year, with the plan carried out.
    pub figures: Figures,
}

/// A budgeted replacement plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The figures of the scope as of the report date, before any replacement.
    pub baseline: Figures,
    pub years: Vec<PlanYear>,
    /// Pieces due within the plan's years that have no price and were not considered.
    pub unpriced: usize,
}

/// A heap entry: ordered by gain per yuan, then lines completed, then earlier life end.
#[derive(Debug, PartialEq, Eq)]
struct Entry {
    score: Decimal,
    completes: u32,
    life_end: Reverse<i32>,
    barcode_rank: Reverse<usize>,
    gain: Decimal,
}

impl Ord for Entry {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.score, self.completes, self.life_end, self.barcode_rank).cmp(&(
            o.score,
            o.completes,
            o.life_end,
            o.barcode_rank,
        ))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// Builds the plan for `w` from the report date `on` over `budgets` (see the module
/// documentation for the rule).
pub fn plan(s: &Snapshot, w: Within, on: NaiveDate, budgets: &[Budget]) -> Plan {
    let baseline = evaluate(s, on, 0).figures(w).clone();
    let mut budgets = budgets.to_vec();
    budgets.sort_by_key(|b| b.year);
    let mut sim = s.clone();
    let mut replaced = vec![false; s.assets.len()];
    let mut years = Vec::new();
    let mut unpriced_seen = vec![false; s.assets.len()];
    let mut unpriced = 0;
    for b in budgets {
        let Some(end) = NaiveDate::from_ymd_opt(b.year, 12, 31) else {
            continue;
        };
        let new_day = NaiveDate::from_ymd_opt(b.year, 1, 1).map_or(on, |d| d.max(on));
        let r = evaluate(&routine_kept(&sim, on, end), end, 0);
        let end_day = day_number(end);
        // Ready shortfall of each line (required − ready) as of the end of the year.
        let mut short: Vec<Decimal> = sim
            .lines
            .iter()
            .zip(&r.lines)
            .map(|(l, x)| (l.required - x.ready).max(Decimal::ZERO))
            .collect();
        let gain_of = |short: &[Decimal], i: usize| -> (Decimal, u32) {
            let cell = sim.cells[sim.assets[i].cell as usize];
            let mut gain = Decimal::ZERO;
            let mut completes = 0;
            for li in sim.lines_of(cell.owner) {
                if sim.counts_for(&sim.lines[li], &cell) && short[li] > Decimal::ZERO {
                    // Required > 0 (a line of 0 is refused at import).
                    gain += short[li]
                        .min(Decimal::ONE)
                        .checked_div(sim.lines[li].required)
                        .unwrap_or(Decimal::ZERO);
                    completes += u32::from(short[li] <= Decimal::ONE);
                }
            }
            (gain, completes)
        };
        let score = |gain: Decimal, price: Decimal| {
            if price.is_zero() {
                Decimal::MAX
            } else {
                gain.checked_div(price).unwrap_or(Decimal::ZERO)
            }
        };
        let mut heap = BinaryHeap::new();
        let mut cands = 0usize;
        for (i, a) in sim.assets.iter().enumerate() {
            if replaced[i] || !is_held(a.status) || a.over_age_from > end_day {
                continue;
            }
            let cell = sim.cells[a.cell as usize];
            if !within(&sim, cell.owner, w) {
                continue;
            }
            let Some(price) = sim.items[cell.item as usize].unit_price else {
                if !unpriced_seen[i] {
                    unpriced_seen[i] = true;
                    unpriced += 1;
                }
                continue;
            };
            let (gain, completes) = gain_of(&short, i);
            cands += 1;
            heap.push((
                Entry {
                    score: score(gain, price),
                    completes,
                    life_end: Reverse(a.over_age_from),
                    barcode_rank: Reverse(i),
                    gain,
                },
                price,
                i,
            ));
        }
        let mut left = b.amount;
        let mut year = PlanYear {
            year: b.year,
            budget: b.amount,
            spent: Decimal::ZERO,
            replaced: Vec::new(),
            carried: 0,
            carried_cost: Decimal::ZERO,
            figures: Figures::default(),
        };
        while let Some((e, price, i)) = heap.pop() {
            let (gain, completes) = gain_of(&short, i);
            if gain != e.gain || completes != e.completes {
                heap.push((
                    Entry {
                        score: score(gain, price),
                        completes,
                        gain,
                        ..e
                    },
                    price,
                    i,
                ));
                continue;
            }
            if price > left {
                year.carried += 1;
                year.carried_cost += price;
                continue;
            }
            left -= price;
            year.spent += price;
            year.replaced.push(i);
            replaced[i] = true;
            let cell = sim.cells[sim.assets[i].cell as usize];
            for li in sim.lines_of(cell.owner) {
                if sim.counts_for(&sim.lines[li], &cell) && short[li] > Decimal::ZERO {
                    short[li] = (short[li] - Decimal::ONE).max(Decimal::ZERO);
                }
            }
        }
        debug_assert_eq!(year.replaced.len() + year.carried, cands);
        let new = day_number(new_day);
        for &i in &year.replaced {
            let life = sim.items[sim.cells[sim.assets[i].cell as usize].item as usize].life_years;
            let a = &mut sim.assets[i];
            a.commissioned = Some(new);
            // Inspected on delivery; `routine_kept` keeps it in date from then on.
            a.last_inspected = Some(day_number(on));
            a.over_age_from = over_age_from(Some(new), life);
            a.status = crate::AssetStatus::Ready;
            a.checked_out = false;
            a.due = None;
        }
        year.figures = evaluate(&routine_kept(&sim, on, end), end, 0)
            .figures(w)
            .clone();
        years.push(year);
    }
    Plan {
        baseline,
        years,
        unpriced,
    }
}

/// `s` as it would stand on `end` if inspections and the rotation of lots went on as usual:
/// every last inspection, return date and expiry moved forward by the days from `on` to `end`,
/// so that only service life and the plan change what is ready.
fn routine_kept(s: &Snapshot, on: NaiveDate, end: NaiveDate) -> Snapshot {
    let shift = day_number(end) - day_number(on);
    let mut out = s.clone();
    for a in &mut out.assets {
        a.last_inspected = a.last_inspected.map(|d| d.saturating_add(shift));
        a.due = a.due.map(|d| d.saturating_add(shift));
    }
    for l in &mut out.lots {
        l.expires = l.expires.map(|d| d.saturating_add(shift));
    }
    out
}
