//! Screen 5, replacements: what reaches the end of its service life, year by year, and the
//! plan within the budgets typed (F3).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table};

use super::figures::money;
use super::readiness::{budgets, open_report, plan_of};
use crate::app::{App, Screen};
use crate::i18n::T;
use crate::keymap::Action;
use crate::outcome::Outcome;
use crate::screens::nav::go;
use crate::state::readiness::Reports;
use crate::style::selected;
use depot_domain::readiness::rate_text;
use depot_report::ReportKind;
use depot_service::store::Store;

pub fn update(app: &mut App, store: &Store, a: Action) -> Outcome {
    if app.replacements.editing {
        match a {
            Action::Char(c) => app.replacements.budgets.push(c),
            Action::Backspace => {
                app.replacements.budgets.pop();
            }
            Action::Enter | Action::Back => {
                app.replacements.editing = false;
                if let Err(e) = budgets(&app.replacements.budgets, app.lang) {
                    app.status = Some(e);
                    return Outcome::Bell;
                }
                if let Some(r) = app.reports.take() {
                    let plan = plan_of(app, &r);
                    app.reports = Some(Reports { plan, ..r });
                }
            }
            _ => {}
        }
        return Outcome::None;
    }
    let n = app.reports.as_ref().map_or(0, |r| r.by_year.len());
    match a {
        Action::Up => app.dashboard.tile = app.dashboard.tile.saturating_sub(1),
        Action::Down => app.dashboard.tile = (app.dashboard.tile + 1).min(n.saturating_sub(1)),
        Action::EditReceiver => app.replacements.editing = true,
        Action::Enter => open_report(app, ReportKind::Replacements, None),
        Action::Back => go(app, store, Screen::Dashboard),
        _ => {}
    }
    Outcome::None
}

pub fn draw(app: &App, r: &Reports, f: &mut Frame, area: Rect) {
    let [years, plan] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    let rows: Vec<Row> = r
        .by_year
        .iter()
        .map(|(y, t)| {
            Row::new(vec![
                y.to_string(),
                t.pieces.to_string(),
                money(t.cost, app.lang),
            ])
        })
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
    let mut state = ratatui::widgets::TableState::default().with_selected(Some(
        app.dashboard.tile.min(r.by_year.len().saturating_sub(1)),
    ));
    f.render_stateful_widget(table, years, &mut state);

    let budget_line = if app.replacements.editing {
        format!("{}▏", app.replacements.budgets)
    } else if app.replacements.budgets.is_empty() {
        "2026=5000000 2027=…".to_owned()
    } else {
        app.replacements.budgets.clone()
    };
    let [b, t] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(plan);
    let style = if app.replacements.editing {
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
    // Money reads as the reports write it (`299.99 万元`); where the pane is too narrow for
    // that and both rates, the equipped rate (which replacements barely move) gives way.
    let both = t.width >= 52;
    let keep = |mut cells: Vec<String>| {
        if !both {
            cells.remove(4);
        }
        Row::new(cells)
    };
    let mut rows = Vec::new();
    if let Some(p) = &r.plan {
        rows.push(keep(vec![
            "—".to_owned(),
            String::new(),
            String::new(),
            String::new(),
            rate_text(p.baseline.equipped_rate()),
            rate_text(p.baseline.ready_rate()),
        ]));
        for y in &p.years {
            rows.push(keep(vec![
                y.year.to_string(),
                money(y.budget, app.lang),
                money(y.spent, app.lang),
                y.replaced.len().to_string(),
                rate_text(y.figures.equipped_rate()),
                rate_text(y.figures.ready_rate()),
            ]));
        }
    }
    let header = keep(vec![
        app.t(T::Year).to_owned(),
        app.t(T::Budget).to_owned(),
        app.t(T::Cost).to_owned(),
        app.t(T::Count).to_owned(),
        format!("{}%", app.t(T::Equipped)),
        format!("{}%", app.t(T::Ready)),
    ])
    .style(Style::default().add_modifier(Modifier::BOLD));
    let mut widths = vec![
        Constraint::Length(4),
        Constraint::Min(11),
        Constraint::Min(11),
        Constraint::Length(5),
        Constraint::Length(7),
        Constraint::Length(7),
    ];
    if !both {
        widths.remove(4);
    }
    f.render_widget(
        Table::new(rows, widths)
            .header(header)
            .block(Block::default().borders(Borders::ALL)),
        t,
    );
}
