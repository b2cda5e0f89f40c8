//! Screen 6, exports: a kind, a file, CSV (Excel and GB18030 options) or an xlsx workbook, a
//! running export with its progress, and a verified backup of a database file (key b; a
//! PostgreSQL database is backed up by the server's tools, and the screen says so).

use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph, Row, Table, Wrap};

use crate::app::{App, Screen};
use crate::i18n::T;
use crate::keymap::Action;
use crate::outcome::Outcome;
use crate::screens::nav::go;
use crate::state::exports::ExportJob;
use crate::style::{fg, selected};
use depot_service::store::Store;
use std::sync::atomic::AtomicU64;

use depot_exchange::{CsvOptions, OutputEncoding};
use depot_service::export::Extract;
use depot_service::export::csv::{self as export, ExportKind, ExportOptions};

pub mod backup;
pub mod register;

pub fn update(app: &mut App, store: &Arc<Store>, a: Action) -> Outcome {
    if app.exports.register.is_some() {
        return register::update(app, store, a);
    }
    let lang = app.lang;
    let e = &mut app.exports;
    if e.editing {
        match a {
            Action::Char(c) => e.path.push(c),
            Action::Backspace => {
                e.path.pop();
            }
            Action::Enter | Action::Back => e.editing = false,
            _ => {}
        }
        return Outcome::None;
    }
    match a {
        Action::Up => e.kind = e.kind.saturating_sub(1),
        Action::Down => e.kind = (e.kind + 1).min(ExportKind::ALL.len() - 1),
        Action::EditReceiver => e.editing = true,
        Action::Char('x') => e.excel = !e.excel,
        Action::Char('g') => e.gb18030 = !e.gb18030,
        Action::Char('w') => e.xlsx = !e.xlsx,
        Action::Enter if e.job.is_none() && e.backup.is_none() => start_export(app, store),
        Action::Char('b') if e.shared => {
            e.result = Some((false, T::BackupServer.get(lang).to_owned()));
        }
        Action::Char('b') => backup::start(app, store),
        Action::Char('i') => register::open(app),
        Action::Back => go(app, store, Screen::Dashboard),
        _ => {}
    }
    Outcome::None
}

fn start_export(app: &mut App, store: &Arc<Store>) {
    let e = &app.exports;
    let kind = ExportKind::ALL[e.kind];
    let path = if e.path.trim().is_empty() {
        default_path(app, kind)
    } else {
        std::path::PathBuf::from(e.path.trim())
    };
    let opts = ExportOptions {
        csv: CsvOptions {
            excel: e.excel,
            encoding: if e.gb18030 {
                OutputEncoding::Gb18030
            } else {
                OutputEncoding::Utf8
            },
        },
        as_of: app.as_of,
        since: 1,
    };
    // The rows to write, for the progress bar; the export reads its own snapshot.
    let total = Extract::open(store)
        .and_then(|x| match kind {
            ExportKind::Movements => x.movement_count(),
            _ => x.stock_count(),
        })
        .unwrap_or(0);
    let lines = Arc::new(AtomicU64::new(0));
    let (store, counter, target) = (Arc::clone(store), Arc::clone(&lines), path.clone());
    let (xlsx, lang) = (e.xlsx, app.lang);
    let handle = std::thread::spawn(move || -> depot_service::Result<u64> {
        let x = Extract::open(&store)?;
        if xlsx {
            // The command line's own workbook (`depot export KIND --format xlsx`).
            let rows = depot_service::export::xlsx::to_xlsx(&x, kind, &opts, lang, &target)?;
            counter.store(rows, std::sync::atomic::Ordering::Relaxed);
            Ok(rows)
        } else {
            export::to_file(&x, kind, &opts, &target, Some(counter))
        }
    });
    app.exports.result = None;
    app.exports.job = Some(ExportJob {
        lines,
        total,
        path,
        handle,
    });
}

/// Collects a finished export's result.
pub fn poll_export(app: &mut App) {
    let finished = app
        .exports
        .job
        .as_ref()
        .is_some_and(|j| j.handle.is_finished());
    if !finished {
        return;
    }
    let Some(job) = app.exports.job.take() else {
        return;
    };
    let path = job.path.display().to_string();
    app.exports.result = Some(match job.handle.join() {
        Ok(Ok(rows)) => (
            true,
            format!(
                "{}: {rows} {} → {path}",
                app.t(crate::i18n::T::Written),
                app.t(crate::i18n::T::Rows)
            ),
        ),
        Ok(Err(e)) => (
            false,
            if app.lang == crate::i18n::Lang::Zh {
                e.zh()
            } else {
                e.to_string()
            },
        ),
        Err(_) => (false, app.t(T::ExportStopped).to_owned()),
    });
}

