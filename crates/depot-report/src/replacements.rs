//! The replacements report: the plan that spends each year's budget on what raises
//! readiness most.

use crate::parts::{Names, report};
use crate::table::{Cell, Report, Section};
use crate::words::{Lang, ReportMsg, W, cols as c, l, label as lb};
use chrono::NaiveDate;
use depot_domain::readiness::{self as rd, Budget, Snapshot, Within};
use rust_decimal::Decimal;

pub(crate) fn replacements(
    s: &Snapshot,
    w: Within,
    on: NaiveDate,
    budgets: &[Budget],
    lang: Lang,
) -> Report {
    let rows = rd::replacements(s, w);
    let nm = Names { s, lang };
    let mut r = report(W::TitleReplacements, lang);
    let total: Decimal = rows.iter().filter_map(|x| x.unit_price).sum();
    r.fact(
        "pieces_with_life",
        l(lang, lb::WITH_LIFE),
        Cell::int(rows.len()),
        "",
    );
    r.fact("cost", l(lang, lb::COST), Cell::Money(total), "");
    if !budgets.is_empty() {
        let plan = rd::plan(s, w, on, budgets);
        let b = &plan.baseline;
        r.fact(
            "equipped_rate",
            l(lang, lb::EQUIPPED),
            Cell::Pct(b.equipped_rate()),
            "",
        );
        r.fact(
            "ready_rate",
            l(lang, lb::READY),
            Cell::Pct(b.ready_rate()),
            "",
        );
        r.fact(
            "compliance_rate",
            l(lang, lb::COMPLIANCE),
            Cell::Pct(b.compliance_rate()),
            "",
        );
        r.fact(
            "over_age",
            l(lang, lb::OVER_AGE),
            Cell::int(b.stock.over_age),
            "",
        );
        let mut sec = Section::new(
            "plan",
            W::SecPlan.get(lang),
            vec![
                c::YEAR,
                c::BUDGET,
                c::SPENT,
                c::REPLACED,
                c::CARRIED,
                c::EQUIPPED_RATE,
                c::READY_RATE,
                c::COMPLIANCE_RATE,
                c::OVER_AGE,
            ],
        );
        for y in &plan.years {
            let f = &y.figures;
            sec.rows.push(vec![
                Cell::int(y.year),
                Cell::Money(y.budget),
                Cell::Money(y.spent),
                Cell::int(y.replaced.len()),
                Cell::int(y.carried),
                Cell::Pct(f.equipped_rate()),
                Cell::Pct(f.ready_rate()),
                Cell::Pct(f.compliance_rate()),
                Cell::int(f.stock.over_age),
            ]);
        }
        if plan.unpriced > 0 {
            r.notes.push(
                ReportMsg::Unpriced {
                    count: plan.unpriced.to_string(),
                }
                .say(lang),
            );
        }
        r.notes.push(W::NotePlanRule.get(lang).to_owned());
        r.sections.push(sec);
    }
    let mut sec = Section::new(
        "by_year",
        W::SecByLifeEndYear.get(lang),
        vec![c::DUE_YEAR, c::PIECES, c::COST, c::UNPRICED],
    );
    for (y, t) in rd::totals_by_year(&rows) {
        sec.rows.push(vec![
            Cell::int(y),
            Cell::int(t.pieces),
            Cell::Money(t.cost),
            Cell::int(t.unpriced),
        ]);
    }
    r.sections.push(sec);
    let mut sec = Section::new(
        "by_owner",
        W::SecByOwner.get(lang),
        vec![c::OWNER, c::OWNER_NAME, c::PIECES, c::COST, c::UNPRICED],
    );
    for (p, t) in rd::totals_by_owner(s, &rows) {
        let mut row: Vec<Cell> = nm.place(p).into();
        row.extend([
            Cell::int(t.pieces),
            Cell::Money(t.cost),
            Cell::int(t.unpriced),
        ]);
        sec.rows.push(row);
    }
    r.sections.push(sec);
    r.notes.push(W::NoteEveryPiece.get(lang).to_owned());
    r
}
