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
    let horizon = d.saturating_add(i32::try_from(days).unwrap_or(i32::MAX));
    let mut r = report(W::TitleExpiry, lang);
    let mut sec = Section::new(
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
    );
    let mut rows: Vec<(i32, usize)> = s
        .lots
        .iter()
        .enumerate()
        .filter(|(_, l)| rd::within(s, s.cells[l.cell as usize].owner, w))
        .filter_map(|(i, l)| l.expires.filter(|e| *e <= horizon).map(|e| (e, i)))
        .collect();
    rows.sort_by(|a, b| (a.0, s.lot_barcode(a.1)).cmp(&(b.0, s.lot_barcode(b.1))));
    let expired = rows.iter().filter(|(e, _)| *e < d).count();
    for (e, i) in rows {
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
        sec.rows.push(row);
    }
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
