//! The shortfalls of every depot, from their last bundles.

use super::parts::{depot_cells, depots, report};
use super::words::hc;
use crate::Result;
use crate::hq::figures::{self};
use crate::store::Store;
use depot_report::table::{Cell, Report, Section};
use depot_report::words::{Lang, cols as c, l, label as lb, pick};

/// `report shortfalls --by depot`: every line short (held < required), depot first.
pub(super) fn shortfalls(store: &Store, only: Option<&str>, lang: Lang) -> Result<Report> {
    let mut r = report(("Shortfalls by depot", "各库缺口"), lang);
    let mut sec = Section::new(
        "shortfalls",
        pick(
            lang,
            "Lines short (held < required), from each depot's latest bundle",
            "缺配条目（在册 < 应配），据各库最近的数据包",
        ),
        vec![
            hc::DEPOT,
            hc::DEPOT_NAME,
            hc::AS_OF,
            c::SCOPE,
            c::SCOPE_NAME,
            c::MODULE,
            c::WHAT,
            c::REQUIRED,
            c::HELD,
            c::READY,
            c::MISSING,
        ],
    );
    let rd = store.read()?;
    for d in depots(store, only)? {
        let as_of = d.last.as_ref().map(|l| l.as_of);
        for x in figures::readiness_lines(&rd, &d.code)? {
            if x.held >= x.required {
                continue;
            }
            let mut row: Vec<Cell> = depot_cells(&d).into();
            row.extend([
                Cell::opt_date(as_of),
                Cell::text(x.scope),
                Cell::text(x.scope_name),
                Cell::text(x.module),
                Cell::text(x.what),
                Cell::Num(x.required),
                Cell::Num(x.held),
                Cell::Num(x.ready),
                Cell::Num(x.required - x.held),
            ]);
            sec.rows.push(row);
        }
    }
    r.fact(
        "lines_short",
        l(lang, lb::LINES_SHORT),
        Cell::int(sec.rows.len()),
        "",
    );
    r.sections.push(sec);
    r.notes.push(
        pick(
            lang,
            "to equip: required − held. Where spare stock could come from is in each depot's own shortfalls report.",
            "缺配：应配 − 在册。可调拨的来源见各库自己的缺口报表。",
        )
        .to_owned(),
    );
    Ok(r)
}
