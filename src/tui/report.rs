//! The readiness screens: the dashboard (headline rates against their targets, the counts
//! that need action, reserve saturation, replacements by year), the units and warehouses tree,
//! the replacement plan, and the exports.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Borders, Clear, Gauge, Paragraph, Row, Table, Wrap,
};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::domain::readiness::{Figures, LineStatus, PlaceKind, rate_text};
use crate::domain::{Metric, TargetScope};
use crate::exchange::export::ExportKind;

use super::app::{App, Reports, Screen, Tile};
use super::i18n::{Lang, T};
use super::view::{centered, fg, selected};

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let Some(r) = &app.reports else {
        f.render_widget(Paragraph::new(app.status.clone().unwrap_or_default()), area);
        return;
    };
    match app.screen {
        Screen::Dashboard => dashboard(app, r, f, area),
        Screen::Units => units(app, r, f, area),
        Screen::Replacements => replacements(app, r, f, area),
        _ => exports(app, f, area),
    }
    if let Some(p) = &app.popup {
        popup(app, p, f, area);
    }
}

/// The target of a metric over everything (the strictest, earliest one), as text.
fn target_of(app: &App, r: &Reports, m: Metric) -> String {
    // The high-end share is set per category; the dashboard shows vehicles'.
    let scope = if m == Metric::HighEndShare {
        TargetScope::Category(crate::domain::Category::Vehicle)
    } else {
        TargetScope::Everything
    };
    r.targets
        .iter()
        .filter(|t| t.target.metric == m && t.target.scope == scope)
        .max_by_key(|t| t.target.target)
        .map(|t| {
            format!(
                "{} {} % {} {}",
                app.t(T::Target),
                t.target.target.normalize(),
                app.t(T::By),
                t.target.deadline
            )
        })
        .unwrap_or_default()
}

/// A rate with its sign, or nothing when there is nothing to measure.
fn pct(p: Option<Decimal>) -> String {
    match rate_text(p) {
        t if t.is_empty() => t,
        t => format!("{t} %"),
    }
}

fn ratio(p: Option<Decimal>) -> f64 {
    p.and_then(|d| d.to_f64())
        .map_or(0.0, |v| (v / 100.0).clamp(0.0, 1.0))
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
            all.category(crate::domain::Category::Vehicle)
                .high_end_share(),
            Metric::HighEndShare,
        ),
    ]
}

/// The units tree's detail for place `p`: each of its lines (an index into `s.lines`) with the
/// mark it shows, the same judgement as the shortfall list's.
pub(crate) fn tree_lines(
    s: &crate::domain::readiness::Snapshot,
    ready: &crate::domain::readiness::Readiness,
    p: u32,
) -> Vec<(usize, LineStatus)> {
    s.lines_of(p)
        .map(|li| (li, ready.lines[li].status(s.lines[li].required)))
        .collect()
}

fn dashboard(app: &App, r: &Reports, f: &mut Frame, area: Rect) {
    let all = &r.ready.everything;
    let [gauges, middle, chart] = Layout::vertical([
        Constraint::Length(8),
        Constraint::Min(6),
        Constraint::Length(7),
    ])
    .areas(area);
    let rows = Layout::vertical([Constraint::Length(2); 4]).split(gauges);
    for (i, (tile, label, value, metric)) in headline_rates(all).into_iter().enumerate() {
        let target = target_of(app, r, metric);
        let mark = if Tile::ALL[app.tile] == tile {
            "▶ "
        } else {
            "  "
        };
        let title = format!("{mark}{} {}   {target}", app.t(label), pct(value));
        let style = if Tile::ALL[app.tile] == tile {
            selected(app)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        };
        let [t, g] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(rows[i]);
        f.render_widget(Paragraph::new(Span::styled(title, style)), t);
        let gauge = Gauge::default()
            .ratio(ratio(value))
            .label(pct(value))
            .gauge_style(fg(app, Color::Green));
        f.render_widget(gauge, g);
    }
    let [counts, sat] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(middle);
    let st = &all.stock;
    let items = [
        (Tile::OverAge, T::OverAge, st.over_age),
        (Tile::Overdue, T::Overdue, st.inspection_overdue),
        (Tile::PastDue, T::PastDue, st.past_due),
        (Tile::Expiring, T::Expiring, st.lots_expiring),
    ];
    let lines: Vec<Line> = items
        .iter()
        .map(|(tile, label, n)| {
            let on = Tile::ALL[app.tile] == *tile;
            let mark = if on { "▶ " } else { "  " };
            let style = if on {
                selected(app)
            } else if *n > 0 {
                fg(app, Color::Yellow)
            } else {
                Style::default()
            };
            Line::from(Span::styled(
                format!("{mark}{}{n:>8}", truncate(app.t(*label), 24)),
                style,
            ))
        })
        .collect();
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" ↑↓ Enter ")),
        counts,
    );
    // Saturation of each warehouse's reserve.
    let sat_lines: Vec<Line> = r
        .snap
        .places
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PlaceKind::Warehouse)
        .map(|(i, p)| {
            let fig = &r.ready.own[i];
            Line::from(format!(
                "{:<10} {:>7}  {}",
                p.code,
                pct(fig.saturation()),
                p.name
            ))
        })
        .collect();
    f.render_widget(
        Paragraph::new(sat_lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", app.t(T::Saturation))),
        ),
        sat,
    );
    // Replacement cost by life-end year, in ten-thousands of yuan (万元).
    let bars: Vec<Bar> = r
        .by_year
        .iter()
        .filter(|(y, _)| (*y - chrono::Datelike::year(&app.as_of)).abs() <= 8)
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
    let title = match app.lang {
        Lang::Zh => format!(" {}（万元） ", app.t(T::ByYear)),
        Lang::En => format!(" {} (10k yuan) ", app.t(T::ByYear)),
    };
    let chart_w = BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(5)
        .bar_gap(1)
        .bar_style(fg(app, Color::Cyan))
        .block(Block::default().borders(Borders::ALL).title(title));
    f.render_widget(chart_w, chart);
}

