//! The targets report: each target met, on track or behind, with its gap.

use crate::parts::{q, report};
use crate::table::{Cell, Report, Section};
use crate::words::{Lang, ReportMsg, W, cols as c, l, label as lb, pick};
use chrono::NaiveDate;
use depot_domain::readiness::{self as rd, Snapshot};
use depot_domain::vocab::Vocabulary;

pub fn metric_name(m: depot_domain::Metric, lang: Lang) -> &'static str {
    pick(lang, m.en(), m.zh())
}

pub(crate) fn targets(s: &Snapshot, on: NaiveDate, lang: Lang) -> Report {
    judged(s, rd::judge_targets(s, on), lang)
}

/// The targets report of targets judged (`results`).
pub(crate) fn judged(s: &Snapshot, results: Vec<rd::TargetResult>, lang: Lang) -> Report {
    let mut r = report(W::TitleTargets, lang);
    let mut sec = Section::new(
        "targets",
        W::SecTargets.get(lang),
        vec![
            c::METRIC,
            c::METRIC_NAME,
            c::SCOPE,
            c::SCOPE_NAME,
            c::TARGET,
            c::DEADLINE,
            c::ACTUAL,
            c::STATUS,
            c::STATUS_NAME,
            c::GAP,
            c::GAP_UNIT,
            c::SOURCE,
        ],
    );
    let met = results
        .iter()
        .filter(|t| t.status == rd::TargetStatus::Met)
        .count();
    r.fact(
        "targets",
        l(lang, lb::TARGETS),
        Cell::int(results.len()),
        "",
    );
    r.fact("targets_met", l(lang, lb::TARGETS_MET), Cell::int(met), "");
    for t in results {
        let (scope, scope_name) = match &t.target.scope {
            depot_domain::TargetScope::Everything => {
                (String::new(), l(lang, lb::EVERYTHING).to_owned())
            }
            depot_domain::TargetScope::Unit(u) => (
                format!("unit:{u}"),
                s.place_id(u.as_str())
                    .map(|p| s.place(p).name.clone())
                    .unwrap_or_default(),
            ),
            depot_domain::TargetScope::Category(cat) => (
                format!("category:{cat}"),
                pick(lang, cat.en(), cat.zh()).to_owned(),
            ),
        };
        let count = t.target.metric == depot_domain::Metric::OverAge;
        let actual = match t.actual {
            Some(a) if count => Cell::Num(a),
            Some(a) => Cell::Num(rd::rate2(a)),
            None => Cell::Empty,
        };
        sec.rows.push(vec![
            Cell::text(t.target.metric.en()),
            Cell::text(metric_name(t.target.metric, lang)),
            Cell::text(scope),
            Cell::text(scope_name.clone()),
            q(t.target.target),
            Cell::Date(t.target.deadline),
            actual.clone(),
            Cell::text(t.status.en()),
            Cell::text(pick(lang, t.status.en(), t.status.zh())),
            Cell::int(t.gap),
            Cell::text(pick(lang, t.gap_unit.en(), t.gap_unit.zh())),
            Cell::text(t.target.source.clone().unwrap_or_default()),
        ]);
        let pct = if count { "" } else { " %" };
        let actual = actual.display(lang);
        let actual = if actual.is_empty() {
            W::NothingToMeasure.get(lang).to_owned()
        } else {
            format!("{actual}{pct}")
        };
        let status = pick(lang, t.status.en(), t.status.zh()).to_owned();
        let metric = metric_name(t.target.metric, lang).to_owned();
        let target = t.target.target.normalize().to_string();
        let deadline = t.target.deadline.to_string();
        let (pct, scope) = (pct.to_owned(), scope_name);
        r.notes.push(
            match t.status {
                rd::TargetStatus::Met => ReportMsg::TargetMet {
                    status,
                    metric,
                    scope,
                    actual,
                    target,
                    pct,
                    deadline,
                },
                _ => ReportMsg::TargetShort {
                    status,
                    metric,
                    scope,
                    actual,
                    target,
                    pct,
                    deadline,
                    gap: t.gap.to_string(),
                    unit: pick(lang, t.gap_unit.en(), t.gap_unit.zh()).to_owned(),
                },
            }
            .say(lang),
        );
    }
    r.sections.push(sec);
    r
}
