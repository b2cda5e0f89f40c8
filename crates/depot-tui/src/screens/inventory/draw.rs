//! The inventory screen: the filter field, a table that builds only its visible rows (the
//! register may hold a million), and the selected item's history from the ledger.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState};

use depot_domain::vocab::Vocabulary;
use depot_service::query::{RowKind, SortKey};
use depot_service::workflow::done_word;

use crate::app::{App, InventoryState, Pane};
use crate::i18n::{Lang, T};
use crate::style::{fg, selected};

/// Width from which the history pane stands beside the table.
const WIDE: u16 = 120;

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let Some(inv) = &app.inventory else {
        f.render_widget(Paragraph::new(app.status.clone().unwrap_or_default()), area);
        return;
    };
    let [filter, rest] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
    let count = format!(
        " {} / {} {} ",
        inv.view.len(),
        inv.inv.rows.len(),
        app.t(T::Rows)
    );
    let text = if inv.query.is_empty() {
        Span::styled(app.t(T::FilterHint), fg(app, Color::DarkGray))
    } else {
        Span::raw(format!("{}▏", inv.query))
    };
    let title = format!(" {} ", app.t(T::Filter));
    f.render_widget(
        Paragraph::new(Line::from(text)).block(
            Block::default()
                .borders(Borders::ALL)
                .title(title)
                .title_bottom(count),
        ),
        filter,
    );
    if let Some(p) = &inv.page {
        super::page::draw(app, p, inv.page_offset, f, rest);
        return;
    }
    if area.width >= WIDE {
        let [table, detail] =
            Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)])
                .areas(rest);
        draw_table(app, inv, f, table);
        draw_history(app, inv, f, detail);
    } else if inv.pane == Pane::Detail {
        draw_history(app, inv, f, rest);
    } else {
        draw_table(app, inv, f, rest);
    }
}

fn status_text(app: &App, k: RowKind) -> &'static str {
    match (k, app.lang) {
        (RowKind::Asset(s), Lang::Zh) => s.zh(),
        (RowKind::Asset(s), Lang::En) => s.en(),
        (RowKind::Lot, l) => T::Lots.get(l),
    }
}

/// A row's module as the reader says it: its Chinese name under zh (`水域`, not `water`), its
/// code (an English word) under en.
fn module_word(app: &App, inv: &InventoryState, code: Option<&str>) -> String {
    let Some(code) = code else {
        return String::new();
    };
    match app.lang {
        Lang::Zh => inv
            .inv
            .modules
            .iter()
            .find(|m| m.code == code)
            .filter(|m| !m.name.is_empty())
            .map_or(code, |m| m.name.as_str())
            .to_owned(),
        Lang::En => code.to_owned(),
    }
}

fn draw_table(app: &App, inv: &InventoryState, f: &mut Frame, area: Rect) {
    // With room to spare, the owner's name as well as its code.
    let wide = area.width >= 96;
    let height = usize::from(area.height.saturating_sub(3));
    let end = (inv.offset + height).min(inv.view.len());
    // Only the rows on screen are built: ratatui's Table copies every row it is given.
    let rows: Vec<Row> = inv.view[inv.offset..end]
        .iter()
        .map(|&i| {
            let r = &inv.inv.rows[i as usize];
            let status = match (r.kind, &r.location) {
                (RowKind::Asset(_), Some(l)) => format!("→{l}"),
                (k, _) => status_text(app, k).to_owned(),
            };
            let owner = inv.inv.owner_of(r);
            let mut cells = vec![
                r.barcode.to_string(),
                inv.inv.item_of(r).name.clone(),
                owner.code.clone(),
            ];
            if wide {
                cells.push(owner.name.clone());
            }
            cells.extend([
                module_word(app, inv, r.module.as_deref()),
                status,
                r.quantity.normalize().to_string(),
            ]);
            Row::new(cells)
        })
        .collect();
    let mark = |k: SortKey, t: T| {
        let arrow = if inv.sort == k {
            if inv.descending { "▼" } else { "▲" }
        } else {
            ""
        };
        format!("{}{arrow}", app.t(t))
    };
    let mut header = vec![
        mark(SortKey::Barcode, T::Barcode),
        mark(SortKey::Item, T::Item),
        mark(SortKey::Owner, T::Owner),
    ];
    let mut widths = vec![
        Constraint::Length(12),
        Constraint::Min(12),
        Constraint::Length(10),
    ];
    if wide {
        header.push(app.t(T::OwnerName).to_owned());
        widths.push(Constraint::Min(14));
    }
    header.extend([
        mark(SortKey::Module, T::Module),
        mark(SortKey::Status, T::Status),
        mark(SortKey::Quantity, T::Quantity),
    ]);
    widths.extend([
        Constraint::Length(14),
        Constraint::Length(12),
        Constraint::Length(7),
    ]);
    let header = Row::new(header).style(Style::default().add_modifier(Modifier::BOLD));
    let table = Table::new(rows, widths)
        .header(header)
        .row_highlight_style(selected(app))
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", app.t(T::Inventory))),
        );
    let mut state =
        TableState::default().with_selected(Some(inv.selected.saturating_sub(inv.offset)));
    f.render_stateful_widget(table, area, &mut state);
}

fn draw_history(app: &App, inv: &InventoryState, f: &mut Frame, area: Rect) {
    let mut lines = Vec::new();
    if let Some(&i) = inv.view.get(inv.selected) {
        let r = &inv.inv.rows[i as usize];
        let item = inv.inv.item_of(r);
        let owner = inv.inv.owner_of(r);
        lines.push(Line::from(Span::styled(
            format!("{} · {}", r.barcode, item.name),
            Style::default().add_modifier(Modifier::BOLD),
        )));
        lines.push(Line::from(format!(
            "{} {} {}",
            app.t(T::Owner),
            owner.code,
            owner.name
        )));
        lines.push(Line::from(""));
        for m in inv.history.iter().rev() {
            let b = &m.body;
            let word = match app.lang {
                Lang::Zh => b.action.zh(),
                Lang::En => done_word(b.action),
            };
            let to = b.to.as_ref().map(|t| format!(" → {t}")).unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(
                    format!("{} ", b.at.format("%Y-%m-%d %H:%M")),
                    fg(app, Color::DarkGray),
                ),
                Span::styled(format!("#{} {word}{to}", m.seq), Style::default()),
                Span::styled(format!("  {}", b.operator), fg(app, Color::DarkGray)),
            ]));
        }
    }
    let style = if inv.pane == Pane::Detail {
        Style::default().add_modifier(Modifier::BOLD)
    } else {
        Style::default()
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(format!(" {} ", app.t(T::History)));
    f.render_widget(Paragraph::new(lines).block(block), area);
}
