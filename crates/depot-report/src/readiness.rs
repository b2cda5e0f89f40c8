//! The readiness report: the headline figures, the lines per scope, saturation per module,
//! and the sections the dashboard opens (check-outs past due, over-age pieces).

use crate::parts::{Names, day, report};
use crate::table;
use crate::table::{Cell, FactValue, Report, Section};
use crate::words::{Lang, ReportMsg, W, cols as c, l, label as lb, pick};
use chrono::NaiveDate;
use depot_domain::Category;
use depot_domain::readiness::{self as rd, Figures, Readiness, Snapshot, Within};
use depot_domain::stock::{day_number, past_due_on};
use depot_domain::vocab::Vocabulary;

fn headline(r: &mut Report, f: &Figures, days: u32, lang: Lang) {
    let t = &f.lines;
    r.fact("lines", l(lang, lb::LINES), Cell::int(t.lines), "");
    r.fact(
        "scopes",
        l(lang, lb::SCOPES),
        Cell::int(f.places_with_lines),
        "",
    );
    r.fact(
        "equipped_rate",
        l(lang, lb::EQUIPPED),
        Cell::Pct(f.equipped_rate()),
        ReportMsg::LinesEquipped {
            part: t.equipped.to_string(),
            whole: t.lines.to_string(),
        }
        .say(lang),
    );
    r.fact("lines_equipped", "", Cell::int(t.equipped), "");
    let st = &f.stock;
    r.fact(
        "ready_rate",
        l(lang, lb::READY),
        Cell::Pct(f.ready_rate()),
        ReportMsg::PiecesReady {
            ready: table::group(&st.pieces_ready.to_string()),
            held: table::group(&st.pieces.to_string()),
        }
        .say(lang),
    );
    r.fact(
        "ready_coverage",
        l(lang, lb::COVERAGE),
        Cell::Pct(f.ready_coverage()),
        ReportMsg::LinesReady {
            part: t.ready_met.to_string(),
            whole: t.lines.to_string(),
        }
        .say(lang),
    );
    r.fact("lines_ready", "", Cell::int(t.ready_met), "");
    r.fact(
        "compliance_rate",
        l(lang, lb::COMPLIANCE),
        Cell::Pct(f.compliance_rate()),
        ReportMsg::ScopesCompliant {
            part: f.places_compliant.to_string(),
            whole: f.places_with_lines.to_string(),
        }
        .say(lang),
    );
    r.fact("scopes_compliant", "", Cell::int(f.places_compliant), "");
    r.fact(
        "saturation",
        l(lang, lb::SATURATION),
        Cell::Pct(f.saturation()),
        "",
    );
    let share: Vec<(String, String, Cell)> = Category::ALL
        .iter()
        .filter(|cat| f.category(**cat).pieces > 0)
        .map(|cat| {
            (
                cat.en().to_owned(),
                pick(lang, cat.en(), cat.zh()).to_owned(),
                Cell::Pct(f.category(*cat).high_end_share()),
            )
        })
        .collect();
    r.facts.push(table::Fact {
        key: "high_end_share",
        label: l(lang, lb::HIGH_END).to_owned(),
        value: FactValue::Map(share),
        detail: String::new(),
    });
    r.fact("pieces", l(lang, lb::PIECES), Cell::int(st.pieces), "");
    r.fact(
        "pieces_ready",
        l(lang, lb::PIECES_READY),
        Cell::int(st.pieces_ready),
        "",
    );
    r.fact(
        "maintenance",
        l(lang, lb::MAINTENANCE),
        Cell::int(st.maintenance),
        "",
    );
    r.fact(
        "out_of_service",
        l(lang, lb::OUT_OF_SERVICE),
        Cell::int(st.out_of_service),
        "",
    );
    r.fact(
        "over_age",
        l(lang, lb::OVER_AGE),
        Cell::int(st.over_age),
        "",
    );
    r.fact(
        "inspection_overdue",
        l(lang, lb::OVERDUE),
        Cell::int(st.inspection_overdue),
        "",
    );
    r.fact(
        "checked_out",
        l(lang, lb::CHECKED_OUT),
        Cell::int(st.checked_out),
        "",
    );
    r.fact(
        "past_due",
        l(lang, lb::PAST_DUE),
        Cell::int(st.past_due),
        "",
    );
    r.fact("lots", l(lang, lb::LOTS), Cell::int(st.lots), "");
    r.fact(
        "lots_expired",
        l(lang, lb::LOTS_EXPIRED),
        Cell::int(st.lots_expired),
        "",
    );
    r.fact(
        "lots_expiring",
        l(lang, lb::LOTS_EXPIRING),
        Cell::int(st.lots_expiring),
        ReportMsg::WithinDays {
            days: days.to_string(),
        }
        .say(lang),
    );
}

