//! Reports, shared by `depot report` and the terminal UI: readiness, targets, shortfalls,
//! replacements, inspections and expiry. Each report is built as data (typed cells, names
//! beside codes, in the language asked for) by one function here from the service functions,
//! then rendered by `table` (a table as wide as the terminal, CSV, JSON) or `xlsx`.

use chrono::NaiveDate;
use clap::ValueEnum;
use rust_decimal::Decimal;

mod error;
pub mod output;
pub mod table;
pub mod words;
pub mod xlsx;

pub use error::{ReportError, Result};
pub use output::{Format, Output};

use depot_domain::readiness::{
    self as rd, Budget, Figures, LineStatus, Readiness, Snapshot, Within,
};
use depot_domain::stock::{day_number, past_due_on};
use depot_domain::vocab::Vocabulary;
use depot_domain::{AssetStatus, Category};
use table::{Cell, FactValue, Report, Section};
use words::{Lang, cols as c, l, label as lb, pick};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    Readiness,
    Targets,
    Shortfalls,
    Replacements,
    Inspections,
    Expiry,
    /// Headquarters: the depots whose last bundle is old, or missing.
    Stale,
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
            ReportKind::Stale => "stale",
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
}

impl ReportSpec {
    /// The days ahead a report looks when none are asked for.
    pub const DAYS: u32 = 90;

