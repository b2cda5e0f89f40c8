//! Screen 1's second view (Tab), readiness over time: the headline rates of the last 24 months,
//! month by month, computed from the ledger (`service::trend`) off the key loop; each target a
//! dotted line at its level with a mark at its deadline, in its rate's colour; beside the chart
//! the rates as of the last date and each target's standing. The chart and its legend draw
//! any dated figures (`draw_points`): headquarters' dashboard draws its depots' bundles with
//! them (`hq::chart`).

use chrono::{Months, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph, Wrap};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::figures::{pct, truncate};
use super::readiness::status_words;
use crate::app::App;
use crate::i18n::{Lang, T, TuiMsg};
use crate::reader::Ask;
use crate::style::fg;
use depot_domain::readiness::{Every, Figures, TargetStatus};
use depot_domain::vocab::Vocabulary;
use depot_domain::{Category, Metric, Target, TargetScope};
use depot_service::store::Store;
use depot_service::trend::{TrendRun, TrendSpec};

/// The months the view looks back over.
pub const MONTHS: u32 = 24;

/// The trend the view shows as of `on`: the last 24 months, a date a month, `on` last.
pub fn spec(on: NaiveDate) -> TrendSpec {
    TrendSpec {
        from: on.checked_sub_months(Months::new(MONTHS)).unwrap_or(on),
        to: on,
        every: Every::Month,
        scope: None,
    }
}

/// Asks for the trend when the view shows and has none: of the reading thread, or (without
/// one: the tests) here.
pub fn ask(app: &mut App, store: &Store) {
    if !app.trend.open || app.trend.run.is_some() || app.trend.error.is_some() || app.trend.asked {
        return;
    }
    let generation = app.trend.generation;
    let spec = spec(app.as_of);
    let sent = app.reads.as_ref().is_some_and(|r| {
        r.send(Ask::Trend {
            generation,
            spec: spec.clone(),
        })
        .is_ok()
    });
    if sent {
        app.trend.asked = true;
    } else {
        take(app, generation, depot_service::trend::trend(store, &spec));
    }
}

/// The trend read for `generation`: shown unless a write made it stale since.
pub fn take(app: &mut App, generation: u64, run: depot_service::Result<TrendRun>) {
    if generation != app.trend.generation {
        return;
    }
    app.trend.asked = false;
    match run {
        Ok(run) => app.trend.run = Some(run),
        Err(e) => app.trend.error = Some(crate::words::say(app, &e)),
    }
}

/// Tab on screen 1: the trend, or back to the figures.
pub fn toggle(app: &mut App, store: &Store) {
    app.trend.open = !app.trend.open;
    ask(app, store);
}

/// A date the chart draws: the figures on it and the targets judged on them (the register's,
/// or headquarters' for a depot or the whole service).
pub struct Point<'a> {
    pub on: NaiveDate,
    pub figures: Option<&'a Figures>,
    pub targets: Vec<Mark<'a>>,
}

/// A target judged on a date: its level and deadline drawn, its standing beside the chart.
pub struct Mark<'a> {
    pub target: &'a Target,
    pub actual: Option<Decimal>,
    pub status: TargetStatus,
}

/// A rate the chart draws: its name, the metric its targets set, its colour, its value.
pub struct Series {
    name: T,
    metric: Metric,
    colour: Color,
    value: fn(&Figures) -> Option<Decimal>,
}

/// The rates the chart draws: the first four are what a bundle carries (headquarters draws
/// those), the high-end share of vehicles needs the register.
pub const SERIES: [Series; 5] = [
    Series {
        name: T::Equipped,
        metric: Metric::EquippedRate,
        colour: Color::Cyan,
        value: Figures::equipped_rate,
    },
    Series {
        name: T::Ready,
        metric: Metric::ReadyRate,
        colour: Color::Green,
        value: Figures::ready_rate,
    },
    Series {
        name: T::Compliance,
        metric: Metric::ComplianceRate,
        colour: Color::Yellow,
        value: Figures::compliance_rate,
    },
    Series {
        name: T::Saturation,
        metric: Metric::Saturation,
        colour: Color::Magenta,
        value: Figures::saturation,
    },
    Series {
        name: T::HighEndVehicles,
        metric: Metric::HighEndShare,
        colour: Color::Blue,
        value: |f| f.category(Category::Vehicle).high_end_share(),
    },
];

/// The colour of a target: its rate's, or grey for a rate the chart does not draw.
fn colour_of(m: Metric) -> Color {
    SERIES
        .iter()
        .find(|s| s.metric == m)
        .map_or(Color::Gray, |s| s.colour)
}

