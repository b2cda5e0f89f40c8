//! Closing a stock count: the reason (required, as on the command line), what is missing,
//! and for each item found that the register did not expect there an explicit decision
//! (take it over here, send it back to its owner, or record it as found away). Enter posts,
//! with the reason on every movement; Esc goes back to counting.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::service::count::{self, Decision};
use crate::store::Store;

use super::super::super::app::App;
use super::super::super::i18n::{Lang, T};
use super::super::super::keymap::Action;
use super::super::super::update::{Outcome, say, written};
use super::super::super::view::{centered, fg, selected};

/// The close-count dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    pub id: u64,
    pub reason: String,
    /// Each unexpected item and the decision taken for it (none yet: `None`).
    pub decisions: Vec<(String, Option<Decision>)>,
    pub sel: usize,
    pub error: Option<String>,
}

/// Opens the dialog for the open count, with the count's view fresh.
pub fn open(app: &mut App, store: &Store) {
    let Some(id) = app.scan.count else { return };
    super::update::refresh_count(app, store);
    let decisions = app
        .scan
        .count_view
        .as_ref()
        .map(|v| {
            v.unexpected()
                .iter()
                .map(|(b, _)| ((*b).to_owned(), None))
                .collect()
        })
        .unwrap_or_default();
    app.scan.closing = Some(Closing {
        id,
        reason: String::new(),
        decisions,
        sel: 0,
        error: None,
    });
}

/// The next decision for an item, round the three (←: the other way).
fn cycle(d: Option<Decision>, back: bool) -> Option<Decision> {
    let all = Decision::ALL;
    let n = all.len();
    let i = d.and_then(|d| all.iter().position(|x| *x == d));
    Some(match (i, back) {
        (None, false) => all[0],
        (None, true) => all[n - 1],
        (Some(i), false) => all[(i + 1) % n],
        (Some(i), true) => all[(i + n - 1) % n],
    })
}

pub fn update(app: &mut App, store: &Store, a: Action) -> Outcome {
    let Some(c) = &mut app.scan.closing else {
        return Outcome::None;
    };
    match a {
        Action::Char(ch) => c.reason.push(ch),
        Action::Paste(p) => c.reason.push_str(p.trim()),
        Action::Backspace => {
            c.reason.pop();
        }
        Action::Up => c.sel = c.sel.saturating_sub(1),
        Action::Down => c.sel = (c.sel + 1).min(c.decisions.len().saturating_sub(1)),
        Action::Left | Action::Right => {
            if let Some((_, d)) = c.decisions.get_mut(c.sel) {
                *d = cycle(*d, a == Action::Left);
            }
        }
        Action::Back => app.scan.closing = None,
        Action::Enter => return post(app, store),
        _ => {}
    }
    Outcome::None
}

fn post(app: &mut App, store: &Store) -> Outcome {
    let Some(c) = app.scan.closing.clone() else {
        return Outcome::None;
    };
    let refuse = |app: &mut App, t: T| {
        if let Some(c) = &mut app.scan.closing {
            c.error = Some(app_t(app.lang, t).to_owned());
        }
        Outcome::Bell
    };
    if c.reason.trim().is_empty() {
        return refuse(app, T::ReasonNeeded);
    }
    if c.decisions.iter().any(|(_, d)| d.is_none()) {
        return refuse(app, T::DecideEach);
    }
    let decisions: BTreeMap<String, Decision> = c
        .decisions
        .iter()
        .filter_map(|(b, d)| d.map(|d| (b.clone(), d)))
        .collect();
    let Some(ctx) = app.action_ctx() else {
        return Outcome::None;
    };
    match count::close(store, &ctx, c.id, &c.reason, true, &decisions) {
        Ok(posted) => {
            app.status = Some(format!(
                "{} {}: {} {}",
                app.t(T::ModeCount),
                c.id,
                posted.len(),
                app.t(T::Movements)
            ));
            app.scan.closing = None;
            app.scan.count = None;
            app.scan.count_view = None;
            app.scan.setup.to = None;
            written(app);
            Outcome::None
        }
        Err(e) => {
            let msg = say(app, &e);
            if let Some(c) = &mut app.scan.closing {
                c.error = Some(msg);
            }
            Outcome::Bell
        }
    }
}

fn app_t(lang: Lang, t: T) -> &'static str {
    t.get(lang)
}

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let Some(c) = &app.scan.closing else { return };
    let v = app.scan.count_view.as_ref();
    let missing = v.map(|v| v.missing()).unwrap_or_default();
    let differing = v.map(|v| v.differing().len()).unwrap_or(0);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines = vec![
        Line::from(vec![
            Span::raw(format!("{}: ", app.t(T::Reason))),
            Span::styled(format!("{}▏", c.reason), selected(app)),
        ]),
        Line::from(""),
        Line::from(Span::styled(
            format!("{} {}", app.t(T::Missing), missing.len()),
            fg(app, Color::Red).add_modifier(Modifier::BOLD),
        )),
    ];
    let shown: Vec<&str> = missing.iter().take(6).map(|(b, _)| *b).collect();
    if !shown.is_empty() {
        let more = missing.len().saturating_sub(shown.len());
        let tail = if more > 0 {
            format!(" … +{more}")
        } else {
            String::new()
        };
        lines.push(Line::from(format!("  {}{tail}", shown.join(" "))));
    }
    lines.push(Line::from(format!("{} {differing}", app.t(T::QtyDiffers))));
    lines.push(Line::from(Span::styled(
        format!("{} {}", app.t(T::Unexpected), c.decisions.len()),
        fg(app, Color::Yellow).add_modifier(Modifier::BOLD),
    )));
    let rows = usize::from(area.height.saturating_sub(16)).max(3);
    let first = c.sel.saturating_sub(rows - 1);
    for (i, (b, d)) in c.decisions.iter().enumerate().skip(first).take(rows) {
        let what = match d {
            Some(d) if app.lang == Lang::Zh => d.zh(),
            Some(d) => d.en(),
            None => app.t(T::Undecided),
        };
        let style = if i == c.sel {
            selected(app)
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(format!("  {b}  → {what}"), style)));
    }
    lines.push(Line::from(""));
    if let Some(e) = &c.error {
        lines.push(Line::from(Span::styled(
            format!("✗ {e}"),
            fg(app, Color::Red).add_modifier(Modifier::BOLD),
        )));
    }
    lines.push(Line::from(Span::styled(app.t(T::ClosingKeys), bold)));
    let r = centered(area, 76, lines.len() as u16 + 2);
    crate::tui::view::clear_overlay(f, r);
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default().borders(Borders::ALL).title(format!(
                " {} {} ",
                app.t(T::CountClose),
                c.id
            )),
        ),
        r,
    );
}