    /// A report of `kind` as of `on` with everything else left at its default.
    pub fn new(kind: ReportKind, scope: Option<String>, on: NaiveDate) -> Self {
        ReportSpec {
            kind,
            scope,
            as_of: on,
            days: Self::DAYS,
            budgets: Vec::new(),
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
        ReportKind::Stale => {
            return Err(ReportError::said(
                "`report stale` is a headquarters report: build it with `service::hq::report::build`",
                "`report stale` 是总部报表：请用 `service::hq::report::build` 生成",
            ));
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

/// Names beside codes, in the report's language.
struct Names<'a> {
    s: &'a Snapshot,
    lang: Lang,
}

impl Names<'_> {
    fn place(&self, p: u32) -> [Cell; 2] {
        let place = self.s.place(p);
        [
            Cell::text(place.code.clone()),
            Cell::text(place.name.clone()),
        ]
    }
    fn item(&self, i: u32) -> [Cell; 2] {
        let it = self.s.item(i);
        [Cell::text(it.code.to_string()), Cell::text(it.name.clone())]
    }
    fn module(&self, m: u16) -> [Cell; 2] {
        [
            Cell::text(self.s.module(m)),
            Cell::text(self.s.module_name(m, self.lang == Lang::Zh)),
        ]
    }
    fn category(&self, c: Category) -> [Cell; 2] {
        [
            Cell::text(c.en()),
            Cell::text(pick(self.lang, c.en(), c.zh())),
        ]
    }
    fn what(&self, l: &rd::LineDef) -> [Cell; 2] {
        match l.what {
            rd::LineWhat::Item(i) => self.item(i),
            rd::LineWhat::Category(c) => [
                Cell::text(format!("category:{c}")),
                Cell::text(format!(
                    "{}{}",
                    pick(self.lang, "category ", "类别："),
                    pick(self.lang, c.en(), c.zh())
                )),
            ],
        }
    }
}

fn q(d: Decimal) -> Cell {
    Cell::Num(d)
}

/// "7 of 9 lines equipped" / "9 条中 7 条配齐": a part of a whole in the report's language;
/// `zh` is the measure word and what the part is.
fn part_of(lang: Lang, (part, whole): (u32, u32), en: &str, zh: (&str, &str)) -> String {
    match lang {
        Lang::Zh => format!("{whole} {m}中 {part} {m}{}", zh.1, m = zh.0),
        Lang::En => format!("{part} of {whole} {en}"),
    }
}

fn headline(r: &mut Report, f: &Figures, days: u32, lang: Lang) {
    let t = &f.lines;
    let zh = lang == Lang::Zh;
    r.fact("lines", l(lang, lb::LINES), Cell::int(t.lines), "");
    r.fact(
        "scopes",
        l(lang, lb::SCOPES),
        Cell::int(f.places_with_lines),
        "",
    );
    r.fact(
        "equipped_rate",
        l(lang, lb::EQUIPPED),
        Cell::Pct(f.equipped_rate()),
        part_of(
            lang,
            (t.equipped, t.lines),
            "lines equipped; the mean of min(held / required, 1) over the lines",
            ("条", "配齐；各条按 min(在册/应配, 1) 平均"),
        ),
    );
    r.fact("lines_equipped", "", Cell::int(t.equipped), "");
    let st = &f.stock;
    r.fact(
        "ready_rate",
        l(lang, lb::READY),
        Cell::Pct(f.ready_rate()),
        if zh {
            format!(
                "在册 {} 件中完好 {} 件",
                table::group(&st.pieces.to_string()),
                table::group(&st.pieces_ready.to_string())
            )
        } else {
            format!(
                "{} of {} pieces held are ready",
                table::group(&st.pieces_ready.to_string()),
                table::group(&st.pieces.to_string())
            )
        },
    );
    r.fact(
        "ready_coverage",
        l(lang, lb::COVERAGE),
        Cell::Pct(f.ready_coverage()),
        part_of(
            lang,
            (t.ready_met, t.lines),
            "lines have enough ready",
            ("条", "完好数量满足标准"),
        ),
    );
    r.fact("lines_ready", "", Cell::int(t.ready_met), "");
    r.fact(
        "compliance_rate",
        l(lang, lb::COMPLIANCE),
        Cell::Pct(f.compliance_rate()),
        part_of(
            lang,
            (f.places_compliant, f.places_with_lines),
            "units and warehouses with every line equipped",
            ("个", "全部配齐"),
        ),
    );
    r.fact("scopes_compliant", "", Cell::int(f.places_compliant), "");
    r.fact(
        "saturation",
        l(lang, lb::SATURATION),
        Cell::Pct(f.saturation()),
        "",
    );
    let share: Vec<(String, String, Cell)> = Category::ALL
        .iter()
        .filter(|cat| f.category(**cat).pieces > 0)
        .map(|cat| {
            (
                cat.en().to_owned(),
                pick(lang, cat.en(), cat.zh()).to_owned(),
                Cell::Pct(f.category(*cat).high_end_share()),
            )
        })
        .collect();
    r.facts.push(table::Fact {
        key: "high_end_share",
        label: l(lang, lb::HIGH_END).to_owned(),
        value: FactValue::Map(share),
        detail: String::new(),
    });
    r.fact("pieces", l(lang, lb::PIECES), Cell::int(st.pieces), "");
    r.fact(
        "pieces_ready",
        l(lang, lb::PIECES_READY),
        Cell::int(st.pieces_ready),
        "",
    );
    r.fact(
        "maintenance",
        l(lang, lb::MAINTENANCE),
        Cell::int(st.maintenance),
        "",
    );
    r.fact(
        "out_of_service",
        l(lang, lb::OUT_OF_SERVICE),
        Cell::int(st.out_of_service),
        "",
    );
    r.fact(
        "over_age",
        l(lang, lb::OVER_AGE),
        Cell::int(st.over_age),
        "",
    );
    r.fact(
        "inspection_overdue",
        l(lang, lb::OVERDUE),
        Cell::int(st.inspection_overdue),
        "",
    );
    r.fact(
        "checked_out",
        l(lang, lb::CHECKED_OUT),
        Cell::int(st.checked_out),
        "",
    );
    r.fact(
        "past_due",
        l(lang, lb::PAST_DUE),
        Cell::int(st.past_due),
        "",
    );
    r.fact("lots", l(lang, lb::LOTS), Cell::int(st.lots), "");
    r.fact(
        "lots_expired",
        l(lang, lb::LOTS_EXPIRED),
        Cell::int(st.lots_expired),
        "",
    );
    r.fact(
        "lots_expiring",
        l(lang, lb::LOTS_EXPIRING),
        Cell::int(st.lots_expiring),
        if zh {
            format!("{days} 天内到期")
        } else {
            format!("within {days} days")
        },
    );
}

fn report(title: (&'static str, &'static str), lang: Lang) -> Report {
    Report {
        title: pick(lang, title.0, title.1).to_owned(),
        lang,
        ..Report::default()
    }
}

fn readiness(s: &Snapshot, w: Within, on: NaiveDate, days: u32, lang: Lang) -> Report {
    let rdn = rd::evaluate(s, on, days);
    let nm = Names { s, lang };
    let mut r = report(("Readiness", "战备状态"), lang);
    headline(&mut r, rdn.figures(w), days, lang);

    let mut sec = Section::new(
        "by_scope",
        pick(
            lang,
            "By unit and warehouse (own and below)",
            "分单位和储备库（含下级）",
        ),
        vec![
            c::UNIT,
            c::UNIT_NAME,
            c::LINES,
            c::EQUIPPED_RATE,
            c::READY_RATE,
            c::READY_COVERAGE,
            c::COMPLIANT,
            c::WITH_LINES,
            c::COMPLIANCE_RATE,
            c::OVER_AGE,
            c::OVERDUE,
        ],
    );
    let mut rows: Vec<u32> = Vec::new();
    for (p, place) in s.places.iter().enumerate() {
        let p = p as u32;
        let show = match w {
            Within::Everything => place.depth <= 1 && place.kind != rd::PlaceKind::Unknown,
            Within::Place(q) => p == q || place.parent == Some(q),
        };
        if show {
            rows.push(p);
        }
    }
    rows.sort_by_key(|p| (s.place(*p).depth, s.place(*p).code.clone()));
    for p in rows {
        let f = &rdn.total[p as usize];
        let mut row: Vec<Cell> = nm.place(p).into();
        row.extend([
            Cell::int(f.lines.lines),
            Cell::Pct(f.equipped_rate()),
            Cell::Pct(f.ready_rate()),
            Cell::Pct(f.ready_coverage()),
            Cell::int(f.places_compliant),
            Cell::int(f.places_with_lines),
            Cell::Pct(f.compliance_rate()),
            Cell::int(f.stock.over_age),
            Cell::int(f.stock.inspection_overdue),
        ]);
        sec.rows.push(row);
    }
    r.sections.push(sec);

    let f = rdn.figures(w);
    let mut sec = Section::new(
        "by_category",
        pick(lang, "By category", "分类别"),
        vec![
            c::CATEGORY,
            c::CATEGORY_NAME,
            c::PIECES,
            c::PIECES_READY,
            c::READY_RATE,
            c::HIGH_END,
            c::HIGH_END_SHARE,
            c::OVER_AGE,
            c::LINES,
            c::EQUIPPED_RATE,
            c::READY_COVERAGE,
        ],
    );
    for cat in Category::ALL {
        let t = f.category(*cat);
        if t.pieces == 0 && t.lines.lines == 0 {
            continue;
        }
        let mut row: Vec<Cell> = nm.category(*cat).into();
        row.extend([
            Cell::int(t.pieces),
            Cell::int(t.pieces_ready),
            Cell::Pct(t.ready_rate()),
            Cell::int(t.high_end),
            Cell::Pct(t.high_end_share()),
            Cell::int(t.over_age),
            Cell::int(t.lines.lines),
            Cell::Pct(t.lines.equipped_rate()),
            Cell::Pct(t.lines.ready_coverage()),
        ]);
        sec.rows.push(row);
    }
    r.sections.push(sec);
    r.sections.push(modules(s, &rdn, w, lang));
    r.sections.push(past_due(s, w, on, lang));
    r.notes.push(
        pick(
            lang,
            "equipped rate: the mean over the lines of min(held / required, 1); ready rate: \
             ready pieces / pieces held; ready coverage: the mean over the lines of \
             min(ready / required, 1); compliance: units and warehouses with every line \
             equipped / those with lines (EXCHANGE.md version 2). Empty: nothing to measure.",
            "配备率：各标准条目 min(在册/应配, 1) 的平均；完好率：完好件数/在册件数；\
             完好满足率：各条目 min(完好/应配, 1) 的平均；达标率：全部条目配齐的单位和储备库/\
             有标准的单位和储备库（交换格式第 2 版）。空白：无可计算。",
        )
        .to_owned(),
    );
    r
}

/// Saturation per warehouse and module in `w`.
fn modules(s: &Snapshot, rdn: &Readiness, w: Within, lang: Lang) -> Section {
    let nm = Names { s, lang };
    let mut sec = Section::new(
        "modules",
        pick(lang, "Reserve modules", "储备模块饱和度"),
        vec![
            c::WAREHOUSE,
            c::WAREHOUSE_NAME,
            c::MODULE,
            c::MODULE_NAME,
            c::LINES,
            c::EQUIPPED_LINES,
            c::SATURATION,
            c::READY_COVERAGE,
        ],
    );
    let mut cur: Option<(u32, u16, rd::Tally)> = None;
    let flush = |cur: Option<(u32, u16, rd::Tally)>, sec: &mut Section| {
        if let Some((p, m, t)) = cur {
            let mut row: Vec<Cell> = nm.place(p).into();
            row.extend(nm.module(m));
            row.extend([
                Cell::int(t.lines),
                Cell::int(t.equipped),
                Cell::Pct(t.equipped_rate()),
                Cell::Pct(t.ready_coverage()),
            ]);
            sec.rows.push(row);
        }
    };
    for (l, x) in s.lines.iter().zip(&rdn.lines) {
        if s.place(l.place).kind != rd::PlaceKind::Warehouse || !rd::within(s, l.place, w) {
            continue;
        }
        match &mut cur {
            Some((p, m, t)) if *p == l.place && *m == l.module => {
                t.add_line(l.required, x.held, x.ready)
            }
            _ => {
                flush(cur.take(), &mut sec);
                let mut t = rd::Tally::default();
                t.add_line(l.required, x.held, x.ready);
                cur = Some((l.place, l.module, t));
            }
        }
    }
    flush(cur, &mut sec);
    sec
}

fn day(d: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(d)
}

/// The check-outs past their return date in `w` (the readiness report's section, and the
/// dashboard's list behind its figure).
pub fn past_due(s: &Snapshot, w: Within, on: NaiveDate, lang: Lang) -> Section {
    let d = day_number(on);
    let nm = Names { s, lang };
    let mut sec = Section::new(
        "past_due",
        pick(lang, "Check-outs past due", "借出逾期未还"),
        vec![
            c::BARCODE,
            c::ITEM,
            c::ITEM_NAME,
            c::OWNER,
            c::OWNER_NAME,
            c::LOCATION,
            c::DUE,
            c::DAYS_LATE,
        ],
    );
    for (i, a) in s.assets.iter().enumerate() {
        let cell = s.cells[a.cell as usize];
        if !past_due_on(a.status, a.checked_out, a.due, d) || !rd::within(s, cell.owner, w) {
            continue;
        }
        let Some(due) = a.due else { continue };
        let mut row = vec![Cell::text(s.asset_barcode(i))];
        row.extend(nm.item(cell.item));
        row.extend(nm.place(cell.owner));
        row.extend([
            Cell::text(
                s.locations
                    .get(a.location as usize)
                    .cloned()
                    .unwrap_or_default(),
            ),
            Cell::opt_date(day(due)),
            Cell::int(d - due),
        ]);
        sec.rows.push(row);
    }
    sec
}

/// The over-age pieces of `w` on `on` (held past their service life, the dashboard's count),
/// the longest over first: what the dashboard's over-age figure opens.
pub fn over_age(s: &Snapshot, w: Within, on: NaiveDate, lang: Lang) -> Section {
    let nm = Names { s, lang };
    let mut sec = Section::new(
        "over_age",
        pick(lang, "Over-age pieces", "超期服役装备"),
        vec![
            c::BARCODE,
            c::ITEM,
            c::ITEM_NAME,
            c::OWNER,
            c::OWNER_NAME,
            c::LIFE_END,
            c::COST,
        ],
    );
    for x in rd::replacements(s, w) {
        if x.life_end > on {
            continue;
        }
        let cell = s.cells[s.assets[x.asset].cell as usize];
        let mut row = vec![Cell::text(s.asset_barcode(x.asset))];
        row.extend(nm.item(cell.item));
        row.extend(nm.place(cell.owner));
        row.extend([Cell::Date(x.life_end), Cell::opt_money(x.unit_price)]);
        sec.rows.push(row);
    }
    sec
}

pub fn metric_name(m: depot_domain::Metric, lang: Lang) -> &'static str {
    pick(lang, m.en(), m.zh())
}

fn targets(s: &Snapshot, on: NaiveDate, lang: Lang) -> Report {
    let mut r = report(("Targets", "目标"), lang);
    let mut sec = Section::new(
        "targets",
        pick(
            lang,
            "Targets, judged on the figure as of the report date",
            "目标（按报告日期的数值评定）",
        ),
        vec![
            c::METRIC,
            c::METRIC_NAME,
            c::SCOPE,
            c::SCOPE_NAME,
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
    let results = rd::judge_targets(s, on);
    let met = results
        .iter()
        .filter(|t| t.status == rd::TargetStatus::Met)
        .count();
    r.fact(
        "targets",
        l(lang, lb::TARGETS),
        Cell::int(results.len()),
        "",
    );
    r.fact("targets_met", l(lang, lb::TARGETS_MET), Cell::int(met), "");
    for t in results {
        let (scope, scope_name) = match &t.target.scope {
            depot_domain::TargetScope::Everything => {
                (String::new(), l(lang, lb::EVERYTHING).to_owned())
            }
            depot_domain::TargetScope::Unit(u) => (
                format!("unit:{u}"),
                s.place_id(u.as_str())
                    .map(|p| s.place(p).name.clone())
                    .unwrap_or_default(),
            ),
            depot_domain::TargetScope::Category(cat) => (
                format!("category:{cat}"),
                pick(lang, cat.en(), cat.zh()).to_owned(),
            ),
        };
        let count = t.target.metric == depot_domain::Metric::OverAge;
        let actual = match t.actual {
            Some(a) if count => Cell::Num(a),
            Some(a) => Cell::Num(rd::rate2(a)),
            None => Cell::Empty,
        };
        sec.rows.push(vec![
            Cell::text(t.target.metric.en()),
            Cell::text(metric_name(t.target.metric, lang)),
            Cell::text(scope),
            Cell::text(scope_name.clone()),
            q(t.target.target),
            Cell::Date(t.target.deadline),
            actual.clone(),
            Cell::text(t.status.en()),
            Cell::text(pick(lang, t.status.en(), t.status.zh())),
            Cell::int(t.gap),
            Cell::text(pick(lang, t.gap_unit.en(), t.gap_unit.zh())),
            Cell::text(t.target.source.clone().unwrap_or_default()),
        ]);
        let pct = if count { "" } else { " %" };
        let actual = actual.display(lang);
        let actual = if actual.is_empty() {
            pick(lang, "nothing to measure", "无可计算").to_owned()
        } else {
            format!("{actual}{pct}")
        };
        let verdict = match t.status {
            rd::TargetStatus::Met => String::new(),
            _ => match lang {
                Lang::En => format!(": {} {}", t.gap, t.gap_unit.en()),
                Lang::Zh => format!("：{} {}", t.gap, t.gap_unit.zh()),
            },
        };
        r.notes.push(match lang {
            Lang::En => format!(
                "{} — {} {scope_name}: {actual} against {}{pct} by {}{verdict}",
                t.status.en(),
                t.target.metric.en(),
                t.target.target.normalize(),
                t.target.deadline
            ),
            Lang::Zh => format!(
                "{} — {}（{scope_name}）当前 {actual}，目标 {}{pct}，截止 {}{verdict}",
                t.status.zh(),
                t.target.metric.zh(),
                t.target.target.normalize(),
                t.target.deadline
            ),
        });
    }
    r.sections.push(sec);
    r
}

fn line_status_word(st: LineStatus, lang: Lang) -> &'static str {
    match st {
        LineStatus::Met => pick(lang, "met", "满足"),
        LineStatus::NotReady => pick(lang, "not all ready", "完好不足"),
        LineStatus::Short => pick(lang, "short", "缺配"),
    }
}

fn shortfalls(s: &Snapshot, w: Within, on: NaiveDate, lang: Lang) -> Report {
    let rdn = rd::evaluate(s, on, 0);
    let nm = Names { s, lang };
    let mut r = report(("Shortfalls", "缺口"), lang);
    let mut sec = Section::new(
        "shortfalls",
        pick(
            lang,
            "Lines not met, and spare stock elsewhere (nearest first)",
            "未满足的标准条目，及可调拨的富余库存（由近及远）",
        ),
        vec![
            c::UNIT,
            c::UNIT_NAME,
            c::MODULE,
            c::MODULE_NAME,
            c::WHAT,
            c::WHAT_NAME,
            c::REQUIRED,
            c::HELD,
            c::READY,
            c::LINE_STATUS,
            c::MISSING,
            c::NOT_READY,
            c::TRANSFER_FROM,
        ],
    );
    let list = rd::shortfalls(s, &rdn, w);
    r.fact(
        "lines_short",
        l(lang, lb::LINES_SHORT),
        Cell::int(list.len()),
        "",
    );
    for f in list {
        let ln = &s.lines[f.line];
        let from: Vec<String> = f
            .sources
            .iter()
            .map(|src| {
                let what = if matches!(ln.what, rd::LineWhat::Item(_)) {
                    String::new()
                } else {
                    format!(" {}", s.item(src.item).name)
                };
                let p = s.place(src.place);
                // The spare count right after the code: a narrow column cuts the name, not it.
                format!("{} ({}) {}{what}", p.code, src.spare.normalize(), p.name)
            })
            .collect();
        let mut row: Vec<Cell> = nm.place(ln.place).into();
        row.extend(nm.module(ln.module));
        row.extend(nm.what(ln));
        row.extend([
            q(f.required),
            q(f.held),
            q(f.ready),
            Cell::text(line_status_word(
                rdn.lines[f.line].status(ln.required),
                lang,
            )),
            q(f.missing),
            q(f.not_ready),
            Cell::text(from.join(", ")),
        ]);
        sec.rows.push(row);
    }
    r.notes.push(
        pick(
            lang,
            "to equip: required − held; to make ready: required − ready (bring in, or make \
             ready); transfer from: a place's code, (the spare ready stock it can give \
             without falling short itself), its name.",
            "缺配：应配 − 在册；缺完好：应配 − 完好（调入或修复）；可调拨来源：单位编码、（在不低于\
             自身标准的前提下可调出的完好数量）、单位名称。",
        )
        .to_owned(),
    );
    r.sections.push(sec);
    r
}

fn replacements(s: &Snapshot, w: Within, on: NaiveDate, budgets: &[Budget], lang: Lang) -> Report {
    let rows = rd::replacements(s, w);
    let nm = Names { s, lang };
    let mut r = report(("Replacements", "更新计划"), lang);
    let total: Decimal = rows.iter().filter_map(|x| x.unit_price).sum();
    r.fact(
        "pieces_with_life",
        l(lang, lb::WITH_LIFE),
        Cell::int(rows.len()),
        "",
    );
    r.fact("cost", l(lang, lb::COST), Cell::Money(total), "");
    if !budgets.is_empty() {
        let plan = rd::plan(s, w, on, budgets);
        let b = &plan.baseline;
        r.fact(
            "equipped_rate",
            l(lang, lb::EQUIPPED),
            Cell::Pct(b.equipped_rate()),
            "",
        );
        r.fact(
            "ready_rate",
            l(lang, lb::READY),
            Cell::Pct(b.ready_rate()),
            "",
        );
        r.fact(
            "compliance_rate",
            l(lang, lb::COMPLIANCE),
            Cell::Pct(b.compliance_rate()),
            "",
        );
        r.fact(
            "over_age",
            l(lang, lb::OVER_AGE),
            Cell::int(b.stock.over_age),
            "",
        );
        let mut sec = Section::new(
            "plan",
            pick(
                lang,
                "Budgeted plan: rates at the end of each year",
                "预算计划：各年末的比率",
            ),
            vec![
                c::YEAR,
                c::BUDGET,
                c::SPENT,
                c::REPLACED,
                c::CARRIED,
                c::EQUIPPED_RATE,
                c::READY_RATE,
                c::COMPLIANCE_RATE,
                c::OVER_AGE,
            ],
        );
        for y in &plan.years {
            let f = &y.figures;
            sec.rows.push(vec![
                Cell::int(y.year),
                Cell::Money(y.budget),
                Cell::Money(y.spent),
                Cell::int(y.replaced.len()),
                Cell::int(y.carried),
                Cell::Pct(f.equipped_rate()),
                Cell::Pct(f.ready_rate()),
                Cell::Pct(f.compliance_rate()),
                Cell::int(f.stock.over_age),
            ]);
        }
        if plan.unpriced > 0 {
            r.notes.push(match lang {
                Lang::En => format!(
                    "{} pieces due have no unit price in the catalogue and are not in the plan.",
                    plan.unpriced
                ),
                Lang::Zh => format!(
                    "{} 件到期装备在品类目录中无单价，未列入计划。",
                    plan.unpriced
                ),
            });
        }
        r.notes.push(
            pick(
                lang,
                "Rule: pieces due by the end of each year, most ready-rate gain per yuan first; \
                 what does not fit is carried to the next year; unspent money lapses.",
                "规则：每年更新当年年底前到期的装备，单位费用提升完好最多者优先；\
                 超出预算的顺延到下一年；当年未用的预算不结转。",
            )
            .to_owned(),
        );
        r.sections.push(sec);
    }
    let mut sec = Section::new(
        "by_year",
        pick(lang, "By life-end year", "按到期年度"),
        vec![c::DUE_YEAR, c::PIECES, c::COST, c::UNPRICED],
    );
    for (y, t) in rd::totals_by_year(&rows) {
        sec.rows.push(vec![
            Cell::int(y),
            Cell::int(t.pieces),
            Cell::Money(t.cost),
            Cell::int(t.unpriced),
        ]);
    }
    r.sections.push(sec);
    let mut sec = Section::new(
        "by_owner",
        pick(lang, "By owner", "按单位"),
        vec![c::OWNER, c::OWNER_NAME, c::PIECES, c::COST, c::UNPRICED],
    );
    for (p, t) in rd::totals_by_owner(s, &rows) {
        let mut row: Vec<Cell> = nm.place(p).into();
        row.extend([
            Cell::int(t.pieces),
            Cell::Money(t.cost),
            Cell::int(t.unpriced),
        ]);
        sec.rows.push(row);
    }
    r.sections.push(sec);
    r.notes.push(
        pick(
            lang,
            "Every piece: `depot export replacements`.",
            "逐件清单：`depot export replacements`。",
        )
        .to_owned(),
    );
    r
}

fn inspections(s: &Snapshot, w: Within, on: NaiveDate, days: u32, lang: Lang) -> Report {
    let d = day_number(on);
    let nm = Names { s, lang };
    let horizon = d.saturating_add(i32::try_from(days).unwrap_or(i32::MAX));
    let mut r = report(("Inspections", "检测"), lang);
    let mut sec = Section::new(
        "inspections",
        match lang {
            Lang::En => format!("Overdue, or due within {days} days"),
            Lang::Zh => format!("逾期及 {days} 天内到期"),
        },
        vec![
            c::BARCODE,
            c::ITEM,
            c::ITEM_NAME,
            c::OWNER,
            c::OWNER_NAME,
            c::LAST,
            c::NEVER,
            c::INSPECT_DUE,
            c::DAYS_LATE,
        ],
    );
    let mut rows: Vec<(i32, usize)> = Vec::new();
    let mut overdue = 0;
    for (i, a) in s.assets.iter().enumerate() {
        let cell = s.cells[a.cell as usize];
        let Some(every) = s.item(cell.item).inspect_days else {
            continue;
        };
        if a.status == AssetStatus::Retired || !rd::within(s, cell.owner, w) {
            continue;
        }
        // The last day it is still in date; never inspected: due before anything else.
        let due = a
            .last_inspected
            .map_or(i32::MIN, |l| l.saturating_add(every as i32));
        if due < d {
            overdue += 1;
        }
        if due < horizon {
            rows.push((due, i));
        }
    }
    rows.sort_by(|a, b| (a.0, s.asset_barcode(a.1)).cmp(&(b.0, s.asset_barcode(b.1))));
    for (due, i) in rows {
        let a = &s.assets[i];
        let cell = s.cells[a.cell as usize];
        let never = due == i32::MIN;
        let mut row = vec![Cell::text(s.asset_barcode(i))];
        row.extend(nm.item(cell.item));
        row.extend(nm.place(cell.owner));
        row.extend([
            Cell::opt_date(a.last_inspected.and_then(day)),
            Cell::Bool(never),
            if never {
                Cell::Empty
            } else {
                Cell::opt_date(day(due))
            },
            if never {
                Cell::Empty
            } else {
                Cell::int(d - due)
            },
        ]);
        sec.rows.push(row);
    }
    r.fact("overdue", l(lang, lb::OVERDUE_N), Cell::int(overdue), "");
    r.fact("listed", l(lang, lb::LISTED), Cell::int(sec.rows.len()), "");
    r.sections.push(sec);
    r
}

fn expiry(s: &Snapshot, w: Within, on: NaiveDate, days: u32, lang: Lang) -> Report {
    let d = day_number(on);
    let nm = Names { s, lang };
    let horizon = d.saturating_add(i32::try_from(days).unwrap_or(i32::MAX));
    let mut r = report(("Expiry", "有效期"), lang);
    let mut sec = Section::new(
        "expiry",
        match lang {
            Lang::En => format!("Lots expired, or expiring within {days} days"),
            Lang::Zh => format!("已过期及 {days} 天内到期的批次"),
        },
        vec![
            c::BARCODE,
            c::ITEM,
            c::ITEM_NAME,
            c::OWNER,
            c::OWNER_NAME,
            c::MODULE,
            c::MODULE_NAME,
            c::QUANTITY,
            c::UOM,
            c::EXPIRES,
            c::DAYS_LEFT,
        ],
    );
    let mut rows: Vec<(i32, usize)> = s
        .lots
        .iter()
        .enumerate()
        .filter(|(_, l)| rd::within(s, s.cells[l.cell as usize].owner, w))
        .filter_map(|(i, l)| l.expires.filter(|e| *e <= horizon).map(|e| (e, i)))
        .collect();
    rows.sort_by(|a, b| (a.0, s.lot_barcode(a.1)).cmp(&(b.0, s.lot_barcode(b.1))));
    let expired = rows.iter().filter(|(e, _)| *e < d).count();
    for (e, i) in rows {
        let lot = &s.lots[i];
        let cell = s.cells[lot.cell as usize];
        let mut row = vec![Cell::text(s.lot_barcode(i))];
        row.extend(nm.item(cell.item));
        row.extend(nm.place(cell.owner));
        row.extend(nm.module(cell.module));
        row.extend([
            q(lot.quantity),
            Cell::text(s.item(cell.item).uom.clone()),
            Cell::opt_date(day(e)),
            Cell::int(e - d),
        ]);
        sec.rows.push(row);
    }
    r.fact("expired", l(lang, lb::EXPIRED), Cell::int(expired), "");
    r.fact(
        "expiring",
        l(lang, lb::EXPIRING),
        Cell::int(sec.rows.len() - expired),
        "",
    );
    r.sections.push(sec);
    r
}

/// The scope named by a unit or warehouse code; `None`: everything.
pub fn scope(s: &Snapshot, code: Option<&str>) -> Result<Within> {
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(Within::Everything),
        Some(c) => s.place_id(c).map(Within::Place).ok_or_else(|| {
            ReportError::said(
                format!(
                    "no unit or warehouse has the code '{c}'; `depot status` counts what the register holds"
                ),
                format!(
                    "没有代码为 '{c}' 的单位或储备库；`depot status` 可查看登记簿中的数量"
                ),
            )
        }),
    }
}
