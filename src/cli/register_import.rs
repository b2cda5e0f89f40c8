//! `depot import register FILE`: a register in its own shape. Prints the columns as matched
//! (header → field, three samples), what was skipped, the dates taken as a month's first day,
//! every name not yet resolved with its cells and candidates, and what landed; `--save-map`
//! writes the map file for the officer to decide in.

use std::path::Path;
use std::process::ExitCode;

use super::register::ImportArgs;
use super::{language, pick};
use depot_domain::Lang;
use depot_domain::msg::cli::CliMsg;
use depot_domain::msg::cli::register::CliRegisterMsg as M;
use depot_domain::msg::service::ServiceMsg;
use depot_exchange::register::MapFile;
use depot_service::Ctx;
use depot_service::import::register::{NameKind, RegisterOptions, RegisterReport, import_register};
use depot_service::store::Store;
use depot_service::{Error, Result};

/// The options of `import register`, the map file read, before a database is opened.
pub(super) fn options(args: &ImportArgs) -> Result<RegisterOptions> {
    let map = match &args.map {
        Some(p) => MapFile::read(p)?,
        None => MapFile::default(),
    };
    Ok(RegisterOptions {
        sheet: args.sheet.clone(),
        lang: language(),
        map,
        owner: args.owner.clone(),
        barcode_prefix: args.barcode_prefix.clone(),
        dry_run: args.dry_run,
    })
}

pub(super) fn register_cmd(
    store: &Store,
    ctx: &Ctx,
    file: &Path,
    opts: &RegisterOptions,
    save_map: Option<&Path>,
) -> Result<ExitCode> {
    let lang = language();
    let report = import_register(store, ctx, file, opts)?;
    print_columns(&report, lang);
    let sheet_notes = report.sheets.iter().flat_map(|s| &s.notes);
    for n in report.notes.iter().chain(sheet_notes) {
        let warning = n.say(lang);
        eprintln!("{}", CliMsg::Warning { warning }.say(lang));
    }
    for d in &report.partial_dates {
        let said = M::PartialDate {
            cell: d.cell.clone(),
            written: d.written.clone(),
            taken: d.taken.to_string(),
        };
        println!("{}", said.say(lang));
    }
    for u in &report.unresolved {
        let candidates: Vec<String> = u
            .candidates
            .iter()
            .map(|(c, n)| match u.kind {
                // A status is decided by its word in the map file.
                NameKind::Status if lang == Lang::En => format!("`{c}`"),
                NameKind::Status => format!("`{c}` {n}"),
                _ => format!("{c} {n}"),
            })
            .collect();
        let said = M::Unresolved {
            what: u.kind.said(lang),
            value: u.value.clone(),
            cells: u.cells.join(", "),
            candidates: if candidates.is_empty() {
                "-".to_owned()
            } else {
                candidates.join(match lang {
                    Lang::En => "; ",
                    Lang::Zh => "；",
                })
            },
        };
        eprintln!("{}", said.say(lang));
    }
    for p in &report.problems {
        let error = pick(&p.to_string(), &p.zh());
        eprintln!("{}", CliMsg::Error { error }.say(lang));
    }
    if let Some(out) = &report.rejects {
        let file = out.display().to_string();
        eprintln!("{}", M::RejectsFile { file }.say(lang));
    }
    if let Some(path) = save_map {
        save(path, &report, opts, lang)?;
    }
    if report.needs_prefix {
        let error = ServiceMsg::RegisterNoPrefix.say(lang);
        eprintln!("{}", CliMsg::Error { error }.say(lang));
        return Ok(ExitCode::FAILURE);
    }
    let Some(said) = report.landed_said(lang) else {
        let (names, rows) = (report.unresolved.len(), report.problems.len());
        let said = M::RegisterNotImported {
            names: names.to_string(),
            rows: rows.to_string(),
        };
        eprintln!("{}", said.say(lang));
        return Ok(ExitCode::FAILURE);
    };
    println!("{said}");
    Ok(ExitCode::SUCCESS)
}

/// Each sheet's columns as matched: header → field, and three values from its rows.
fn print_columns(report: &RegisterReport, lang: Lang) {
    for s in &report.sheets {
        let at = match &s.sheet {
            Some(sheet) => format!("{} {sheet}", s.file),
            None => s.file.clone(),
        };
        let head = M::ColumnsOf {
            at,
            row: s.header_row.to_string(),
            rows: s.rows.len().to_string(),
        };
        println!("{}", head.say(lang));
        for c in &s.columns {
            let field = match c.field {
                Some(f) if depot_exchange::register::NOT_KEPT.contains(&f) => M::FieldNotKept {
                    field: format!("`{f}`"),
                }
                .say(lang),
                Some(f) => format!("`{f}`"),
                None => M::FieldNone.say(lang),
            };
            println!(
                "  {:<4} {} → {} {}",
                depot_exchange::sheet::column_letters(c.index),
                pad(&c.header, 14),
                pad(&field, 24),
                c.samples.join(" | ")
            );
        }
    }
}

/// `s` padded with spaces to `width` columns of a terminal (a Chinese character takes two).
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// Writes the map file: the decisions given, the columns guessed, the names to decide.
fn save(path: &Path, report: &RegisterReport, opts: &RegisterOptions, lang: Lang) -> Result<()> {
    let text = report.map_text(&opts.map, lang);
    std::fs::write(path, text).map_err(|e| Error::io(path, e))?;
    let said = M::MapSaved {
        path: path.display().to_string(),
        pending: report.unresolved.len().to_string(),
    };
    eprintln!("{}", said.say(lang));
    Ok(())
}
