//! Screen 1, the dashboard: the headline rates against their targets, the counts that need
//! action (each opens its list), reserve saturation, and replacement cost by year; Tab: the
//! same rates over the last 24 months (`trend`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Gauge, Paragraph};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::figures::{pct, ratio, truncate};
use super::readiness::{headline_target, open_report, status_words, target_text};
use crate::app::App;
use crate::i18n::T;
use crate::keymap::Action;
use crate::outcome::Outcome;
use crate::state::dashboard::Tile;
use crate::state::readiness::Reports;
use crate::style::{fg, selected};
use depot_domain::Metric;
use depot_domain::readiness::{Figures, PlaceKind, Within};
use depot_report::ReportKind;
use depot_report::table::Report;
use depot_service::store::Store;

/// The check-outs past their return date (the same section as the readiness report's), or the
/// over-age pieces, as a report.
fn listed(app: &mut App, tile: Tile) {
    let Some(r) = &app.reports else { return };
    let list = if tile == Tile::OverAge {
        depot_report::over_age
    } else {
        depot_report::past_due
    };
    let sec = list(&r.snap, Within::Everything, app.as_of, app.lang);
    let rep = Report {
        title: sec.title.clone(),
        lang: app.lang,
        sections: vec![sec],
        ..Report::default()
    };
    app.popup = Some(rep);
    app.popup_offset = 0;
}

pub fn update(app: &mut App, store: &Store, a: Action) -> Outcome {
    if app.hq.is_some() {
        return super::hq::update(app, store, a);
    }
    if app.trend.open {
        if matches!(a, Action::NextPane | Action::Back) {
            super::trend::toggle(app, store);
        }
        return Outcome::None;
    }
    let n = Tile::ALL.len();
    match a {
        Action::Up => app.dashboard.tile = (app.dashboard.tile + n - 1) % n,
        Action::Down => app.dashboard.tile = (app.dashboard.tile + 1) % n,
        Action::NextPane => super::trend::toggle(app, store),
        Action::Enter => match Tile::ALL[app.dashboard.tile] {
            Tile::Equipped | Tile::Ready | Tile::HighEnd => {
                open_report(app, ReportKind::Readiness, None)
            }
            Tile::Compliance => open_report(app, ReportKind::Shortfalls, None),
            Tile::OverAge | Tile::PastDue => listed(app, Tile::ALL[app.dashboard.tile]),
            Tile::Overdue => open_report(app, ReportKind::Inspections, None),
            Tile::Expiring => open_report(app, ReportKind::Expiry, None),
        },
        _ => {}
    }
    Outcome::None
}

/// The dashboard's four gauges, in order: what each opens, its label, its rate (of the whole
/// register) and the metric of its target.
pub(crate) fn headline_rates(all: &Figures) -> [(Tile, T, Option<Decimal>, Metric); 4] {
    [
        (
            Tile::Equipped,
            T::Equipped,
            all.equipped_rate(),
            Metric::EquippedRate,
        ),
        (Tile::Ready, T::Ready, all.ready_rate(), Metric::ReadyRate),
        (
            Tile::Compliance,
            T::Compliance,
            all.compliance_rate(),
            Metric::ComplianceRate,
        ),
        (
            Tile::HighEnd,
            T::HighEndVehicles,
            all.category(depot_domain::Category::Vehicle)
                .high_end_share(),
            Metric::HighEndShare,
        ),
    ]
}

