//! Reports, shared by `depot report` and the terminal UI: readiness, targets, shortfalls, replacements, inspections and expiry, as
//! a table (80 columns), CSV or JSON. Each report is built as data by one function here from
//! the service functions, then rendered by `table`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use rust_decimal::Decimal;

pub mod table;

use crate::cli::{parse_date_arg, today};
use crate::domain::readiness::{
    self as rd, Budget, Figures, Readiness, Snapshot, Within, rate_text,
};
use crate::domain::stock::day_number;
use crate::domain::vocab::Vocabulary;
use crate::domain::{AssetStatus, Category};
use crate::service::readiness as svc;
use crate::store::Store;
use crate::{Error, Result};
use table::{Report, Section, num, text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    Readiness,
    Targets,
    Shortfalls,
    Replacements,
    Inspections,
    Expiry,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// What to report.
    pub kind: ReportKind,
    /// A unit (with everything below it) or a warehouse; default: everything.
    #[arg(long)]
    pub scope: Option<String>,
    /// The date the figures are as of (YYYY-MM-DD); default today.
    #[arg(long, value_parser = parse_date_arg)]
    pub as_of: Option<NaiveDate>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Days ahead: lots expiring (expiry, readiness), inspections falling due (inspections).
    #[arg(long, default_value_t = 90)]
    pub days: u32,
    /// Replacements: the money for a year, YEAR=AMOUNT in yuan; repeat for each year.
    #[arg(long = "budget", value_parser = parse_budget)]
    pub budgets: Vec<Budget>,
}

fn parse_budget(s: &str) -> std::result::Result<Budget, String> {
    let bad = || format!("'{s}' is not a budget: expected YEAR=AMOUNT, e.g. 2026=5000000");
    let (y, a) = s.split_once('=').ok_or_else(bad)?;
    let year: i32 = y.trim().parse().map_err(|_| bad())?;
    let amount: Decimal = a.trim().parse().map_err(|_| bad())?;
    if amount.is_sign_negative() || !(1900..=9999).contains(&year) {
        return Err(bad());
    }
    Ok(Budget { year, amount })
}