/// The file an export writes when none is typed: the command line's default name, `.xlsx`
/// for a workbook.
fn default_path(app: &App, kind: ExportKind) -> std::path::PathBuf {
    let p = export::default_file_name(&app.db, kind, app.as_of, 1);
    if app.exports.xlsx {
        p.with_extension("xlsx")
    } else {
        p
    }
}

/// A CSV option's line: checked or not, or (for a workbook, which needs neither) said not to
/// apply.
fn csv_option(app: &App, on: bool, key: char, what: T) -> Line<'static> {
    if app.exports.xlsx {
        Line::from(Span::styled(
            format!("    {key}  {} {}", app.t(what), app.t(T::CsvOnly)),
            fg(app, Color::Gray),
        ))
    } else {
        let check = if on { "[x]" } else { "[ ]" };
        Line::from(format!("{check} {key}  {}", app.t(what)))
    }
}

/// An export's name in the interface's language.
fn export_title(k: ExportKind) -> T {
    match k {
        ExportKind::Inventory => T::ExportInventory,
        ExportKind::Assets => T::ExportAssets,
        ExportKind::Lots => T::ExportLots,
        ExportKind::Movements => T::ExportMovements,
        ExportKind::Readiness => T::ExportReadiness,
        ExportKind::Replacements => T::ExportReplacements,
    }
}

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let e = &app.exports;
    let [list, form] =
        Layout::horizontal([Constraint::Length(24), Constraint::Min(40)]).areas(area);
    let rows: Vec<Row> = ExportKind::ALL
        .iter()
        .map(|k| Row::new(vec![app.t(export_title(*k))]))
        .collect();
    let table = Table::new(rows, [Constraint::Min(10)])
        .row_highlight_style(selected(app))
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", app.t(T::Exports))),
        );
    let mut state = ratatui::widgets::TableState::default().with_selected(Some(e.kind));
    f.render_stateful_widget(table, list, &mut state);
    let kind = ExportKind::ALL[e.kind.min(ExportKind::ALL.len() - 1)];
    let path = if e.editing {
        format!("{}▏", e.path)
    } else if e.path.is_empty() {
        default_path(app, kind).display().to_string()
    } else {
        e.path.clone()
    };
    let check = |b: bool| if b { "[x]" } else { "[ ]" };
    let mut lines = vec![
        Line::from(vec![
            Span::raw(format!("{} (F3): ", app.t(T::Path))),
            Span::styled(
                path,
                if e.editing {
                    selected(app)
                } else {
                    Style::default().add_modifier(Modifier::BOLD)
                },
            ),
        ]),
        Line::from(format!("{} w  {}", check(e.xlsx), app.t(T::Xlsx))),
        csv_option(app, e.excel, 'x', T::Excel),
        csv_option(app, e.gb18030, 'g', T::Gb18030),
        Line::from(format!("{}: {}", app.t(T::AsOf), app.as_of)),
        Line::from(""),
        Line::from(Span::styled(app.t(T::Start), fg(app, Color::Gray))),
        Line::from(Span::styled(
            app.t(if e.shared { T::BackupServer } else { T::Backup }),
            fg(app, Color::Gray),
        )),
        Line::from(Span::styled(
            app.t(T::RegisterImportKey),
            fg(app, Color::Gray),
        )),
        Line::from(""),
    ];
    if e.backup.is_some() {
        lines.push(Line::from(app.t(T::BackingUp)));
    }
    if let Some((ok, text)) = &e.result {
        let (mark, c) = if *ok {
            ("✓", Color::Green)
        } else {
            ("✗", Color::Red)
        };
        lines.push(Line::from(Span::styled(
            format!("{mark} {text}"),
            fg(app, c).add_modifier(Modifier::BOLD),
        )));
    }
    // The gauge takes its rows only while an export runs; otherwise the form fills the pane.
    let [top, gauge] = if e.job.is_some() {
        Layout::vertical([Constraint::Min(8), Constraint::Length(3)]).areas(form)
    } else {
        [form, Rect::default()]
    };
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::default().borders(Borders::ALL)),
        top,
    );
    if let Some(job) = &e.job {
        let done = job.lines.load(std::sync::atomic::Ordering::Relaxed);
        let r = if job.total == 0 {
            0.0
        } else {
            (done as f64 / job.total as f64).clamp(0.0, 1.0)
        };
        f.render_widget(
            Gauge::default()
                .ratio(r)
                .label(format!("{done} / {}", job.total))
                .block(Block::default().borders(Borders::ALL)),
            gauge,
        );
    }
}
