//! Drawing the scan station: its mode and fields, the code being typed, the last answer on
//! a large line, and the answers before it (or the places matching a receiver being picked).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, Paragraph, Wrap};

use crate::app::App;
use crate::i18n::T;
use crate::state::scan::{Field, ScanLine, ScanMode};
use crate::style::{fg, selected};

/// The mode's fields, each with its key, its label and its value (or the text being edited).
fn setup_line(app: &App) -> Line<'static> {
    let s = &app.scan;
    let u = &s.setup;
    let none = "—".to_owned();
    let mut spans = vec![
        Span::raw(format!("F2 {}: ", app.t(T::Mode))),
        Span::styled(app.t(s.mode.title()).to_owned(), selected(app)),
    ];
    let mut field = |key: &str, label: T, which: Option<Field>, value: String| {
        let editing = which.is_some() && s.editing == which;
        spans.push(Span::raw(format!("  {key} {}: ", app.t(label))));
        let (text, style) = if editing {
            (format!("{}▏", s.edit_buffer), selected(app))
        } else {
            (value, Style::default().add_modifier(Modifier::BOLD))
        };
        spans.push(Span::styled(text, style));
    };
    let place =
        u.to.as_ref()
            .map(|p| format!("{} {}", p.name, p.code).trim().to_owned());
    match s.mode {
        ScanMode::Out => {
            field(
                "F3",
                T::FieldTo,
                Some(Field::Receiver),
                place.unwrap_or(none.clone()),
            );
            let due = u.due.map(|d| d.to_string()).unwrap_or(none.clone());
            field("F4", T::FieldDue, Some(Field::Due), due);
            let r = if u.reference.is_empty() {
                none
            } else {
                u.reference.clone()
            };
            field("F5", T::Reference, Some(Field::Reference), r);
        }
        ScanMode::In => {
            let into = place.unwrap_or_else(|| app.t(T::IntoOwner).to_owned());
            field("F3", T::FieldInto, Some(Field::Receiver), into);
            let cond = if u.damaged { T::CondDamaged } else { T::CondOk };
            field("F6", T::Condition, None, app.t(cond).to_owned());
        }
        ScanMode::Transfer => {
            field(
                "F3",
                T::FieldTransferTo,
                Some(Field::Receiver),
                place.unwrap_or(none),
            );
        }
        ScanMode::Issue => {
            let r = if u.reference.is_empty() {
                none.clone()
            } else {
                u.reference.clone()
            };
            field("F4", T::Reference, Some(Field::Reference), r);
            let q = u.qty.map(|q| q.normalize().to_string()).unwrap_or(none);
            field("F5", T::QtyPerScan, Some(Field::Qty), q);
        }
        ScanMode::Count => {
            let scope = match (s.count, place) {
                (Some(id), Some(p)) => format!("#{id} {p}"),
                _ => none,
            };
            field("F3", T::FieldScope, Some(Field::Receiver), scope);
            spans.push(Span::raw(format!(
                "  F6 {}  F7 {}",
                app.t(T::CountRefresh),
                app.t(T::CountClose)
            )));
        }
        ScanMode::Receive => {
            let shipment = s.shipment.as_ref().map_or(none, |o| {
                let b = &o.shipment.body;
                format!("{} {} {}", b.id, app.t(T::ShipmentFrom), b.from.code)
            });
            field("F3", T::FieldShipment, Some(Field::Folder), shipment);
            spans.push(Span::raw(format!("  F7 {}", app.t(T::ShipReceive))));
        }
    }
    Line::from(spans)
}

