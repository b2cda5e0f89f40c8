//! The scan station: the mode and receiver chosen once, then scan after scan, each answered
//! on a large line, green ✓ or red ✗ with its reason (and the bell on an error).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, Paragraph, Wrap};

use super::app::{App, Field, ScanMode};
use super::i18n::T;
use super::view::{fg, selected};

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let s = &app.scan;
    let [setup, input, last, rest] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(3),
        Constraint::Length(3),
        Constraint::Min(1),
    ])
    .areas(area);
    let field = |label: T, value: &str, which: Field| -> Vec<Span> {
        let editing = s.editing == Some(which);
        let shown = if editing {
            format!("{}▏", s.edit_buffer)
        } else if value.is_empty() {
            "—".to_owned()
        } else {
            value.to_owned()
        };
        vec![
            Span::raw(format!("{}: ", app.t(label))),
            Span::styled(
                shown,
                if editing {
                    selected(app)
                } else {
                    Style::default().add_modifier(Modifier::BOLD)
                },
            ),
            Span::raw("   "),
        ]
    };
    let mut spans = vec![
        Span::raw(format!("{}: ", app.t(T::Mode))),
        Span::styled(app.t(s.mode.title()), selected(app)),
        Span::raw("   "),
    ];
    let receiver_label = if s.mode == ScanMode::Count {
        T::ModeCount
    } else {
        T::Receiver
    };
    let receiver = match (s.mode, s.count) {
        (ScanMode::Count, Some(id)) => format!("#{id} {}", s.receiver),
        _ => s.receiver.clone(),
    };
    spans.extend(field(receiver_label, &receiver, Field::Receiver));
    if matches!(s.mode, ScanMode::Out | ScanMode::Issue) {
        spans.extend(field(T::Reference, &s.reference, Field::Reference));
    }
    if s.mode == ScanMode::Issue {
        spans.extend(field(T::QtyPerScan, &s.qty, Field::Qty));
    }
    f.render_widget(
        Paragraph::new(Line::from(spans)).block(
            Block::default()
                .borders(Borders::ALL)
                .title_bottom(format!(" {} ", app.t(T::ScanSetup))),
        ),
        setup,
    );

    let shown = s.input.replace('\u{1d}', "␝");
    let prompt = if s.input.is_empty() && s.editing.is_none() {
        Span::styled(app.t(T::ScanHere), fg(app, Color::DarkGray))
    } else {
        Span::styled(
            format!("{shown}▏"),
            Style::default().add_modifier(Modifier::BOLD),
        )
    };
    let mut input_block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", app.t(T::Scan)));
    if s.ime_warning {
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
            format!("✓ {}  {}", l.code, l.text),
            fg(app, Color::Green).add_modifier(Modifier::BOLD),
        ),
        Some(l) => Span::styled(
            format!("✗ {}  {}", l.code, l.text),
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

    let (list_area, count_area) = if s.mode == ScanMode::Count && s.count_view.is_some() {
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
            let (mark, color) = if l.ok {
                ("✓", Color::Green)
            } else {
                ("✗", Color::Red)
            };
            ListItem::new(Line::from(vec![
                Span::styled(format!("{mark} "), fg(app, color)),
                Span::raw(format!("{}  {}", l.code, l.text)),
            ]))
        })
        .collect();
    f.render_widget(
        List::new(items).block(Block::default().borders(Borders::ALL)),
        list_area,
    );
    if let (Some(area), Some(v)) = (count_area, &s.count_view) {
        let mut lines = vec![Line::from(format!(
            "expected {}  found {}",
            v.expected.len(),
            v.found.len()
        ))];
        lines.push(Line::from(Span::styled(
            format!("missing {}", v.missing().len()),
            fg(app, Color::Red),
        )));
        lines.extend(
            v.missing()
                .iter()
                .take(8)
                .map(|(b, q)| Line::from(format!("  {b} {}", q.normalize()))),
        );
        lines.push(Line::from(Span::styled(
            format!("unexpected {}", v.unexpected().len()),
            fg(app, Color::Yellow),
        )));
        lines.extend(
            v.unexpected()
                .iter()
                .take(5)
                .map(|(b, q)| Line::from(format!("  {b} {}", q.normalize()))),
        );
        lines.push(Line::from(format!(
            "quantity differs {}",
            v.differing().len()
        )));
        lines.push(Line::from(Span::styled(
            "F7: post / 过账",
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
}
