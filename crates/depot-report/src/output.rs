//! A built report written out as asked: a table as wide as given, JSON, CSV (one section, or
//! every section into a folder) or an xlsx workbook. Files are written here; what belongs on
//! standard output is returned for the front end to print.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::{ReportError as Error, Result};
use depot_exchange::CsvOptions;

use crate::table::{self, Report};
use crate::words::{Lang, ReportMsg};
use crate::xlsx;

/// The formats a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Xlsx,
}

/// How a report is written: a plain spec the front end fills in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub format: Format,
    /// CSV, JSON, table: only this section.
    pub section: Option<String>,
    /// CSV: a folder to write every section into; xlsx: the workbook's file.
    pub out: Option<PathBuf>,
    /// Table: the width to fit.
    pub width: usize,
    /// CSV: for spreadsheets.
    pub excel: bool,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}

fn names(r: &Report) -> String {
    r.all_sections()
        .iter()
        .map(|s| s.key)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The report's sections for a Chinese reader: each one's title, with the key `--section`
/// takes (`摘要（`summary`）`).
fn names_zh(r: &Report) -> String {
    r.all_sections()
        .iter()
        .map(|s| format!("{}（`{}`）", s.title, s.key))
        .collect::<Vec<_>>()
        .join("、")
}

/// The report as a reader of `lang` knows it (its key in English, its title in Chinese), and
/// its sections.
fn named(r: &Report, lang: Lang) -> (String, String) {
    match lang {
        Lang::En => (r.key.to_owned(), names(r)),
        Lang::Zh => (r.title.clone(), names_zh(r)),
    }
}

/// The files written, as a reader of `lang` lists them.
fn wrote(files: &[String], lang: Lang) -> String {
    let files = match lang {
        Lang::En => files.join(", "),
        Lang::Zh => files.join("、"),
    };
    ReportMsg::Wrote { files }.say(lang)
}

/// Writes `report` as `o` asks; returns the bytes for standard output (empty when everything
/// went to files). A workbook's default file name names the depot and the report's date.
pub fn write(
    report: &Report,
    o: &Output,
    lang: Lang,
    (depot, on): (&str, NaiveDate),
) -> Result<Vec<u8>> {
    let csv = CsvOptions {
        excel: o.excel,
        ..CsvOptions::default()
    };
    let pick_section = |key: &str| {
        report.section(key).ok_or_else(|| {
            Error::says(|lang| {
                let (name, sections) = named(report, lang);
                ReportMsg::NoSuchSection {
                    report: name,
                    key: key.to_owned(),
                    sections,
                }
                .say(lang)
            })
        })
    };
    let mut out: Vec<u8> = Vec::new();
    match o.format {
        Format::Table => match &o.section {
            Some(k) => table::write_section(&pick_section(k)?, lang, o.width, &mut out),
            None => table::write_table(report, o.width, &mut out),
        }
        .map_err(io(Path::new("-")))?,
        Format::Json => {
            let v = match &o.section {
                Some(k) => serde_json::Value::Array(
                    table::to_json(&Report {
                        sections: vec![pick_section(k)?],
                        facts: Vec::new(),
                        ..report.clone()
                    })
                    .get(k.as_str())
                    .and_then(|v| v.as_array().cloned())
                    .unwrap_or_default(),
                ),
                None => table::to_json(report),
            };
            serde_json::to_writer_pretty(&mut out, &v)
                .map_err(|e| Error::io("-", std::io::Error::other(e)))?;
            out.push(b'\n');
        }
        Format::Csv => match (&o.section, &o.out) {
            (Some(k), None) => table::write_csv(&pick_section(k)?, lang, csv, &mut out)?,
            (section, Some(dir)) => {
                std::fs::create_dir_all(dir).map_err(io(dir))?;
                let mut written = Vec::new();
                for sec in report.all_sections() {
                    if section.as_ref().is_some_and(|k| k != sec.key) {
                        continue;
                    }
                    let path = dir.join(format!("{}.csv", sec.key));
                    let f = std::fs::File::create(&path).map_err(io(&path))?;
                    table::write_csv(&sec, lang, csv, std::io::BufWriter::new(f))?;
                    written.push(path.display().to_string());
                }
                if written.is_empty() {
                    return Err(Error::says(|lang| {
                        let (name, sections) = named(report, lang);
                        ReportMsg::NoSectionLeft {
                            report: name,
                            sections,
                        }
                        .say(lang)
                    }));
                }
                eprintln!("{}", wrote(&written, lang));
            }
            (None, None) => {
                let all = report.all_sections();
                if all.len() > 1 {
                    return Err(Error::says(|lang| {
                        let (name, sections) = named(report, lang);
                        ReportMsg::SeveralSections {
                            report: name,
                            count: all.len().to_string(),
                            sections,
                        }
                        .say(lang)
                    }));
                }
                for sec in all {
                    table::write_csv(&sec, lang, csv, &mut out)?;
                }
            }
        },
        Format::Xlsx => {
            let path = o.out.clone().unwrap_or_else(|| {
                PathBuf::from(format!(
                    "{}-{depot}-{}.xlsx",
                    report.key,
                    on.format("%Y%m%d")
                ))
            });
            xlsx::write_report(report, &path)?;
            eprintln!("{}", wrote(&[path.display().to_string()], lang));
        }
    }
    Ok(out)
}
