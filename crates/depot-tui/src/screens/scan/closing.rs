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

use depot_service::count::{self, Decision};
use depot_service::store::Store;

use crate::app::App;
use crate::i18n::{Lang, T};
use crate::keymap::Action;
use crate::outcome::Outcome;
use crate::screens::common::written;
use crate::state::scan::Closing;
use crate::style::{centered, fg, selected};
use crate::words::say;

/// The item's name of each barcode a count lists (what the panel and this dialog show of the
/// missing, and every unexpected item): people decide by names. The labels' own look-up of a
/// barcode's item name; none (codes alone) if it cannot be read.
pub fn names_of(store: &Store, view: Option<&count::CountView>) -> BTreeMap<String, String> {
    let Some(v) = view else {
        return BTreeMap::new();
    };
    let listed: Vec<String> = v
        .missing()
        .iter()
        .take(8)
        .chain(v.unexpected().iter())
        .map(|(b, _)| (*b).to_owned())
        .collect();
    depot_service::label::for_barcodes(store, &listed)
        .map(|labels| {
            labels
                .into_iter()
                .map(|l| (l.barcode.to_string(), l.item_name))
                .collect()
        })
        .unwrap_or_default()
}

pub fn refresh_count(app: &mut App, store: &Store) {
    if let Some(id) = app.scan.count {
        app.scan.count_view = count::view(store, id).ok();
        app.scan.count_names = names_of(store, app.scan.count_view.as_ref());
    }
}

/// `barcode name`, or the barcode alone when its name is not known.
pub fn named(app: &App, barcode: &str) -> String {
    match app.scan.count_names.get(barcode) {
        Some(n) => format!("{barcode} {n}"),
        None => barcode.to_owned(),
    }
}

/// Opens the dialog for the open count, with the count's view fresh.
pub fn open(app: &mut App, store: &Store) {
    let Some(id) = app.scan.count else { return };
    refresh_count(app, store);
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
    // Each missing item on a line of its own, by name, as many as fit beside the decisions.
    let named = |b: &str| named(app, b);
    let room = usize::from(area.height.saturating_sub(20)).clamp(2, 6);
    let before = lines.len();
    for (b, q) in missing.iter().take(room) {
        lines.push(Line::from(format!("  {} ×{}", named(b), q.normalize())));
    }
    if missing.len() > room {
        lines.push(Line::from(format!("  … +{}", missing.len() - room)));
    }
    let missing_lines = lines.len() - before;
    lines.push(Line::from(format!("{} {differing}", app.t(T::QtyDiffers))));
    lines.push(Line::from(Span::styled(
        format!("{} {}", app.t(T::Unexpected), c.decisions.len()),
        fg(app, Color::Yellow).add_modifier(Modifier::BOLD),
    )));
    let rows = usize::from(area.height.saturating_sub(16))
        .saturating_sub(missing_lines.saturating_sub(1))
        .max(2);
    let first = c.sel.saturating_sub(rows - 1);
    for (i, (b, d)) in c.decisions.iter().enumerate().skip(first).take(rows) {
        let what = match d {
            Some(d) => d.say(app.lang),
            None => app.t(T::Undecided).to_owned(),
        };
        let style = if i == c.sel {
            selected(app)
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(
            format!("  {}  → {what}", named(b)),
            style,
        )));
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
    crate::style::clear_overlay(f, r);
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
