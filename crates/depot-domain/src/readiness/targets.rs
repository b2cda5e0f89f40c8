//! Targets, judged on the figure as of the report's date (`EXCHANGE.md` version 2):
//!
//! - **met**: the figure reaches the target;
//! - **behind**: it does not, and the deadline is still ahead (the deadline day included);
//! - **missed**: it does not, and the deadline has passed.
//!
//! The gap is given in the target's own terms, never as a sum across different things: lines
//! to bring up to what they require (equipped rate, ready coverage, saturation), pieces to make
//! ready (ready rate), units and warehouses to bring up to standard (compliance), pieces to
//! replace by high-end ones (high-end share), over-age pieces too many (over-age), months of a
//! module that lose more of its baseline than the target (expiring share; lower is better),
//! units (per module) to bring within their response circle (circle coverage).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::{Category, Metric, Target, TargetScope};

use super::circles::{CircleSpec, circles};
use super::engine::{Readiness, Within, evaluate};
use super::figures::{Figures, line_ratio, percent};
use super::rotation::{Every, largest_share, module_shares, periods};
use super::snapshot::{PlaceKind, Snapshot};

/// Where a target stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetStatus {
    Met,
    Behind,
    Missed,
}

impl TargetStatus {
    pub fn en(self) -> &'static str {
        match self {
            TargetStatus::Met => "met",
            TargetStatus::Behind => "behind",
            TargetStatus::Missed => "missed",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            TargetStatus::Met => "已达成",
            TargetStatus::Behind => "未达成（未到期）",
            TargetStatus::Missed => "逾期未达成",
        }
    }
}

/// What a gap counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapUnit {
    /// Lines of standards to bring up to what they require.
    Lines,
    /// Held pieces to make ready.
    PiecesToMakeReady,
    /// Units and warehouses to bring up to standard.
    Places,
    /// Pieces to replace by high-end ones.
    HighEndPieces,
    /// Over-age pieces beyond the target.
    OverAgePieces,
    /// Months of a module that lose more of its baseline than the target.
    ModuleMonths,
    /// Units (each with a module) to bring within their response circle.
    UnitModules,
}

impl GapUnit {
    /// The English snake-case word (JSON, CSV).
    pub fn key(self) -> &'static str {
        match self {
            GapUnit::Lines => "lines",
            GapUnit::PiecesToMakeReady => "pieces_to_make_ready",
            GapUnit::Places => "units_and_warehouses",
            GapUnit::HighEndPieces => "high_end_pieces",
            GapUnit::OverAgePieces => "over_age_pieces",
            GapUnit::ModuleMonths => "module_months",
            GapUnit::UnitModules => "unit_modules",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            GapUnit::Lines => "lines to bring up to the standard",
            GapUnit::PiecesToMakeReady => "pieces to make ready",
            GapUnit::Places => "units or warehouses to bring up to standard",
            GapUnit::HighEndPieces => "pieces to replace by high-end ones",
            GapUnit::OverAgePieces => "over-age pieces too many",
            GapUnit::ModuleMonths => "months of a module losing more of its baseline",
            GapUnit::UnitModules => "units (per module) to bring within their circle",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            GapUnit::Lines => "条配备标准未满足",
            GapUnit::PiecesToMakeReady => "件装备待恢复完好",
            GapUnit::Places => "个单位或储备库待达标",
            GapUnit::HighEndPieces => "件待更换为高精尖装备",
            GapUnit::OverAgePieces => "件超期服役装备待更新",
            GapUnit::ModuleMonths => "个模块月份到期超标",
            GapUnit::UnitModules => "个单位（按模块计）待纳入响应圈",
        }
    }
}

/// A target, judged as of the report date.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetResult {
    pub target: Target,
    /// The report date the figure is taken on.
    pub judged_on: NaiveDate,
    /// The figure (percent, or a count for over_age); `None` when the scope has nothing to
    /// measure (no lines, no pieces, an unknown unit).
    pub actual: Option<Decimal>,
    pub status: TargetStatus,
    /// How far short, in `gap_unit`s; zero when met.
    pub gap: u64,
    pub gap_unit: GapUnit,
}

/// Judges every target of `s` as of `on` (one engine pass).
pub fn judge_targets(s: &Snapshot, on: NaiveDate) -> Vec<TargetResult> {
    let r = evaluate(s, on, 0);
    s.targets.iter().map(|t| judge(s, t, &r)).collect()
}

/// The smallest whole number ≥ `d`, at least zero.
pub fn ceil_count(d: Decimal) -> u64 {
    use rust_decimal::prelude::ToPrimitive;
    d.ceil().max(Decimal::ZERO).to_u64().unwrap_or(u64::MAX)
}

/// Lines to bring to what they require (ratio 1) for the mean of `ratios` to reach `want` %:
/// the furthest behind first.
pub fn lines_to_fill(mut ratios: Vec<Decimal>, want: Decimal) -> u64 {
    let need = want * Decimal::from(ratios.len()) / Decimal::ONE_HUNDRED;
    let mut sum: Decimal = ratios.iter().sum();
    ratios.sort_unstable();
    let mut n = 0;
    for r in ratios {
        if sum >= need {
            break;
        }
        sum += Decimal::ONE - r;
        n += 1;
    }
    n
}

