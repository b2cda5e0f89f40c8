//! The register import dialog (key i on the exports screen): a register kept in Excel or WPS
//! read as it is (`depot import register`). F3 takes the file and Enter tries it (a dry run):
//! the sheets and the columns read, the dates taken as a month's first day, and each name
//! not resolved with its candidates; ↑↓ picks a name, ←→ one of its candidates, Enter takes
//! it into the map and tries again; s saves the map beside the register (`台账.map.toml`, for
//! the names without a candidate); p the barcode prefix; r imports, all or nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use depot_service::import::register::{RegisterOptions, RegisterReport, import_register};
use depot_service::store::Store;

use crate::app::App;
use crate::i18n::T;
use crate::keymap::Action;
use crate::outcome::Outcome;
use crate::state::exports::{RegisterDialog, RegisterField};
use crate::style::{centered, fg, selected};
use crate::words::say;

/// Opens the dialog.
pub fn open(app: &mut App) {
    app.exports.register = Some(RegisterDialog::default());
}

pub fn update(app: &mut App, store: &Arc<Store>, a: Action) -> Outcome {
    let Some(d) = app.exports.register.as_mut() else {
        return Outcome::None;
    };
    if let Some(field) = d.editing {
        let text = match field {
            RegisterField::File => &mut d.path,
            RegisterField::Prefix => &mut d.prefix,
        };
        match a {
            Action::Char(c) => text.push(c),
            Action::Paste(s) => text.push_str(s.trim()),
            Action::Backspace => {
                text.pop();
            }
            Action::Enter => {
                d.editing = None;
                return run(app, store, true);
            }
            Action::Back => d.editing = None,
            _ => {}
        }
        return Outcome::None;
    }
    let unresolved = d.report.as_ref().map_or(0, |r| r.unresolved.len());
    match a {
        Action::Back => app.exports.register = None,
        Action::EditReceiver => d.editing = Some(RegisterField::File),
        Action::Char('p') => d.editing = Some(RegisterField::Prefix),
        Action::Up => d.selected = d.selected.saturating_sub(1),
        Action::Down => d.selected = (d.selected + 1).min(unresolved.saturating_sub(1)),
        Action::Left | Action::Right => {
            let n = candidates(d).len();
            if let Some(c) = d.choice.get_mut(d.selected)
                && n > 0
            {
                *c = match a {
                    Action::Left => (*c + n - 1) % n,
                    _ => (*c + 1) % n,
                };
            }
        }
        Action::Enter if unresolved > 0 => {
            if !decide(d) {
                return Outcome::Bell;
            }
            return run(app, store, true);
        }
        Action::Enter | Action::Char('d') => return run(app, store, true),
        Action::Char('s') => save(app),
        Action::Char('r') => return run(app, store, false),
        _ => {}
    }
    Outcome::None
}

/// The candidates of the picked name.
fn candidates(d: &RegisterDialog) -> &[(String, String)] {
    d.report
        .as_ref()
        .and_then(|r| r.unresolved.get(d.selected))
        .map_or(&[], |u| u.candidates.as_slice())
}

/// Takes the picked candidate of the picked name into the map; false without one.
fn decide(d: &mut RegisterDialog) -> bool {
    let Some(u) = d.report.as_ref().and_then(|r| r.unresolved.get(d.selected)) else {
        return false;
    };
    let pick = d.choice.get(d.selected).copied().unwrap_or(0);
    let Some((code, _)) = u.candidates.get(pick) else {
        return false;
    };
    let (value, code) = (u.value.clone(), code.clone());
    let Some(section) = d.map.section_mut(u.kind.section()) else {
        return false;
    };
    section.insert(value, code);
    true
}

/// Tries the register (a dry run) or imports it, and shows what came of it.
fn run(app: &mut App, store: &Arc<Store>, dry_run: bool) -> Outcome {
    let lang = app.lang;
    let Some(ctx) = app.action_ctx() else {
        return Outcome::Bell;
    };
    let Some(d) = app.exports.register.as_mut() else {
        return Outcome::None;
    };
    let path = PathBuf::from(d.path.trim());
    if d.path.trim().is_empty() {
        d.editing = Some(RegisterField::File);
        return Outcome::Bell;
    }
    let opts = RegisterOptions {
        sheet: None,
        lang,
        map: d.map.clone(),
        owner: None,
        barcode_prefix: Some(d.prefix.trim())
            .filter(|p| !p.is_empty())
            .map(str::to_owned),
        dry_run,
    };
    match import_register(store, &ctx, &path, &opts) {
        Ok(report) => {
            d.choice = vec![0; report.unresolved.len()];
            d.selected = d.selected.min(report.unresolved.len().saturating_sub(1));
            d.said = report.landed_said(lang).map(|t| (true, t));
            if report.needs_prefix {
                d.said = Some((false, T::RegisterNeedsPrefix.get(lang).to_owned()));
            }
            let landed = !dry_run && report.landed.is_some();
            d.report = Some(report);
            if landed {
                crate::screens::common::written(app);
            }
            Outcome::None
        }
        Err(e) => {
            let said = say(app, &e);
            if let Some(d) = app.exports.register.as_mut() {
                d.said = Some((false, said));
            }
            Outcome::Bell
        }
    }
}

