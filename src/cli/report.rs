//! `depot report`: the clap arguments, turned into the report's plain spec and output spec.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use rust_decimal::Decimal;

use super::{parse_date_arg, today};
use depot_domain::msg::cli::CliMsg;
use depot_domain::readiness::{Budget, Every};
use depot_report::words::Lang;
use depot_report::{Format, Output, ReportKind, ReportSpec};
use depot_service::hq::report::HqSpec;
use depot_service::readiness as svc;
use depot_service::store::Store;
use depot_service::{Error, Result};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// What to report.
    pub kind: ReportKind,
    /// A unit (with everything below it) or a warehouse; default: everything. With --by
    /// depot: one depot's code (readiness: that depot's lines).
    #[arg(long)]
    pub scope: Option<String>,
    /// Headquarters: a row per depot enrolled, from its latest bundle (readiness, targets,
    /// shortfalls, replacements); trend: each depot at each date, from its bundles.
    #[arg(long, value_enum)]
    pub by: Option<By>,
    /// The date the figures are as of (YYYY-MM-DD); default today.
    #[arg(long, value_parser = parse_date_arg)]
    pub as_of: Option<NaiveDate>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Days ahead: lots expiring (expiry, readiness), inspections falling due (inspections);
    /// stale: days since a depot's last bundle was written (default 90; stale: 45).
    #[arg(long)]
    pub days: Option<u32>,
    /// Replacements: the money for a year, YEAR=AMOUNT in yuan; repeat for each year.
    #[arg(long = "budget", value_parser = parse_budget)]
    pub budgets: Vec<Budget>,
    /// Trend: the first date (YYYY-MM-DD); default a year before --to.
    #[arg(long, value_parser = parse_date_arg)]
    pub from: Option<NaiveDate>,
    /// Trend: the last date (YYYY-MM-DD); default --as-of, or today.
    #[arg(long, value_parser = parse_date_arg)]
    pub to: Option<NaiveDate>,
    /// Rotation: the length of a period of the plan; trend: the step between dates; month or
    /// quarter (default month).
    #[arg(long, value_parser = PossibleValuesParser::new(["month", "quarter"]).map(every))]
    pub every: Option<Every>,
    /// Rotation: flag a module's period that loses more than this share of its baseline, a
    /// number above 0 and at most 1 (default 0.25); circles: the saturation from which a
    /// warehouse's module counts (default 0.8).
    #[arg(long, value_parser = parse_threshold)]
    pub threshold: Option<Decimal>,
    /// Circles: one module (its code, or Chinese or English name); default every reserve
    /// module.
    #[arg(long)]
    pub module: Option<String>,
    /// Circles: the road factor of an estimated travel time (road length over the
    /// great-circle distance; default 1.3).
    #[arg(long, value_parser = parse_positive)]
    pub road_factor: Option<f64>,
    /// Circles: the average speed of an estimated travel time, km/h (default 60).
    #[arg(long, value_parser = parse_positive)]
    pub speed: Option<f64>,
    /// CSV: only this section (`summary` is the headline figures); JSON: only this section.
    #[arg(long)]
    pub section: Option<String>,
    /// CSV: a folder to write every section into, one file each (SECTION.csv); xlsx: the
    /// workbook's file (default REPORT-DEPOT-YYYYMMDD.xlsx).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Table: the width to fit (default: the terminal's; unlimited when not a terminal).
    #[arg(long)]
    pub width: Option<usize>,
    /// CSV: for spreadsheets (BOM, CRLF, formulas neutralised, numeric-looking text kept as
    /// text).
    #[arg(long)]
    pub excel: bool,
}

/// What a report is broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// Each depot enrolled at headquarters.
    Depot,
}

impl ReportArgs {
    /// The report asked for.
    fn spec(&self) -> ReportSpec {
        let mut spec = ReportSpec::new(
            self.kind,
            self.scope.clone(),
            self.as_of.unwrap_or_else(today),
        );
        spec.days = self.days.unwrap_or(ReportSpec::DAYS);
        spec.budgets = self.budgets.clone();
        spec.every = self.every.unwrap_or_default();
        if let Some(t) = self.threshold {
            spec.threshold = t * Decimal::ONE_HUNDRED;
        }
        spec.module = self.module.clone();
        spec.roads.factor = self.road_factor.unwrap_or(spec.roads.factor);
        spec.roads.kmh = self.speed.unwrap_or(spec.roads.kmh);
        spec
    }

    /// The headquarters report asked for, if it is one (`--by depot`, `stale`).
    fn hq_spec(&self) -> Option<HqSpec> {
        (self.by == Some(By::Depot)
            || matches!(
                self.kind,
                ReportKind::Stale | ReportKind::Directive | ReportKind::Transit
            ))
        .then(|| HqSpec {
            kind: self.kind,
            depot: self.scope.clone(),
            today: self.as_of.unwrap_or_else(today),
            stale_days: self.days.map_or(super::hq::STALE_DAYS, i64::from),
        })
    }

