//! Readiness over time at headquarters (Tab on screen 1): the whole service's rates at each
//! date a depot's bundle is as of, over the last 24 months, on the list; one depot's on its
//! lines. Drawn by the depot's own trend chart (`screens::trend`), from the figures
//! headquarters keeps of every bundle (`service::hq::chart`), read off the key loop.

use chrono::Months;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};

use crate::app::App;
use crate::i18n::{T, TuiMsg};
use crate::reader::Ask;
use crate::screens::trend::{self, Mark, Point, SERIES, Words};
use crate::state::hq::HqState;
use crate::style::fg;
use crate::words::say;
use depot_service::hq::chart::{ChartPoint, chart};
use depot_service::store::Store;

/// Whose chart the screen shows: the depot open, else the whole service (`None`).
pub(super) fn subject(hq: &HqState) -> Option<String> {
    hq.open.as_ref().map(|v| v.code.clone())
}

/// Asks for the chart when it shows and has none of its subject: of the reading thread, or
/// (without one: the tests) here.
pub fn ask(app: &mut App, store: &Store) {
    let (on, reads) = (app.as_of, app.reads.clone());
    let Some(hq) = &mut app.hq else { return };
    let who = subject(hq);
    let c = &mut hq.chart;
    if !c.open || !c.read.wants(&who) {
        return;
    }
    let from = on
        .checked_sub_months(Months::new(trend::MONTHS))
        .unwrap_or(on);
    let generation = c.generation;
    let sent = reads.as_ref().is_some_and(|r| {
        r.send(Ask::HqChart {
            generation,
            depot: who.clone(),
            from,
            to: on,
        })
        .is_ok()
    });
    if sent {
        c.read.asked = Some(who);
    } else {
        let points = chart(store, from, on, who.as_deref());
        take(app, generation, who, points);
    }
}

/// The chart read for `generation` and `depot`: shown unless the bundles changed since, or
/// the screen shows another's.
pub fn take(
    app: &mut App,
    generation: u64,
    depot: Option<String>,
    points: depot_service::Result<Vec<ChartPoint>>,
) {
    let points = points.map_err(|e| say(app, &e));
    let Some(hq) = &mut app.hq else { return };
    if generation != hq.chart.generation {
        return;
    }
    let who = subject(hq);
    hq.chart.read.answer(depot, &who, points);
}

/// Tab on screen 1 at headquarters: the chart, or back to the list or the depot's lines.
pub fn toggle(app: &mut App, store: &Store) {
    if let Some(hq) = &mut app.hq {
        hq.chart.open = !hq.chart.open;
        hq.chart.read.error = None;
    }
    ask(app, store);
}

pub fn draw(app: &App, hq: &HqState, f: &mut Frame, area: Rect) {
    let who = subject(hq);
    let name = match &who {
        Some(code) => code.clone(),
        None => app.t(T::HqAll).to_owned(),
    };
    let title = format!(
        " {name} · {} · {} ",
        app.t(T::HqTrendTitle),
        app.t(T::HqTrendBack)
    );
    let points = match hq.chart.read.of(&who) {
        Some(p) => p,
        None => {
            let text = hq
                .chart
                .read
                .error
                .clone()
                .unwrap_or_else(|| app.t(T::HqTrendLoading).to_owned());
            return trend::waiting(title, text, f, area);
        }
    };
    let drawn: Vec<Point> = points
        .iter()
        .map(|p| Point {
            on: p.on,
            figures: p.figures.as_ref(),
            // What a bundle does not carry (a category, the high-end share …) has no standing.
            targets: p
                .targets
                .iter()
                .filter_map(|t| {
                    Some(Mark {
                        target: &t.target,
                        actual: t.actual,
                        status: t.status?,
                    })
                })
                .collect(),
        })
        .collect();
    let mut under = Vec::new();
    if let (None, Some(last)) = (&who, points.last()) {
        let grey = fg(app, Color::Gray);
        let with = TuiMsg::DepotsWithFigures {
            with: last.with_figures.to_string(),
            of: last.depots.to_string(),
        };
        under.push(Line::from(Span::styled(with.say(app.lang), grey)));
        under.push(Line::from(Span::styled(
            app.t(T::HqTrendPooled).to_owned(),
            grey,
        )));
    }
    let words = Words {
        title,
        no_figures: app.t(T::HqTrendNoFigures),
        under_rates: under,
    };
    // A bundle carries no high-end share: the rates it does.
    trend::draw_points(app, &drawn, &SERIES[..4], words, f, area);
}
