//! The stale report: the depots whose last bundle is old, or missing.

use super::parts::{age, depot_cells, report};
use super::spec::HqSpec;
use super::words::hc;
use super::words::{DEPOTS, STALE_AFTER, state_word};
use crate::Result;
use crate::hq::figures::{self};
use crate::store::Store;
use depot_report::table::{Cell, Report, Section};
use depot_report::words::{Lang, l, label as lb};

/// `report stale`: the depots whose last bundle was written more than `stale_days` days ago,
/// or that have sent none.
pub(super) fn stale(store: &Store, spec: &HqSpec, lang: Lang) -> Result<Report> {
    let all = figures::overview(store, spec.today, spec.stale_days)?;
    let mut r = report(
        ("Depots without a recent bundle", "未按时报送数据包的库"),
        lang,
    );
    r.fact("days", l(lang, STALE_AFTER), Cell::int(spec.stale_days), "");
    r.fact("depots", l(lang, DEPOTS), Cell::int(all.len()), "");
    let mut sec = Section::new(
        "stale",
        match lang {
            Lang::En => format!(
                "Last bundle written more than {} days ago, or none",
                spec.stale_days
            ),
            Lang::Zh => format!("最近的数据包写于 {} 天以前，或尚无数据包", spec.stale_days),
        },
        vec![
            hc::DEPOT,
            hc::DEPOT_NAME,
            hc::AS_OF,
            hc::CREATED,
            hc::INGESTED,
            hc::AGE,
            hc::STATE,
        ],
    );
    let only = spec.depot.as_deref();
    for f in all
        .iter()
        .filter(|f| f.state.is_stale() && only.is_none_or(|c| c == f.depot.code))
    {
        let d = &f.depot;
        let last = d.last.as_ref();
        let mut row: Vec<Cell> = depot_cells(d).into();
        row.extend([
            Cell::opt_date(last.map(|l| l.as_of)),
            Cell::text(last.map(|l| l.created.clone()).unwrap_or_default()),
            Cell::text(last.map(|l| l.ingested.clone()).unwrap_or_default()),
            age(f.state),
            Cell::text(state_word(f.state, lang)),
        ]);
        sec.rows.push(row);
    }
    r.fact("listed", l(lang, lb::LISTED), Cell::int(sec.rows.len()), "");
    r.sections.push(sec);
    Ok(r)
}
