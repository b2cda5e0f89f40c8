//! The directive report: the version of headquarters' directive each depot's last bundle
//! said was in force there, against the newest one issued from this database that is in force
//! on the report's date (one issued for a later date is named, but no depot is behind it yet);
//! the depots behind (or that have stated none) are named first.

use super::parts::{depot_cells, report};
use super::spec::HqSpec;
use super::words::{DEPOTS, hc};
use crate::Result;
use crate::directive::{all_issued, depot_version, in_force_on};
use crate::store::Store;
use depot_report::table::{Cell, Report, Section};
use depot_report::words::{Lang, l, label as lb, pick};

/// Where a depot stands against the newest directive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Standing {
    /// Its last bundle states an older directive, or none.
    Behind,
    /// No bundle yet says which directive it has.
    Unknown,
    Current,
}

fn word(s: Standing, lang: Lang) -> &'static str {
    match s {
        Standing::Behind => pick(lang, "behind", "落后"),
        Standing::Unknown => pick(lang, "no bundle", "无数据包"),
        Standing::Current => pick(lang, "current", "已执行最新"),
    }
}

/// `report directive`: every enrolled depot's directive version; the behind ones first.
pub(super) fn directive(store: &Store, spec: &HqSpec, lang: Lang) -> Result<Report> {
    let r = store.read()?;
    let all = all_issued(&r)?;
    let newest = in_force_on(&all, spec.today).map(|l| l.version);
    // Issued for a later date: not yet in force.
    let next = all
        .iter()
        .filter(|l| newest.is_none_or(|n| l.version > n))
        .max_by_key(|l| l.version);
    let mut rows = Vec::new();
    for d in r.hq_depots()? {
        if spec.depot.as_deref().is_some_and(|c| c != d.code) {
            continue;
        }
        let stated = if d.last.is_some() {
            depot_version(&r, &d.code)?
        } else {
            None
        };
        let standing = match (d.last.is_some(), stated, newest) {
            (false, _, _) => Standing::Unknown,
            (true, Some(v), Some(n)) if v >= n => Standing::Current,
            (true, _, None) => Standing::Current,
            (true, _, Some(_)) => Standing::Behind,
        };
        rows.push((standing, d, stated.filter(|v| *v > 0)));
    }
    rows.sort_by(|a, b| (a.0, &a.1.code).cmp(&(b.0, &b.1.code)));
    let mut rep = report(
        (
            "Depots against the newest directive",
            "各库执行总队指令情况",
        ),
        lang,
    );
    rep.fact(
        "newest",
        pick(lang, "newest directive in force", "现行最新指令"),
        newest.map_or(Cell::Empty, Cell::int),
        "",
    );
    if let Some(next) = next {
        rep.fact(
            "next",
            pick(lang, "issued, not yet in force", "已签发、尚未施行"),
            Cell::int(next.version),
            match lang {
                Lang::En => format!("effective {}", next.effective),
                Lang::Zh => format!("自 {} 起施行", next.effective),
            },
        );
    }
    rep.fact("depots", l(lang, DEPOTS), Cell::int(rows.len()), "");
    let behind = rows.iter().filter(|r| r.0 == Standing::Behind).count();
    rep.fact(
        "behind",
        pick(lang, "behind the newest directive", "未执行最新指令"),
        Cell::int(behind),
        "",
    );
    let mut sec = Section::new(
        "directive",
        pick(
            lang,
            "The directive each depot's last bundle states (empty: none taken)",
            "各库最近数据包所载的现行指令版本（空：尚未执行任何指令）",
        )
        .to_owned(),
        vec![
            hc::DEPOT,
            hc::DEPOT_NAME,
            hc::AS_OF,
            hc::DIRECTIVE,
            hc::NEWEST,
            hc::STATE,
        ],
    );
    for (standing, d, stated) in rows {
        let mut row: Vec<Cell> = depot_cells(&d).into();
        row.extend([
            Cell::opt_date(d.last.as_ref().map(|l| l.as_of)),
            stated.map_or(Cell::Empty, Cell::int),
            newest.map_or(Cell::Empty, Cell::int),
            Cell::text(word(standing, lang)),
        ]);
        sec.rows.push(row);
    }
    rep.fact("listed", l(lang, lb::LISTED), Cell::int(sec.rows.len()), "");
    rep.sections.push(sec);
    Ok(rep)
}
