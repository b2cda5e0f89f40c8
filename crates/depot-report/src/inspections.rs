//! The inspections report: pieces overdue or falling due within the days asked for.

use crate::parts::{Names, day, report};
use crate::table::{Cell, Report, Section};
use crate::words::{Lang, ReportMsg, W, cols as c, l, label as lb};
use chrono::NaiveDate;
use depot_domain::AssetStatus;
use depot_domain::readiness::{self as rd, Snapshot, Within};
use depot_domain::stock::day_number;

pub(crate) fn inspections(s: &Snapshot, w: Within, on: NaiveDate, days: u32, lang: Lang) -> Report {
    let d = day_number(on);
    let nm = Names { s, lang };
    let mut r = report(W::TitleInspections, lang);
    let mut sec = section(days, lang);
    let (overdue, mut rows) = due(s, w, d, days);
    rows.sort_by(|a, b| order(s, a, b));
    sec.rows = rows
        .into_iter()
        .map(|(due, i)| row(&nm, d, due, i))
        .collect();
    r.fact("overdue", l(lang, lb::OVERDUE_N), Cell::int(overdue), "");
    r.fact("listed", l(lang, lb::LISTED), Cell::int(sec.rows.len()), "");
    r.sections.push(sec);
    r
}

/// The section, without its rows.
pub(crate) fn section(days: u32, lang: Lang) -> Section {
    Section::new(
        "inspections",
        ReportMsg::InspectionsDue {
            days: days.to_string(),
        }
        .say(lang),
        vec![
            c::BARCODE,
            c::ITEM,
            c::ITEM_NAME,
            c::OWNER,
            c::OWNER_NAME,
            c::LAST,
            c::NEVER,
            c::INSPECT_DUE,
            c::DAYS_LATE,
        ],
    )
}

/// The order the report lists pieces in: the earliest due first, then by barcode.
pub(crate) fn order(s: &Snapshot, a: &(i32, usize), b: &(i32, usize)) -> std::cmp::Ordering {
    (a.0, s.asset_barcode(a.1)).cmp(&(b.0, s.asset_barcode(b.1)))
}

/// The pieces of `w` overdue on day `d` (how many) and those falling due within `days` with
/// them: (the last day each is in date, its index), in the register's order ([`order`] is the
/// report's).
pub(crate) fn due(s: &Snapshot, w: Within, d: i32, days: u32) -> (usize, Vec<(i32, usize)>) {
    let horizon = d.saturating_add(i32::try_from(days).unwrap_or(i32::MAX));
    let mut rows: Vec<(i32, usize)> = Vec::new();
    let mut overdue = 0;
    for (i, a) in s.assets.iter().enumerate() {
        let cell = s.cells[a.cell as usize];
        let Some(every) = s.item(cell.item).inspect_days else {
            continue;
        };
        if a.status == AssetStatus::Retired || !rd::within(s, cell.owner, w) {
            continue;
        }
        // The last day it is still in date; never inspected: due before anything else.
        let due = a
            .last_inspected
            .map_or(i32::MIN, |l| l.saturating_add(every as i32));
        if due < d {
            overdue += 1;
        }
        if due < horizon {
            rows.push((due, i));
        }
    }
    (overdue, rows)
}

/// The row of piece `i`, due `due`, on day `d`.
pub(crate) fn row(nm: &Names<'_>, d: i32, due: i32, i: usize) -> Vec<Cell> {
    let s = nm.s;
    let a = &s.assets[i];
    let cell = s.cells[a.cell as usize];
    let never = due == i32::MIN;
    let mut row = vec![Cell::text(s.asset_barcode(i))];
    row.extend(nm.item(cell.item));
    row.extend(nm.place(cell.owner));
    row.extend([
        Cell::opt_date(a.last_inspected.and_then(day)),
        Cell::Bool(never),
        if never {
            Cell::Empty
        } else {
            Cell::opt_date(day(due))
        },
        if never {
            Cell::Empty
        } else {
            Cell::int(d - due)
        },
    ]);
    row
}