fn place_rate(fig: &Figures) -> String {
    rate_text(fig.equipped_rate())
}

fn units(app: &App, r: &Reports, f: &mut Frame, area: Rect) {
    let [tree, detail] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let height = usize::from(tree.height.saturating_sub(3));
    let end = (app.unit_offset + height).min(r.tree.len());
    let rows: Vec<Row> = r.tree[app.unit_offset..end]
        .iter()
        .map(|&p| {
            let place = r.snap.place(p);
            let indent = "  ".repeat(place.depth as usize);
            let icon = if place.kind == PlaceKind::Warehouse {
                "▣"
            } else {
                "•"
            };
            let fig = &r.ready.total[p as usize];
            Row::new(vec![
                format!("{indent}{icon} {}", place.name),
                place_rate(fig),
                rate_text(fig.compliance_rate()),
            ])
        })
        .collect();
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let header = Row::new(vec![
        app.t(T::Units).to_owned(),
        format!("{}%", app.t(T::Equipped)),
        format!("{}%", app.t(T::Compliance)),
    ])
    .style(bold);
    let table = Table::new(
        rows,
        [
            Constraint::Min(14),
            Constraint::Length(8),
            Constraint::Length(8),
        ],
    )
    .header(header)
    .row_highlight_style(selected(app))
    .block(
        Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", app.t(T::Units))),
    );
    let mut state = ratatui::widgets::TableState::default()
        .with_selected(Some(app.unit_sel.saturating_sub(app.unit_offset)));
    f.render_stateful_widget(table, tree, &mut state);

    let Some(&p) = r.tree.get(app.unit_sel) else {
        return;
    };
    let place = r.snap.place(p);
    let fig = &r.ready.total[p as usize];
    let [head, lines_area] =
        Layout::vertical([Constraint::Length(4), Constraint::Min(3)]).areas(detail);
    let facts = vec![
        Line::from(Span::styled(format!("{} {}", place.code, place.name), bold)),
        Line::from(format!(
            "{} {}  {} {}  {} {}",
            app.t(T::Equipped),
            pct(fig.equipped_rate()),
            app.t(T::Ready),
            pct(fig.ready_rate()),
            app.t(T::Coverage),
            pct(fig.ready_coverage())
        )),
        Line::from(format!(
            "{} {}  {} {}",
            app.t(T::Compliance),
            pct(fig.compliance_rate()),
            app.t(T::OverAge),
            fig.stock.over_age
        )),
    ];
    f.render_widget(
        Paragraph::new(facts)
            .block(Block::default().borders(Borders::TOP | Borders::LEFT | Borders::RIGHT)),
        head,
    );
    let mut rows = Vec::new();
    for (li, status) in tree_lines(&r.snap, &r.ready, p) {
        let def = &r.snap.lines[li];
        let res = &r.ready.lines[li];
        let module = if def.module == crate::domain::readiness::NO_MODULE {
            String::new()
        } else {
            format!("[{}] ", r.snap.module(def.module))
        };
        // The same judgement as the shortfall list's: a line is listed there unless it is met.
        let (mark, style) = match status {
            LineStatus::Met => ("✓", Style::default()),
            LineStatus::NotReady => ("!", fg(app, Color::Yellow)),
            LineStatus::Short => ("✗", fg(app, Color::Red)),
        };
        rows.push(
            Row::new(vec![
                format!("{mark} {} {module}", r.snap.what_text(def)),
                def.required.normalize().to_string(),
                res.held.normalize().to_string(),
                res.ready.normalize().to_string(),
            ])
            .style(style),
        );
    }
    if rows.is_empty() {
        rows.push(Row::new(vec![format!("({})", app.t(T::None))]));
    }
    let header = Row::new(vec![
        app.t(T::Item),
        app.t(T::Required),
        app.t(T::Held),
        app.t(T::ReadyCount),
    ])
    .style(bold);
    let widths = [
        Constraint::Min(10),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(6),
    ];
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" Enter: {} ", app.t(T::Shortfalls)));
    f.render_widget(
        Table::new(rows, widths).header(header).block(block),
        lines_area,
    );
}

