//! The readiness report by depot: one row per depot from its last bundle's figures.

use super::parts::{depot_row, report};
use super::spec::HqSpec;
use super::words::hc;
use super::words::{DEPOTS, STALE};
use crate::Result;
use crate::hq::figures::{self};
use crate::store::Store;
use depot_report::table::{Cell, Report, Section};
use depot_report::words::{Lang, cols as c, l, pick};

/// `report readiness --by depot`: a row per depot.
pub(super) fn by_depot(store: &Store, spec: &HqSpec, lang: Lang) -> Result<Report> {
    let all = figures::overview(store, spec.today, spec.stale_days)?;
    let mut r = report(("Readiness by depot", "各库战备状态"), lang);
    let stale = all.iter().filter(|f| f.state.is_stale()).count();
    r.fact("depots", l(lang, DEPOTS), Cell::int(all.len()), "");
    r.fact(
        "stale",
        l(lang, STALE),
        Cell::int(stale),
        match lang {
            Lang::En => format!(
                "last bundle written more than {} days ago, or none",
                spec.stale_days
            ),
            Lang::Zh => format!("最近的数据包写于 {} 天以前，或尚无数据包", spec.stale_days),
        },
    );
    let mut sec = Section::new(
        "by_depot",
        pick(
            lang,
            "Depots, from their latest bundles",
            "各库（据其最近的数据包）",
        ),
        vec![
            hc::DEPOT,
            hc::DEPOT_NAME,
            hc::AS_OF,
            hc::WRITTEN,
            hc::AGE,
            hc::STATE,
            c::LINES,
            c::EQUIPPED_LINES,
            c::EQUIPPED_RATE,
            c::READY_COVERAGE,
            c::COMPLIANCE_RATE,
            c::SATURATION,
            hc::SHORT,
            hc::DUE,
            hc::DUE_COST,
        ],
    );
    for f in &all {
        sec.rows.push(depot_row(f, lang));
    }
    r.sections.push(sec);
    r.notes.push(
        pick(
            lang,
            "Each depot's figures are those of its latest bundle, as of its own date (as of), computed from its readiness.csv and replacements.csv as signed: the same as the depot's own readiness report for that date. due: pieces whose service life ends by the end of that year (overdue ones too), and their like-for-like cost. saturation: the lines of reserve modules.",
            "各库的数字取自其最近的数据包，以该包的日期（数据截至）为准，按其签名的 readiness.csv 与 replacements.csv 计算：与该库自己在同一日期出具的战备状态报表一致。到期待换：使用年限在该年年底前届满的装备（含已超期的）及其原样更新费用。饱和度：储备模块的条目。",
        )
        .to_owned(),
    );
    Ok(r)
}
