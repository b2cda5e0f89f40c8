//! The targets report across depots: each target judged on the depots' figures.

use super::parts::report;
use super::words::NOT_AVAILABLE;
use super::words::hc;
use crate::Result;
use crate::hq::targets::{self, Judged};
use crate::store::Store;
use depot_domain::readiness::TargetStatus;
use depot_domain::vocab::Vocabulary;
use depot_report::metric_name;
use depot_report::table::{Cell, Report, Section};
use depot_report::words::{Lang, cols as c, l, label as lb, pick};

/// `report targets --by depot`: headquarters' targets judged per depot.
pub(super) fn targets_report(store: &Store, only: Option<&str>, lang: Lang) -> Result<Report> {
    let judged = targets::judge(store, only)?;
    let mut r = report(("Targets by depot", "各库目标"), lang);
    let mut sec = Section::new(
        "targets",
        pick(
            lang,
            "Headquarters' targets, judged on each depot's figures as of its bundle",
            "总部目标（按各库数据包日期的数值评定）",
        ),
        vec![
            hc::DEPOT,
            hc::DEPOT_NAME,
            hc::AS_OF,
            c::METRIC,
            c::METRIC_NAME,
            c::SCOPE,
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
    let (mut met, mut na) = (0usize, 0usize);
    for t in &judged.rows {
        let scope = match &t.target.scope {
            depot_domain::TargetScope::Everything => String::new(),
            depot_domain::TargetScope::Unit(u) => format!("unit:{u}"),
            depot_domain::TargetScope::Category(cat) => format!("category:{cat}"),
        };
        let (actual, status, status_name, gap, gap_unit) = match &t.judged {
            Judged::Figure {
                actual,
                status,
                gap,
                gap_unit,
            } => {
                met += usize::from(*status == TargetStatus::Met);
                (
                    actual.map_or(Cell::Empty, |a| {
                        Cell::Num(depot_domain::readiness::rate2(a))
                    }),
                    status.en(),
                    pick(lang, status.en(), status.zh()),
                    Cell::int(*gap),
                    Cell::text(pick(lang, gap_unit.en(), gap_unit.zh())),
                )
            }
            Judged::NotAvailable => {
                na += 1;
                (
                    Cell::Empty,
                    "not_available",
                    pick(lang, "not available from a bundle", "数据包中无此数值"),
                    Cell::Empty,
                    Cell::Empty,
                )
            }
            Judged::NoBundle => {
                na += 1;
                (
                    Cell::Empty,
                    "no_bundle",
                    pick(lang, "no bundle yet", "尚无数据包"),
                    Cell::Empty,
                    Cell::Empty,
                )
            }
        };
        sec.rows.push(vec![
            Cell::text(t.depot.clone()),
            Cell::text(t.name.clone()),
            Cell::opt_date(t.as_of),
            Cell::text(t.target.metric.en()),
            Cell::text(metric_name(t.target.metric, lang)),
            Cell::text(scope),
            Cell::Num(t.target.target),
            Cell::Date(t.target.deadline),
            actual,
            Cell::text(status),
            Cell::text(status_name),
            gap,
            gap_unit,
            Cell::text(t.target.source.clone().unwrap_or_default()),
        ]);
    }
    r.fact(
        "targets",
        l(lang, lb::TARGETS),
        Cell::int(sec.rows.len()),
        "",
    );
    r.fact("targets_met", l(lang, lb::TARGETS_MET), Cell::int(met), "");
    r.fact("not_available", l(lang, NOT_AVAILABLE), Cell::int(na), "");
    r.sections.push(sec);
    r.notes.push(
        pick(
            lang,
            "Targets of this database's targets table (`depot import targets FILE` here): an empty scope is judged for every depot, unit:CODE for that depot. Each is judged on the figures headquarters kept of the depot's latest bundle, the ones `report trend --by depot` shows on its date: equipped_rate, ready_rate, ready_coverage, compliance_rate, saturation and over_age; high_end_share and targets by category need the depot's register: not available here, never 0.",
            "本数据库目标表中的目标（在此执行 `depot import targets 文件`）：范围为空的目标对每个库评定，unit:代码 只对该库评定。均按总部保存的该库最新数据包数值评定，即 `report trend --by depot` 在该日期显示的数值：配备率、完好率、完好满足率、达标率、饱和度与超期服役；高精尖占比及按类别的目标需要该库的登记簿：此处无法计算，不按 0 计。",
        )
        .to_owned(),
    );
    for t in &judged.elsewhere {
        let u = match &t.scope {
            depot_domain::TargetScope::Unit(u) => u.to_string(),
            _ => String::new(),
        };
        r.notes.push(match lang {
            Lang::En => format!(
                "{} of unit {u} ({} by {}): {u} is not an enrolled depot, so headquarters cannot judge it; the depot it belongs to can",
                t.metric.en(),
                t.target.normalize(),
                t.deadline
            ),
            Lang::Zh => format!(
                "单位 {u} 的{}（目标 {}，截止 {}）：{u} 不是已登记的库，总部无法评定；请由其所属的库评定",
                t.metric.zh(),
                t.target.normalize(),
                t.deadline
            ),
        });
    }
    Ok(r)
}
