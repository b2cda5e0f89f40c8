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

use crate::domain::readiness::{Figures, PlaceKind, rate_text};
use crate::domain::{Metric, TargetScope};
use crate::exchange::export::ExportKind;

use super::app::{App, Reports, Screen, Tile};
use super::i18n::{Lang, T, cell, column, fact_value, one_language, section_zh};
use super::view::{centered, fg, selected};

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    // The exports screen needs no figures (after a write they are not loaded again until a
    // screen that shows them is opened).
    if app.screen == Screen::Exports {
        return exports(app, f, area);
    }
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

fn ratio(p: Option<Decimal>) -> f64 {
    p.and_then(|d| d.to_f64())
        .map_or(0.0, |v| (v / 100.0).clamp(0.0, 1.0))
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
    let rates = [
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
    ];
    for (i, (tile, label, value, metric)) in rates.into_iter().enumerate() {
        let target = target_of(app, r, metric);
        let mark = if Tile::ALL[app.tile] == tile {
            "▶ "
        } else {
            "  "
        };
        let title = format!("{mark}{} {} %   {target}", app.t(label), rate_text(value));
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
            .label(format!("{} %", rate_text(value)))
            .gauge_style(fg(app, Color::Green));
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
                rate_text(fig.saturation()),
                p.name.to_string(),
            )
        })
        .collect();
    let room = usize::from(sat_area.height.saturating_sub(2)).max(1);
    let mut sat_lines: Vec<Line> = if sat.len() <= room {
        sat.iter()
            .map(|(c, rate, name)| Line::from(format!("{c:<10} {rate:>6} %  {name}")))
            .collect()
    } else {
        sat.chunks(2)
            .map(|pair| {
                let cells: Vec<String> = pair
                    .iter()
                    .map(|(c, rate, _)| format!("{c:<9}{rate:>6}%"))
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
    // One frame around the place: its facts, then its lines under a rule of their own.
    let frame = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", place.code));
    let inner = frame.inner(detail);
    f.render_widget(frame, detail);
    let [head, lines_area] =
        Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(inner);
    let facts = vec![
        Line::from(Span::styled(format!("{} {}", place.code, place.name), bold)),
        Line::from(format!(
            "{} {} %  {} {} %",
            app.t(T::Equipped),
            rate_text(fig.equipped_rate()),
            app.t(T::Ready),
            rate_text(fig.ready_rate())
        )),
        Line::from(format!(
            "{} {} %  {} {}",
            app.t(T::Compliance),
            rate_text(fig.compliance_rate()),
            app.t(T::OverAge),
            fig.stock.over_age
        )),
    ];
    f.render_widget(Paragraph::new(facts), head);
    let mut rows = Vec::new();
    for li in r.snap.lines_of(p) {
        let def = &r.snap.lines[li];
        let res = &r.ready.lines[li];
        let short = res.held < def.required;
        let module = if def.module == crate::domain::readiness::NO_MODULE {
            String::new()
        } else {
            format!("[{}] ", r.snap.module(def.module))
        };
        let style = if short {
            fg(app, Color::Red)
        } else {
            Style::default()
        };
        let mark = if short { "✗" } else { "✓" };
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
        .borders(Borders::TOP)
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

/// An export's name in the interface's language.
fn export_title(k: ExportKind) -> T {
    match k {
        ExportKind::Inventory => T::ExportInventory,
        ExportKind::Assets => T::ExportAssets,
        ExportKind::Lots => T::ExportLots,
        ExportKind::Movements => T::ExportMovements,
        ExportKind::Readiness => T::ExportReadiness,
        ExportKind::Replacements => T::ExportReplacements,
    }
}

fn exports(app: &App, f: &mut Frame, area: Rect) {
    let e = &app.exports;
    let [list, form] =
        Layout::horizontal([Constraint::Length(24), Constraint::Min(40)]).areas(area);
    let rows: Vec<Row> = ExportKind::ALL
        .iter()
        .map(|k| Row::new(vec![app.t(export_title(*k))]))
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
    // The gauge takes its rows only while an export runs; otherwise the form fills the pane.
    let [top, gauge] = if e.job.is_some() {
        Layout::vertical([Constraint::Min(8), Constraint::Length(3)]).areas(form)
    } else {
        [form, Rect::default()]
    };
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
    let lang = app.lang;
    let mut lines: Vec<Line> = p
        .facts
        .iter()
        .map(|(k, v)| {
            Line::from(format!(
                "{}: {}",
                one_language(k, lang),
                fact_value(v, lang)
            ))
        })
        .collect();
    for s in &p.sections {
        lines.push(Line::from(""));
        let title = match (lang, section_zh(s.name)) {
            (Lang::Zh, Some(zh)) => zh.to_owned(),
            _ => one_language(&s.title, lang),
        };
        lines.push(Line::from(Span::styled(
            title,
            Style::default().add_modifier(Modifier::BOLD),
        )));
        lines.push(Line::from(Span::styled(
            s.cols
                .iter()
                .map(|c| truncate(column(c.name, lang), 14))
                .collect::<Vec<_>>()
                .join(" "),
            fg(app, Color::Gray),
        )));
        for row in &s.rows {
            lines.push(Line::from(
                row.iter()
                    .map(|c| truncate(&cell(c, lang), 14))
                    .collect::<Vec<_>>()
                    .join(" "),
            ));
        }
    }
    let lines: Vec<Line> = lines.into_iter().skip(app.popup_offset).collect();
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(format!(
            " {} · ↑↓ PgUp PgDn · Esc ",
            one_language(&p.title, lang)
        ))),
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
