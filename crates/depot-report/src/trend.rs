//! The trend report: the headline rates, the over-age count, the saturation of each reserve
//! module and the targets' progress at each date of a row (`depot report trend`), from the
//! points `service::trend` computes out of the ledger.

use chrono::NaiveDate;
use depot_domain::readiness::{Every, TrendPoint, rate2};
use depot_domain::vocab::Vocabulary;
use depot_domain::{Metric, Target, TargetScope};
use rust_decimal::Decimal;

use crate::column::{Col, Kind, word_col};
use crate::parts::{q, report};
use crate::table::{Cell, Report, Section};
use crate::targets::metric_name;
use crate::words::{Lang, W, cols as c, l, label as lb, pick};

/// The date of a row.
pub const ON: Col = word_col("on", W::ColOn, Kind::Date);

/// What the trend was asked for and how it was computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendHead {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub every: Every,
    /// The scope's code and name; `None`: everything.
    pub scope: Option<(String, String)>,
    pub movements: u64,
    pub each_date_alone: bool,
}

/// The report of a trend.
pub fn trend(head: &TrendHead, points: &[TrendPoint], lang: Lang) -> Report {
    let mut r = report(W::TitleTrend, lang);
    r.key = "trend";
    let (code, name) = match &head.scope {
        None => (Cell::Empty, l(lang, lb::EVERYTHING).to_owned()),
        Some((c, n)) => (Cell::text(c.clone()), n.clone()),
    };
    r.fact("scope", l(lang, lb::SCOPE), code, name);
    span_facts(&mut r, (head.from, head.to, head.every), lang);
    r.fact("dates", W::FigDates.get(lang), Cell::int(points.len()), "");
    r.fact(
        "movements",
        W::FigMovements.get(lang),
        Cell::int(head.movements),
        "",
    );
    r.sections.push(headline(points, lang));
    r.sections.push(modules(points, lang));
    r.sections.push(targets(points, lang));
    r.notes.push(W::NoteTrend.get(lang).to_owned());
    r.notes.push(W::NoteTrendScope.get(lang).to_owned());
    if head.each_date_alone {
        r.notes.push(W::NoteTrendEachDate.get(lang).to_owned());
    }
    r
}

pub(crate) fn headline(points: &[TrendPoint], lang: Lang) -> Section {
    let mut sec = Section::new(
        "dates",
        W::SecTrendPoints.get(lang),
        vec![
            ON,
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
    for p in points {
        let mut row = vec![Cell::Date(p.on)];
        match &p.figures {
            Some(f) => row.extend([
                Cell::Pct(f.equipped_rate()),
                Cell::Pct(f.ready_rate()),
                Cell::Pct(f.ready_coverage()),
                Cell::Pct(f.compliance_rate()),
                Cell::Pct(f.saturation()),
                Cell::int(f.stock.over_age),
                Cell::int(f.stock.pieces),
                Cell::int(f.stock.pieces_ready),
            ]),
            None => row.extend(std::iter::repeat_n(Cell::Empty, 8)),
        }
        sec.rows.push(row);
    }
    sec
}

fn modules(points: &[TrendPoint], lang: Lang) -> Section {
    let mut sec = Section::new(
        "modules",
        W::SecTrendModules.get(lang),
        vec![ON, c::MODULE, c::LINES, c::EQUIPPED_LINES, c::SATURATION],
    );
    for p in points {
        for (m, t) in &p.modules {
            sec.rows.push(vec![
                Cell::Date(p.on),
                Cell::text(m.clone()),
                Cell::int(t.lines),
                Cell::int(t.equipped),
                Cell::Pct(t.equipped_rate()),
            ]);
        }
    }
    sec
}

/// The facts of a trend's dates, a depot's or headquarters': from, to, and how often.
pub fn span_facts(r: &mut Report, (from, to, every): (NaiveDate, NaiveDate, Every), lang: Lang) {
    r.fact("from", W::FigFrom.get(lang), Cell::Date(from), "");
    r.fact("to", W::FigTo.get(lang), Cell::Date(to), "");
    let every = match every {
        Every::Month => W::EveryMonth,
        Every::Quarter => W::EveryQuarter,
    };
    r.fact(
        "every",
        W::FigEvery.get(lang),
        Cell::text(every.get(lang)),
        "",
    );
}

/// The columns of a target judged on a date, after the date (and whatever a report puts
/// between): its metric, scope, level and deadline, the figure and the standing.
pub const TARGET_COLS: [Col; 8] = [
    c::METRIC,
    c::METRIC_NAME,
    c::SCOPE,
    c::TARGET,
    c::DEADLINE,
    c::ACTUAL,
    c::STATUS,
    c::STATUS_NAME,
];

/// The cells of [`TARGET_COLS`] for `target` with the figure `actual` and the standing
/// `status` (its key and its words).
pub fn target_cells(
    target: &Target,
    actual: Option<Decimal>,
    status: (&str, &str),
    lang: Lang,
) -> [Cell; 8] {
    let scope = match &target.scope {
        TargetScope::Everything => String::new(),
        TargetScope::Unit(u) => format!("unit:{u}"),
        TargetScope::Category(cat) => format!("category:{cat}"),
    };
    let actual = match actual {
        Some(a) if target.metric == Metric::OverAge => Cell::Num(a),
        Some(a) => Cell::Num(rate2(a)),
        None => Cell::Empty,
    };
    [
        Cell::text(target.metric.en()),
        Cell::text(metric_name(target.metric, lang)),
        Cell::text(scope),
        q(target.target),
        Cell::Date(target.deadline),
        actual,
        Cell::text(status.0),
        Cell::text(status.1),
    ]
}

fn targets(points: &[TrendPoint], lang: Lang) -> Section {
    let mut cols = vec![ON];
    cols.extend(TARGET_COLS);
    let mut sec = Section::new("targets", W::SecTrendTargets.get(lang), cols);
    for p in points {
        for t in &p.targets {
            let status = (t.status.en(), pick(lang, t.status.en(), t.status.zh()));
            let mut row = vec![Cell::Date(p.on)];
            row.extend(target_cells(&t.target, t.actual, status, lang));
            sec.rows.push(row);
        }
    }
    sec
}
