//! Targets: each compared with the figure of its scope on its deadline, or as of the report
//! date when the deadline is later.
//!
//! - **met**: the deadline has come (on or before the report date) and the figure on the
//!   deadline reaches the target;
//! - **on track**: the deadline is still ahead and the figure as of the report date already
//!   reaches it;
//! - **behind**: the figure does not reach the target (missed, when the deadline has passed);
//!   the result says by how much, in the metric's own terms.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::{Metric, Target, TargetScope};

use super::engine::{Readiness, evaluate};
use super::figures::{Figures, Tally, percent};
use super::snapshot::Snapshot;

/// Where a target stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetStatus {
    Met,
    OnTrack,
    Behind,
}

impl TargetStatus {
    pub fn en(self) -> &'static str {
        match self {
            TargetStatus::Met => "met",
            TargetStatus::OnTrack => "on track",
            TargetStatus::Behind => "behind",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            TargetStatus::Met => "已达成",
            TargetStatus::OnTrack => "进度正常",
            TargetStatus::Behind => "落后",
        }
    }
}

/// A target, judged.
#[derive(Debug, Clone)]
pub struct TargetResult {
    pub target: Target,
    /// The date the figure is taken on.
    pub judged_on: NaiveDate,
    /// The figure (percent, or a count for over_age); `None` when the scope has nothing to
    /// measure (no lines, no pieces, an unknown unit).
    pub actual: Option<Decimal>,
    pub status: TargetStatus,
    /// How far short, in `gap_unit`s; zero when reached.
    pub gap: Decimal,
    pub gap_unit: &'static str,
    /// One sentence: "compliance 81.3 % against 95 % by 2025-12-31: short by 6 units …".
    pub text: String,
}

/// Judges every target of `s` as of `on` (one engine pass per distinct date).
pub fn judge_targets(s: &Snapshot, on: NaiveDate) -> Vec<TargetResult> {
    let mut passes: Vec<Readiness> = Vec::new();
    let mut out = Vec::with_capacity(s.targets.len());
    for t in &s.targets {
        let judged_on = t.deadline.min(on);
        let r = match passes.iter().position(|r| r.as_of == judged_on) {
            Some(i) => &passes[i],
            None => {
                passes.push(evaluate(s, judged_on, 0));
                &passes[passes.len() - 1]
            }
        };
        out.push(judge(s, t, r, on));
    }
    out
}

fn ceil_pos(d: Decimal) -> Decimal {
    d.ceil().max(Decimal::ZERO)
}

/// Judges one target against figures taken on `r.as_of`; `on` is the report date.
pub fn judge(s: &Snapshot, t: &Target, r: &Readiness, on: NaiveDate) -> TargetResult {
    let empty = Figures::default();
    let (figs, category) = match &t.scope {
        TargetScope::Everything => (&r.everything, None),
        TargetScope::Unit(u) => (
            s.place_id(u.as_str())
                .map_or(&empty, |p| &r.total[p as usize]),
            None,
        ),
        TargetScope::Category(c) => (&r.everything, Some(r.everything.category(*c))),
    };
    let want = t.target;
    let hundred = Decimal::ONE_HUNDRED;
    let rate_gap = |tally: &Tally, ready: bool| {
        let have = if ready { tally.ready } else { tally.held };
        (want * tally.required / hundred - have).max(Decimal::ZERO)
    };
    let (actual, gap, unit): (Option<Decimal>, Decimal, &'static str) = match t.metric {
        Metric::EquippedRate | Metric::ReadyRate => {
            let ready = t.metric == Metric::ReadyRate;
            let tally = category.map_or(&figs.lines, |c| &c.lines);
            let actual = if ready {
                tally.ready_rate()
            } else {
                tally.equipped_rate()
            };
            (
                actual,
                rate_gap(tally, ready),
                "of what the standards require",
            )
        }
        Metric::ComplianceRate => {
            let (with, ok, unmet) = match category {
                Some(c) => (
                    c.places_with_lines,
                    c.places_compliant,
                    c.lines.lines - c.lines.equipped,
                ),
                None => (
                    figs.places_with_lines,
                    figs.places_compliant,
                    figs.lines.lines - figs.lines.equipped,
                ),
            };
            let need = ceil_pos(want * Decimal::from(with) / hundred - Decimal::from(ok));
            let unit = if unmet == 1 {
                "units or warehouses to bring up to standard (1 line not equipped)"
            } else {
                "units or warehouses to bring up to standard"
            };
            (percent(Decimal::from(ok), Decimal::from(with)), need, unit)
        }
        Metric::HighEndShare => {
            let (he, n) = match category {
                Some(c) => (c.high_end, c.pieces),
                None => figs
                    .categories
                    .iter()
                    .fold((0, 0), |(h, n), c| (h + c.high_end, n + c.pieces)),
            };
            let need = ceil_pos(want * Decimal::from(n) / hundred - Decimal::from(he));
            (
                percent(Decimal::from(he), Decimal::from(n)),
                need,
                "high-end pieces",
            )
        }
        Metric::OverAge => {
            let n = Decimal::from(category.map_or(figs.stock.over_age, |c| c.over_age));
            (Some(n), (n - want).max(Decimal::ZERO), "over-age pieces")
        }
        Metric::Saturation => {
            if category.is_some() {
                (None, Decimal::ZERO, "required in reserve")
            } else {
                (
                    figs.saturation(),
                    rate_gap(&figs.reserve, false),
                    "required in reserve",
                )
            }
        }
    };
    let reached = match (t.metric, actual) {
        (_, None) => false,
        (Metric::OverAge, Some(a)) => a <= want,
        (_, Some(a)) => a >= want,
    };
    let status = match (reached, t.deadline <= on) {
        (true, true) => TargetStatus::Met,
        (true, false) => TargetStatus::OnTrack,
        (false, _) => TargetStatus::Behind,
    };
    let gap = if reached { Decimal::ZERO } else { gap };
    let text = sentence(t, actual, status, gap, unit);
    TargetResult {
        target: t.clone(),
        judged_on: r.as_of,
        actual,
        status,
        gap,
        gap_unit: unit,
        text,
    }
}

fn sentence(
    t: &Target,
    actual: Option<Decimal>,
    status: TargetStatus,
    gap: Decimal,
    unit: &str,
) -> String {
    let name = match t.metric {
        Metric::EquippedRate => "equipped",
        Metric::ReadyRate => "ready",
        Metric::ComplianceRate => "compliance",
        Metric::HighEndShare => "high-end share",
        Metric::OverAge => "over-age",
        Metric::Saturation => "saturation",
    };
    let scope = match &t.scope {
        TargetScope::Everything => String::new(),
        s => format!(" ({s})"),
    };
    let count = t.metric == Metric::OverAge;
    let pct = if count { "" } else { " %" };
    let actual = match actual {
        Some(a) if count => a.normalize().to_string(),
        Some(a) => format!("{:.1}", a.round_dp(1)),
        None => "-".to_owned(),
    };
    let verdict = match status {
        TargetStatus::Met => "met".to_owned(),
        TargetStatus::OnTrack => "on track".to_owned(),
        TargetStatus::Behind if count => format!("{} too many", gap.normalize()),
        TargetStatus::Behind if actual == "-" => "nothing to measure".to_owned(),
        TargetStatus::Behind => format!("short by {} {unit}", gap.round_dp(2).normalize()),
    };
    format!(
        "{name}{scope} {actual}{pct} against {}{pct} by {}: {verdict}",
        t.target.normalize(),
        t.deadline,
    )
}
