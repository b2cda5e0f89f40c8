//! The trend by depot (`depot report trend --by depot`): each depot's headline figures, its
//! reserve modules' saturation and headquarters' targets at each date, from the figures of
//! its bundles (`service::hq::trend`). The rows go by depot, then date, so that a depot's
//! dates stand together (and the workbook draws a line per depot).

use chrono::NaiveDate;
use depot_domain::readiness::Every;
use depot_report::table::{Cell, Col, Kind, Report, Section, col};
use depot_report::trend::{ON, TARGET_COLS, span_facts, target_cells};
use depot_report::words::{Lang, W, cols as c, pick};

use super::words::{DEPOTS, hc};
use crate::Result;
use crate::hq::trend::{self, At, DepotTrend, HqTrend};
use crate::store::Store;

/// What the trend by depot is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrendSpan {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub every: Every,
}

impl TrendSpan {
    /// The year up to `to`, a date a month: what `report trend` gives unasked.
    pub fn year_to(to: NaiveDate) -> TrendSpan {
        TrendSpan {
            from: to.checked_sub_months(chrono::Months::new(12)).unwrap_or(to),
            to,
            every: Every::Month,
        }
    }
}

/// `report trend --by depot`.
pub(super) fn trend_report(
    store: &Store,
    only: Option<&str>,
    span: TrendSpan,
    lang: Lang,
) -> Result<Report> {
    let t = trend::trend(store, span.from, span.to, span.every, only)?;
    Ok(build(&t, span, lang))
}

fn build(t: &HqTrend, span: TrendSpan, lang: Lang) -> Report {
    let mut r = Report {
        title: W::TitleHqTrend.get(lang).to_owned(),
        lang,
        ..Report::default()
    };
    r.fact(
        "depots",
        pick(lang, DEPOTS.0, DEPOTS.1),
        Cell::int(t.depots.len()),
        "",
    );
    span_facts(&mut r, (span.from, span.to, span.every), lang);
    r.fact("dates", W::FigDates.get(lang), Cell::int(t.dates.len()), "");
    r.fact("bundles", W::FigBundles.get(lang), Cell::int(t.bundles), "");
    r.fact(
        "bundles_kept",
        W::FigBundlesKept.get(lang),
        Cell::int(t.kept),
        "",
    );
    r.sections.push(headline(t, lang));
    r.sections.push(modules(t, lang));
    r.sections.push(targets(t, lang));
    r.notes.push(W::NoteHqTrend.get(lang).to_owned());
    r.notes.push(W::NoteHqTrendTargets.get(lang).to_owned());
    r
}

/// Each depot at each date (the date's index), the depots in code order.
fn rows(t: &HqTrend) -> impl Iterator<Item = (&DepotTrend, usize, NaiveDate)> {
    t.depots
        .iter()
        .flat_map(move |d| t.dates.iter().enumerate().map(move |(i, on)| (d, i, *on)))
}

fn headline(t: &HqTrend, lang: Lang) -> Section {
    let mut sec = Section::new(
        "by_depot",
        W::SecHqTrendDepots.get(lang),
        vec![
            ON,
            hc::DEPOT,
            hc::DEPOT_NAME,
            FIGURES_OF,
            hc::STATE,
            c::EQUIPPED_RATE,
            c::READY_RATE,
            c::READY_COVERAGE,
            c::COMPLIANCE_RATE,
            c::SATURATION,
            c::OVER_AGE,
            c::PIECES,
            c::PIECES_READY,
        ],
    );
    for (d, i, on) in rows(t) {
        let mut row = vec![
            Cell::Date(on),
            Cell::text(d.code.clone()),
            Cell::text(d.name.clone()),
        ];
        match &d.at[i] {
            At::Bundle(b) => {
                let f = trend::figures(b);
                row.extend([
                    Cell::Date(b.as_of),
                    Cell::text(W::HqTrendBundle.get(lang)),
                    Cell::Pct(f.equipped_rate()),
                    Cell::Pct(f.ready_rate()),
                    Cell::Pct(f.ready_coverage()),
                    Cell::Pct(f.compliance_rate()),
                    Cell::Pct(f.saturation()),
                    Cell::int(f.stock.over_age),
                    Cell::int(f.stock.pieces),
                    Cell::int(f.stock.pieces_ready),
                ]);
            }
            other => {
                let (of, word) = match other {
                    At::NotKept { as_of } => (Cell::Date(*as_of), W::HqTrendNotKept),
                    _ => (Cell::Empty, W::HqTrendNoBundle),
                };
                row.extend([of, Cell::text(word.get(lang))]);
                row.extend(std::iter::repeat_n(Cell::Empty, 8));
            }
        }
        sec.rows.push(row);
    }
    sec
}

/// The date of the bundle a row's figures are from.
const FIGURES_OF: Col = col(
    "figures_of",
    W::ColFiguresOf.get(Lang::En),
    W::ColFiguresOf.get(Lang::Zh),
    Kind::Date,
);

fn modules(t: &HqTrend, lang: Lang) -> Section {
    let mut sec = Section::new(
        "modules",
        W::SecHqTrendModules.get(lang),
        vec![
            ON,
            hc::DEPOT,
            c::MODULE,
            c::LINES,
            c::EQUIPPED_LINES,
            c::SATURATION,
        ],
    );
    for (d, i, on) in rows(t) {
        let At::Bundle(b) = &d.at[i] else { continue };
        for (m, tally) in &b.modules {
            sec.rows.push(vec![
                Cell::Date(on),
                Cell::text(d.code.clone()),
                Cell::text(m.clone()),
                Cell::int(tally.lines),
                Cell::int(tally.equipped),
                Cell::Pct(tally.equipped_rate()),
            ]);
        }
    }
    sec
}

fn targets(t: &HqTrend, lang: Lang) -> Section {
    let mut cols = vec![ON, hc::DEPOT];
    cols.extend(TARGET_COLS);
    let mut sec = Section::new("targets", W::SecHqTrendTargets.get(lang), cols);
    for (d, i, on) in rows(t) {
        for j in &d.targets[i] {
            let status = match (&j.status, &d.at[i]) {
                (Some(s), _) => (s.en(), pick(lang, s.en(), s.zh())),
                (None, At::Bundle(_)) => ("not_available", W::HqTrendNotAvailable.get(lang)),
                (None, At::NotKept { .. }) => ("not_kept", W::HqTrendNotKept.get(lang)),
                (None, At::NoBundle) => ("no_bundle", W::HqTrendNoBundle.get(lang)),
            };
            let mut row = vec![Cell::Date(on), Cell::text(d.code.clone())];
            row.extend(target_cells(&j.target, j.actual, status, lang));
            sec.rows.push(row);
        }
    }
    sec
}
