//! Screen 4, units and warehouses: the tree with each place's rates, and the lines of its
//! standard with what is held and ready (Enter: its shortfalls); Tab: the response circles.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table};

use super::figures::{pct, place_rate};
use super::readiness::{circles_of, open_report, tree_lines};
use crate::app::{App, Screen};
use crate::i18n::T;
use crate::keymap::Action;
use crate::outcome::Outcome;
use crate::screens::nav::go;
use crate::state::readiness::Reports;
use crate::style::{fg, selected};
use depot_domain::readiness::{LineStatus, PlaceKind, rate_text};
use depot_report::ReportKind;
use depot_service::store::Store;

pub fn update(app: &mut App, store: &Store, a: Action) -> Outcome {
    if app.units.circles {
        return super::circles::update(app, store, a);
    }
    if a == Action::NextPane {
        app.units.circles = true;
        if let Some(r) = &mut app.reports {
            r.circles = Some(circles_of(&r.snap, &r.ready));
        }
        return Outcome::None;
    }
    let rows = app.table_rows();
    let Some(r) = &app.reports else {
        return Outcome::None;
    };
    let n = r.tree.len();
    match a {
        Action::Enter => {
            let code = r
                .tree
                .get(app.units.sel)
                .map(|p| r.snap.place(*p).code.clone());
            open_report(app, ReportKind::Shortfalls, code);
        }
        Action::Back => go(app, store, Screen::Dashboard),
        a => {
            if let Some(i) = crate::screens::common::moved(&a, app.units.sel, n, rows) {
                app.units.sel = i;
            }
        }
    }
    let rows = rows.saturating_sub(1).max(1);
    if app.units.sel < app.units.offset {
        app.units.offset = app.units.sel;
    } else if app.units.sel >= app.units.offset + rows {
        app.units.offset = app.units.sel + 1 - rows;
    }
    Outcome::None
}

pub fn draw(app: &App, r: &Reports, f: &mut Frame, area: Rect) {
    if app.units.circles {
        return super::circles::draw(app, r, f, area);
    }
    let [tree, detail] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let height = usize::from(tree.height.saturating_sub(3));
    let end = (app.units.offset + height).min(r.tree.len());
    let rows: Vec<Row> = r.tree[app.units.offset..end]
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
        .with_selected(Some(app.units.sel.saturating_sub(app.units.offset)));
    f.render_stateful_widget(table, tree, &mut state);

    let Some(&p) = r.tree.get(app.units.sel) else {
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
    f.render_widget(Paragraph::new(facts), head);
    let mut rows = Vec::new();
    let zh = app.lang == crate::i18n::Lang::Zh;
    // Lines come by module: each module's name heads its lines (a row of its own, so that
    // it fits at 80 columns), and each line shows its name before its code.
    let mut last_module = depot_domain::readiness::NO_MODULE;
    for (li, status) in tree_lines(&r.snap, &r.ready, p) {
        let def = &r.snap.lines[li];
        let res = &r.ready.lines[li];
        if def.module != last_module {
            last_module = def.module;
            rows.push(
                Row::new(vec![format!("[{}]", r.snap.module_name(def.module, zh))]).style(bold),
            );
        }
        let what = match def.what {
            depot_domain::readiness::LineWhat::Item(i) => {
                let it = r.snap.item(i);
                format!("{} {}", it.name, it.code)
            }
            depot_domain::readiness::LineWhat::Category(c) => {
                use depot_domain::vocab::Vocabulary;
                let word = if zh { c.zh() } else { c.en() };
                format!("{}{word}", app.t(T::CategoryOf))
            }
        };
        // The same judgement as the shortfall list's: a line is listed there unless it is met.
        let (mark, style) = match status {
            LineStatus::Met => ("✓", Style::default()),
            LineStatus::NotReady => ("!", fg(app, Color::Yellow)),
            LineStatus::Short => ("✗", fg(app, Color::Red)),
        };
        rows.push(
            Row::new(vec![
                format!("{mark} {what}"),
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
        Constraint::Length(5),
        Constraint::Length(5),
        Constraint::Length(5),
    ];
    let block = Block::default()
        .borders(Borders::TOP)
        .title(format!(" Enter: {} ", app.t(T::Shortfalls)));
    f.render_widget(
        Table::new(rows, widths).header(header).block(block),
        lines_area,
    );
}
