//! The expiry report: lots expired or expiring within the days asked for.

use crate::parts::{Names, day, q, report};
use crate::table::{Cell, Report, Section};
use crate::words::{Lang, ReportMsg, W, cols as c, l, label as lb};
use chrono::NaiveDate;
use depot_domain::readiness::{self as rd, Snapshot, Within};
use depot_domain::stock::day_number;

pub(crate) fn expiry(s: &Snapshot, w: Within, on: NaiveDate, days: u32, lang: Lang) -> Report {
    let d = day_number(on);
    let nm = Names { s, lang };
    let mut r = report(W::TitleExpiry, lang);
    let mut sec = section(days, lang);
    let mut rows = expiring(s, w, d, days);
    rows.sort_by(|a, b| order(s, a, b));
    let expired = rows.iter().filter(|(e, _)| *e < d).count();
    sec.rows = rows.into_iter().map(|(e, i)| row(&nm, d, e, i)).collect();
    r.fact("expired", l(lang, lb::EXPIRED), Cell::int(expired), "");
    r.fact(
        "expiring",
        l(lang, lb::EXPIRING),
        Cell::int(sec.rows.len() - expired),
        "",
    );
    r.sections.push(sec);
    r
}

/// The section, without its rows.
pub(crate) fn section(days: u32, lang: Lang) -> Section {
    Section::new(
        "expiry",
        ReportMsg::LotsExpiring {
            days: days.to_string(),
        }
        .say(lang),
        vec![
            c::BARCODE,
            c::ITEM,
            c::ITEM_NAME,
            c::OWNER,
            c::OWNER_NAME,
            c::MODULE,
            c::MODULE_NAME,
            c::QUANTITY,
            c::UOM,
            c::EXPIRES,
            c::DAYS_LEFT,
        ],
    )
}

/// The order the report lists lots in: the earliest expiry first, then by barcode.
pub(crate) fn order(s: &Snapshot, a: &(i32, usize), b: &(i32, usize)) -> std::cmp::Ordering {
    (a.0, s.lot_barcode(a.1)).cmp(&(b.0, s.lot_barcode(b.1)))
}

/// The lots of `w` expired on day `d` or expiring within `days`: (the day each expires, its
/// index), in the register's order ([`order`] is the report's).
pub(crate) fn expiring(s: &Snapshot, w: Within, d: i32, days: u32) -> Vec<(i32, usize)> {
    let horizon = d.saturating_add(i32::try_from(days).unwrap_or(i32::MAX));
    s.lots
        .iter()
        .enumerate()
        .filter(|(_, l)| rd::within(s, s.cells[l.cell as usize].owner, w))
        .filter_map(|(i, l)| l.expires.filter(|e| *e <= horizon).map(|e| (e, i)))
        .collect()
}

/// The row of lot `i`, expiring on day `e`, on day `d`.
pub(crate) fn row(nm: &Names<'_>, d: i32, e: i32, i: usize) -> Vec<Cell> {
    let s = nm.s;
    let lot = &s.lots[i];
    let cell = s.cells[lot.cell as usize];
    let mut row = vec![Cell::text(s.lot_barcode(i))];
    row.extend(nm.item(cell.item));
    row.extend(nm.place(cell.owner));
    row.extend(nm.module(cell.module));
    row.extend([
        q(lot.quantity),
        Cell::text(s.item(cell.item).uom.clone()),
        Cell::opt_date(day(e)),
        Cell::int(e - d),
    ]);
    row
}
