//! Headquarters' reports (`depot report KIND --by depot`, `depot report stale`): each depot's
//! figures from the files of its latest bundle, as headquarters keeps them
//! (`service::hq::figures`), built as the same report data as a depot's own reports, so that
//! every format and both languages come with them.

mod by_depot;
mod circles;
mod directive;
mod lines;
mod parts;
mod replacements;
mod shortfalls;
mod spec;
mod stale;
mod targets_report;
mod transit;
mod trend;
mod words;

pub use spec::HqSpec;
pub use trend::TrendSpan;

use by_depot::by_depot;
use lines::lines;
use replacements::replacements;
use shortfalls::shortfalls;
use stale::stale;
use targets_report::targets_report;
use words::TODAY;

use crate::store::Store;
use crate::{Error, Result};
use depot_report::table::{Cell, Report};
use depot_report::words::{Lang, l, pick};
use depot_report::{ReportKind, ReportSpec};

/// Builds a headquarters report on `store` (a trend: the year up to `spec.today`, a date a
/// month; [`build_trend`] takes the dates).
pub fn build(store: &Store, spec: &HqSpec, lang: Lang) -> Result<Report> {
    build_trend(store, spec, TrendSpan::year_to(spec.today), lang)
}

/// Builds a headquarters report on `store`, a trend over `span`.
pub fn build_trend(store: &Store, spec: &HqSpec, span: TrendSpan, lang: Lang) -> Result<Report> {
    let ask = ReportSpec::new(spec.kind, None, spec.today);
    build_all(store, spec, span, &ask, lang)
}

/// Builds a headquarters report on `store`: circles with the module, threshold and roads of
/// `ask` (the depot's own report's arguments).
pub fn build_circles(store: &Store, spec: &HqSpec, ask: &ReportSpec, lang: Lang) -> Result<Report> {
    build_all(store, spec, TrendSpan::year_to(spec.today), ask, lang)
}

fn build_all(
    store: &Store,
    spec: &HqSpec,
    span: TrendSpan,
    ask: &ReportSpec,
    lang: Lang,
) -> Result<Report> {
    let enrolled = store.read()?.hq_depots()?;
    if enrolled.is_empty() {
        return Err(Error::Invalid(
            pick(
                lang,
                "this is not a headquarters database: no depot is enrolled in it, and reports by depot (`--by depot`, `report stale`) read the depots' bundles. Run them on the headquarters database (--db), where depots get in with `depot hq ingest --trust-new DIR` (or `depot hq enrol CODE --public-key KEY`, then `depot hq ingest DIR`)",
                "这不是总部数据库：其中没有登记任何库，而分库报表（`--by depot`、`report stale`）读取的是各库的数据包。请在总部数据库上运行（--db）；各库经 `depot hq ingest --trust-new 目录`（或先 `depot hq enrol 代码 --public-key 公钥`，再 `depot hq ingest 目录`）进入总部数据库",
            )
            .to_owned(),
        ));
    }
    if let Some(code) = &spec.depot
        && !enrolled.iter().any(|d| &d.code == code)
    {
        let codes: Vec<&str> = enrolled.iter().map(|d| d.code.as_str()).collect();
        return Err(Error::Invalid(match lang {
            Lang::En => format!(
                "no depot {code} is enrolled here: with --by depot, --scope names a depot, one of {}",
                codes.join(", ")
            ),
            Lang::Zh => format!(
                "总部未登记库 {code}：加 --by depot 时，--scope 应为某个库的代码：{}",
                codes.join("、")
            ),
        }));
    }
    let only = spec.depot.as_deref();
    let mut r = match (spec.kind, only) {
        (ReportKind::Readiness, None) => by_depot(store, spec, lang)?,
        (ReportKind::Readiness, Some(code)) => lines(store, spec, code, lang)?,
        (ReportKind::Shortfalls, _) => shortfalls(store, only, lang)?,
        (ReportKind::Replacements, _) => replacements(store, only, lang)?,
        (ReportKind::Targets, _) => targets_report(store, only, lang)?,
        (ReportKind::Stale, _) => stale(store, spec, lang)?,
        (ReportKind::Directive, _) => directive::directive(store, spec, lang)?,
        (ReportKind::Transit, _) => transit::transit(store, spec, lang)?,
        (ReportKind::Trend, _) => trend::trend_report(store, only, span, lang)?,
        (ReportKind::Circles, _) => circles::circles(store, only, ask, lang)?,
        (ReportKind::Inspections | ReportKind::Expiry | ReportKind::Rotation, _) => {
            return Err(Error::Invalid(
                pick(
                    lang,
                    "inspections, expiry and rotation are not reported by depot yet: headquarters computes its reports from each bundle's readiness.csv, replacements.csv and places; run those at the depot",
                    "检测、有效期和收储轮换报表暂不能分库出具：总部的报表依据各数据包的 readiness.csv、replacements.csv 与位置数据计算；请在各库出具这些报表",
                )
                .to_owned(),
            ));
        }
    };
    r.key = spec.kind.key();
    r.lang = lang;
    let mut head = Report::default();
    head.fact("today", l(lang, TODAY), Cell::Date(spec.today), "");
    head.facts.append(&mut r.facts);
    r.facts = head.facts;
    Ok(r)
}
