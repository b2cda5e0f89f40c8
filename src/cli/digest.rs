//! `depot digest`: the clap arguments, turned into the digest's spec, and the digest written
//! as a table, CSV, JSON, an xlsx workbook or an HTML page.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;

use super::{parse_date_arg, today};
use depot_domain::access::Role;
use depot_domain::vocab::Vocabulary;
use depot_report::digest::DigestSpec;
use depot_report::words::Lang;
use depot_report::{Format, Output};
use depot_service::digest_send::{MailServer, SendSpec};
use depot_service::hq::figures::STALE_DAYS;
use depot_service::store::Store;
use depot_service::{Error, Result};

#[derive(Debug, Args)]
pub struct DigestArgs {
    /// The date the digest is as of (YYYY-MM-DD); default today.
    #[arg(long, value_parser = parse_date_arg)]
    pub as_of: Option<NaiveDate>,
    /// A role (quartermaster, officer, auditor: the sections it may act on) or a unit or
    /// warehouse (with everything below it); default: everything.
    #[arg(long = "for")]
    pub for_whom: Option<String>,
    /// Days ahead: inspections falling due and lots expiring (default: inspections 7, lots
    /// 90).
    #[arg(long)]
    pub within: Option<u32>,
    /// The rows a section lists for each unit or warehouse at most, the rest counted in one
    /// row ("… and K more"); 0: all. The figures and the counts by place count them all.
    #[arg(long, default_value_t = DigestSpec::PER_PLACE)]
    pub top: usize,
    /// With --send: list the lines below standard unchanged since the digest last sent too
    /// (by default they are counted, not listed; --top 0 lists them all anyway).
    #[arg(long, requires = "send")]
    pub unchanged: bool,
    #[arg(long, value_enum, default_value = "table")]
    pub format: DigestFormat,
    /// CSV: only this section (`summary` is the headline figures); JSON: only this section.
    #[arg(long)]
    pub section: Option<String>,
    /// CSV: a folder to write every section into, one file each (SECTION.csv); xlsx: the
    /// workbook's file (default digest-DEPOT-YYYYMMDD.xlsx); HTML: the page's file (default:
    /// standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Table: the width to fit (default: the terminal's; unlimited when not a terminal).
    #[arg(long)]
    pub width: Option<usize>,
    /// Send each recipient (`depot notify`) their digest, if it changed since the last one
    /// sent to them; a failed one is tried again on the next run.
    #[arg(long, conflicts_with_all = ["for_whom", "format", "section", "out", "width"])]
    pub send: bool,
    /// The mail server the digest goes out by, e.g.
    /// smtp://USER:PASSWORD@mail.example.cn:587?tls=required (STARTTLS, then the login).
    #[arg(long, env = "DEPOT_SMTP", hide_env_values = true, requires = "send")]
    pub smtp: Option<String>,
    /// A certificate (PEM) to trust for the mail server's TLS beside the public roots: the
    /// server's own, or the authority of the organisation's that signed it.
    #[arg(long, env = "DEPOT_SMTP_CA", requires = "send")]
    pub smtp_ca: Option<PathBuf>,
    /// The sender's address of the digest's mail.
    #[arg(long, env = "DEPOT_MAIL_FROM", requires = "send")]
    pub mail_from: Option<String>,
}

/// The formats a digest is written in: a report's, and an HTML page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DigestFormat {
    Table,
    Csv,
    Json,
    Xlsx,
    Html,
}

impl DigestArgs {
    fn spec(&self) -> DigestSpec {
        let who = self.for_whom.as_deref().map(str::trim);
        let role = who.and_then(Role::from_word);
        DigestSpec {
            scope: who.filter(|_| role.is_none()).map(str::to_owned),
            role,
            as_of: self.as_of.unwrap_or_else(today),
            inspect_days: self.within.unwrap_or(DigestSpec::INSPECT_DAYS),
            lot_days: self.within.unwrap_or(DigestSpec::LOT_DAYS),
            per_place: self.top,
            unchanged: true,
        }
    }
}

pub(super) fn digest_cmd(
    store: &Store,
    op: Option<&str>,
    lang: Option<&str>,
    args: DigestArgs,
) -> Result<ExitCode> {
    let lang = Lang::detect(lang);
    if args.send {
        let spec = SendSpec {
            as_of: args.as_of.unwrap_or_else(today),
            within: args.within,
            stale_days: STALE_DAYS,
            per_place: args.top,
            unchanged: args.unchanged,
            lang,
            mail: match (args.smtp, args.mail_from) {
                (Some(url), Some(from)) => {
                    let ca = match &args.smtp_ca {
                        Some(path) => Some(std::fs::read(path).map_err(|e| Error::io(path, e))?),
                        None => None,
                    };
                    Some(MailServer { url, from, ca })
                }
                _ => None,
            },
        };
        return super::notify::send(store, op, &spec, &depot_name(store));
    }
    let spec = args.spec();
    let mut report = depot_service::digest::build(store, &spec, STALE_DAYS, lang)?;
    // A page and a workbook draw the rates of the last months as well.
    if matches!(args.format, DigestFormat::Html | DigestFormat::Xlsx) {
        depot_service::digest::add_trend(store, &spec, &mut report, lang)?;
    }
    let out = match args.format {
        DigestFormat::Html => {
            let page = depot_report::html(&report);
            match &args.out {
                Some(path) => {
                    std::fs::write(path, page).map_err(|e| Error::io(path, e))?;
                    Vec::new()
                }
                None => page.into_bytes(),
            }
        }
        f => {
            let format = match f {
                DigestFormat::Csv => Format::Csv,
                DigestFormat::Json => Format::Json,
                DigestFormat::Xlsx => Format::Xlsx,
                _ => Format::Table,
            };
            let o = Output {
                format,
                section: args.section.clone(),
                out: args.out.clone(),
                width: args.width.unwrap_or_else(super::report::terminal_width),
                excel: false,
            };
            depot_report::output::write(&report, &o, lang, (&depot_name(store), spec.as_of))?
        }
    };
    match std::io::stdout().lock().write_all(&out) {
        // A reader that stops early (`| head`) is not an error of ours.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("-", e)),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// The database's name, as the digest's files are named.
fn depot_name(store: &Store) -> String {
    store
        .path()
        .file_stem()
        .map_or_else(|| "depot".to_owned(), |s| s.to_string_lossy().into_owned())
}
