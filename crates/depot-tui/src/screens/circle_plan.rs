//! The response circles drawn and moved through, whoever made them: a depot's (screen 4's
//! second view, `circles`) or headquarters' over every depot (`hq::circles`). For one reserve
//! module, every county, city and the province with the nearest stocked warehouse to its seat
//! against its circle and the units outside it; beside it a map of the places, units outside
//! their circle marked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::Canvas;
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, Wrap};
use unicode_width::UnicodeWidthStr;

use super::figures::pct;
use crate::app::App;
use crate::i18n::T;
use crate::keymap::Action;
use crate::style::{fg, selected};
use depot_domain::readiness::{AreaRow, Circles, PlaceKind, Snapshot};
use depot_report::minutes;

/// The rows of module `m` (an index into the plan's modules).
pub fn rows_of(c: &Circles, m: usize) -> Vec<&AreaRow> {
    let Some(module) = c.modules.get(m) else {
        return Vec::new();
    };
    c.areas.iter().filter(|a| a.module == *module).collect()
}

/// Moves through the circles of `c` with `a`: ← → the module, ↑ ↓ Home End the area row of
/// `at` (module, row); whether `a` was such a key.
pub fn navigate(c: &Circles, at: (&mut usize, &mut usize), a: &Action) -> bool {
    let (module, row) = at;
    let modules = c.modules.len().max(1);
    match a {
        Action::Left => *module = (*module + modules - 1) % modules,
        Action::Right => *module = (*module + 1) % modules,
        Action::Up => *row = row.saturating_sub(1),
        Action::Down => *row += 1,
        Action::Home => *row = 0,
        Action::End => *row = usize::MAX,
        _ => return false,
    }
    clamp(c, (module, row));
    true
}

/// Keeps `at` (module, area row) within the circles of `c`.
pub fn clamp(c: &Circles, (module, row): (&mut usize, &mut usize)) {
    *module = (*module).min(c.modules.len().saturating_sub(1));
    *row = (*row).min(rows_of(c, *module).len().saturating_sub(1));
}

/// The circles `c` over the places of `s` (a depot's, or headquarters' of the whole service),
/// module `at.0` (an index into its modules) with area row `at.1` selected; `tail` ends the
/// table's title (how to go back, where Tab does not say it), `name` names a place.
pub fn draw_plan(
    app: &App,
    (s, c): (&Snapshot, &Circles),
    at: (usize, usize),
    (tail, name_of): (Option<&str>, &dyn Fn(u32) -> String),
    f: &mut Frame,
    area: Rect,
) {
    let Some(&module) = c.modules.get(at.0) else {
        f.render_widget(
            Paragraph::new(app.t(T::CircleEmpty))
                .wrap(Wrap { trim: true })
                .block(Block::default().borders(Borders::ALL)),
            area,
        );
        return;
    };
    let zh = app.lang == crate::i18n::Lang::Zh;
    let name = s.module_name(module, zh);
    let [left, map] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    let [table_area, outside_area] =
        Layout::vertical([Constraint::Min(5), Constraint::Length(5)]).areas(left);
    let rows = rows_of(c, at.0);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let body: Vec<Row> = rows
        .iter()
        .map(|a| {
            let (wh, time) = match a.seat {
                Some(x) => (
                    name_of(x.warehouse),
                    format!(
                        "{}{}",
                        if x.estimated { "~" } else { "" },
                        minutes(x.minutes).normalize()
                    ),
                ),
                None => ("—".to_owned(), "—".to_owned()),
            };
            let late = a.seat.is_none_or(|x| x.minutes > a.level.minutes());
            let style = if late || !a.outside.is_empty() {
                fg(app, Color::Red)
            } else {
                Style::default()
            };
            Row::new(vec![
                name_of(a.area),
                format!("{} {}", a.level.minutes(), app.t(T::CircleMinutes)),
                wh,
                time,
                format!("{}/{}", a.outside.len(), a.units),
            ])
            .style(style)
        })
        .collect();
    // The nearest depot's full heading where it fits whole, else its short one: a heading is
    // never cut ("最近的达").
    let nearest = [T::CircleNearest, T::CircleNearestShort]
        .into_iter()
        .map(|t| app.t(t))
        .find(|h| usize::from(table_area.width) >= 34 + h.width())
        .unwrap_or(app.t(T::CircleNearestShort));
    let header = Row::new(vec![
        app.t(T::CircleArea),
        app.t(T::CircleLimit),
        nearest,
        app.t(T::CircleMinutes),
        app.t(T::CircleOutside),
    ])
    .style(bold);
    // Each heading whole: the short columns at least as wide as theirs.
    let at_least = |t: T, w: usize| Constraint::Length(app.t(t).width().max(w) as u16);
    let widths = [
        Constraint::Min(8),
        at_least(T::CircleLimit, 7),
        Constraint::Min(nearest.width() as u16),
        at_least(T::CircleMinutes, 5),
        at_least(T::CircleOutside, 5),
    ];
    let mut title = format!(
        " {} · ← {name} → · {} {} ",
        app.t(T::Circles),
        app.t(T::CircleCoverage),
        pct(c.coverage_in(Some(module)))
    );
    if let Some(t) = tail {
        title.push_str(&format!("· {t} "));
    }
    let table = Table::new(body, widths)
        .header(header)
        .row_highlight_style(selected(app))
        .block(Block::default().borders(Borders::ALL).title(title));
    let mut state = ratatui::widgets::TableState::default().with_selected(Some(at.1));
    f.render_stateful_widget(table, table_area, &mut state);

    let outside: Vec<String> = rows
        .get(at.1)
        .map(|a| {
            a.outside
                .iter()
                .map(|i| {
                    let u = &c.units[*i as usize];
                    let time = u.reach.map_or("—".to_owned(), |x| {
                        format!("{}", minutes(x.minutes).normalize())
                    });
                    format!("{} {time}", name_of(u.unit))
                })
                .collect()
        })
        .unwrap_or_default();
    let text = if outside.is_empty() {
        format!("({})", app.t(T::None))
    } else {
        outside.join(" · ")
    };
    f.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", app.t(T::CircleOutsideOf))),
        ),
        outside_area,
    );
    draw_map(
        app,
        (s, c),
        (module, rows.get(at.1).map(|a| a.area)),
        f,
        map,
    );
}

