//! The shortfalls report: the lines short of their standard and where spare stock lies.

use crate::parts::{Names, q, report};
use crate::table::{Cell, Col, Report, Section};
use crate::words::{Lang, W, cols as c, l, label as lb};
use chrono::NaiveDate;
use depot_domain::readiness::{self as rd, LineStatus, Snapshot, Within};
use rust_decimal::Decimal;

fn line_status_word(st: LineStatus, lang: Lang) -> &'static str {
    match st {
        LineStatus::Met => W::LineMet,
        LineStatus::NotReady => W::LineNotReady,
        LineStatus::Short => W::LineShort,
    }
    .get(lang)
}

pub(crate) fn shortfalls(s: &Snapshot, w: Within, on: NaiveDate, lang: Lang) -> Report {
    let rdn = rd::evaluate(s, on, 0);
    let nm = Names { s, lang };
    let mut r = report(W::TitleShortfalls, lang);
    let mut sec = section(lang);
    let list = rd::shortfalls(s, &rdn, w);
    r.fact(
        "lines_short",
        l(lang, lb::LINES_SHORT),
        Cell::int(list.len()),
        "",
    );
    sec.rows = list.iter().map(|f| row(&nm, &rdn, f)).collect();
    r.notes.push(W::NoteShortfalls.get(lang).to_owned());
    r.sections.push(sec);
    r
}

/// The columns that say which line it is and its figures (the digest's lines at standard
/// again have these too).
pub(crate) const LINE_COLS: [Col; 9] = [
    c::UNIT,
    c::UNIT_NAME,
    c::MODULE,
    c::MODULE_NAME,
    c::WHAT,
    c::WHAT_NAME,
    c::REQUIRED,
    c::HELD,
    c::READY,
];

/// The section, without its rows.
pub(crate) fn section(lang: Lang) -> Section {
    let mut cols = LINE_COLS.to_vec();
    cols.extend([c::LINE_STATUS, c::MISSING, c::NOT_READY, c::TRANSFER_FROM]);
    Section::new("shortfalls", W::SecShortfalls.get(lang), cols)
}

/// The cells of [`LINE_COLS`] for line `i` with its figures.
pub(crate) fn line_cells(
    nm: &Names<'_>,
    i: usize,
    required: Decimal,
    held: Decimal,
    ready: Decimal,
) -> Vec<Cell> {
    let ln = &nm.s.lines[i];
    let mut row: Vec<Cell> = nm.place(ln.place).into();
    row.extend(nm.module(ln.module));
    row.extend(nm.what(ln));
    row.extend([q(required), q(held), q(ready)]);
    row
}

/// The row of shortfall `f`.
pub(crate) fn row(nm: &Names<'_>, rdn: &rd::Readiness, f: &rd::Shortfall) -> Vec<Cell> {
    let s = nm.s;
    let ln = &s.lines[f.line];
    let from: Vec<String> = f
        .sources
        .iter()
        .map(|src| {
            let what = if matches!(ln.what, rd::LineWhat::Item(_)) {
                String::new()
            } else {
                format!(" {}", s.item(src.item).name)
            };
            let p = s.place(src.place);
            // The spare count right after the code: a narrow column cuts the name, not it.
            format!("{} ({}) {}{what}", p.code, src.spare.normalize(), p.name)
        })
        .collect();
    let mut row = line_cells(nm, f.line, f.required, f.held, f.ready);
    row.extend([
        Cell::text(line_status_word(
            rdn.lines[f.line].status(ln.required),
            nm.lang,
        )),
        q(f.missing),
        q(f.not_ready),
        Cell::text(from.join(", ")),
    ]);
    row
}