pub fn report_cmd(db: &Path, args: ReportArgs) -> Result<ExitCode> {
    let store = Store::open(db)?;
    let s = svc::load(&store)?;
    let on = args.as_of.unwrap_or_else(today);
    let report = build(&s, &args, on)?;
    let mut out: Vec<u8> = Vec::new();
    match args.format {
        Format::Table => table::write_table(&report, &mut out).map_err(|e| Error::io("-", e))?,
        Format::Csv => table::write_csv(&report, &mut out)?,
        Format::Json => {
            let v = table::to_json(&report);
            serde_json::to_writer_pretty(&mut out, &v)
                .map_err(|e| Error::io("-", std::io::Error::other(e)))?;
            out.push(b'\n');
        }
    }
    match std::io::stdout().lock().write_all(&out) {
        // A reader that stops early (`| head`) is not an error of ours.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("-", e)),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// Builds a report (the CLI's, and any other front end that wants the same rows).
pub fn build(s: &Snapshot, args: &ReportArgs, on: NaiveDate) -> Result<Report> {
    let w = svc::scope(s, args.scope.as_deref())?;
    let scope_name = match w {
        Within::Everything => "everything 全部".to_owned(),
        Within::Place(p) => format!("{} {}", s.place(p).code, s.place(p).name),
    };
    let mut r = match args.kind {
        ReportKind::Readiness => readiness(s, w, on, args.days),
        ReportKind::Targets => targets(s, on),
        ReportKind::Shortfalls => shortfalls(s, w, on),
        ReportKind::Replacements => replacements(s, w, on, &args.budgets),
        ReportKind::Inspections => inspections(s, w, on, args.days),
        ReportKind::Expiry => expiry(s, w, on, args.days),
    };
    r.facts.insert(0, ("as of 截至".into(), on.to_string()));
    if args.kind != ReportKind::Targets {
        r.facts.insert(1, ("scope 范围".into(), scope_name));
    }
    Ok(r)
}

fn n(d: Decimal) -> String {
    d.normalize().to_string()
}

fn money(d: Decimal) -> String {
    d.round_dp(2).normalize().to_string()
}

fn pct(r: Option<Decimal>) -> String {
    rate_text(r)
}

fn headline(r: &mut Report, f: &Figures, days: u32) {
    let l = &f.lines;
    r.fact(
        "equipped 配备率",
        format!(
            "{} %  ({} of {} lines equipped)",
            pct(f.equipped_rate()),
            l.equipped,
            l.lines
        ),
    );
    r.fact(
        "ready 完好率",
        format!("{} %  ({} lines ready)", pct(f.ready_rate()), l.ready_met),
    );
    r.fact(
        "compliance 达标率",
        format!(
            "{} %  ({} of {} units and warehouses)",
            pct(f.compliance_rate()),
            f.places_compliant,
            f.places_with_lines
        ),
    );
    r.fact("saturation 饱和度", format!("{} %", pct(f.saturation())));
    r.fact("high-end 高精尖", format!("{} %", pct(f.high_end_share())));
    let st = &f.stock;
    r.fact(
        "pieces 在册",
        format!(
            "{} held, {} ready, {} maintenance, {} out of service",
            st.pieces, st.pieces_ready, st.maintenance, st.out_of_service
        ),
    );
    r.fact("over-age 超期服役", st.over_age.to_string());
    r.fact(
        "inspection overdue 逾期未检",
        st.inspection_overdue.to_string(),
    );
    r.fact(
        "checked out 借出",
        format!("{} ({} past due)", st.checked_out, st.past_due),
    );
    r.fact(
        "lots 批次",
        format!(
            "{} held, {} expired, {} expiring within {days} days",
            st.lots, st.lots_expired, st.lots_expiring
        ),
    );
}

fn readiness(s: &Snapshot, w: Within, on: NaiveDate, days: u32) -> Report {
    let rdn = svc::readiness(s, on, days);
    let mut r = Report {
        title: "Readiness 战备状态".into(),
        ..Report::default()
    };
    headline(&mut r, rdn.figures(w), days);

    let mut sec = Section::new(
        "scopes",
        "By unit and warehouse (own and below) 分单位",
        vec![
            text("code", 9),
            text("name", 8),
            num("lines"),
            num("equipped%"),
            num("ready%"),
            num("compliant"),
            num("over_age"),
            num("overdue"),
        ],
    );
    let mut rows: Vec<u32> = Vec::new();
    for (p, place) in s.places.iter().enumerate() {
        let p = p as u32;
        let show = match w {
            Within::Everything => place.depth <= 1,
            Within::Place(q) => p == q || place.parent == Some(q),
        };
        if show {
            rows.push(p);
        }
    }
    rows.sort_by_key(|p| (s.place(*p).depth, s.place(*p).code.clone()));
    for p in rows {
        let f = &rdn.total[p as usize];
        let place = s.place(p);
        sec.rows.push(vec![
            place.code.clone(),
            place.name.clone(),
            f.lines.lines.to_string(),
            pct(f.equipped_rate()),
            pct(f.ready_rate()),
            format!("{}/{}", f.places_compliant, f.places_with_lines),
            f.stock.over_age.to_string(),
            f.stock.inspection_overdue.to_string(),
        ]);
    }
    r.sections.push(sec);

    let f = rdn.figures(w);
    let mut sec = Section::new(
        "categories",
        "By category 分类别",
        vec![
            text("category", 8),
            num("pieces"),
            num("high_end"),
            num("share%"),
            num("over_age"),
            num("lines"),
            num("equipped%"),
            num("ready%"),
        ],
    );
    for c in Category::ALL {
        let t = f.category(*c);
        if t.pieces == 0 && t.lines.lines == 0 {
            continue;
        }
        sec.rows.push(vec![
            format!("{} {}", c.en(), c.zh()),
            t.pieces.to_string(),
            t.high_end.to_string(),
            pct(t.high_end_share()),
            t.over_age.to_string(),
            t.lines.lines.to_string(),
            pct(t.lines.equipped_rate()),
            pct(t.lines.ready_rate()),
        ]);
    }
    r.sections.push(sec);
    r.sections.push(modules(s, &rdn, w));
    r.sections.push(past_due(s, w, on));
    r
}

/// Saturation per warehouse and module in `w`.
fn modules(s: &Snapshot, rdn: &Readiness, w: Within) -> Section {
    let mut sec = Section::new(
        "modules",
        "Reserve modules 储备模块饱和度",
        vec![
            text("warehouse", 8),
            text("module", 6),
            num("lines"),
            num("equipped"),
            num("saturation%"),
            num("ready%"),
        ],
    );
    let mut cur: Option<(u32, u16, rd::Tally)> = None;
    let flush = |c: Option<(u32, u16, rd::Tally)>, sec: &mut Section| {
        if let Some((p, m, t)) = c {
            sec.rows.push(vec![
                s.place(p).code.clone(),
                s.module(m).to_owned(),
                t.lines.to_string(),
                t.equipped.to_string(),
                pct(t.equipped_rate()),
                pct(t.ready_rate()),
            ]);
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

fn past_due(s: &Snapshot, w: Within, on: NaiveDate) -> Section {
    let d = day_number(on);
    let mut sec = Section::new(
        "past_due",
        "Check-outs past due 借出逾期未还",
        vec![
            text("barcode", 10),
            text("item", 8),
            text("owner", 8),
            text("location", 8),
            text("due", 10),
            num("days_late"),
        ],
    );
    for (i, a) in s.assets.iter().enumerate() {
        let cell = s.cells[a.cell as usize];
        let Some(due) = a.due.filter(|due| *due < d) else {
            continue;
        };
        if !a.checked_out || a.status == AssetStatus::Retired || !rd::within(s, cell.owner, w) {
            continue;
        }
        sec.rows.push(vec![
            s.asset_barcode(i).to_owned(),
            s.item(cell.item).name.clone(),
            s.place(cell.owner).code.clone(),
            s.locations
                .get(a.location as usize)
                .cloned()
                .unwrap_or_default(),
            date_text(due),
            (d - due).to_string(),
        ]);
    }
    sec
}

fn date_text(day: i32) -> String {
    NaiveDate::from_num_days_from_ce_opt(day)
        .map(|d| d.to_string())
        .unwrap_or_default()
}

fn targets(s: &Snapshot, on: NaiveDate) -> Report {
    let mut r = Report {
        title: "Targets 目标".into(),
        ..Report::default()
    };
    let mut sec = Section::new(
        "targets",
        "Targets against the figure on the deadline (or now, if later)",
        vec![
            text("metric", 8),
            text("scope", 6),
            num("target"),
            text("deadline", 10),
            num("actual"),
            text("status", 6),
            num("gap"),
        ],
    );
    for t in svc::targets(s, on) {
        sec.rows.push(vec![
            t.target.metric.en().to_owned(),
            t.target.scope.to_string(),
            n(t.target.target),
            t.target.deadline.to_string(),
            t.actual.map(|a| n(a.round_dp(1))).unwrap_or_default(),
            t.status.en().to_owned(),
            n(t.gap.round_dp(2)),
        ]);
        let source = t.target.source.as_deref().unwrap_or("");
        r.notes
            .push(format!("{} — {}. {source}", t.status.zh(), t.text));
    }
    r.sections.push(sec);
    r
}

fn shortfalls(s: &Snapshot, w: Within, on: NaiveDate) -> Report {
    let rdn = svc::readiness(s, on, 0);
    let mut r = Report {
        title: "Shortfalls 缺口".into(),
        ..Report::default()
    };
    let mut sec = Section::new(
        "shortfalls",
        "Lines not met, and spare stock elsewhere (nearest first)",
        vec![
            text("scope", 9),
            text("module", 6),
            text("what", 16),
            num("required"),
            num("held"),
            num("ready"),
            num("missing"),
            text("transfer_from", 12),
        ],
    );
    let list = svc::shortfalls(s, &rdn, w);
    r.fact("lines short 缺口", list.len().to_string());
    for f in list {
        let l = &s.lines[f.line];
        let from: Vec<String> = f
            .sources
            .iter()
            .map(|src| {
                let item = &s.item(src.item).code;
                let what = if matches!(l.what, rd::LineWhat::Item(_)) {
                    String::new()
                } else {
                    format!(" {item}")
                };
                format!("{}{what} {}", s.place(src.place).code, n(src.spare))
            })
            .collect();
        sec.rows.push(vec![
            s.place(l.place).code.clone(),
            s.module(l.module).to_owned(),
            s.what_text(l),
            n(f.required),
            n(f.held),
            n(f.ready),
            n(f.not_ready),
            from.join(", "),
        ]);
    }
    r.notes.push(
        "missing: required − ready (bring in, or make ready); transfer_from: place, spare ready \
         stock it can give without falling short itself."
            .into(),
    );
    r.sections.push(sec);
    r
}

fn replacements(s: &Snapshot, w: Within, on: NaiveDate, budgets: &[Budget]) -> Report {
    let rows = svc::replacements(s, w);
    let mut r = Report {
        title: "Replacements 更新计划".into(),
        ..Report::default()
    };
    let total: Decimal = rows.iter().filter_map(|x| x.unit_price).sum();
    r.fact(
        "pieces with a life 有年限",
        format!("{} (like-for-like cost {} yuan)", rows.len(), money(total)),
    );
    if !budgets.is_empty() {
        let plan = svc::plan(s, w, on, budgets);
        let b = &plan.baseline;
        r.fact(
            "now 当前",
            format!(
                "equipped {} %, ready {} %, compliance {} %, over-age {}",
                pct(b.equipped_rate()),
                pct(b.ready_rate()),
                pct(b.compliance_rate()),
                b.stock.over_age
            ),
        );
        let mut sec = Section::new(
            "plan",
            "Budgeted plan: rates at the end of each year 预算计划",
            vec![
                num("year"),
                num("budget"),
                num("spent"),
                num("replaced"),
                num("carried"),
                num("equipped%"),
                num("ready%"),
                num("compl%"),
                num("over_age"),
            ],
        );
        for y in &plan.years {
            let f = &y.figures;
            sec.rows.push(vec![
                y.year.to_string(),
                money(y.budget),
                money(y.spent),
                y.replaced.len().to_string(),
                y.carried.to_string(),
                pct(f.equipped_rate()),
                pct(f.ready_rate()),
                pct(f.compliance_rate()),
                f.stock.over_age.to_string(),
            ]);
        }
        if plan.unpriced > 0 {
            r.notes.push(format!(
                "{} pieces due have no unit price in the catalogue and are not in the plan.",
                plan.unpriced
            ));
        }
        r.notes.push(
            "Rule: pieces due by the end of each year, most ready-rate gain per yuan first; \
             what does not fit is carried to the next year; unspent money lapses."
                .into(),
        );
        r.sections.push(sec);
    }
    let mut sec = Section::new(
        "by_year",
        "By life-end year 按到期年度",
        vec![num("due_year"), num("pieces"), num("cost"), num("unpriced")],
    );
    for (y, t) in rd::totals_by_year(&rows) {
        sec.rows.push(vec![
            y.to_string(),
            t.pieces.to_string(),
            money(t.cost),
            t.unpriced.to_string(),
        ]);
    }
    r.sections.push(sec);
    let mut sec = Section::new(
        "by_owner",
        "By owner 按单位",
        vec![
            text("owner", 8),
            text("name", 10),
            num("pieces"),
            num("cost"),
            num("unpriced"),
        ],
    );
    for (p, t) in rd::totals_by_owner(s, &rows) {
        sec.rows.push(vec![
            s.place(p).code.clone(),
            s.place(p).name.clone(),
            t.pieces.to_string(),
            money(t.cost),
            t.unpriced.to_string(),
        ]);
    }
    r.sections.push(sec);
    r.notes
        .push("Every piece: `depot export replacements`.".into());
    r
}

fn inspections(s: &Snapshot, w: Within, on: NaiveDate, days: u32) -> Report {
    let d = day_number(on);
    let horizon = d.saturating_add(i32::try_from(days).unwrap_or(i32::MAX));
    let mut r = Report {
        title: "Inspections 检测".into(),
        ..Report::default()
    };
    let mut sec = Section::new(
        "inspections",
        format!("Overdue, or due within {days} days 逾期及将到期"),
        vec![
            text("barcode", 10),
            text("item", 8),
            text("owner", 8),
            text("last", 10),
            text("due", 10),
            num("days_late"),
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
        sec.rows.push(vec![
            s.asset_barcode(i).to_owned(),
            s.item(cell.item).name.clone(),
            s.place(cell.owner).code.clone(),
            a.last_inspected
                .map(date_text)
                .unwrap_or_else(|| "never".into()),
            if due == i32::MIN {
                "now".into()
            } else {
                date_text(due)
            },
            if due == i32::MIN {
                String::new()
            } else {
                (d - due).to_string()
            },
        ]);
    }
    r.fact("overdue 逾期", overdue.to_string());
    r.fact("listed 列出", sec.rows.len().to_string());
    r.sections.push(sec);
    r
}

fn expiry(s: &Snapshot, w: Within, on: NaiveDate, days: u32) -> Report {
    let d = day_number(on);
    let horizon = d.saturating_add(i32::try_from(days).unwrap_or(i32::MAX));
    let mut r = Report {
        title: "Expiry 有效期".into(),
        ..Report::default()
    };
    let mut sec = Section::new(
        "expiry",
        format!("Lots expired, or expiring within {days} days 过期及临期"),
        vec![
            text("barcode", 11),
            text("item", 6),
            text("owner", 8),
            text("module", 6),
            num("quantity"),
            text("uom", 2),
            text("expires", 10),
            num("days_left"),
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
        let l = &s.lots[i];
        let cell = s.cells[l.cell as usize];
        let item = s.item(cell.item);
        sec.rows.push(vec![
            s.lot_barcode(i).to_owned(),
            item.name.clone(),
            s.place(cell.owner).code.clone(),
            s.module(cell.module).to_owned(),
            n(l.quantity),
            item.uom.clone(),
            date_text(e),
            (e - d).to_string(),
        ]);
    }
    r.fact("expired 已过期", expired.to_string());
    r.fact("expiring 临期", (sec.rows.len() - expired).to_string());
    r.sections.push(sec);
    r
}