/// Judges one target against the figures `r` (taken on the report date).
pub fn judge(s: &Snapshot, t: &Target, r: &Readiness) -> TargetResult {
    let empty = Figures::default();
    let place = match &t.scope {
        TargetScope::Unit(u) => Some(s.place_id(u.as_str())),
        _ => None,
    };
    let category: Option<Category> = match &t.scope {
        TargetScope::Category(c) => Some(*c),
        _ => None,
    };
    let figs = match place {
        None => &r.everything,
        Some(Some(p)) => &r.total[p as usize],
        Some(None) => &empty,
    };
    // The ratios of the lines of the scope (a warehouse's lines only, for saturation).
    let ratios = |ready: bool, reserve_only: bool| -> Vec<Decimal> {
        if place == Some(None) {
            return Vec::new();
        }
        s.lines
            .iter()
            .zip(&r.lines)
            .filter(|(l, _)| match place {
                Some(Some(p)) => s.within(l.place, p),
                _ => true,
            })
            .filter(|(l, _)| category.is_none_or(|c| s.line_category(l) == c))
            .filter(|(l, _)| !reserve_only || s.place(l.place).kind == PlaceKind::Warehouse)
            .map(|(l, x)| line_ratio(if ready { x.ready } else { x.held }, l.required))
            .collect()
    };
    let want = t.target;
    let hundred = Decimal::ONE_HUNDRED;
    let mean = |v: &[Decimal]| percent(v.iter().sum(), Decimal::from(v.len() as u64));
    let (actual, gap, unit) = match t.metric {
        Metric::EquippedRate | Metric::ReadyCoverage | Metric::Saturation => {
            let v = ratios(
                t.metric == Metric::ReadyCoverage,
                t.metric == Metric::Saturation,
            );
            (mean(&v), lines_to_fill(v, want), GapUnit::Lines)
        }
        Metric::ReadyRate => {
            let (ready, held) = match category {
                Some(c) => (figs.category(c).pieces_ready, figs.category(c).pieces),
                None => (figs.stock.pieces_ready, figs.stock.pieces),
            };
            let (ready, held) = (Decimal::from(ready), Decimal::from(held));
            (
                percent(ready, held),
                ceil_count(want * held / hundred - ready),
                GapUnit::PiecesToMakeReady,
            )
        }
        Metric::ComplianceRate => {
            let (with, ok) = match category {
                Some(c) => (
                    figs.category(c).places_with_lines,
                    figs.category(c).places_compliant,
                ),
                None => (figs.places_with_lines, figs.places_compliant),
            };
            let (with, ok) = (Decimal::from(with), Decimal::from(ok));
            (
                percent(ok, with),
                ceil_count(want * with / hundred - ok),
                GapUnit::Places,
            )
        }
        Metric::HighEndShare => {
            let (he, n) = match category {
                Some(c) => (figs.category(c).high_end, figs.category(c).pieces),
                None => figs
                    .categories
                    .iter()
                    .fold((0, 0), |(h, n), c| (h + c.high_end, n + c.pieces)),
            };
            let (he, n) = (Decimal::from(he), Decimal::from(n));
            (
                percent(he, n),
                ceil_count(want * n / hundred - he),
                GapUnit::HighEndPieces,
            )
        }
        Metric::OverAge => {
            let n =
                Decimal::from(category.map_or(figs.stock.over_age, |c| figs.category(c).over_age));
            (Some(n), ceil_count(n - want), GapUnit::OverAgePieces)
        }
        Metric::ExpiringShare => {
            // Over the months of the rotation plan from the report date; a unit the register
            // does not hold has nothing to measure.
            match place {
                Some(None) => (None, 0, GapUnit::ModuleMonths),
                _ => {
                    let w = place.flatten().map_or(Within::Everything, Within::Place);
                    let months = periods(r.as_of, Every::Month);
                    let shares = module_shares(s, w, &months, want, r.as_of, category);
                    let over = shares.iter().filter(|m| m.over).count() as u64;
                    (
                        largest_share(s, w, category, &shares),
                        over,
                        GapUnit::ModuleMonths,
                    )
                }
            }
        }
        Metric::CircleCoverage => {
            // Units of the scope with a location, each with every reserve module, at the
            // default threshold and roads; a category has no circle.
            match (place, category) {
                (Some(None), _) | (_, Some(_)) => (None, 0, GapUnit::UnitModules),
                _ => {
                    let w = place.flatten().map_or(Within::Everything, Within::Place);
                    let c = circles(s, r, w, CircleSpec::default());
                    let n = Decimal::from(c.units.len() as u64);
                    let inside = n - Decimal::from(c.outside() as u64);
                    (
                        c.coverage(),
                        ceil_count(want * n / hundred - inside),
                        GapUnit::UnitModules,
                    )
                }
            }
        }
    };
    let status = verdict(t, actual, r.as_of);
    TargetResult {
        target: t.clone(),
        judged_on: r.as_of,
        actual,
        status,
        gap: if status == TargetStatus::Met { 0 } else { gap },
        gap_unit: unit,
    }
}

/// Target `t` judged on the figure `actual` taken on `on`: met when the figure reaches it
/// (at most the target for over_age and expiring_share), else behind until the deadline and missed after it. No
/// figure (nothing to measure) does not reach a target.
pub fn verdict(t: &Target, actual: Option<Decimal>, on: NaiveDate) -> TargetStatus {
    let reached = match (t.metric, actual) {
        (_, None) => false,
        (Metric::OverAge | Metric::ExpiringShare, Some(a)) => a <= t.target,
        (_, Some(a)) => a >= t.target,
    };
    if reached {
        TargetStatus::Met
    } else if t.deadline < on {
        TargetStatus::Missed
    } else {
        TargetStatus::Behind
    }
}
