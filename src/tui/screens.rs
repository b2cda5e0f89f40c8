//! Updates of the readiness screens (dashboard, units, replacements) and the exports screen.

pub mod scan;

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use crate::domain::readiness::{Budget, Within};
use crate::exchange::export::{self, ExportKind, ExportOptions};
use crate::exchange::{CsvOptions, OutputEncoding};
use crate::report::table::{Report, Section, num, text};
use crate::report::{Format, ReportArgs, ReportKind};
use crate::service::readiness as svc;
use crate::store::Store;

use super::app::{App, ExportJob, Reports, Screen, Tile};
use super::keymap::Action;
use super::update::{Outcome, go};

/// Computes the readiness of a fresh snapshot for the report screens.
pub fn load_reports(app: &mut App, store: &Store) {
    match svc::load(store) {
        Ok(snap) => {
            let ready = svc::readiness(&snap, app.as_of, 90);
            let targets = svc::targets(&snap, app.as_of);
            let replacements = svc::replacements(&snap, Within::Everything);
            let by_year = crate::domain::readiness::totals_by_year(&replacements);
            let tree = super::report::tree_order(&snap);
            let mut r = Reports {
                snap,
                ready,
                targets,
                replacements,
                by_year,
                tree,
                plan: None,
            };
            r.plan = plan_of(app, &r);
            app.reports = Some(r);
        }
        Err(e) => {
            app.status = Some(if app.lang == super::i18n::Lang::Zh {
                e.zh()
            } else {
                e.to_string()
            })
        }
    }
}

/// Budgets as typed: `2026=5000000 2027=3000000`; the plan, when there are any. An error
/// names the bad part and the expected form, in `lang`.
fn budgets(text: &str, lang: super::i18n::Lang) -> Result<Vec<Budget>, String> {
    text.split([' ', ',', ';'])
        .filter(|t| !t.trim().is_empty())
        .map(|t| {
            let bad = || format!("'{t}': {}", super::i18n::T::BudgetForm.get(lang));
            let (y, a) = t.split_once('=').ok_or_else(bad)?;
            Ok(Budget {
                year: y.trim().parse().map_err(|_| bad())?,
                amount: crate::exchange::parse_quantity(a).map_err(|_| bad())?,
            })
        })
        .collect()
}

fn plan_of(app: &App, r: &Reports) -> Option<crate::domain::readiness::Plan> {
    let b = budgets(&app.budgets, app.lang).ok()?;
    (!b.is_empty()).then(|| svc::plan(&r.snap, Within::Everything, app.as_of, &b))
}

fn open_report(app: &mut App, kind: ReportKind, scope: Option<String>) {
    let Some(r) = &app.reports else { return };
    let args = ReportArgs {
        kind,
        scope,
        as_of: Some(app.as_of),
        format: Format::Table,
        days: 90,
        budgets: budgets(&app.budgets, app.lang).unwrap_or_default(),
    };
    match crate::report::build(&r.snap, &args, app.as_of) {
        Ok(rep) => {
            app.popup = Some(rep);
            app.popup_offset = 0;
        }
        Err(e) => {
            app.status = Some(if app.lang == super::i18n::Lang::Zh {
                e.zh()
            } else {
                e.to_string()
            })
        }
    }
}

/// The check-outs past their return date, as a report.
fn past_due(app: &mut App) {
    let Some(r) = &app.reports else { return };
    let s = &r.snap;
    let today = crate::domain::stock::day_number(app.as_of);
    let mut sec = Section::new(
        "past_due",
        "check-outs past due 借出逾期",
        vec![
            text("barcode", 10),
            text("item", 8),
            text("owner", 8),
            text("at", 8),
            num("due"),
        ],
    );
    for (i, a) in s.assets.iter().enumerate() {
        if a.checked_out && a.due.is_some_and(|d| d < today) {
            let cell = &s.cells[a.cell as usize];
            let due = a
                .due
                .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
                .map(|d| d.to_string())
                .unwrap_or_default();
            let at = s
                .locations
                .get(a.location as usize)
                .cloned()
                .unwrap_or_default();
            sec.rows.push(vec![
                s.asset_barcode(i).to_owned(),
                s.item(cell.item).name.clone(),
                s.place(cell.owner).code.clone(),
                at,
                due,
            ]);
        }
    }
    let mut rep = Report {
        title: "check-outs past due 借出逾期".into(),
        ..Report::default()
    };
    rep.sections.push(sec);
    app.popup = Some(rep);
    app.popup_offset = 0;
}