pub(crate) fn readiness(s: &Snapshot, w: Within, on: NaiveDate, days: u32, lang: Lang) -> Report {
    let rdn = rd::evaluate(s, on, days);
    let nm = Names { s, lang };
    let mut r = report(W::TitleReadiness, lang);
    headline(&mut r, rdn.figures(w), days, lang);

    let mut sec = Section::new(
        "by_scope",
        W::SecByScope.get(lang),
        vec![
            c::UNIT,
            c::UNIT_NAME,
            c::LINES,
            c::EQUIPPED_RATE,
            c::READY_RATE,
            c::READY_COVERAGE,
            c::COMPLIANT,
            c::WITH_LINES,
            c::COMPLIANCE_RATE,
            c::OVER_AGE,
            c::OVERDUE,
        ],
    );
    let mut rows: Vec<u32> = Vec::new();
    for (p, place) in s.places.iter().enumerate() {
        let p = p as u32;
        let show = match w {
            Within::Everything => place.depth <= 1 && place.kind != rd::PlaceKind::Unknown,
            Within::Place(q) => p == q || place.parent == Some(q),
        };
        if show {
            rows.push(p);
        }
    }
    rows.sort_by_key(|p| (s.place(*p).depth, s.place(*p).code.clone()));
    for p in rows {
        let f = &rdn.total[p as usize];
        let mut row: Vec<Cell> = nm.place(p).into();
        row.extend([
            Cell::int(f.lines.lines),
            Cell::Pct(f.equipped_rate()),
            Cell::Pct(f.ready_rate()),
            Cell::Pct(f.ready_coverage()),
            Cell::int(f.places_compliant),
            Cell::int(f.places_with_lines),
            Cell::Pct(f.compliance_rate()),
            Cell::int(f.stock.over_age),
            Cell::int(f.stock.inspection_overdue),
        ]);
        sec.rows.push(row);
    }
    r.sections.push(sec);

    let f = rdn.figures(w);
    let mut sec = Section::new(
        "by_category",
        W::SecByCategory.get(lang),
        vec![
            c::CATEGORY,
            c::CATEGORY_NAME,
            c::PIECES,
            c::PIECES_READY,
            c::READY_RATE,
            c::HIGH_END,
            c::HIGH_END_SHARE,
            c::OVER_AGE,
            c::LINES,
            c::EQUIPPED_RATE,
            c::READY_COVERAGE,
        ],
    );
    for cat in Category::ALL {
        let t = f.category(*cat);
        if t.pieces == 0 && t.lines.lines == 0 {
            continue;
        }
        let mut row: Vec<Cell> = nm.category(*cat).into();
        row.extend([
            Cell::int(t.pieces),
            Cell::int(t.pieces_ready),
            Cell::Pct(t.ready_rate()),
            Cell::int(t.high_end),
            Cell::Pct(t.high_end_share()),
            Cell::int(t.over_age),
            Cell::int(t.lines.lines),
            Cell::Pct(t.lines.equipped_rate()),
            Cell::Pct(t.lines.ready_coverage()),
        ]);
        sec.rows.push(row);
    }
    r.sections.push(sec);
    r.sections.push(modules(s, &rdn, w, lang));
    r.sections.push(past_due(s, w, on, lang));
    r.notes.push(W::NoteReadiness.get(lang).to_owned());
    r
}

