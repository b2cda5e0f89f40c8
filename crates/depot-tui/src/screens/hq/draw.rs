//! Drawing the headquarters dashboard: the list of depots under the service's row, and one
//! depot opened with its figures and lines.

use super::layout::{depot_areas, list_areas, list_rows};
use super::text::{
    Service, depot_count, depot_facts, footer, module_text, state_style, state_text, what_text,
    when,
};
use crate::app::App;
use crate::i18n::T;
use crate::state::hq::{DepotView, HqState};
use crate::style::{fg, selected};
use depot_domain::msg::tui::TuiMsg;
use depot_domain::readiness::{LineStatus, rate_text};
use depot_service::hq::figures::ReadinessLine;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};
use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

fn right(s: impl Into<String>) -> Cell<'static> {
    Cell::from(Line::from(s.into()).alignment(Alignment::Right))
}

pub fn draw(app: &App, hq: &HqState, f: &mut Frame, area: Rect) {
    if hq.circles.open {
        return super::circles::draw(app, hq, f, area);
    }
    if hq.chart.open {
        return super::chart::draw(app, hq, f, area);
    }
    match &hq.open {
        Some(v) => draw_depot(app, hq, v, f, area),
        None => draw_list(app, hq, f, area),
    }
}

fn draw_list(app: &App, hq: &HqState, f: &mut Frame, area: Rect) {
    let [table_area, foot] = list_areas(app, hq, area);
    // The date each bundle was written has a column of its own where it fits; at 80 columns
    // the line under the list gives it for the selected depot.
    let wide = area.width >= 120;
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut header = vec![
        Cell::from(app.t(T::HqCode)),
        Cell::from(app.t(T::HqName)),
        right(app.t(T::HqEquippedPct)),
        right(app.t(T::HqCoveragePct)),
        right(app.t(T::HqCompliancePct)),
        right(app.t(T::HqShort)),
        Cell::from(app.t(T::AsOf)),
    ];
    if wide {
        header.push(Cell::from(app.t(T::HqWritten)));
    }
    header.push(Cell::from(app.t(T::Status)));
    let s = Service::of(&hq.depots);
    let n = hq.depots.len();
    let mut all = vec![
        Cell::from(app.t(T::HqAll)),
        Cell::from(depot_count(app, n)),
        right(rate_text(s.tally.equipped_rate())),
        right(rate_text(s.tally.ready_coverage())),
        right(rate_text(s.compliance_rate())),
        right((s.tally.lines - s.tally.equipped).to_string()),
        Cell::from(""),
    ];
    if wide {
        all.push(Cell::from(""));
    }
    all.push(Cell::from(
        TuiMsg::DepotsCurrent {
            current: s.current.to_string(),
            of: n.to_string(),
        }
        .say(app.lang),
    ));
    let mut rows = vec![Row::new(all).style(bold)];
    let shown = list_rows(app);
    for d in hq.depots.iter().skip(hq.offset).take(shown) {
        let last = d.depot.last.as_ref();
        let mut cells = vec![
            Cell::from(d.depot.code.clone()),
            Cell::from(d.depot.name.clone()),
            right(rate_text(d.tally.equipped_rate())),
            right(rate_text(d.tally.ready_coverage())),
            right(rate_text(d.compliance_rate())),
            right(if last.is_some() {
                d.short_lines().to_string()
            } else {
                String::new()
            }),
            Cell::from(last.map(|l| l.as_of.to_string()).unwrap_or_default()),
        ];
        if wide {
            cells.push(Cell::from(
                last.map(|l| when(&l.created)).unwrap_or_default(),
            ));
        }
        cells.push(Cell::from(state_text(app, d.state)).style(state_style(app, d.state)));
        rows.push(Row::new(cells));
    }
    let code_w = hq
        .depots
        .iter()
        .map(|d| d.depot.code.width())
        .chain([app.t(T::HqCode).width(), app.t(T::HqAll).width()])
        .max()
        .unwrap_or(4) as u16;
    let state_w = hq
        .depots
        .iter()
        .map(|d| state_text(app, d.state).width())
        .chain([app.t(T::Status).width(), 11])
        .max()
        .unwrap_or(11) as u16;
    let name_w = hq
        .depots
        .iter()
        .map(|d| d.depot.name.width())
        .chain([app.t(T::HqName).width(), 8])
        .max()
        .unwrap_or(8) as u16;
    // Where the names fit, the room left over goes to the last column, not between them.
    let name = if wide {
        Constraint::Length(name_w)
    } else {
        Constraint::Min(8)
    };
    let mut widths = vec![
        Constraint::Length(code_w),
        name,
        Constraint::Length(7),
        Constraint::Length(7),
        Constraint::Length(7),
        Constraint::Length(5),
        Constraint::Length(10),
    ];
    if wide {
        widths.push(Constraint::Length(16));
    }
    widths.push(if wide {
        Constraint::Min(state_w)
    } else {
        Constraint::Length(state_w)
    });
    let title = format!(" {} · ↑↓ · {} ", app.t(T::HqDepots), app.t(T::HqOpen));
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(bold))
        .row_highlight_style(selected(app))
        .block(Block::default().borders(Borders::ALL).title(title));
    let mut state = TableState::default().with_selected(Some(1 + hq.sel.saturating_sub(hq.offset)));
    f.render_stateful_widget(table, table_area, &mut state);
    let lines: Vec<Line> = footer(app, hq).into_iter().map(Line::from).collect();
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .style(fg(app, Color::Gray)),
        foot,
    );
}