/// Cuts `s` to at most `w` display columns and pads it to exactly `w`.
fn truncate(s: &str, w: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push_str(&" ".repeat(w - used));
    out
}

fn money(d: Decimal) -> String {
    d.round_dp(0).normalize().to_string()
}

fn replacements(app: &App, r: &Reports, f: &mut Frame, area: Rect) {
    let [years, plan] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    let rows: Vec<Row> = r
        .by_year
        .iter()
        .map(|(y, t)| Row::new(vec![y.to_string(), t.pieces.to_string(), money(t.cost)]))
        .collect();
    let header = Row::new(vec![app.t(T::Year), app.t(T::Count), app.t(T::Cost)])
        .style(Style::default().add_modifier(Modifier::BOLD));
    let table = Table::new(
        rows,
        [
            Constraint::Length(6),
            Constraint::Length(7),
            Constraint::Min(10),
        ],
    )
    .header(header)
    .row_highlight_style(selected(app))
    .block(
        Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", app.t(T::Replacements))),
    );
    let mut state = ratatui::widgets::TableState::default()
        .with_selected(Some(app.tile.min(r.by_year.len().saturating_sub(1))));
    f.render_stateful_widget(table, years, &mut state);

    let budget_line = if app.editing_budget {
        format!("{}▏", app.budgets)
    } else if app.budgets.is_empty() {
        "2026=5000000 2027=…".to_owned()
    } else {
        app.budgets.clone()
    };
    let [b, t] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(plan);
    let style = if app.editing_budget {
        selected(app)
    } else {
        Style::default().add_modifier(Modifier::BOLD)
    };
    f.render_widget(
        Paragraph::new(Span::styled(budget_line, style)).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" F3 {} ", app.t(T::Budget))),
        ),
        b,
    );
    let mut rows = Vec::new();
    if let Some(p) = &r.plan {
        rows.push(Row::new(vec![
            "—".to_owned(),
            String::new(),
            String::new(),
            String::new(),
            rate_text(p.baseline.equipped_rate()),
            rate_text(p.baseline.ready_rate()),
        ]));
        for y in &p.years {
            rows.push(Row::new(vec![
                y.year.to_string(),
                money(y.budget),
                money(y.spent),
                y.replaced.len().to_string(),
                rate_text(y.figures.equipped_rate()),
                rate_text(y.figures.ready_rate()),
            ]));
        }
    }
    let header = Row::new(vec![
        app.t(T::Year).to_owned(),
        app.t(T::Budget).to_owned(),
        app.t(T::Cost).to_owned(),
        app.t(T::Count).to_owned(),
        format!("{}%", app.t(T::Equipped)),
        format!("{}%", app.t(T::Ready)),
    ])
    .style(Style::default().add_modifier(Modifier::BOLD));
    let widths = [
        Constraint::Length(5),
        Constraint::Min(8),
        Constraint::Min(8),
        Constraint::Length(5),
        Constraint::Length(7),
        Constraint::Length(7),
    ];
    f.render_widget(
        Table::new(rows, widths)
            .header(header)
            .block(Block::default().borders(Borders::ALL)),
        t,
    );
}

