//! Headquarters' own targets (its `targets` table, `depot import targets` at headquarters)
//! judged for each depot, on the figures of its latest bundle.
//!
//! A target with an empty scope is judged for every depot, `unit:CODE` for the depot of that
//! code. The figure is the one headquarters kept of the depot's latest bundle (`hq_figures`,
//! counted from its `readiness.csv`, `inventory.csv` and `assets.csv` when it was ingested),
//! the same one `report trend --by depot` shows on that bundle's date: equipped_rate,
//! ready_rate, ready_coverage, compliance_rate, saturation and over_age. A gap in lines (of
//! the equipped rate, ready coverage and saturation) is counted on the lines of its
//! `readiness.csv`. circle_coverage is judged on the circles over the whole service
//! ([`super::circles`]), for the depot's units. The others (high_end_share, expiring_share)
//! and any target by category need the depot's register, and are shown as not available,
//! never as 0.
//! A target is judged on the figure as of the depot's bundle date, as the depot's own `report
//! targets --as-of` that date judges it.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::Result;
use crate::store::Store;
use crate::store::hq::HqDepot;
use depot_domain::readiness::{
    Figures, GapUnit, TargetStatus, ceil_count, line_ratio, lines_to_fill, percent, verdict,
};
use depot_domain::{Metric, Target, TargetScope};

use super::circles::{ServiceCircles, service_circles};
use super::figures::{ReadinessLine, readiness_lines};
use super::trend;
use depot_domain::readiness::CircleSpec;

/// How a target stands for one depot.
#[derive(Debug, Clone, PartialEq)]
pub enum Judged {
    /// Judged on the depot's figure (`None`: nothing to measure, as in the depot's report).
    Figure {
        actual: Option<Decimal>,
        status: TargetStatus,
        gap: u64,
        gap_unit: GapUnit,
    },
    /// The depot's bundle does not carry this figure.
    NotAvailable,
    /// The depot has sent no bundle yet.
    NoBundle,
}

/// A target of headquarters, for one depot.
#[derive(Debug, Clone, PartialEq)]
pub struct DepotTarget {
    pub depot: String,
    pub name: String,
    /// The date the depot's figures are for (its latest bundle's).
    pub as_of: Option<NaiveDate>,
    pub target: Target,
    pub judged: Judged,
}

/// Headquarters' targets, judged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HqTargets {
    /// Per target (in the table's order), per depot (in code order).
    pub rows: Vec<DepotTarget>,
    /// Targets for a unit that is not an enrolled depot: nothing headquarters can judge.
    pub elsewhere: Vec<Target>,
}

/// The ratios a depot's lines give: what the computable metrics are made of.
struct Lines {
    equipped: Vec<Decimal>,
    ready: Vec<Decimal>,
    reserve: Vec<Decimal>,
}

impl Lines {
    fn of(lines: &[ReadinessLine]) -> Lines {
        let mut out = Lines {
            equipped: Vec::with_capacity(lines.len()),
            ready: Vec::with_capacity(lines.len()),
            reserve: Vec::new(),
        };
        for l in lines {
            let held = line_ratio(l.held, l.required);
            out.equipped.push(held);
            out.ready.push(line_ratio(l.ready, l.required));
            if !l.module.is_empty() {
                out.reserve.push(held);
            }
        }
        out
    }

    /// `t` judged on `kept`, the figures kept of the bundle these lines are of.
    fn judge(&self, t: &Target, kept: &Figures, on: NaiveDate) -> Judged {
        if matches!(t.scope, TargetScope::Category(_)) {
            return Judged::NotAvailable;
        }
        let Some(actual) = super::trend::actual(t.metric, kept) else {
            return Judged::NotAvailable;
        };
        let want = t.target;
        let hundred = Decimal::ONE_HUNDRED;
        let (gap, gap_unit) = match t.metric {
            Metric::EquippedRate | Metric::ReadyCoverage | Metric::Saturation => {
                let v = match t.metric {
                    Metric::EquippedRate => &self.equipped,
                    Metric::ReadyCoverage => &self.ready,
                    _ => &self.reserve,
                };
                (lines_to_fill(v.clone(), want), GapUnit::Lines)
            }
            Metric::ComplianceRate => {
                let with = Decimal::from(kept.places_with_lines);
                let ok = Decimal::from(kept.places_compliant);
                (ceil_count(want * with / hundred - ok), GapUnit::Places)
            }
            Metric::ReadyRate => {
                let held = Decimal::from(kept.stock.pieces);
                let ready = Decimal::from(kept.stock.pieces_ready);
                (
                    ceil_count(want * held / hundred - ready),
                    GapUnit::PiecesToMakeReady,
                )
            }
            Metric::OverAge => (
                ceil_count(Decimal::from(kept.stock.over_age) - want),
                GapUnit::OverAgePieces,
            ),
            Metric::HighEndShare | Metric::ExpiringShare | Metric::CircleCoverage => {
                return Judged::NotAvailable;
            }
        };
        let status = verdict(t, actual, on);
        Judged::Figure {
            actual,
            status,
            gap: if status == TargetStatus::Met { 0 } else { gap },
            gap_unit,
        }
    }
}

