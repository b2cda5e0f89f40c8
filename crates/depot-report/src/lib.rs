//! Reports, shared by `depot report` and the terminal UI: readiness, targets, shortfalls,
//! replacements, inspections, expiry and the rotation of reserves; and `depot digest`, what
//! needs action. Each report is built as data (typed cells, names beside codes, in the
//! language asked for) by one function, in a module of its own, from the service functions,
//! then rendered by `table` (a table as wide as the terminal, CSV, JSON), `xlsx` or `html`.

use chrono::NaiveDate;
use clap::ValueEnum;

mod chart;
mod circles;
mod column;
pub mod digest;
pub mod digest_change;
mod digest_group;
mod error;
mod escape;
mod expiry;
mod html;
mod inspections;
mod model;
pub mod output;
mod parts;
mod readiness;
mod replacements;
mod rotation;
mod shortfalls;
pub mod table;
mod targets;
pub mod trend;
pub mod words;
pub mod xlsx;
mod xlsx_chart;

pub use chart::{Level, levels as chart_levels, svg as chart_svg};
pub use circles::{DepotOf, circles_report, level_word, minutes};
pub use error::{ReportError, Result};
pub use html::html;
pub use output::{Format, Output};
pub use readiness::{over_age, past_due};
pub use targets::metric_name;

use depot_domain::Roads;
use depot_domain::readiness::{Budget, CircleSpec, Every, Snapshot, Within};
use expiry::expiry;
use inspections::inspections;
use readiness::readiness;
use replacements::replacements;
use rotation::rotation;
use rust_decimal::Decimal;
use shortfalls::shortfalls;
use table::{Cell, FactValue, Report};
use targets::targets;
use words::{Lang, ReportMsg, l, label as lb};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    Readiness,
    Targets,
    Shortfalls,
    Replacements,
    Inspections,
    Expiry,
    /// The rotation of reserves: what expires when, the share of each module's baseline, the
    /// lots to use first and what to buy when.
    Rotation,
    /// The response circles: the nearest stocked warehouse of each module to every unit,
    /// county, city and the province, against the 30 min / 1 h / 2 h circles.
    Circles,
    /// Headquarters: the depots whose last bundle is old, or missing.
    Stale,
    /// Headquarters: the directive each depot's last bundle stated, and the depots behind the
    /// newest one issued.
    Directive,
    /// Headquarters: the shipments between depots, sent, received, missing and overdue.
    Transit,
    /// Readiness over time: the figures at each date from `--from` to `--to`, computed from
    /// the ledger.
    Trend,
}

impl ReportKind {
    pub fn key(self) -> &'static str {
        match self {
            ReportKind::Readiness => "readiness",
            ReportKind::Targets => "targets",
            ReportKind::Shortfalls => "shortfalls",
            ReportKind::Replacements => "replacements",
            ReportKind::Inspections => "inspections",
            ReportKind::Expiry => "expiry",
            ReportKind::Rotation => "rotation",
            ReportKind::Circles => "circles",
            ReportKind::Stale => "stale",
            ReportKind::Directive => "directive",
            ReportKind::Transit => "transit",
            ReportKind::Trend => "trend",
        }
    }
}

/// What a report is asked for: a plain spec that each front end builds (the CLI from its
/// arguments, the terminal UI from its screens).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSpec {
    pub kind: ReportKind,
    /// A unit (with everything below it) or a warehouse; `None`: everything.
    pub scope: Option<String>,
    /// The date the figures are as of.
    pub as_of: NaiveDate,
    /// Days ahead: lots expiring (expiry, readiness), inspections falling due (inspections).
    pub days: u32,
    /// Replacements: the money for each year.
    pub budgets: Vec<Budget>,
    /// Rotation: the length of a period of the plan.
    pub every: Every,
    /// Rotation: a module's periods losing more than this share of its baseline are flagged,
    /// percent; circles: the saturation a warehouse's module needs to count, percent.
    pub threshold: Decimal,
    /// Circles: one module (code, or Chinese or English name); `None`: every reserve module.
    pub module: Option<String>,
    /// Circles: how travel times are estimated where the table gives none.
    pub roads: Roads,
}