fn num(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The chart's horizontal position of a date: days since the first.
fn day(first: NaiveDate, d: NaiveDate) -> f64 {
    (d - first).num_days() as f64
}

/// The targets the chart draws: the percentages (the over-age count is not one).
fn drawn_targets<'p>(p: &'p Point) -> impl Iterator<Item = &'p Mark<'p>> {
    p.targets
        .iter()
        .filter(|t| t.target.metric != Metric::OverAge)
}

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let title = format!(" {} · {} ", app.t(T::TrendTitle), app.t(T::TrendBack));
    let Some(run) = &app.trend.run else {
        let text = app
            .trend
            .error
            .clone()
            .unwrap_or_else(|| app.t(T::TrendLoading).to_owned());
        return waiting(title, text, f, area);
    };
    let points: Vec<Point> = run
        .points
        .iter()
        .map(|p| Point {
            on: p.on,
            figures: p.figures.as_ref(),
            targets: p
                .targets
                .iter()
                .map(|t| Mark {
                    target: &t.target,
                    actual: t.actual,
                    status: t.status,
                })
                .collect(),
        })
        .collect();
    // Dates before the ledger begins have no figures (not rates of zero): say from when.
    let mut under = Vec::new();
    if run.points.first().is_some_and(|p| p.figures.is_none())
        && let Some(from) = run.points.iter().find(|p| p.figures.is_some())
    {
        let said = TuiMsg::TrendFiguresFrom {
            on: from.on.to_string(),
        };
        under.push(Line::from(Span::styled(
            said.say(app.lang),
            fg(app, Color::Gray),
        )));
    }
    let words = Words {
        title,
        no_figures: app.t(T::TrendNoFigures),
        under_rates: under,
    };
    draw_points(app, &points, &SERIES, words, f, area);
}

/// Where the figures are still being read, or why they could not be: the text in the frame.
pub fn waiting(title: String, text: String, f: &mut Frame, area: Rect) {
    let block = Block::default().borders(Borders::ALL).title(title);
    f.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: true }).block(block),
        area,
    );
}

/// What the chart's frame says around the points: its title, what the legend says on a last
/// date without figures, and lines under the rates.
pub struct Words<'a> {
    pub title: String,
    pub no_figures: &'a str,
    pub under_rates: Vec<Line<'static>>,
}

/// The chart of `points` with a line for each of `series`, and the legend beside it.
pub fn draw_points(
    app: &App,
    points: &[Point],
    series: &[Series],
    words: Words,
    f: &mut Frame,
    area: Rect,
) {
    let block = Block::default().borders(Borders::ALL).title(words.title);
    let Some(last) = points.last() else {
        f.render_widget(Paragraph::new("").block(block), area);
        return;
    };
    let wide = area.width >= 120;
    let side = if wide { 66 } else { 44 };
    let [chart_area, legend_area] =
        Layout::horizontal([Constraint::Min(30), Constraint::Length(side)]).areas(area);
    chart(app, points, series, last, block, f, chart_area);
    let legend_words = (words.no_figures, words.under_rates);
    legend(app, last, series, legend_words, wide, f, legend_area);
}

/// The chart: a line per rate, and for each target a dotted line at its level and a mark at
/// its deadline (the axis reaches a deadline up to a year after the last date).
fn chart(
    app: &App,
    points: &[Point],
    series: &[Series],
    last: &Point,
    block: Block,
    f: &mut Frame,
    area: Rect,
) {
    let first = points.first().map_or(last.on, |p| p.on);
    let year_on = last
        .on
        .checked_add_months(Months::new(12))
        .unwrap_or(last.on);
    let end = drawn_targets(last)
        .map(|t| t.target.deadline)
        .filter(|d| *d <= year_on)
        .fold(last.on, NaiveDate::max);
    let x_end = day(first, end).max(1.0);
    let mut lines: Vec<(Vec<(f64, f64)>, Color)> = series
        .iter()
        .map(|s| {
            let pts = points
                .iter()
                .filter_map(|p| {
                    let v = p.figures.and_then(|fig| (s.value)(fig))?;
                    Some((day(first, p.on), num(v)))
                })
                .collect();
            (pts, s.colour)
        })
        .collect();
    // A dot every third column of the plot: a dotted line, unlike the rates' solid ones.
    let dots = usize::from(area.width.saturating_sub(10) / 3).max(2);
    let mut levels: Vec<(Vec<(f64, f64)>, Color)> = Vec::new();
    for t in drawn_targets(last) {
        let level = num(t.target.target).clamp(0.0, 100.0);
        let colour = colour_of(t.target.metric);
        let step = x_end / (dots - 1) as f64;
        levels.push((
            (0..dots).map(|i| (i as f64 * step, level)).collect(),
            colour,
        ));
        let at = day(first, t.target.deadline);
        if (0.0..=x_end).contains(&at) {
            lines.push((
                vec![(at, (level - 6.0).max(0.0)), (at, (level + 6.0).min(100.0))],
                colour,
            ));
        }
    }
    let mut sets: Vec<Dataset> = levels
        .iter()
        .map(|(pts, c)| {
            Dataset::default()
                .marker(Marker::Dot)
                .graph_type(GraphType::Scatter)
                .style(fg(app, *c))
                .data(pts)
        })
        .collect();
    sets.extend(lines.iter().map(|(pts, c)| {
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(fg(app, *c))
            .data(pts)
    }));
    // The chart spaces its labels evenly: the months at the start, the middle and the end.
    let month = |d: NaiveDate| d.format("%Y-%m").to_string();
    let middle = first + chrono::Days::new(((end - first).num_days() / 2).max(0) as u64);
    let x_labels = vec![month(first), month(middle), month(end)];
    let grey = fg(app, Color::Gray);
    let chart = Chart::new(sets)
        .block(block)
        .x_axis(
            Axis::default()
                .title(Span::styled(app.t(T::TrendMonth), grey))
                .bounds([0.0, x_end])
                .labels(x_labels)
                .labels_alignment(Alignment::Right),
        )
        .y_axis(
            Axis::default()
                .title(Span::styled(app.t(T::TrendRate), grey))
                .bounds([0.0, 100.0])
                .labels(["0", "50", "100"]),
        );
    f.render_widget(chart, area);
}