/// `✓ 冲锋舟 QZ84637415  已借出至 滨江站 ZHAN-0102`.
fn answer_text(l: &ScanLine) -> String {
    let mark = if l.ok { "✓" } else { "✗" };
    match &l.item {
        Some(item) => format!("{mark} {item} {}  {}", l.code, l.text),
        None => format!("{mark} {}  {}", l.code, l.text),
    }
}

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let s = &app.scan;
    let [setup, input, last, rest] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(3),
        Constraint::Length(4),
        Constraint::Min(1),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(setup_line(app))
            .wrap(Wrap { trim: true })
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title_bottom(format!(" {} ", app.t(T::ScanSetup))),
            ),
        setup,
    );

    let shown = s.input.replace('\u{1d}', "␝");
    let prompt = match s.editing {
        Some(_) => Span::styled(app.t(T::EditField), fg(app, Color::DarkGray)),
        None if s.input.is_empty() => Span::styled(app.t(T::ScanHere), fg(app, Color::DarkGray)),
        None => Span::styled(
            format!("{shown}▏"),
            Style::default().add_modifier(Modifier::BOLD),
        ),
    };
    let mut input_block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", app.t(T::Scan)));
    if let Some(e) = &s.field_error {
        input_block = input_block.title_bottom(Span::styled(
            format!(" ✗ {e} "),
            fg(app, Color::Red).add_modifier(Modifier::BOLD),
        ));
    } else if s.ime_warning {
        input_block = input_block.title_bottom(Span::styled(
            format!(" ⚠ {} ", app.t(T::ImeWarning)),
            fg(app, Color::Yellow).add_modifier(Modifier::BOLD),
        ));
    }
    f.render_widget(Paragraph::new(Line::from(prompt)).block(input_block), input);

    let tally = format!(
        " {}: {} {} · {} {} ",
        app.t(T::Tally),
        app.t(T::Ok),
        s.tally.ok,
        app.t(T::Errors),
        s.tally.errors
    );
    let big = match s.lines.front() {
        Some(l) if l.ok => Span::styled(
            answer_text(l),
            fg(app, Color::Green).add_modifier(Modifier::BOLD),
        ),
        Some(l) => Span::styled(
            answer_text(l),
            fg(app, Color::Red).add_modifier(Modifier::BOLD | Modifier::REVERSED),
        ),
        None => Span::raw(""),
    };
    f.render_widget(
        Paragraph::new(Line::from(big))
            .wrap(Wrap { trim: true })
            .block(Block::default().borders(Borders::ALL).title(tally)),
        last,
    );

    if s.editing == Some(Field::Receiver) {
        draw_picks(app, f, rest);
        return;
    }
    let panel = (s.mode == ScanMode::Count && s.count_view.is_some())
        || (s.mode == ScanMode::Receive && s.shipment.is_some());
    let (list_area, count_area) = if panel {
        let [a, b] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(rest);
        (a, Some(b))
    } else {
        (rest, None)
    };
    let items: Vec<ListItem> = s
        .lines
        .iter()
        .skip(1)
        .take(usize::from(list_area.height))
        .map(|l| {
            let color = if l.ok { Color::Green } else { Color::Red };
            let text = answer_text(l);
            let (mark, rest) = text.split_at(text.char_indices().nth(1).map_or(0, |(i, _)| i));
            ListItem::new(Line::from(vec![
                Span::styled(mark.to_owned(), fg(app, color)),
                Span::raw(rest.to_owned()),
            ]))
        })
        .collect();
    f.render_widget(
        List::new(items).block(Block::default().borders(Borders::ALL)),
        list_area,
    );
    match (count_area, &s.count_view, &s.shipment) {
        (Some(area), _, Some(o)) if s.mode == ScanMode::Receive => {
            super::receive::draw_panel(app, f, area, o)
        }
        (Some(area), Some(v), _) => draw_count(app, f, area, v),
        _ => {}
    }
    super::closing::draw(app, f, area);
    super::receive::draw(app, f, area);
}

/// The places matching what is typed in the receiver field; ↑↓ choose, Enter takes one.
fn draw_picks(app: &App, f: &mut Frame, area: Rect) {
    let s = &app.scan;
    let places = s.places.as_deref().unwrap_or(&[]);
    let rows = usize::from(area.height.saturating_sub(2)).max(1);
    let first = s.pick_sel.saturating_sub(rows - 1);
    let items: Vec<ListItem> = s
        .picks
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(n, &i)| {
            let p = &places[i];
            let kind = match p.kind {
                depot_service::places::PlaceKind::Unit => T::KindUnit,
                depot_service::places::PlaceKind::Warehouse => T::KindWarehouse,
                depot_service::places::PlaceKind::Vehicle => T::KindVehicle,
            };
            let line = format!("{:<14} {}  · {}", p.code, p.name, app.t(kind));
            let style = if n == s.pick_sel {
                selected(app)
            } else {
                Style::default()
            };
            ListItem::new(Line::from(Span::styled(line, style)))
        })
        .collect();
    let title = format!(
        " {} · {} {} · ↑↓ Enter Esc ",
        app.t(T::PickPlace),
        s.picks.len(),
        app.t(T::Matches)
    );
    f.render_widget(
        List::new(items).block(Block::default().borders(Borders::ALL).title(title)),
        area,
    );
}

fn draw_count(app: &App, f: &mut Frame, area: Rect, v: &depot_service::count::CountView) {
    use super::closing::named;
    let mut lines = vec![Line::from(format!(
        "{} {}  {} {}",
        app.t(T::Expected),
        v.expected.len(),
        app.t(T::Found),
        v.found.len()
    ))];
    lines.push(Line::from(Span::styled(
        format!("{} {}", app.t(T::Missing), v.missing().len()),
        fg(app, Color::Red),
    )));
    lines.extend(
        v.missing()
            .iter()
            .take(8)
            .map(|(b, q)| Line::from(format!("  {} ×{}", named(app, b), q.normalize()))),
    );
    lines.push(Line::from(Span::styled(
        format!("{} {}", app.t(T::Unexpected), v.unexpected().len()),
        fg(app, Color::Yellow),
    )));
    lines.extend(
        v.unexpected()
            .iter()
            .take(5)
            .map(|(b, q)| Line::from(format!("  {} ×{}", named(app, b), q.normalize()))),
    );
    lines.push(Line::from(format!(
        "{} {}",
        app.t(T::QtyDiffers),
        v.differing().len()
    )));
    lines.push(Line::from(Span::styled(
        format!("F7 {}  F8 {}", app.t(T::CountClose), app.t(T::CountReprint)),
        Style::default().add_modifier(Modifier::BOLD),
    )));
    f.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", app.t(T::ModeCount))),
        ),
        area,
    );
}