impl ReportSpec {
    /// The days ahead a report looks when none are asked for.
    pub const DAYS: u32 = 90;
    /// The share of a module's baseline (percent) above which the rotation report flags a
    /// period when none is asked for.
    pub const THRESHOLD: Decimal = Decimal::from_parts(25, 0, 0, false, 0);

    /// A report of `kind` as of `on` with everything else left at its default.
    pub fn new(kind: ReportKind, scope: Option<String>, on: NaiveDate) -> Self {
        ReportSpec {
            kind,
            scope,
            as_of: on,
            days: Self::DAYS,
            budgets: Vec::new(),
            every: Every::Month,
            threshold: if kind == ReportKind::Circles {
                CircleSpec::THRESHOLD
            } else {
                Self::THRESHOLD
            },
            module: None,
            roads: Roads::default(),
        }
    }
}

/// Builds a report (the CLI's, and any other front end that wants the same rows).
pub fn build(s: &Snapshot, args: &ReportSpec, lang: Lang) -> Result<Report> {
    let on = args.as_of;
    let w = scope(s, args.scope.as_deref())?;
    let mut r = match args.kind {
        ReportKind::Readiness => readiness(s, w, on, args.days, lang),
        ReportKind::Targets => targets(s, on, lang),
        ReportKind::Shortfalls => shortfalls(s, w, on, lang),
        ReportKind::Replacements => replacements(s, w, on, &args.budgets, lang),
        ReportKind::Inspections => inspections(s, w, on, args.days, lang),
        ReportKind::Expiry => expiry(s, w, on, args.days, lang),
        ReportKind::Rotation => rotation(s, w, on, args.every, args.threshold, lang),
        ReportKind::Circles => {
            let spec = CircleSpec {
                module: module(s, args.module.as_deref())?,
                threshold: args.threshold,
                roads: args.roads,
            };
            circles::circles(s, w, on, spec, lang)
        }
        ReportKind::Stale | ReportKind::Directive | ReportKind::Transit => {
            return Err(ReportError::says(|lang| ReportMsg::StaleIsHq.say(lang)));
        }
        ReportKind::Trend => {
            return Err(ReportError::says(|lang| ReportMsg::TrendIsLedger.say(lang)));
        }
    };
    r.key = args.kind.key();
    r.lang = lang;
    let mut head = Report::default();
    head.fact("as_of", l(lang, lb::AS_OF), Cell::Date(on), "");
    if args.kind != ReportKind::Targets {
        let (code, name) = match w {
            Within::Everything => (Cell::Empty, l(lang, lb::EVERYTHING).to_owned()),
            Within::Place(p) => (Cell::text(s.place(p).code.clone()), s.place(p).name.clone()),
        };
        head.fact("scope", l(lang, lb::SCOPE), code, name.clone());
        head.facts.push(table::Fact {
            key: "scope_name",
            label: String::new(),
            value: FactValue::Cell(Cell::Text(name)),
            detail: String::new(),
        });
    }
    head.facts.append(&mut r.facts);
    // The scope's name is in the table beside its code; as data it has its own key.
    r.facts = head.facts;
    Ok(r)
}

/// The module named by its code or name among the register's reserve modules; `None`:
/// every module.
pub fn module(s: &Snapshot, given: Option<&str>) -> Result<Option<u16>> {
    let Some(given) = given.map(str::trim).filter(|g| !g.is_empty()) else {
        return Ok(None);
    };
    let code = depot_domain::module_code(&s.module_names, given).map_or(given, |c| c.as_str());
    match s.modules.iter().position(|m| m == code) {
        Some(m) if m > 0 => Ok(Some(m as u16)),
        _ => {
            let known: Vec<&str> = s.modules.iter().skip(1).map(String::as_str).collect();
            Err(ReportError::says(|lang| {
                ReportMsg::NoSuchModule {
                    given: given.to_owned(),
                    known: known.join(", "),
                }
                .say(lang)
            }))
        }
    }
}

/// The scope named by a unit or warehouse code; `None`: everything.
pub fn scope(s: &Snapshot, code: Option<&str>) -> Result<Within> {
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(Within::Everything),
        Some(c) => s.place_id(c).map(Within::Place).ok_or_else(|| {
            ReportError::says(|lang| ReportMsg::NoSuchScope { code: c.to_owned() }.say(lang))
        }),
    }
}
