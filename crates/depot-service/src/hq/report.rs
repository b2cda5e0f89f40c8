//! Headquarters' reports (`depot report KIND --by depot`, `depot report stale`): each depot's
//! figures from the files of its latest bundle, as headquarters keeps them
//! (`service::hq::figures`), built as the same report data as a depot's own reports, so that
//! every format and both languages come with them.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::figures::{self, DepotFigures, DepotState};
use super::targets::{self, Judged};
use crate::store::Store;
use crate::store::hq::HqDepot;
use crate::{Error, Result};
use depot_domain::readiness::TargetStatus;
use depot_domain::vocab::Vocabulary;
use depot_report::table::{Cell, Report, Section};
use depot_report::words::{Lang, cols as c, l, label as lb, pick};
use depot_report::{ReportKind, metric_name};

/// What a headquarters report is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HqSpec {
    pub kind: ReportKind,
    /// One depot only (its code); `None`: every depot.
    pub depot: Option<String>,
    /// The date ages are counted to (today).
    pub today: NaiveDate,
    /// A depot whose last bundle was written more than this many days before `today` is stale.
    pub stale_days: i64,
}

/// The columns of headquarters' reports.
mod hc {
    use depot_report::table::{Col, Kind, col};
    pub const DEPOT: Col = col("depot", "depot", "库编码", Kind::Code);
    pub const DEPOT_NAME: Col = col("depot_name", "depot name", "库名称", Kind::Text);
    pub const AS_OF: Col = col("as_of", "as of", "数据截至", Kind::Date);
    pub const WRITTEN: Col = col("written", "written", "数据包生成", Kind::Date);
    pub const AGE: Col = col("age_days", "age (days)", "距今天数", Kind::Num);
    pub const STATE: Col = col("state", "state", "状态", Kind::Text);
    pub const SHORT: Col = col("lines_short", "short", "缺配条目", Kind::Num);
    pub const DUE: Col = col("replacements_due", "due", "到期待换", Kind::Num);
    pub const DUE_COST: Col = col("replacements_cost", "due cost", "待换费用", Kind::Money);
    pub const EQUIPPED: Col = col("equipped", "equipped", "配齐", Kind::Bool);
    pub const READY_MET: Col = col("ready_met", "ready met", "完好满足", Kind::Bool);
    pub const CREATED: Col = col("created", "written at", "生成时间", Kind::Text);
    pub const INGESTED: Col = col("ingested", "ingested at", "导入时间", Kind::Text);
    pub const COMMISSIONED: Col = col("commissioned", "commissioned", "启用日期", Kind::Text);
    pub const LIFE_END: Col = col("life_end", "life end", "到期日期", Kind::Text);
    pub const UNIT_PRICE: Col = col("unit_price", "unit price", "单价", Kind::Money);
}