/// A place's name; the whole service's, which headquarters' circles leave unnamed when its
/// register has no corps, in the interface's language.
pub fn place_name(app: &App, s: &Snapshot, p: u32) -> String {
    match s.place(p).name.as_str() {
        "" => app.t(T::CircleWholeService).to_owned(),
        name => name.to_owned(),
    }
}

/// The places as points: warehouses stocked with the module, units within their circle, and
/// units outside it marked; the selected area's seat (`at.1`) reversed.
fn draw_map(
    app: &App,
    (s, c): (&Snapshot, &Circles),
    (module, seat): (u16, Option<u32>),
    f: &mut Frame,
    area: Rect,
) {
    let points: Vec<(f64, f64)> = (0..s.places.len() as u32)
        .filter_map(|p| s.geo.point(p))
        .collect();
    let (mut lat0, mut lat1, mut lon0, mut lon1) = (90.0_f64, -90.0_f64, 180.0_f64, -180.0_f64);
    for (lat, lon) in &points {
        lat0 = lat0.min(*lat);
        lat1 = lat1.max(*lat);
        lon0 = lon0.min(*lon);
        lon1 = lon1.max(*lon);
    }
    let pad_lat = ((lat1 - lat0) * 0.08).max(0.01);
    let pad_lon = ((lon1 - lon0) * 0.08).max(0.01);
    let stocked: Vec<u32> = c
        .stocked
        .iter()
        .filter(|x| x.module == module && x.enough)
        .map(|x| x.warehouse)
        .collect();
    let (red, green, cyan) = (
        fg(app, Color::Red).add_modifier(Modifier::BOLD),
        fg(app, Color::Green),
        fg(app, Color::Cyan).add_modifier(Modifier::BOLD),
    );
    let marks: Vec<(f64, f64, &'static str, Style)> = c
        .units
        .iter()
        .filter(|u| u.module == module)
        .filter_map(|u| {
            let (lat, lon) = s.geo.point(u.unit)?;
            let (mark, style) = if u.inside(u.circle) {
                ("•", green)
            } else {
                ("×", red)
            };
            let style = if Some(u.unit) == seat {
                style.add_modifier(Modifier::REVERSED)
            } else {
                style
            };
            Some((lon, lat, mark, style))
        })
        .chain(s.places.iter().enumerate().filter_map(|(p, place)| {
            let p = p as u32;
            if place.kind != PlaceKind::Warehouse {
                return None;
            }
            let (lat, lon) = s.geo.point(p)?;
            let style = if stocked.contains(&p) {
                cyan
            } else {
                Style::default().add_modifier(Modifier::DIM)
            };
            Some((lon, lat, "▣", style))
        }))
        .collect();
    let canvas = Canvas::default()
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", app.t(T::CircleMap)))
                .title_bottom(Line::from(Span::raw(format!(
                    " {} ",
                    app.t(T::CircleLegend)
                )))),
        )
        .x_bounds([lon0 - pad_lon, lon1 + pad_lon])
        .y_bounds([lat0 - pad_lat, lat1 + pad_lat])
        .paint(move |ctx| {
            for (x, y, mark, style) in &marks {
                ctx.print(*x, *y, Span::styled(*mark, *style));
            }
        });
    f.render_widget(canvas, area);
}