pub fn dashboard(app: &mut App, store: &Store, a: Action) -> Outcome {
    let n = Tile::ALL.len();
    match a {
        Action::Up => app.tile = (app.tile + n - 1) % n,
        Action::Down | Action::NextPane => app.tile = (app.tile + 1) % n,
        Action::Enter => match Tile::ALL[app.tile] {
            Tile::Equipped | Tile::Ready | Tile::HighEnd => {
                open_report(app, ReportKind::Readiness, None)
            }
            Tile::Compliance => open_report(app, ReportKind::Shortfalls, None),
            Tile::OverAge => go(app, store, Screen::Replacements),
            Tile::Overdue => open_report(app, ReportKind::Inspections, None),
            Tile::PastDue => past_due(app),
            Tile::Expiring => open_report(app, ReportKind::Expiry, None),
        },
        _ => {}
    }
    Outcome::None
}

pub fn units(app: &mut App, store: &Store, a: Action) -> Outcome {
    let rows = app.table_rows();
    let Some(r) = &app.reports else {
        return Outcome::None;
    };
    let n = r.tree.len();
    match a {
        Action::Enter => {
            let code = r
                .tree
                .get(app.unit_sel)
                .map(|p| r.snap.place(*p).code.clone());
            open_report(app, ReportKind::Shortfalls, code);
        }
        Action::Back => go(app, store, Screen::Dashboard),
        a => {
            if let Some(i) = super::update::moved(&a, app.unit_sel, n, rows) {
                app.unit_sel = i;
            }
        }
    }
    let rows = rows.saturating_sub(1).max(1);
    if app.unit_sel < app.unit_offset {
        app.unit_offset = app.unit_sel;
    } else if app.unit_sel >= app.unit_offset + rows {
        app.unit_offset = app.unit_sel + 1 - rows;
    }
    Outcome::None
}

pub fn replacements(app: &mut App, store: &Store, a: Action) -> Outcome {
    if app.editing_budget {
        match a {
            Action::Char(c) => app.budgets.push(c),
            Action::Backspace => {
                app.budgets.pop();
            }
            Action::Enter | Action::Back => {
                app.editing_budget = false;
                if let Err(e) = budgets(&app.budgets, app.lang) {
                    app.status = Some(e);
                    return Outcome::Bell;
                }
                if let Some(r) = app.reports.take() {
                    let plan = plan_of(app, &r);
                    app.reports = Some(Reports { plan, ..r });
                }
            }
            _ => {}
        }
        return Outcome::None;
    }
    let n = app.reports.as_ref().map_or(0, |r| r.by_year.len());
    match a {
        Action::Up => app.tile = app.tile.saturating_sub(1),
        Action::Down => app.tile = (app.tile + 1).min(n.saturating_sub(1)),
        Action::EditReceiver => app.editing_budget = true,
        Action::Enter => open_report(app, ReportKind::Replacements, None),
        Action::Back => go(app, store, Screen::Dashboard),
        _ => {}
    }
    Outcome::None
}

pub fn exports(app: &mut App, store: &Arc<Store>, a: Action) -> Outcome {
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
        Action::Enter if e.job.is_none() && e.backup.is_none() => start_export(app, store),
        Action::Char('b') => super::backup::start(app, store),
        Action::Back => go(app, store, Screen::Dashboard),
        _ => {}
    }
    Outcome::None
}

fn start_export(app: &mut App, store: &Arc<Store>) {
    let e = &app.exports;
    let kind = ExportKind::ALL[e.kind];
    let path = if e.path.trim().is_empty() {
        export::default_file_name(&app.db, kind, app.as_of, 1)
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
    let total = match kind {
        ExportKind::Movements => store
            .read()
            .and_then(|r| r.ledger_head())
            .map(|h| h.0)
            .unwrap_or(0),
        _ => store.read().and_then(|r| r.stock_count()).unwrap_or(0),
    };
    let lines = Arc::new(AtomicU64::new(0));
    let (store, counter, target) = (Arc::clone(store), Arc::clone(&lines), path.clone());
    let handle = std::thread::spawn(move || -> crate::Result<u64> {
        let r = store.read()?;
        export::to_file(&r, kind, &opts, &target, Some(counter))
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
                app.t(super::i18n::T::Written),
                app.t(super::i18n::T::Rows)
            ),
        ),
        Ok(Err(e)) => (
            false,
            if app.lang == super::i18n::Lang::Zh {
                e.zh()
            } else {
                e.to_string()
            },
        ),
        Err(_) => (false, "the export stopped unexpectedly".into()),
    });
}