/// Builds a headquarters report on `store`.
pub fn build(store: &Store, spec: &HqSpec, lang: Lang) -> Result<Report> {
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
        (ReportKind::Inspections | ReportKind::Expiry, _) => {
            return Err(Error::Invalid(
                pick(
                    lang,
                    "inspections and expiry are not reported by depot yet: headquarters computes its reports from each bundle's readiness.csv and replacements.csv; run those two at the depot",
                    "检测和有效期报表暂不能分库出具：总部的报表依据各数据包的 readiness.csv 与 replacements.csv 计算；请在各库出具这两种报表",
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

fn report(title: (&'static str, &'static str), lang: Lang) -> Report {
    Report {
        title: pick(lang, title.0, title.1).to_owned(),
        lang,
        ..Report::default()
    }
}

fn state_word(s: DepotState, lang: Lang) -> &'static str {
    match s {
        DepotState::NoBundle => pick(lang, "no bundle", "无数据包"),
        DepotState::Current { .. } => pick(lang, "current", "正常"),
        DepotState::Stale { .. } => pick(lang, "stale", "过期"),
    }
}

fn age(s: DepotState) -> Cell {
    match s {
        DepotState::NoBundle => Cell::Empty,
        DepotState::Current { days } | DepotState::Stale { days } => Cell::int(days),
    }
}

/// The date part of an RFC 3339 time.
fn date_of(rfc3339: &str) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|t| t.date_naive())
}

fn depot_cells(d: &HqDepot) -> [Cell; 2] {
    [Cell::text(d.code.clone()), Cell::text(d.name.clone())]
}

/// `report readiness --by depot`: a row per depot.
fn by_depot(store: &Store, spec: &HqSpec, lang: Lang) -> Result<Report> {
    let all = figures::overview(store, spec.today, spec.stale_days)?;
    let mut r = report(("Readiness by depot", "各库战备状态"), lang);
    let stale = all.iter().filter(|f| f.state.is_stale()).count();
    r.fact("depots", l(lang, DEPOTS), Cell::int(all.len()), "");
    r.fact(
        "stale",
        l(lang, STALE),
        Cell::int(stale),
        match lang {
            Lang::En => format!(
                "last bundle written more than {} days ago, or none",
                spec.stale_days
            ),
            Lang::Zh => format!("最近的数据包写于 {} 天以前，或尚无数据包", spec.stale_days),
        },
    );
    let mut sec = Section::new(
        "by_depot",
        pick(
            lang,
            "Depots, from their latest bundles",
            "各库（据其最近的数据包）",
        ),
        vec![
            hc::DEPOT,
            hc::DEPOT_NAME,
            hc::AS_OF,
            hc::WRITTEN,
            hc::AGE,
            hc::STATE,
            c::LINES,
            c::EQUIPPED_LINES,
            c::EQUIPPED_RATE,
            c::READY_COVERAGE,
            c::COMPLIANCE_RATE,
            c::SATURATION,
            hc::SHORT,
            hc::DUE,
            hc::DUE_COST,
        ],
    );
    for f in &all {
        sec.rows.push(depot_row(f, lang));
    }
    r.sections.push(sec);
    r.notes.push(
        pick(
            lang,
            "Each depot's figures are those of its latest bundle, as of its own date (as of), computed from its readiness.csv and replacements.csv as signed: the same as the depot's own readiness report for that date. due: pieces whose service life ends by the end of that year (overdue ones too), and their like-for-like cost. saturation: the lines of reserve modules.",
            "各库的数字取自其最近的数据包，以该包的日期（数据截至）为准，按其签名的 readiness.csv 与 replacements.csv 计算：与该库自己在同一日期出具的战备状态报表一致。到期待换：使用年限在该年年底前届满的装备（含已超期的）及其原样更新费用。饱和度：储备模块的条目。",
        )
        .to_owned(),
    );
    Ok(r)
}

fn depot_row(f: &DepotFigures, lang: Lang) -> Vec<Cell> {
    let d = &f.depot;
    let last = d.last.as_ref();
    let mut row: Vec<Cell> = depot_cells(d).into();
    row.extend([
        Cell::opt_date(last.map(|l| l.as_of)),
        Cell::opt_date(last.and_then(|l| date_of(&l.created))),
        age(f.state),
        Cell::text(state_word(f.state, lang)),
    ]);
    if last.is_none() {
        row.extend(std::iter::repeat_n(Cell::Empty, 9));
        return row;
    }
    row.extend([
        Cell::int(f.tally.lines),
        Cell::int(f.tally.equipped),
        Cell::Pct(f.tally.equipped_rate()),
        Cell::Pct(f.tally.ready_coverage()),
        Cell::Pct(f.compliance_rate()),
        Cell::Pct(f.saturation()),
        Cell::int(f.short_lines()),
        Cell::int(f.due),
        Cell::Money(f.due_cost),
    ]);
    row
}

/// `report readiness --by depot --scope CODE`: one depot's lines, as its bundle carried them.
fn lines(store: &Store, spec: &HqSpec, code: &str, lang: Lang) -> Result<Report> {
    let f = figures::one(store, code, spec.today, spec.stale_days)?.ok_or_else(|| {
        Error::said(
            format!("no depot {code} is enrolled here"),
            format!("总部未登记库 {code}"),
        )
    })?;
    let r0 = store.read()?;
    let lines = figures::readiness_lines(&r0, code)?;
    let mut r = report(("Readiness of a depot", "单库战备状态"), lang);
    let d = &f.depot;
    r.fact(
        "depot",
        l(lang, DEPOT),
        Cell::text(d.code.clone()),
        d.name.clone(),
    );
    r.fact(
        "depot_as_of",
        l(lang, FIGURES_AS_OF),
        Cell::opt_date(d.last.as_ref().map(|l| l.as_of)),
        state_word(f.state, lang),
    );
    r.fact("lines", l(lang, lb::LINES), Cell::int(f.tally.lines), "");
    r.fact("lines_equipped", "", Cell::int(f.tally.equipped), "");
    r.fact(
        "equipped_rate",
        l(lang, lb::EQUIPPED),
        Cell::Pct(f.tally.equipped_rate()),
        "",
    );
    r.fact(
        "ready_coverage",
        l(lang, lb::COVERAGE),
        Cell::Pct(f.tally.ready_coverage()),
        "",
    );
    r.fact("lines_ready", "", Cell::int(f.tally.ready_met), "");
    r.fact(
        "compliance_rate",
        l(lang, lb::COMPLIANCE),
        Cell::Pct(f.compliance_rate()),
        "",
    );
    r.fact("scopes", l(lang, lb::SCOPES), Cell::int(f.scopes), "");
    r.fact("scopes_compliant", "", Cell::int(f.compliant), "");
    r.fact(
        "saturation",
        l(lang, lb::SATURATION),
        Cell::Pct(f.saturation()),
        "",
    );
    let mut sec = Section::new(
        "readiness",
        pick(
            lang,
            "Lines of standards, as the depot's readiness.csv",
            "配备标准条目（同该库的 readiness.csv）",
        ),
        vec![
            c::SCOPE,
            c::SCOPE_NAME,
            c::MODULE,
            c::WHAT,
            c::REQUIRED,
            c::HELD,
            c::READY,
            hc::EQUIPPED,
            hc::READY_MET,
        ],
    );
    for x in lines {
        sec.rows.push(vec![
            Cell::text(x.scope),
            Cell::text(x.scope_name),
            Cell::text(x.module),
            Cell::text(x.what),
            Cell::Num(x.required),
            Cell::Num(x.held),
            Cell::Num(x.ready),
            Cell::Bool(x.equipped),
            Cell::Bool(x.ready_met),
        ]);
    }
    r.sections.push(sec);
    Ok(r)
}

/// The depots asked for, in code order.
fn depots(store: &Store, only: Option<&str>) -> Result<Vec<HqDepot>> {
    Ok(store
        .read()?
        .hq_depots()?
        .into_iter()
        .filter(|d| only.is_none_or(|o| o == d.code))
        .collect())
}

/// `report shortfalls --by depot`: every line short (held < required), depot first.
fn shortfalls(store: &Store, only: Option<&str>, lang: Lang) -> Result<Report> {
    let mut r = report(("Shortfalls by depot", "各库缺口"), lang);
    let mut sec = Section::new(
        "shortfalls",
        pick(
            lang,
            "Lines short (held < required), from each depot's latest bundle",
            "缺配条目（在册 < 应配），据各库最近的数据包",
        ),
        vec![
            hc::DEPOT,
            hc::DEPOT_NAME,
            hc::AS_OF,
            c::SCOPE,
            c::SCOPE_NAME,
            c::MODULE,
            c::WHAT,
            c::REQUIRED,
            c::HELD,
            c::READY,
            c::MISSING,
        ],
    );
    let rd = store.read()?;
    for d in depots(store, only)? {
        let as_of = d.last.as_ref().map(|l| l.as_of);
        for x in figures::readiness_lines(&rd, &d.code)? {
            if x.held >= x.required {
                continue;
            }
            let mut row: Vec<Cell> = depot_cells(&d).into();
            row.extend([
                Cell::opt_date(as_of),
                Cell::text(x.scope),
                Cell::text(x.scope_name),
                Cell::text(x.module),
                Cell::text(x.what),
                Cell::Num(x.required),
                Cell::Num(x.held),
                Cell::Num(x.ready),
                Cell::Num(x.required - x.held),
            ]);
            sec.rows.push(row);
        }
    }
    r.fact(
        "lines_short",
        l(lang, lb::LINES_SHORT),
        Cell::int(sec.rows.len()),
        "",
    );
    r.sections.push(sec);
    r.notes.push(
        pick(
            lang,
            "to equip: required − held. Where spare stock could come from is in each depot's own shortfalls report.",
            "缺配：应配 − 在册。可调拨的来源见各库自己的缺口报表。",
        )
        .to_owned(),
    );
    Ok(r)
}

/// `report replacements --by depot`: per depot and due year, and every piece.
fn replacements(store: &Store, only: Option<&str>, lang: Lang) -> Result<Report> {
    let mut r = report(("Replacements by depot", "各库更新计划"), lang);
    let mut by_year = Section::new(
        "by_year",
        pick(lang, "By depot and life-end year", "按库和到期年度"),
        vec![
            hc::DEPOT,
            hc::DEPOT_NAME,
            c::DUE_YEAR,
            c::PIECES,
            c::COST,
            c::UNPRICED,
        ],
    );
    let mut rows = Section::new(
        "rows",
        pick(lang, "Every piece", "逐件清单"),
        vec![
            hc::DEPOT,
            c::DUE_YEAR,
            c::BARCODE,
            c::ITEM,
            c::ITEM_NAME,
            c::OWNER,
            hc::COMMISSIONED,
            hc::LIFE_END,
            hc::UNIT_PRICE,
        ],
    );
    let (mut pieces, mut cost) = (0u64, Decimal::ZERO);
    let rd = store.read()?;
    for d in depots(store, only)? {
        let mut years: std::collections::BTreeMap<i32, (u64, Decimal, u64)> =
            std::collections::BTreeMap::new();
        for x in figures::replacements(&rd, &d.code)? {
            let y = years.entry(x.due_year).or_default();
            y.0 += 1;
            match x.unit_price {
                Some(p) => y.1 += p,
                None => y.2 += 1,
            }
            pieces += 1;
            cost += x.unit_price.unwrap_or_default();
            rows.rows.push(vec![
                Cell::text(d.code.clone()),
                Cell::int(x.due_year),
                Cell::text(x.barcode),
                Cell::text(x.item),
                Cell::text(x.item_name),
                Cell::text(x.owner),
                Cell::text(x.commissioned),
                Cell::text(x.life_end),
                Cell::opt_money(x.unit_price),
            ]);
        }
        for (year, (n, money, unpriced)) in years {
            let mut row: Vec<Cell> = depot_cells(&d).into();
            row.extend([
                Cell::int(year),
                Cell::int(n),
                Cell::Money(money),
                Cell::int(unpriced),
            ]);
            by_year.rows.push(row);
        }
    }
    r.fact(
        "pieces_with_life",
        l(lang, lb::WITH_LIFE),
        Cell::int(pieces),
        "",
    );
    r.fact("cost", l(lang, lb::COST), Cell::Money(cost), "");
    r.sections.push(by_year);
    r.sections.push(rows);
    Ok(r)
}

/// `report targets --by depot`: headquarters' targets judged per depot.
fn targets_report(store: &Store, only: Option<&str>, lang: Lang) -> Result<Report> {
    let judged = targets::judge(store, only)?;
    let mut r = report(("Targets by depot", "各库目标"), lang);
    let mut sec = Section::new(
        "targets",
        pick(
            lang,
            "Headquarters' targets, judged on each depot's figures as of its bundle",
            "总部目标（按各库数据包日期的数值评定）",
        ),
        vec![
            hc::DEPOT,
            hc::DEPOT_NAME,
            hc::AS_OF,
            c::METRIC,
            c::METRIC_NAME,
            c::SCOPE,
            c::TARGET,
            c::DEADLINE,
            c::ACTUAL,
            c::STATUS,
            c::STATUS_NAME,
            c::GAP,
            c::GAP_UNIT,
            c::SOURCE,
        ],
    );
    let (mut met, mut na) = (0usize, 0usize);
    for t in &judged.rows {
        let scope = match &t.target.scope {
            depot_domain::TargetScope::Everything => String::new(),
            depot_domain::TargetScope::Unit(u) => format!("unit:{u}"),
            depot_domain::TargetScope::Category(cat) => format!("category:{cat}"),
        };
        let (actual, status, status_name, gap, gap_unit) = match &t.judged {
            Judged::Figure {
                actual,
                status,
                gap,
                gap_unit,
            } => {
                met += usize::from(*status == TargetStatus::Met);
                (
                    actual.map_or(Cell::Empty, |a| {
                        Cell::Num(depot_domain::readiness::rate2(a))
                    }),
                    status.en(),
                    pick(lang, status.en(), status.zh()),
                    Cell::int(*gap),
                    Cell::text(pick(lang, gap_unit.en(), gap_unit.zh())),
                )
            }
            Judged::NotAvailable => {
                na += 1;
                (
                    Cell::Empty,
                    "not_available",
                    pick(lang, "not available from a bundle", "数据包中无此数值"),
                    Cell::Empty,
                    Cell::Empty,
                )
            }
            Judged::NoBundle => {
                na += 1;
                (
                    Cell::Empty,
                    "no_bundle",
                    pick(lang, "no bundle yet", "尚无数据包"),
                    Cell::Empty,
                    Cell::Empty,
                )
            }
        };
        sec.rows.push(vec![
            Cell::text(t.depot.clone()),
            Cell::text(t.name.clone()),
            Cell::opt_date(t.as_of),
            Cell::text(t.target.metric.en()),
            Cell::text(metric_name(t.target.metric, lang)),
            Cell::text(scope),
            Cell::Num(t.target.target),
            Cell::Date(t.target.deadline),
            actual,
            Cell::text(status),
            Cell::text(status_name),
            gap,
            gap_unit,
            Cell::text(t.target.source.clone().unwrap_or_default()),
        ]);
    }
    r.fact(
        "targets",
        l(lang, lb::TARGETS),
        Cell::int(sec.rows.len()),
        "",
    );
    r.fact("targets_met", l(lang, lb::TARGETS_MET), Cell::int(met), "");
    r.fact("not_available", l(lang, NOT_AVAILABLE), Cell::int(na), "");
    r.sections.push(sec);
    r.notes.push(
        pick(
            lang,
            "Targets of this database's targets table (`depot import targets FILE` here): an empty scope is judged for every depot, unit:CODE for that depot. A bundle's readiness.csv gives equipped_rate, ready_coverage, compliance_rate and saturation; ready_rate, high_end_share, over_age and targets by category need the depot's register: not available here, never 0.",
            "本数据库目标表中的目标（在此执行 `depot import targets 文件`）：范围为空的目标对每个库评定，unit:代码 只对该库评定。数据包的 readiness.csv 可给出配备率、完好满足率、达标率与饱和度；完好率、高精尖占比、超期服役及按类别的目标需要该库的登记簿：此处无法计算，不按 0 计。",
        )
        .to_owned(),
    );
    for t in &judged.elsewhere {
        let u = match &t.scope {
            depot_domain::TargetScope::Unit(u) => u.to_string(),
            _ => String::new(),
        };
        r.notes.push(match lang {
            Lang::En => format!(
                "{} of unit {u} ({} by {}): {u} is not an enrolled depot, so headquarters cannot judge it; the depot it belongs to can",
                t.metric.en(),
                t.target.normalize(),
                t.deadline
            ),
            Lang::Zh => format!(
                "单位 {u} 的{}（目标 {}，截止 {}）：{u} 不是已登记的库，总部无法评定；请由其所属的库评定",
                t.metric.zh(),
                t.target.normalize(),
                t.deadline
            ),
        });
    }
    Ok(r)
}

/// `report stale`: the depots whose last bundle was written more than `stale_days` days ago,
/// or that have sent none.
fn stale(store: &Store, spec: &HqSpec, lang: Lang) -> Result<Report> {
    let all = figures::overview(store, spec.today, spec.stale_days)?;
    let mut r = report(
        ("Depots without a recent bundle", "未按时报送数据包的库"),
        lang,
    );
    r.fact("days", l(lang, STALE_AFTER), Cell::int(spec.stale_days), "");
    r.fact("depots", l(lang, DEPOTS), Cell::int(all.len()), "");
    let mut sec = Section::new(
        "stale",
        match lang {
            Lang::En => format!(
                "Last bundle written more than {} days ago, or none",
                spec.stale_days
            ),
            Lang::Zh => format!("最近的数据包写于 {} 天以前，或尚无数据包", spec.stale_days),
        },
        vec![
            hc::DEPOT,
            hc::DEPOT_NAME,
            hc::AS_OF,
            hc::CREATED,
            hc::INGESTED,
            hc::AGE,
            hc::STATE,
        ],
    );
    let only = spec.depot.as_deref();
    for f in all
        .iter()
        .filter(|f| f.state.is_stale() && only.is_none_or(|c| c == f.depot.code))
    {
        let d = &f.depot;
        let last = d.last.as_ref();
        let mut row: Vec<Cell> = depot_cells(d).into();
        row.extend([
            Cell::opt_date(last.map(|l| l.as_of)),
            Cell::text(last.map(|l| l.created.clone()).unwrap_or_default()),
            Cell::text(last.map(|l| l.ingested.clone()).unwrap_or_default()),
            age(f.state),
            Cell::text(state_word(f.state, lang)),
        ]);
        sec.rows.push(row);
    }
    r.fact("listed", l(lang, lb::LISTED), Cell::int(sec.rows.len()), "");
    r.sections.push(sec);
    Ok(r)
}

/// Labels of headquarters' headline figures.
const TODAY: (&str, &str) = ("today", "今日");
const DEPOTS: (&str, &str) = ("depots enrolled", "已登记的库");
const STALE: (&str, &str) = ("stale or without a bundle", "过期或无数据包");
const STALE_AFTER: (&str, &str) = ("stale after (days)", "过期天数");
const DEPOT: (&str, &str) = ("depot", "库");
const FIGURES_AS_OF: (&str, &str) = ("figures as of", "数据截至");
const NOT_AVAILABLE: (&str, &str) = ("not available", "无法计算");