/// Beside the chart: each rate with its colour and its value on the last date, then each target
/// with its level, deadline and standing (the report's judgement on that date).
fn legend(
    app: &App,
    last: &Point,
    series: &[Series],
    (no_figures, under_rates): (&str, Vec<Line<'static>>),
    wide: bool,
    f: &mut Frame,
    area: Rect,
) {
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let room = usize::from(area.width.saturating_sub(2));
    let mut out = vec![Line::from(Span::styled(app.t(T::TrendRates), bold))];
    match last.figures {
        Some(fig) => {
            for s in series {
                let name = truncate(app.t(s.name), room.saturating_sub(13));
                out.push(Line::from(vec![
                    Span::styled("━━ ", fg(app, s.colour)),
                    Span::raw(format!("{name}{:>9}", pct((s.value)(fig)))),
                ]));
            }
        }
        None => out.push(Line::from(no_figures.to_owned())),
    }
    out.extend(under_rates);
    out.push(Line::from(""));
    out.push(Line::from(vec![
        Span::styled(app.t(T::TrendTargets), bold),
        Span::raw("  "),
        Span::styled(app.t(T::TrendMarks), fg(app, Color::Gray)),
    ]));
    if last.targets.is_empty() {
        out.push(Line::from(app.t(T::TrendNoTargets)));
    }
    for t in &last.targets {
        out.push(target_line(app, t, wide, room));
    }
    // Target lines are cut to the room; a sentence under the rates wraps at its spaces.
    f.render_widget(
        Paragraph::new(out)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL)),
        area,
    );
}

/// A metric as the screens name it (`Compliance`, `高精尖`), else as the reports do.
fn metric_name(app: &App, m: Metric) -> String {
    let t = match m {
        Metric::EquippedRate => T::Equipped,
        Metric::ReadyRate => T::Ready,
        Metric::ReadyCoverage => T::Coverage,
        Metric::ComplianceRate => T::Compliance,
        Metric::HighEndShare => T::HighEnd,
        Metric::OverAge => T::OverAge,
        Metric::Saturation => T::Saturation,
        Metric::CircleCoverage => T::CircleCoverage,
        Metric::ExpiringShare if app.lang == Lang::Zh => return m.zh().to_owned(),
        Metric::ExpiringShare => return m.en().replace('_', " "),
    };
    app.t(t).to_owned()
}

/// A target as the legend lists it: `• 达标率·DD-01 90% 2025-12 逾期未达成`; wide, with `by`
/// before the full deadline and the figure on the last date after it. Where the line does not
/// fit, the name gives way, never the level, the deadline or the standing.
fn target_line(app: &App, t: &Mark, wide: bool, room: usize) -> Line<'static> {
    use unicode_width::UnicodeWidthStr;
    let zh = app.lang == Lang::Zh;
    let m = t.target.metric;
    let mut what = metric_name(app, m);
    match &t.target.scope {
        TargetScope::Everything => {}
        TargetScope::Unit(u) => what.push_str(&format!("·{u}")),
        TargetScope::Category(c) => {
            what.push_str(&format!("·{}", if zh { c.zh() } else { c.en() }))
        }
    }
    let level = t.target.target.normalize();
    let level = if m == Metric::OverAge {
        format!("≤{level}")
    } else {
        format!("{level}%")
    };
    let rest = if wide {
        let now = match t.actual {
            Some(a) if m == Metric::OverAge => a.normalize().to_string(),
            a => pct(a),
        };
        format!(" {level} {} {} ({now}) ", app.t(T::By), t.target.deadline)
    } else {
        format!(" {level} {} ", t.target.deadline.format("%Y-%m"))
    };
    let (word, colour) = status_words(app, t.status);
    let fixed = 2 + rest.width() + word.width();
    let what = truncate(&what, room.saturating_sub(fixed).min(what.width()));
    let mark = if m == Metric::OverAge { "  " } else { "• " };
    Line::from(vec![
        Span::styled(mark, fg(app, colour_of(m))),
        Span::raw(format!("{what}{rest}")),
        Span::styled(word, fg(app, colour).add_modifier(Modifier::BOLD)),
    ])
}