/// Headquarters' targets judged for each depot enrolled (only `only`, when given).
pub fn judge(store: &Store, only: Option<&str>) -> Result<HqTargets> {
    let r = store.read()?;
    let targets = r.targets()?;
    let all = r.hq_depots()?;
    let depots: Vec<&HqDepot> = all
        .iter()
        .filter(|d| only.is_none_or(|o| o == d.code))
        .collect();
    // Each depot's lines and the figures kept of its latest bundle, as the trend by depot
    // takes them on that bundle's date.
    let mut lines = Vec::with_capacity(depots.len());
    for d in &depots {
        lines.push(match &d.last {
            Some(last) => {
                let bundles = r.hq_bundles(&d.code)?;
                match trend::at(&bundles, &trend::kept(&r, d)?, last.as_of) {
                    trend::At::Bundle(f) => Some((
                        Lines::of(&readiness_lines(&r, &d.code)?),
                        trend::figures(&f),
                    )),
                    _ => None,
                }
            }
            None => None,
        });
    }
    // The circles over the whole service, once, when a target asks for their coverage.
    let circles = if targets.iter().any(|t| t.metric == Metric::CircleCoverage) {
        Some(service_circles(store, None, |_| Ok(CircleSpec::default()))?)
    } else {
        None
    };
    let mut out = HqTargets::default();
    for t in targets {
        if let TargetScope::Unit(u) = &t.scope
            && !all.iter().any(|d| d.code == u.as_str())
        {
            out.elsewhere.push(t);
            continue;
        }
        for (d, l) in depots.iter().zip(&lines) {
            if let TargetScope::Unit(u) = &t.scope
                && u.as_str() != d.code
            {
                continue;
            }
            let as_of = d.last.as_ref().map(|l| l.as_of);
            let judged = match (l, as_of) {
                (Some(_), Some(on))
                    if t.metric == Metric::CircleCoverage
                        && !matches!(t.scope, TargetScope::Category(_)) =>
                {
                    circles.as_ref().map_or(Judged::NotAvailable, |c| {
                        circle_coverage(c, &d.code, &t, on)
                    })
                }
                (Some((l, kept)), Some(on)) => l.judge(&t, kept, on),
                _ => Judged::NoBundle,
            };
            out.rows.push(DepotTarget {
                depot: d.code.clone(),
                name: d.name.clone(),
                as_of,
                target: t.clone(),
                judged,
            });
        }
    }
    Ok(out)
}

/// circle_coverage for depot `code`: its units' rows (a unit and a module) whose nearest
/// stocked warehouse, of any depot, lies within the unit's own circle, at the default
/// threshold and roads, as the depot's own targets report counts them. A depot whose latest
/// bundle carried no places (version 1) has no figure to judge.
fn circle_coverage(c: &ServiceCircles, code: &str, t: &Target, on: NaiveDate) -> Judged {
    let Some(i) = c.depots.iter().position(|d| d.depot.code == code) else {
        return Judged::NotAvailable;
    };
    if !c.depots[i].has_places() {
        return Judged::NotAvailable;
    }
    let (mut n, mut inside) = (0u64, 0u64);
    for u in c
        .plan
        .units
        .iter()
        .filter(|u| c.owner[u.unit as usize] == Some(i))
    {
        n += 1;
        inside += u64::from(u.inside(u.circle));
    }
    let (n, inside) = (Decimal::from(n), Decimal::from(inside));
    let actual = percent(inside, n);
    let status = verdict(t, actual, on);
    Judged::Figure {
        actual,
        status,
        gap: if status == TargetStatus::Met {
            0
        } else {
            ceil_count(t.target * n / Decimal::ONE_HUNDRED - inside)
        },
        gap_unit: GapUnit::UnitModules,
    }
}
