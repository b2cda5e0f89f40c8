//! `depot import`: read exchange files into a [`Bundle`], report every bad row (file, line,
//! column, value, reason), write the rejected rows beside their input, and land the bundle in
//! one transaction only when no row is bad.

use depot_domain::msg::service::ServiceMsg;
use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::Ctx;
use crate::import::{self as landing, Bundle, Finding, Outcome, Read, Summary};
use crate::store::Store;
use crate::{Error, Result};
use depot_domain::msg::exchange::ExchangeMsg;
use depot_domain::{Lang, Module};
use depot_exchange::InputEncoding;
use depot_exchange::columns::Kind;
use depot_exchange::error::ReadError;
use depot_exchange::problems::{Problems, RowError, SheetAt, rejects_path};
use depot_exchange::reader::{CsvStream, Row, SheetStream, with_text};
use depot_exchange::sheet::{WORKBOOK_EXTENSIONS, is_workbook, read_workbook};

pub use depot_exchange::import::Source;

/// What an import reports.
#[derive(Debug, Default)]
pub struct Report {
    /// Unknown columns, rows skipped and other things worth knowing that did not stop the
    /// import.
    pub warnings: Vec<ExchangeMsg>,
    /// Every bad row; empty when the import landed.
    pub problems: Vec<RowError>,
    /// The rejects files written.
    pub rejects: Vec<PathBuf>,
    /// What landed (or would land, in a dry run).
    pub summary: Option<Summary>,
    pub dry_run: bool,
    /// Wall time of each phase (read, check, write), for benchmarks and diagnosis.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

impl Report {
    pub fn landed(&self) -> bool {
        self.problems.is_empty() && self.summary.is_some()
    }
}

/// The import files present in `dir`, in dependency order; an error if there are none.
pub fn sources_in(dir: &Path) -> Result<Vec<Source>> {
    if !dir.is_dir() {
        return Err(Error::Msg(ServiceMsg::ImportNotDirectory {
            path: dir.display().to_string(),
        }));
    }
    // Each kind's file as CSV, or else as a workbook of the same name (assets.xlsx).
    let found: Vec<Source> = Kind::ALL
        .into_iter()
        .filter_map(|k| {
            let csv = dir.join(k.file_name());
            std::iter::once(csv.clone())
                .chain(
                    WORKBOOK_EXTENSIONS
                        .iter()
                        .map(|ext| csv.with_extension(ext)),
                )
                .find(|p| p.is_file())
                .map(|p| Source::File(k, p))
        })
        .collect();
    if found.is_empty() {
        let names: Vec<String> = Kind::ALL
            .iter()
            .map(|k| k.file_name().to_string())
            .collect();
        let path = dir.display().to_string();
        return Err(Error::phrase(move |lang| ServiceMsg::NoImportFiles {
            path: path.clone(),
            names: crate::error::join(&names, lang),
        }));
    }
    Ok(found)
}

/// Reads, checks and (unless anything is bad, or `dry_run`) lands `sources` as one import:
/// the files are parsed here, row by row, and the service lands the rows in one transaction.
/// `store` is only handed on to the service. Rejects files give their reasons in English.
pub fn import(
    store: &Store,
    ctx: &Ctx,
    sources: &[Source],
    enc: InputEncoding,
    dry_run: bool,
) -> Result<Report> {
    import_in(store, ctx, sources, enc, dry_run, Lang::En)
}

/// As [`import`], with the reasons of the rejects files in `lang`.
pub fn import_in(
    store: &Store,
    ctx: &Ctx,
    sources: &[Source],
    enc: InputEncoding,
    dry_run: bool,
    lang: Lang,
) -> Result<Report> {
    import_landing(
        store,
        ctx,
        sources,
        enc,
        dry_run,
        lang,
        &landing::Landing::local(&landing::nothing),
    )
}

/// As [`import_in`], landing as `landing` says (a directive's import).
pub fn import_landing(
    store: &Store,
    ctx: &Ctx,
    sources: &[Source],
    enc: InputEncoding,
    dry_run: bool,
    lang: Lang,
    landing: &landing::Landing<'_>,
) -> Result<Report> {
    let mut report = Report {
        dry_run,
        ..Report::default()
    };
    let mut problems = Problems::new();
    let mut sheets = SheetColumns::new();
    let bar = progress(sources);
    let mut clock = std::time::Instant::now();
    let mut lap = |report: &mut Report, phase: &'static str| {
        report.timings.push((phase, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    // The service hands over the register's modules (files may name one) and takes the rows.
    let outcome = landing::run_landing(store, ctx, dry_run, landing, |known| {
        let bundle = read(
            sources,
            enc,
            known,
            &bar,
            &mut report,
            &mut problems,
            &mut sheets,
        )?;
        lap(&mut report, "read");
        bar.set_message(match (problems.is_empty(), dry_run) {
            (false, _) => "checking",
            (true, true) => "checking and trying (dry run)",
            (true, false) => "checking and writing",
        });
        Ok(Read {
            bundle,
            unreadable: !problems.is_empty(),
        })
    });
    bar.finish_and_clear();
    // Report the rows that the register would refuse too, not only the unreadable ones.
    let phase = if problems.is_empty() {
        "check and write"
    } else {
        "check"
    };
    match outcome? {
        Outcome::Landed(s) => report.summary = Some(s),
        Outcome::Rejected(fs) => fs
            .into_iter()
            .for_each(|f| problems.push(finding_error(f, &sheets))),
    }
    lap(&mut report, phase);
    problems.sort();
    if !problems.is_empty() && !dry_run {
        // The rejects carry the rows as written: read again the files that have any.
        for src in sources {
            let Some(path) = src.path() else {
                continue;
            };
            let file = depot_exchange::error::display_path(path);
            if problems.errors().iter().any(|e| e.file == file) {
                let (out, columns) = (rejects_path(path), src.kind().columns());
                match src {
                    Source::Sheet(_, _, sheet) => {
                        problems.write_workbook_rejects(path, Some(sheet), columns, &out, lang)?;
                    }
                    _ if is_workbook(path) => {
                        problems.write_workbook_rejects(path, None, columns, &out, lang)?;
                    }
                    _ => {
                        problems.write_rejects_of(path, enc, columns, &out, lang)?;
                    }
                }
                report.rejects.push(out);
            }
        }
    }
    report.problems = problems.into_errors();
    Ok(report)
}

/// Where the columns of each sheet read are (file, sheet → column name, 0 = A), so that a
/// problem the register finds in a workbook's row names its cell.
type SheetColumns = HashMap<(String, Box<str>), Vec<(&'static str, u32)>>;

/// Reads every file of `sources` into a bundle, row by row: only the parsed rows are kept,
/// never the text of a file beside them. Unreadable rows go to `problems`, notes on the files
/// to the report's warnings. A workbook is read sheet by sheet: every sheet whose header has
/// the kind's columns (or the one sheet named).
fn read(
    sources: &[Source],
    enc: InputEncoding,
    known: &[Module],
    bar: &indicatif::ProgressBar,
    report: &mut Report,
    problems: &mut Problems,
    sheets: &mut SheetColumns,
) -> Result<Bundle> {
    let mut bundle = Bundle::default();
    for src in sources {
        let kind = src.kind();
        let mut take = |row: std::result::Result<Row<'_>, RowError>| {
            bar.inc_length(1);
            bar.inc(1);
            match row {
                Ok(row) => {
                    depot_exchange::import::parse::parse(kind, &row, &mut bundle, known, problems)
                }
                Err(e) => problems.push(e),
            }
        };
        let mut read_text = |path: &Path, text: &str| {
            let mut stream = CsvStream::new(path, text, kind.columns())?;
            bar.set_message(format!("reading {}", stream.file()));
            while let Some(row) = stream.next_row()? {
                // Stopped: the files are not read on, and nothing is written (checked below).
                if crate::interrupt::requested() {
                    break;
                }
                take(row);
            }
            report.warnings.extend(stream.warnings());
            Ok::<_, depot_exchange::error::ReadError>(())
        };
        match src {
            Source::File(_, path) if !is_workbook(path) => {
                with_text(path, enc, |text, _| read_text(path, text))?;
            }
            Source::File(_, path) | Source::Sheet(_, path, _) => {
                let only = match src {
                    Source::Sheet(_, _, sheet) => Some(sheet.as_str()),
                    _ => None,
                };
                for mut stream in sheet_streams(path, only, kind, report)? {
                    bar.set_message(format!("reading {} {}", stream.file(), stream.sheet()));
                    sheets.insert(
                        (stream.file().to_owned(), stream.sheet().into()),
                        stream.columns(),
                    );
                    while let Some(row) = stream.next_row() {
                        if crate::interrupt::requested() {
                            break;
                        }
                        take(Ok(row));
                    }
                    report.warnings.extend(stream.warnings());
                }
            }
            Source::Bytes(_, name, bytes) => {
                read_bytes(name, bytes, enc, &mut read_text)?;
            }
            Source::Owned(_, name, bytes) => {
                read_bytes(name, bytes, enc, &mut read_text)?;
            }
        }
        stopped(bar)?;
    }
    Ok(bundle)
}

/// Decodes bytes given in memory and reads them as the file `name`.
fn read_bytes(
    name: &str,
    bytes: &[u8],
    enc: InputEncoding,
    read_text: &mut dyn FnMut(&Path, &str) -> std::result::Result<(), ReadError>,
) -> Result<()> {
    let text = depot_exchange::decode(bytes, enc).map_err(|e| {
        let name = name.to_string();
        Error::phrase(move |lang| ServiceMsg::Io {
            path: name.clone(),
            error: match lang {
                depot_domain::Lang::En => e.to_string(),
                depot_domain::Lang::Zh => e.zh(),
            },
        })
    })?;
    read_text(Path::new(name), &text.text)?;
    Ok(())
}

/// The sheets of a workbook that hold rows of `kind` (or the one sheet `only`), each under its
/// header; the others are said in the report's warnings. An error when none has the header.
fn sheet_streams(
    path: &Path,
    only: Option<&str>,
    kind: Kind,
    report: &mut Report,
) -> Result<Vec<SheetStream>> {
    let (mut grids, notes) = read_workbook(path, only)?;
    report.warnings.extend(notes);
    // Sheets named by kind (`assets`, `lots` …): each import reads its own, not every sheet
    // that happens to have its columns (a lots sheet has the assets' required ones).
    if only.is_none() && grids.iter().any(|g| Kind::of_sheet(&g.sheet) == Some(kind)) {
        grids.retain(|g| {
            let mine = Kind::of_sheet(&g.sheet) == Some(kind);
            let (file, sheet) = (g.file.clone(), g.sheet.clone());
            match (mine, Kind::of_sheet(&g.sheet)) {
                (true, _) => {}
                (false, Some(other)) => report.warnings.push(ExchangeMsg::SheetOfAnotherKind {
                    file,
                    sheet,
                    kind: other.to_string(),
                }),
                (false, None) => report
                    .warnings
                    .push(ExchangeMsg::SheetSkipped { file, sheet }),
            }
            mine
        });
    }
    let mut streams = Vec::new();
    let mut first_error = None;
    for grid in grids {
        let (file, sheet) = (grid.file.clone(), grid.sheet.clone());
        match SheetStream::new(grid, kind.columns()) {
            Ok(stream) => streams.push(stream),
            // A named sheet must be read; a sheet among several may be a cover or a legend.
            Err(e) if only.is_some() => return Err(e.into()),
            Err(e @ ReadError::MissingColumn { .. }) => {
                report
                    .warnings
                    .push(ExchangeMsg::SheetSkipped { file, sheet });
                first_error.get_or_insert(e);
            }
            Err(e) => return Err(e.into()),
        }
    }
    if streams.is_empty() {
        let file = depot_exchange::error::display_path(path);
        return Err(match first_error {
            Some(first) => ReadError::NoSheetWithHeader {
                file,
                first: Box::new(first),
            },
            None => ReadError::Workbook {
                file,
                reason: ExchangeMsg::NoSheets.say(depot_domain::Lang::En),
            },
        }
        .into());
    }
    Ok(streams)
}

/// `Err(Error::Interrupted)`, with the progress bar cleared, once a stop was asked for.
fn stopped(bar: &indicatif::ProgressBar) -> Result<()> {
    let r = crate::interrupt::check(landing::NOT_IMPORTED);
    if r.is_err() {
        bar.finish_and_clear();
    }
    r
}

fn progress(sources: &[Source]) -> indicatif::ProgressBar {
    let size: u64 = sources
        .iter()
        .map(|s| match s {
            Source::File(_, p) | Source::Sheet(_, p, _) => {
                std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
            }
            Source::Bytes(_, _, b) => b.len() as u64,
            Source::Owned(_, _, b) => b.len() as u64,
        })
        .sum();
    // Only worth showing on a terminal, and for files that take a moment.
    if !std::io::stderr().is_terminal() || size < 4 << 20 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {msg} {pos}/{len} rows [{elapsed}]")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

fn finding_error(f: Finding, sheets: &SheetColumns) -> RowError {
    let col = f.origin.sheet.as_ref().and_then(|sheet| {
        let columns = sheets.get(&(f.origin.file.clone(), sheet.clone()))?;
        columns
            .iter()
            .find(|(c, _)| *c == f.column)
            .map(|(_, i)| *i)
    });
    RowError {
        file: f.origin.file,
        line: f.origin.line,
        column: Some(f.column.to_owned()),
        value: f.value.into(),
        reason: f.reason,
        reason_zh: f.reason_zh.into(),
        sheet: SheetAt::of(f.origin.sheet.as_deref(), col),
    }
}

/// The bad rows per file, for messages: "units.csv: 3 bad rows" (a row with two bad cells is
/// one bad row; a workbook's rows are told apart by their sheet).
pub fn problems_by_file(problems: &[RowError]) -> Vec<(String, usize)> {
    let mut rows: HashMap<&str, HashSet<(Option<&str>, u64)>> = HashMap::new();
    for p in problems {
        let sheet = p.sheet.as_ref().map(|s| &*s.sheet);
        rows.entry(p.file.as_str())
            .or_default()
            .insert((sheet, p.line));
    }
    let mut v: Vec<_> = rows
        .into_iter()
        .map(|(f, r)| (f.to_owned(), r.len()))
        .collect();
    v.sort();
    v
}