pub fn draw(app: &App, r: &Reports, f: &mut Frame, area: Rect) {
    if app.trend.open {
        return super::trend::draw(app, f, area);
    }
    let all = &r.ready.everything;
    let [gauges, middle, chart] = Layout::vertical([
        Constraint::Length(8),
        Constraint::Min(6),
        Constraint::Length(7),
    ])
    .areas(area);
    let rows = Layout::vertical([Constraint::Length(2); 4]).split(gauges);
    for (i, (tile, label, value, metric)) in headline_rates(all).into_iter().enumerate() {
        let target = headline_target(r, metric);
        let mark = if Tile::ALL[app.dashboard.tile] == tile {
            "▶ "
        } else {
            "  "
        };
        let style = if Tile::ALL[app.dashboard.tile] == tile {
            selected(app)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        };
        let mut title = vec![Span::styled(
            format!("{mark}{} {}", app.t(label), pct(value)),
            style,
        )];
        // Met, behind or missed, in words and colour: the judgement of `report targets`.
        // Without a target there is nothing to judge, and the gauge is not green.
        let colour = match target {
            Some(t) => {
                let (word, colour) = status_words(app, t.status);
                title.push(Span::styled(format!("   {}  ", target_text(app, t)), style));
                title.push(Span::styled(
                    word,
                    fg(app, colour).add_modifier(Modifier::BOLD),
                ));
                colour
            }
            None => Color::Cyan,
        };
        let [t, g] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(rows[i]);
        f.render_widget(Paragraph::new(Line::from(title)), t);
        let gauge = Gauge::default()
            .ratio(ratio(value))
            .label(pct(value))
            .gauge_style(fg(app, colour));
        f.render_widget(gauge, g);
    }
    let [counts, sat_area] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(middle);
    let st = &all.stock;
    let items = [
        (Tile::OverAge, T::OverAge, st.over_age),
        (Tile::Overdue, T::Overdue, st.inspection_overdue),
        (Tile::PastDue, T::PastDue, st.past_due),
        (Tile::Expiring, T::Expiring, st.lots_expiring),
    ];
    // The over-age count has a target of its own (none left by 2022): judged as the gauges'
    // are, its word after the count; the labels make room for it, so the counts stay aligned.
    let over_age = headline_target(r, Metric::OverAge).map(|t| status_words(app, t.status));
    let room = over_age.map_or(24, |(word, _)| {
        usize::from(counts.width.saturating_sub(2))
            .saturating_sub(2 + 8 + 1 + unicode_width::UnicodeWidthStr::width(word))
            .min(24)
    });
    let lines: Vec<Line> = items
        .iter()
        .map(|(tile, label, n)| {
            let on = Tile::ALL[app.dashboard.tile] == *tile;
            let mark = if on { "▶ " } else { "  " };
            let style = if on {
                selected(app)
            } else if *n > 0 {
                fg(app, Color::Yellow)
            } else {
                Style::default()
            };
            let text = format!("{mark}{}{n:>8}", truncate(app.t(*label), room));
            match over_age.filter(|_| *tile == Tile::OverAge) {
                Some((word, colour)) => Line::from(vec![
                    Span::styled(format!("{text} "), style),
                    Span::styled(word, fg(app, colour).add_modifier(Modifier::BOLD)),
                ]),
                None => Line::from(Span::styled(text, style)),
            }
        })
        .collect();
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" ↑↓ Enter ")),
        counts,
    );
    // Saturation of each warehouse's reserve: a line each when they fit, else two to a line
    // without names, and the number left out when even that does not fit.
    let sat: Vec<(String, String, String)> = r
        .snap
        .places
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PlaceKind::Warehouse)
        .map(|(i, p)| {
            let fig = &r.ready.own[i];
            (
                p.code.to_string(),
                pct(fig.saturation()),
                p.name.to_string(),
            )
        })
        .collect();
    let room = usize::from(sat_area.height.saturating_sub(2)).max(1);
    let mut sat_lines: Vec<Line> = if sat.len() <= room {
        sat.iter()
            .map(|(c, rate, name)| Line::from(format!("{c:<10} {rate:>8}  {name}")))
            .collect()
    } else {
        sat.chunks(2)
            .map(|pair| {
                let cells: Vec<String> = pair
                    .iter()
                    .map(|(c, rate, _)| format!("{c:<9}{rate:>8}"))
                    .collect();
                Line::from(cells.join("   "))
            })
            .collect()
    };
    if sat_lines.len() > room {
        let kept = room - 1;
        let left = sat.len() - kept * 2;
        sat_lines.truncate(kept);
        sat_lines.push(Line::from(Span::styled(
            format!("… +{left} {}", app.t(T::MoreOnUnits)),
            fg(app, Color::Gray),
        )));
    }
    f.render_widget(
        Paragraph::new(sat_lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", app.t(T::Saturation))),
        ),
        sat_area,
    );
    // Replacement cost by life-end year, in ten-thousands of yuan (万元).
    let bars: Vec<Bar> = r
        .by_year
        .iter()
        .skip(years_skipped(r, app, chart.width))
        .map(|(y, t)| {
            let wan = (t.cost / Decimal::from(10_000))
                .round()
                .to_u64()
                .unwrap_or(0);
            Bar::default()
                .label(Line::from(format!("{}", y % 100)))
                .value(wan)
                .text_value(format!("{wan}"))
        })
        .collect();
    let title = format!(" {} ", app.t(T::ByYearTenThousands));
    let chart_w = BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(5)
        .bar_gap(1)
        .bar_style(fg(app, Color::Cyan))
        .block(Block::default().borders(Borders::ALL).title(title));
    f.render_widget(chart_w, chart);
}

/// Bars of the cost chart are 5 columns and a gap wide: as many years as fit in `width`,
/// from the first year with a cost, or (when they do not all fit) a window that starts three
/// years before the as-of year.
fn years_skipped(r: &Reports, app: &App, width: u16) -> usize {
    let fit = usize::from(width.saturating_sub(2)) / 6;
    let n = r.by_year.len();
    if n <= fit {
        return 0;
    }
    let now = chrono::Datelike::year(&app.as_of);
    let start = r
        .by_year
        .iter()
        .position(|(y, _)| *y >= now - 3)
        .unwrap_or(0);
    start.min(n - fit)
}
