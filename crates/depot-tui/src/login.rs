//! The login screen: operator and, where the operator has one, PIN.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::App;
use crate::i18n::T;
use crate::i18n::TuiMsg;
use crate::style::{centered, fg};

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let l = &app.login;
    let field = |label: T, value: String, active: bool| {
        let cursor = if active { "▏" } else { "" };
        let style = if active {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        Line::from(vec![
            Span::raw(format!("{:>10}: ", app.t(label))),
            Span::styled(format!("{value}{cursor}"), style),
        ])
    };
    let mut lines = vec![
        Line::from(Span::styled(
            app.t(T::AppTitle),
            Style::default().add_modifier(Modifier::BOLD),
        )),
        Line::from(""),
        field(T::Operator, l.name.clone(), l.field == 0),
        field(T::Pin, "•".repeat(l.pin.chars().count()), l.field == 1),
        Line::from(""),
    ];
    if let Some(w) = &l.waiting {
        let left = w
            .until
            .saturating_duration_since(std::time::Instant::now())
            .as_secs()
            + 1;
        let (n, minutes) = (w.failures, depot_service::access::FAILURE_WINDOW_MINUTES);
        let text = TuiMsg::PinWait {
            count: n.to_string(),
            minutes: minutes.to_string(),
            left: left.to_string(),
        }
        .say(app.lang);
        lines.push(Line::from(Span::styled(
            text,
            fg(app, Color::Yellow).add_modifier(Modifier::BOLD),
        )));
    }
    if let Some(e) = &l.error {
        lines.push(Line::from(Span::styled(
            format!("✗ {e}"),
            fg(app, Color::Red).add_modifier(Modifier::BOLD),
        )));
    }
    lines.push(Line::from(Span::styled(
        app.t(T::LoginHint),
        fg(app, Color::Gray),
    )));
    let r = centered(area, 70, 11);
    f.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", app.t(T::Login))),
        ),
        r,
    );
}
