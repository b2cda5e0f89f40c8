//! Drawing: the tab bar, the current screen and the status bar. Reads the state, changes
//! nothing, does no I/O.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::{App, Confirm, Screen};
use crate::i18n::T;
use crate::i18n::TuiMsg;
use crate::screens::{dashboard, exports, hq, inventory, readiness, replacements, units};
use crate::style::{centered, clear_overlay, fg, selected};
use crate::{keymap, login};

/// The smallest terminal the layout is drawn for.
pub const MIN: (u16, u16) = (80, 24);

pub fn draw(app: &App, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN.0 || area.height < MIN.1 {
        let msg = Paragraph::new(format!(
            "{}\n({}×{})",
            app.t(T::TooSmall),
            area.width,
            area.height
        ))
        .wrap(Wrap { trim: true });
        f.render_widget(msg, area);
        return;
    }
    if app.session.is_none() {
        login::draw(app, f, area);
        return;
    }
    let [tabs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(status_lines(app, area.width).len() as u16),
    ])
    .areas(area);
    draw_tabs(app, f, tabs);
    let body = hq::without_register(app, f, body);
    match (app.screen, &app.reports) {
        (Screen::Inventory, _) => inventory::draw(app, f, body),
        (Screen::Scan, _) => crate::screens::scan::draw(app, f, body),
        (Screen::Exports, _) => {
            exports::draw(app, f, body);
            exports::register::draw(app, f, body);
        }
        (Screen::Dashboard, _) if app.hq.is_some() => {
            if let Some(hq) = &app.hq {
                hq::draw(app, hq, f, body);
            }
        }
        (Screen::Dashboard, Some(r)) => dashboard::draw(app, r, f, body),
        (Screen::Units, Some(r)) => units::draw(app, r, f, body),
        (Screen::Replacements, Some(r)) => replacements::draw(app, r, f, body),
        // The figures could not be computed: the status line says why.
        (_, None) => f.render_widget(Paragraph::new(app.status.clone().unwrap_or_default()), body),
    }
    if let Some(p) = &app.popup {
        readiness::draw_popup(app, p, f, body);
    }
    draw_status(app, f, status);
    if app.help {
        draw_help(app, f, area);
    }
    if let Some(c) = &app.confirm {
        draw_confirm(app, f, area, c);
    }
}

fn draw_tabs(app: &App, f: &mut Frame, area: Rect) {
    use unicode_width::UnicodeWidthStr;
    // Roomy where the names fit (` 1 总览   2 库存 …`), tight where they would be cut (the
    // English names at 80 columns): every screen's number and name stays on screen.
    let roomy: usize = Screen::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| format!(" {} {}  ", i + 1, app.t(s.title())).width())
        .sum();
    let tight = roomy > usize::from(area.width);
    let mut spans = Vec::new();
    for (i, s) in Screen::ALL.iter().enumerate() {
        let text = if tight {
            format!("{} {}", i + 1, app.t(s.title()))
        } else {
            format!(" {} {} ", i + 1, app.t(s.title()))
        };
        let style = if *s == app.screen {
            selected(app)
        } else {
            Style::default()
        };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Who is logged in and the date figures are as of, for the status bar's right.
fn status_right(app: &App) -> String {
    let who = app
        .session
        .as_ref()
        .map(|c| c.operator.to_string())
        .unwrap_or_default();
    format!(
        "{} {}  {} {}",
        app.t(T::Operator),
        who,
        app.t(T::AsOf),
        app.as_of
    )
}

/// The most lines a message takes at the bottom.
const STATUS_MAX_LINES: usize = 3;

/// What the status bar says while the connection to the server is being made again.
pub fn away_line(lang: crate::i18n::Lang) -> String {
    TuiMsg::ServerAway.say(lang)
}

/// A message that does not fit beside the right part of the status bar, as the lines it takes
/// over the whole width (the right part gives way); empty when it fits on one line.
fn status_lines(app: &App, width: u16) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let Some(msg) = &app.status else {
        return vec![String::new()];
    };
    let room = usize::from(width).saturating_sub(status_right(app).width() + 1);
    if msg.width() <= room {
        return vec![String::new()];
    }
    let mut lines = wrap(msg, usize::from(width).max(1));
    lines.truncate(STATUS_MAX_LINES);
    lines
}

/// `text` broken into lines of at most `width` columns: between words where it can, inside a
/// word (or Chinese text, which has no spaces) where it must.
fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split(' ') {
        let w = word.width();
        if used > 0 && used + 1 + w > width && w <= width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        } else if used > 0 {
            line.push(' ');
            used += 1;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    lines.push(line);
    lines.iter().map(|l| l.trim_end().to_owned()).collect()
}

fn draw_status(app: &App, f: &mut Frame, area: Rect) {
    if app.server_away {
        let said = away_line(app.lang);
        f.render_widget(Paragraph::new(said).style(fg(app, Color::Red)), area);
        return;
    }
    let long = status_lines(app, area.width);
    if long.len() > 1 || long.first().is_some_and(|l| !l.is_empty()) {
        let lines: Vec<Line> = long.into_iter().map(Line::from).collect();
        f.render_widget(Paragraph::new(lines).style(fg(app, Color::Gray)), area);
        return;
    }
    let left = app.status.clone().unwrap_or_else(|| {
        TuiMsg::StatusKeys {
            help: app.t(T::KeyHelp).to_owned(),
            quit: app.t(T::KeyQuit).to_owned(),
        }
        .say(app.lang)
    });
    let right = status_right(app);
    let [l, r] = Layout::horizontal([
        Constraint::Min(1),
        Constraint::Length(unicode_width::UnicodeWidthStr::width(right.as_str()) as u16 + 1),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(left).style(fg(app, Color::Gray)), l);
    f.render_widget(Paragraph::new(right).style(fg(app, Color::Gray)), r);
}

fn draw_help(app: &App, f: &mut Frame, area: Rect) {
    let hq = app.screen == crate::app::Screen::Dashboard && app.hq.is_some();
    let keys = keymap::help_for(app.screen, app.scan.mode, hq);
    let lines: Vec<Line> = keys
        .iter()
        .map(|(k, t)| {
            Line::from(vec![
                Span::styled(
                    format!("{k:>22}  "),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::raw(app.t(*t)),
            ])
        })
        .collect();
    let r = centered(area, 64, lines.len() as u16 + 2);
    clear_overlay(f, r);
    let title = format!(" {} · {} ", app.t(T::HelpTitle), app.t(app.screen.title()));
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        r,
    );
}

fn draw_confirm(app: &App, f: &mut Frame, area: Rect, c: &Confirm) {
    let text = match c {
        Confirm::Quit => {
            let mut t = app.t(T::QuitConfirm).to_owned();
            for p in app.pending() {
                t.push_str("\n· ");
                t.push_str(app.t(p));
            }
            t
        }
    };
    let mut lines: Vec<Line> = text.lines().map(|l| Line::from(l.to_owned())).collect();
    lines.push(Line::from(""));
    lines.push(Line::from(app.t(T::YesNo)));
    let r = centered(area, 72, lines.len() as u16 + 4);
    clear_overlay(f, r);
    let p = Paragraph::new(lines).wrap(Wrap { trim: true }).block(
        Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", app.t(T::Confirm))),
    );
    f.render_widget(p, r);
}
