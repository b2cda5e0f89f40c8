//! `depot import`: read exchange files into a [`Bundle`], report every bad row (file, line,
//! column, value, reason), write the rejected rows beside their input, and land the bundle in
//! one transaction only when no row is bad.

use depot_domain::msg::service::ServiceMsg;
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::Ctx;
use crate::import::{self as landing, Bundle, Finding, Outcome, Read, Summary};
use crate::store::Store;
use crate::{Error, Result};
use depot_domain::{Lang, Module};
use depot_exchange::InputEncoding;
use depot_exchange::columns::Kind;
use depot_exchange::problems::{Problems, RowError, rejects_path};
use depot_exchange::reader::{CsvStream, with_text};

pub use depot_exchange::import::Source;

/// What an import reports.
#[derive(Debug, Default)]
pub struct Report {
    /// Unknown columns and other things worth knowing that did not stop the import.
    pub warnings: Vec<String>,
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
    let found: Vec<Source> = Kind::ALL
        .into_iter()
        .map(|k| (k, dir.join(k.file_name())))
        .filter(|(_, p)| p.is_file())
        .map(|(k, p)| Source::File(k, p))
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
    let mut report = Report {
        dry_run,
        ..Report::default()
    };
    let mut problems = Problems::new();
    let bar = progress(sources);
    let mut clock = std::time::Instant::now();
    let mut lap = |report: &mut Report, phase: &'static str| {
        report.timings.push((phase, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    // The service hands over the register's modules (files may name one) and takes the rows.
    let outcome = landing::run(store, ctx, dry_run, |known| {
        let bundle = read(sources, enc, known, &bar, &mut report, &mut problems)?;
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
        Outcome::Rejected(fs) => fs.into_iter().for_each(|f| problems.push(finding_error(f))),
    }
    lap(&mut report, phase);
    problems.sort();
    if !problems.is_empty() && !dry_run {
        // The rejects carry the rows as written: read again the files that have any.
        for src in sources {
            let Source::File(kind, path) = src else {
                continue;
            };
            let file = depot_exchange::error::display_path(path);
            if problems.errors().iter().any(|e| e.file == file) {
                let out = rejects_path(path);
                problems.write_rejects_of(path, enc, kind.columns(), &out, lang)?;
                report.rejects.push(out);
            }
        }
    }
    report.problems = problems.into_errors();
    Ok(report)
}

/// Reads every file of `sources` into a bundle, row by row: only the parsed rows are kept,
/// never the text of a file beside them. Unreadable rows go to `problems`, notes on the files
/// to the report's warnings.
fn read(
    sources: &[Source],
    enc: InputEncoding,
    known: &[Module],
    bar: &indicatif::ProgressBar,
    report: &mut Report,
    problems: &mut Problems,
) -> Result<Bundle> {
    let mut bundle = Bundle::default();
    for src in sources {
        let mut read = |path: &Path, text: &str| {
            let kind = src.kind();
            let mut stream = CsvStream::new(path, text, kind.columns())?;
            bar.set_message(format!("reading {}", stream.file()));
            while let Some(row) = stream.next_row()? {
                // Stopped: the files are not read on, and nothing is written (checked below).
                if crate::interrupt::requested() {
                    break;
                }
                bar.inc_length(1);
                bar.inc(1);
                match row {
                    Ok(row) => depot_exchange::import::parse::parse(
                        kind,
                        &row,
                        &mut bundle,
                        known,
                        problems,
                    ),
                    Err(e) => problems.push(e),
                }
            }
            report.warnings.extend(stream.warnings());
            Ok::<_, depot_exchange::error::ReadError>(())
        };
        match src {
            Source::File(_, path) => with_text(path, enc, |text, _| read(path, text))?,
            Source::Bytes(_, name, bytes) => {
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
                read(Path::new(name), &text.text)?;
            }
        }
        stopped(bar)?;
    }
    Ok(bundle)
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
            Source::File(_, p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            Source::Bytes(_, _, b) => b.len() as u64,
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

fn finding_error(f: Finding) -> RowError {
    RowError {
        file: f.origin.file,
        line: f.origin.line,
        column: Some(f.column.to_owned()),
        value: f.value,
        reason: f.reason,
        reason_zh: f.reason_zh.into(),
    }
}

/// Counts per file, for messages: "units.csv: 3 bad rows".
pub fn problems_by_file(problems: &[RowError]) -> Vec<(String, usize)> {
    let mut m: HashMap<&str, usize> = HashMap::new();
    for p in problems {
        *m.entry(p.file.as_str()).or_default() += 1;
    }
    let mut v: Vec<_> = m.into_iter().map(|(f, n)| (f.to_owned(), n)).collect();
    v.sort();
    v
}