/// Saturation per warehouse and module in `w`.
fn modules(s: &Snapshot, rdn: &Readiness, w: Within, lang: Lang) -> Section {
    let nm = Names { s, lang };
    let mut sec = Section::new(
        "modules",
        W::SecModules.get(lang),
        vec![
            c::WAREHOUSE,
            c::WAREHOUSE_NAME,
            c::MODULE,
            c::MODULE_NAME,
            c::LINES,
            c::EQUIPPED_LINES,
            c::SATURATION,
            c::READY_COVERAGE,
        ],
    );
    for (p, m, t) in rd::warehouse_modules(s, rdn, w) {
        let mut row: Vec<Cell> = nm.place(p).into();
        row.extend(nm.module(m));
        row.extend([
            Cell::int(t.lines),
            Cell::int(t.equipped),
            Cell::Pct(t.equipped_rate()),
            Cell::Pct(t.ready_coverage()),
        ]);
        sec.rows.push(row);
    }
    sec
}

/// The check-outs past their return date in `w` (the readiness report's section, and the
/// dashboard's list behind its figure).
pub fn past_due(s: &Snapshot, w: Within, on: NaiveDate, lang: Lang) -> Section {
    let d = day_number(on);
    let nm = Names { s, lang };
    let mut sec = past_due_section(lang);
    sec.rows = past_due_list(s, w, d)
        .into_iter()
        .map(|i| past_due_row(&nm, d, i))
        .collect();
    sec
}

/// The past-due section, without its rows.
pub(crate) fn past_due_section(lang: Lang) -> Section {
    Section::new(
        "past_due",
        W::SecPastDue.get(lang),
        vec![
            c::BARCODE,
            c::ITEM,
            c::ITEM_NAME,
            c::OWNER,
            c::OWNER_NAME,
            c::LOCATION,
            c::DUE,
            c::DAYS_LATE,
        ],
    )
}

/// The pieces of `w` checked out and past their return date on day `d`, in the register's
/// order.
pub(crate) fn past_due_list(s: &Snapshot, w: Within, d: i32) -> Vec<usize> {
    s.assets
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.due.is_some()
                && past_due_on(a.status, a.checked_out, a.due, d)
                && rd::within(s, s.cells[a.cell as usize].owner, w)
        })
        .map(|(i, _)| i)
        .collect()
}

/// The past-due row of piece `i` on day `d`.
pub(crate) fn past_due_row(nm: &Names<'_>, d: i32, i: usize) -> Vec<Cell> {
    let s = nm.s;
    let a = &s.assets[i];
    let cell = s.cells[a.cell as usize];
    let due = a.due.unwrap_or(d);
    let mut row = vec![Cell::text(s.asset_barcode(i))];
    row.extend(nm.item(cell.item));
    row.extend(nm.place(cell.owner));
    row.extend([
        Cell::text(
            s.locations
                .get(a.location as usize)
                .cloned()
                .unwrap_or_default(),
        ),
        Cell::opt_date(day(due)),
        Cell::int(d - due),
    ]);
    row
}

/// The over-age pieces of `w` on `on` (held past their service life, the dashboard's count),
/// the longest over first: what the dashboard's over-age figure opens.
pub fn over_age(s: &Snapshot, w: Within, on: NaiveDate, lang: Lang) -> Section {
    let nm = Names { s, lang };
    let mut sec = Section::new(
        "over_age",
        W::SecOverAge.get(lang),
        vec![
            c::BARCODE,
            c::ITEM,
            c::ITEM_NAME,
            c::OWNER,
            c::OWNER_NAME,
            c::LIFE_END,
            c::COST,
        ],
    );
    for x in rd::replacements(s, w) {
        if x.life_end > on {
            continue;
        }
        let cell = s.cells[s.assets[x.asset].cell as usize];
        let mut row = vec![Cell::text(s.asset_barcode(x.asset))];
        row.extend(nm.item(cell.item));
        row.extend(nm.place(cell.owner));
        row.extend([Cell::Date(x.life_end), Cell::opt_money(x.unit_price)]);
        sec.rows.push(row);
    }
    sec
}