fn status_cell(app: &App, s: LineStatus) -> (String, Style) {
    match s {
        LineStatus::Met => (format!("✓ {}", app.t(T::HqLineMet)), Style::default()),
        LineStatus::NotReady => (
            format!("! {}", app.t(T::HqLineNotReady)),
            fg(app, Color::Yellow),
        ),
        LineStatus::Short => (format!("✗ {}", app.t(T::HqLineShort)), fg(app, Color::Red)),
    }
}

fn draw_depot(app: &App, hq: &HqState, v: &DepotView, f: &mut Frame, area: Rect) {
    let [top, table_area] = depot_areas(app, hq, v, area);
    let fig = hq.depots.iter().find(|d| d.depot.code == v.code);
    let name = fig.map(|d| d.depot.name.as_str()).unwrap_or_default();
    let facts: Vec<Line> = fig
        .map(|d| depot_facts(app, d))
        .unwrap_or_default()
        .into_iter()
        .map(Line::from)
        .collect();
    let style = fig.map_or(Style::default(), |d| state_style(app, d.state));
    f.render_widget(
        Paragraph::new(facts).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} {} ", v.code, name))
                .border_style(style),
        ),
        top,
    );
    // The scope's name has a column where it fits.
    let wide = area.width >= 120;
    let shown = usize::from(table_area.height.saturating_sub(3)).max(1);
    let end = (v.offset + shown).min(v.lines.len());
    let mut rows: Vec<Row> = v.lines[v.offset.min(end)..end]
        .iter()
        .map(|l| {
            let (status, style) = status_cell(app, l.status());
            let mut cells = vec![Cell::from(l.scope.clone())];
            if wide {
                cells.push(Cell::from(l.scope_name.clone()));
            }
            cells.extend([
                Cell::from(module_text(app, &l.module)),
                Cell::from(what_text(app, l)),
                right(l.required.normalize().to_string()),
                right(l.held.normalize().to_string()),
                right(l.ready.normalize().to_string()),
                Cell::from(status),
            ]);
            Row::new(cells).style(style)
        })
        .collect();
    if rows.is_empty() {
        rows.push(Row::new(vec![format!("({})", app.t(T::None))]));
    }
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut header = vec![Cell::from(app.t(T::HqScope))];
    if wide {
        header.push(Cell::from(app.t(T::HqName)));
    }
    header.extend([
        Cell::from(app.t(T::Module)),
        Cell::from(app.t(T::Item)),
        right(app.t(T::Required)),
        right(app.t(T::Held)),
        right(app.t(T::ReadyCount)),
        Cell::from(app.t(T::Status)),
    ]);
    // Each column as wide as its widest cell (of all the depot's lines, so that they stay
    // put while scrolling); where the screen is wide the room left goes to the last column.
    let col = |header: T, cell: &dyn Fn(&ReadinessLine) -> usize| {
        v.lines
            .iter()
            .map(cell)
            .chain([app.t(header).width(), 4])
            .max()
            .unwrap_or(4) as u16
    };
    let num = |d: Decimal| d.normalize().to_string().width();
    let mut widths = vec![Constraint::Length(col(T::HqScope, &|l| l.scope.width()))];
    if wide {
        widths.push(Constraint::Length(col(T::HqName, &|l| {
            l.scope_name.width()
        })));
    }
    let status_w = [T::HqLineMet, T::HqLineNotReady, T::HqLineShort]
        .iter()
        .map(|t| app.t(*t).width() + 2)
        .chain([app.t(T::Status).width()])
        .max()
        .unwrap_or(9) as u16;
    widths.extend([
        Constraint::Length(col(T::Module, &|l| module_text(app, &l.module).width())),
        if wide {
            Constraint::Length(col(T::Item, &|l| what_text(app, l).width()))
        } else {
            Constraint::Min(12)
        },
        Constraint::Length(col(T::Required, &|l| num(l.required))),
        Constraint::Length(col(T::Held, &|l| num(l.held))),
        Constraint::Length(col(T::ReadyCount, &|l| num(l.ready))),
        if wide {
            Constraint::Min(status_w)
        } else {
            Constraint::Length(status_w)
        },
    ]);
    let n = v.lines.len();
    let title = if n == 0 {
        format!(" {} · Esc ", app.t(T::HqLines))
    } else {
        format!(
            " {} · {}–{} / {n} · ↑↓ PgUp PgDn · Esc ",
            app.t(T::HqLines),
            v.offset + 1,
            end
        )
    };
    f.render_widget(
        Table::new(rows, widths)
            .header(Row::new(header).style(bold))
            .block(Block::default().borders(Borders::ALL).title(title)),
        table_area,
    );
}
