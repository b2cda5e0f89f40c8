//! The shortfalls report: the lines short of their standard and where spare stock lies.

use crate::parts::{Names, q, report};
use crate::table::{Cell, Report, Section};
use crate::words::{Lang, W, cols as c, l, label as lb};
use chrono::NaiveDate;
use depot_domain::readiness::{self as rd, LineStatus, Snapshot, Within};

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
    let mut sec = Section::new(
        "shortfalls",
        W::SecShortfalls.get(lang),
        vec![
            c::UNIT,
            c::UNIT_NAME,
            c::MODULE,
            c::MODULE_NAME,
            c::WHAT,
            c::WHAT_NAME,
            c::REQUIRED,
            c::HELD,
            c::READY,
            c::LINE_STATUS,
            c::MISSING,
            c::NOT_READY,
            c::TRANSFER_FROM,
        ],
    );
    let list = rd::shortfalls(s, &rdn, w);
    r.fact(
        "lines_short",
        l(lang, lb::LINES_SHORT),
        Cell::int(list.len()),
        "",
    );
    for f in list {
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
        let mut row: Vec<Cell> = nm.place(ln.place).into();
        row.extend(nm.module(ln.module));
        row.extend(nm.what(ln));
        row.extend([
            q(f.required),
            q(f.held),
            q(f.ready),
            Cell::text(line_status_word(
                rdn.lines[f.line].status(ln.required),
                lang,
            )),
            q(f.missing),
            q(f.not_ready),
            Cell::text(from.join(", ")),
        ]);
        sec.rows.push(row);
    }
    r.notes.push(W::NoteShortfalls.get(lang).to_owned());
    r.sections.push(sec);
    r
}