/// Where the map of a register is kept: beside it, `台账.map.toml`.
fn map_path(book: &Path) -> PathBuf {
    book.with_extension("map.toml")
}

/// Saves the map: the decisions taken, the columns read, the names still to decide.
fn save(app: &mut App) {
    let lang = app.lang;
    let saved = app.t(T::RegisterSaved).to_owned();
    let Some(d) = app.exports.register.as_mut() else {
        return;
    };
    let Some(r) = &d.report else { return };
    let path = map_path(Path::new(d.path.trim()));
    let text = r.map_text(&d.map, lang);
    d.said = Some(match std::fs::write(&path, text) {
        Ok(()) => (true, format!("{saved}: {}", path.display())),
        Err(e) => (
            false,
            format!("{}: {}", path.display(), depot_domain::io_said(&e, lang)),
        ),
    });
}

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let Some(d) = &app.exports.register else {
        return;
    };
    let area = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    crate::style::clear_overlay(f, area);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let field = |label: T, text: &str, editing: bool| {
        let value = if editing {
            format!("{text}▏")
        } else {
            text.to_owned()
        };
        Line::from(vec![
            Span::raw(format!("{}: ", app.t(label))),
            Span::styled(value, if editing { selected(app) } else { bold }),
        ])
    };
    let mut lines = vec![
        field(
            T::RegisterFile,
            &d.path,
            d.editing == Some(RegisterField::File),
        ),
        field(
            T::RegisterPrefix,
            &d.prefix,
            d.editing == Some(RegisterField::Prefix),
        ),
        Line::from(""),
    ];
    match &d.report {
        None => lines.push(Line::from(Span::styled(
            app.t(T::RegisterNone),
            fg(app, Color::Gray),
        ))),
        Some(r) => report_lines(app, d, r, &mut lines),
    }
    if let Some((ok, text)) = &d.said {
        let c = if *ok { Color::Green } else { Color::Red };
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(text.clone(), fg(app, c))));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        app.t(T::RegisterKeys),
        fg(app, Color::Gray),
    )));
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", app.t(T::RegisterImport))),
        ),
        area,
    );
}

fn report_lines<'a>(
    app: &App,
    d: &RegisterDialog,
    r: &'a RegisterReport,
    lines: &mut Vec<Line<'a>>,
) {
    for s in &r.sheets {
        let read = s.columns.iter().filter(|c| c.field.is_some()).count();
        lines.push(Line::from(format!(
            "{} · {} {} · {}/{} {}",
            s.sheet.as_deref().unwrap_or(&s.file),
            s.rows.len(),
            app.t(T::RegisterRows),
            read,
            s.columns.len(),
            app.t(T::RegisterColumns)
        )));
    }
    if !r.partial_dates.is_empty() {
        lines.push(Line::from(format!(
            "{} {}",
            r.partial_dates.len(),
            app.t(T::RegisterPartial)
        )));
    }
    if !r.unresolved.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("{} ({})", app.t(T::RegisterUnresolved), r.unresolved.len()),
            Style::default().add_modifier(Modifier::BOLD),
        )));
        for (i, u) in r.unresolved.iter().enumerate() {
            let pick = d.choice.get(i).copied().unwrap_or(0);
            let candidate = match u.candidates.get(pick) {
                Some((c, n)) => format!("[{c} {n}] ({}/{})", pick + 1, u.candidates.len()),
                None => app.t(T::RegisterNoCandidate).to_owned(),
            };
            let cells = u
                .cells
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            let text = format!(
                "{} {} “{}” {} → {}",
                if i == d.selected { "▸" } else { " " },
                u.kind.said(app.lang),
                u.value,
                cells,
                candidate
            );
            let style = if i == d.selected {
                selected(app)
            } else {
                Style::default()
            };
            lines.push(Line::from(Span::styled(text, style)));
        }
    }
    if !r.problems.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("{} ({})", app.t(T::RegisterProblems), r.problems.len()),
            Style::default().add_modifier(Modifier::BOLD),
        )));
        for p in r.problems.iter().take(6) {
            lines.push(Line::from(Span::styled(
                p.say(app.lang),
                fg(app, Color::Red),
            )));
        }
    }
    if r.unresolved.is_empty() && r.problems.is_empty() && r.landed.is_some() && r.dry_run {
        lines.push(Line::from(Span::styled(
            app.t(T::RegisterReady),
            fg(app, Color::Green),
        )));
    }
}