    /// How it is to be written.
    fn output(&self) -> Output {
        Output {
            format: self.format,
            section: self.section.clone(),
            out: self.out.clone(),
            width: self.width.unwrap_or_else(terminal_width),
            excel: self.excel,
        }
    }
}

fn parse_budget(s: &str) -> std::result::Result<Budget, String> {
    let bad = || {
        CliMsg::NotABudget {
            given: s.to_owned(),
        }
        .say(super::language())
    };
    let (y, a) = s.split_once('=').ok_or_else(bad)?;
    let year: i32 = y.trim().parse().map_err(|_| bad())?;
    let amount: Decimal = a.trim().parse().map_err(|_| bad())?;
    if amount.is_sign_negative() || !(1900..=9999).contains(&year) {
        return Err(bad());
    }
    Ok(Budget { year, amount })
}

fn every(s: String) -> Every {
    if s == "quarter" {
        Every::Quarter
    } else {
        Every::Month
    }
}

/// A share of a baseline: above 0, at most 1.
fn parse_threshold(s: &str) -> std::result::Result<Decimal, String> {
    match s.trim().parse::<Decimal>() {
        Ok(t) if t > Decimal::ZERO && t <= Decimal::ONE => Ok(t),
        _ => Err(CliMsg::NotAShare {
            given: s.to_owned(),
        }
        .say(super::language())),
    }
}

/// A number above 0 (a road factor, a speed).
fn parse_positive(s: &str) -> std::result::Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        _ => Err(CliMsg::NotPositive {
            given: s.to_owned(),
        }
        .say(super::language())),
    }
}

/// The width of the terminal on standard output, or `COLUMNS`; unlimited elsewhere.
pub(super) fn terminal_width() -> usize {
    use std::io::IsTerminal;
    if let Some(w) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        return w;
    }
    if std::io::stdout().is_terminal()
        && let Ok((w, _)) = ratatui::crossterm::terminal::size()
    {
        return usize::from(w);
    }
    usize::MAX / 4
}

pub(super) fn report_cmd(store: &Store, lang: Option<&str>, args: ReportArgs) -> Result<ExitCode> {
    let lang = Lang::detect(lang);
    let db = store.path();
    let spec = args.spec();
    let report = match args.hq_spec() {
        Some(hq) if args.kind == ReportKind::Trend => {
            let (from, to) = trend_span(&args)?;
            let span = depot_service::hq::report::TrendSpan {
                from,
                to,
                every: args.every.unwrap_or_default(),
            };
            depot_service::hq::report::build_trend(store, &hq, span, lang)?
        }
        Some(hq) if args.kind == ReportKind::Circles => {
            depot_service::hq::report::build_circles(store, &hq, &spec, lang)?
        }
        Some(hq) => depot_service::hq::report::build(store, &hq, lang)?,
        None if args.kind == ReportKind::Trend => trend_report(store, &args, lang)?,
        None => depot_report::build(&svc::load(store)?, &spec, lang)?,
    };
    let depot = db
        .file_stem()
        .map_or_else(|| "depot".to_owned(), |s| s.to_string_lossy().into_owned());
    let out = depot_report::output::write(&report, &args.output(), lang, (&depot, spec.as_of))?;
    match std::io::stdout().lock().write_all(&out) {
        // A reader that stops early (`| head`) is not an error of ours.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("-", e)),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// A trend's first and last dates: `--from` (default a year before the last), `--to` (default
/// `--as-of`, or today); refused when the first is after the last.
fn trend_span(args: &ReportArgs) -> Result<(NaiveDate, NaiveDate)> {
    let to = args.to.or(args.as_of).unwrap_or_else(today);
    let from = args
        .from
        .unwrap_or_else(|| to.checked_sub_months(chrono::Months::new(12)).unwrap_or(to));
    if from > to {
        return Err(Error::Msg(
            depot_domain::msg::service::ServiceMsg::TrendBackwards {
                from: from.to_string(),
                to: to.to_string(),
            },
        ));
    }
    Ok((from, to))
}

/// `depot report trend`: the figures at each date, from the ledger.
fn trend_report(
    store: &Store,
    args: &ReportArgs,
    lang: Lang,
) -> Result<depot_report::table::Report> {
    let (from, to) = trend_span(args)?;
    let spec = depot_service::trend::TrendSpec {
        from,
        to,
        every: args.every.unwrap_or_default(),
        scope: args.scope.clone(),
    };
    let run = depot_service::trend::trend(store, &spec)?;
    let head = depot_report::trend::TrendHead {
        from,
        to,
        every: spec.every,
        scope: run.scope.clone(),
        movements: run.movements,
        each_date_alone: run.each_date_alone,
    };
    Ok(depot_report::trend::trend(&head, &run.points, lang))
}