fn exports(app: &App, f: &mut Frame, area: Rect) {
    let e = &app.exports;
    let [list, form] =
        Layout::horizontal([Constraint::Length(24), Constraint::Min(40)]).areas(area);
    let rows: Vec<Row> = ExportKind::ALL
        .iter()
        .map(|k| Row::new(vec![k.name()]))
        .collect();
    let table = Table::new(rows, [Constraint::Min(10)])
        .row_highlight_style(selected(app))
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", app.t(T::Exports))),
        );
    let mut state = ratatui::widgets::TableState::default().with_selected(Some(e.kind));
    f.render_stateful_widget(table, list, &mut state);
    let kind = ExportKind::ALL[e.kind.min(ExportKind::ALL.len() - 1)];
    let path = if e.editing {
        format!("{}▏", e.path)
    } else if e.path.is_empty() {
        crate::exchange::export::default_file_name(&app.db, kind, app.as_of, 1)
            .display()
            .to_string()
    } else {
        e.path.clone()
    };
    let check = |b: bool| if b { "[x]" } else { "[ ]" };
    let mut lines = vec![
        Line::from(vec![
            Span::raw(format!("{} (F3): ", app.t(T::Path))),
            Span::styled(
                path,
                if e.editing {
                    selected(app)
                } else {
                    Style::default().add_modifier(Modifier::BOLD)
                },
            ),
        ]),
        Line::from(format!("{} x  {}", check(e.excel), app.t(T::Excel))),
        Line::from(format!("{} g  {}", check(e.gb18030), app.t(T::Gb18030))),
        Line::from(format!("{}: {}", app.t(T::AsOf), app.as_of)),
        Line::from(""),
        Line::from(Span::styled(app.t(T::Start), fg(app, Color::Gray))),
        Line::from(Span::styled(app.t(T::Backup), fg(app, Color::Gray))),
        Line::from(""),
    ];
    if e.backup.is_some() {
        lines.push(Line::from(app.t(T::BackingUp)));
    }
    if let Some((ok, text)) = &e.result {
        let (mark, c) = if *ok {
            ("✓", Color::Green)
        } else {
            ("✗", Color::Red)
        };
        lines.push(Line::from(Span::styled(
            format!("{mark} {text}"),
            fg(app, c).add_modifier(Modifier::BOLD),
        )));
    }
    let [top, gauge] = Layout::vertical([Constraint::Min(8), Constraint::Length(3)]).areas(form);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::default().borders(Borders::ALL)),
        top,
    );
    if let Some(job) = &e.job {
        let done = job.lines.load(std::sync::atomic::Ordering::Relaxed);
        let r = if job.total == 0 {
            0.0
        } else {
            (done as f64 / job.total as f64).clamp(0.0, 1.0)
        };
        f.render_widget(
            Gauge::default()
                .ratio(r)
                .label(format!("{done} / {}", job.total))
                .block(Block::default().borders(Borders::ALL)),
            gauge,
        );
    }
}

fn popup(app: &App, p: &crate::report::table::Report, f: &mut Frame, area: Rect) {
    let r = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    f.render_widget(Clear, r);
    let mut text: Vec<u8> = Vec::new();
    let width = usize::from(r.width.saturating_sub(2));
    let _ = crate::report::table::write_table(p, width, &mut text);
    let lines: Vec<Line> = String::from_utf8_lossy(&text)
        .lines()
        .skip(1)
        .map(|l| Line::from(l.to_owned()))
        .collect();
    let lines: Vec<Line> = lines.into_iter().skip(app.popup_offset).collect();
    f.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} · ↑↓ PgUp PgDn · Esc ", p.title)),
        ),
        r,
    );
}

/// The places in tree order: each unit, then its warehouses and the units below it.
pub fn tree_order(s: &crate::domain::readiness::Snapshot) -> Vec<u32> {
    let n = s.places.len();
    let mut children: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for (i, p) in s.places.iter().enumerate() {
        if p.kind == PlaceKind::Unknown {
            continue;
        }
        match p.parent {
            Some(parent) => children[parent as usize].push(i as u32),
            None => roots.push(i as u32),
        }
    }
    let mut out = Vec::with_capacity(n);
    let mut stack: Vec<u32> = roots.into_iter().rev().collect();
    while let Some(p) = stack.pop() {
        out.push(p);
        // Warehouses first, then units, each in code order.
        let mut kids = children[p as usize].clone();
        kids.sort_by_key(|c| {
            (
                s.places[*c as usize].kind != PlaceKind::Warehouse,
                s.places[*c as usize].code.clone(),
            )
        });
        stack.extend(kids.into_iter().rev());
    }
    out
}
