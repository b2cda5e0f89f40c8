//! The targets report: each target met, on track or behind, with its gap.

use crate::parts::{q, report};
use crate::table::{Cell, Report, Section};
use crate::words::{Lang, cols as c, l, label as lb, pick};
use chrono::NaiveDate;
use depot_domain::readiness::{self as rd, Snapshot};
use depot_domain::vocab::Vocabulary;

pub fn metric_name(m: depot_domain::Metric, lang: Lang) -> &'static str {
    pick(lang, m.en(), m.zh())
}

pub(crate) fn targets(s: &Snapshot, on: NaiveDate, lang: Lang) -> Report {
    let mut r = report(("Targets", "目标"), lang);
    let mut sec = Section::new(
        "targets",
        pick(
            lang,
            "Targets, judged on the figure as of the report date",
            "目标（按报告日期的数值评定）",
        ),
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
    let results = rd::judge_targets(s, on);
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
            pick(lang, "nothing to measure", "无可计算").to_owned()
        } else {
            format!("{actual}{pct}")
        };
        let verdict = match t.status {
            rd::TargetStatus::Met => String::new(),
            _ => match lang {
                Lang::En => format!(": {} {}", t.gap, t.gap_unit.en()),
                Lang::Zh => format!("：{} {}", t.gap, t.gap_unit.zh()),
            },
        };
        r.notes.push(match lang {
            Lang::En => format!(
                "{} — {} {scope_name}: {actual} against {}{pct} by {}{verdict}",
                t.status.en(),
                t.target.metric.en(),
                t.target.target.normalize(),
                t.target.deadline
            ),
            Lang::Zh => format!(
                "{} — {}（{scope_name}）当前 {actual}，目标 {}{pct}，截止 {}{verdict}",
                t.status.zh(),
                t.target.metric.zh(),
                t.target.target.normalize(),
                t.target.deadline
            ),
        });
    }
    r.sections.push(sec);
    r
}
