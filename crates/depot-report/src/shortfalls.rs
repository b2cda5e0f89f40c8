//! The shortfalls report: the lines short of their standard and where spare stock lies.

use crate::parts::{Names, q, report};
use crate::table::{Cell, Report, Section};
use crate::words::{Lang, cols as c, l, label as lb, pick};
use chrono::NaiveDate;
use depot_domain::readiness::{self as rd, LineStatus, Snapshot, Within};

fn line_status_word(st: LineStatus, lang: Lang) -> &'static str {
    match st {
        LineStatus::Met => pick(lang, "met", "满足"),
        LineStatus::NotReady => pick(lang, "not all ready", "完好不足"),
        LineStatus::Short => pick(lang, "short", "缺配"),
    }
}

pub(crate) fn shortfalls(s: &Snapshot, w: Within, on: NaiveDate, lang: Lang) -> Report {
    let rdn = rd::evaluate(s, on, 0);
    let nm = Names { s, lang };
    let mut r = report(("Shortfalls", "缺口"), lang);
    let mut sec = Section::new(
        "shortfalls",
        pick(
            lang,
            "Lines not met, and spare stock elsewhere (nearest first)",
            "未满足的标准条目，及可调拨的富余库存（由近及远）",
        ),
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
    r.notes.push(
        pick(
            lang,
            "to equip: required − held; to make ready: required − ready (bring in, or make \
             ready); transfer from: a place's code, (the spare ready stock it can give \
             without falling short itself), its name.",
            "缺配：应配 − 在册；缺完好：应配 − 完好（调入或修复）；可调拨来源：单位编码、（在不低于\
             自身标准的前提下可调出的完好数量）、单位名称。",
        )
        .to_owned(),
    );
    r.sections.push(sec);
    r
}
