//! Where labels go: files in a directory, one print job in a file, or one print job sent to
//! a printer on the network or a print queue (`depot_label::send`).

use std::path::{Path, PathBuf};

use super::{language, refuse};
use depot_domain::Lang;
use depot_domain::msg::cli::label::CliPrintMsg;
use depot_label::{Format, Printer};
use depot_service::{Error, Result};

/// Where the labels of one run go.
pub(super) enum Out {
    /// A file a label, in this directory.
    Dir(PathBuf),
    /// One job of every label.
    Job(Job),
}

/// Where one print job goes.
pub(super) enum Job {
    File(PathBuf),
    Printer(Printer),
}

impl Out {
    /// `depot label --out`: a directory (svg and png; zpl and tspl when it is one already or
    /// ends in a separator), a job file (zpl and tspl), or a printer (zpl and tspl only).
    pub(super) fn for_labels(out: &Path, format: Format) -> Result<Out> {
        let text = out.to_string_lossy();
        let a_dir = out.is_dir() || text.ends_with(['/', '\\']);
        match Out::for_job(out, format)? {
            Some(Job::File(_)) | None if a_dir || !format.is_printer() => {
                Ok(Out::Dir(out.to_owned()))
            }
            Some(job) => Ok(Out::Job(job)),
            None => Ok(Out::Dir(out.to_owned())),
        }
    }

    /// `depot labels --out`, or the printer of `depot label --out`: one job (to a printer,
    /// or a zpl or tspl file), or `None` for a sheet's file. A printer needs a printer's
    /// language.
    pub(super) fn for_job(out: &Path, format: Format) -> Result<Option<Job>> {
        let text = out.to_string_lossy();
        if let Some(printer) = Printer::parse(&text).map_err(|e| print_error(&e))? {
            if !format.is_printer() {
                return Err(refuse(CliPrintMsg::NeedsPrinterFormat {
                    out: text.into_owned(),
                }));
            }
            return Ok(Some(Job::Printer(printer)));
        }
        if !format.is_printer() {
            return Ok(None);
        }
        let file = page_paths(out, format, 1).into_iter().next();
        Ok(Some(Job::File(file.unwrap_or_else(|| out.to_owned()))))
    }
}

/// Writes a job to its file, or sends it to its printer (and says so: `labels` of them).
pub(super) fn deliver(to: &Job, job: &[u8], labels: usize) -> Result<()> {
    match to {
        Job::File(path) => write(path, job),
        Job::Printer(printer) => {
            printer.send(job).map_err(|e| print_error(&e))?;
            let said = CliPrintMsg::Sent {
                labels: labels.to_string(),
                to: printer.to_string(),
            };
            eprintln!("{}", said.say(language()));
            Ok(())
        }
    }
}

/// Writes a file and prints its path.
pub(super) fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))?;
    println!("{}", path.display());
    Ok(())
}

/// FILE for one page (with the extension added if it has none), FILE-1 … for more.
pub(super) fn page_paths(out: &Path, format: Format, pages: usize) -> Vec<PathBuf> {
    let has_ext = out.extension().is_some();
    if pages == 1 {
        return vec![if has_ext {
            out.to_owned()
        } else {
            out.with_extension(format.ext())
        }];
    }
    let stem = if has_ext {
        out.with_extension("")
    } else {
        out.to_owned()
    };
    (1..=pages)
        .map(|n| {
            let mut name = stem.clone().into_os_string();
            name.push(format!("-{n}.{}", format.ext()));
            PathBuf::from(name)
        })
        .collect()
}

/// The sentence of a printer's refusal, in both languages.
pub(super) fn print_error(e: &depot_label::SendError) -> Error {
    Error::said(e.say(Lang::En), e.say(Lang::Zh))
}
