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
    let horizon = d.saturating_add(i32::try_from(days).unwrap_or(i32::MAX));
    let mut r = report(W::TitleInspections, lang);
    let mut sec = Section::new(
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
    );
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
    rows.sort_by(|a, b| (a.0, s.asset_barcode(a.1)).cmp(&(b.0, s.asset_barcode(b.1))));
    for (due, i) in rows {
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
        sec.rows.push(row);
    }
    r.fact("overdue", l(lang, lb::OVERDUE_N), Cell::int(overdue), "");
    r.fact("listed", l(lang, lb::LISTED), Cell::int(sec.rows.len()), "");
    r.sections.push(sec);
    r
}
