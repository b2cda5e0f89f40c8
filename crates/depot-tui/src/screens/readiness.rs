//! What the readiness screens (dashboard, units, replacements) share: the figures of one
//! snapshot, kept until a write; the lists a figure opens, drawn over the screen; and the
//! helpers their tables use. It draws on nothing of the other screens (`figures` writes the
//! numbers), so that every screen may draw on it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::App;
use crate::i18n::T;
use crate::state::readiness::Reports;
use crate::style::centered;
use depot_domain::readiness::{Budget, LineStatus, PlaceKind, TargetResult, TargetStatus, Within};
use depot_domain::{Metric, TargetScope};
use depot_report::{ReportKind, ReportSpec};
use depot_service::readiness as svc;
use depot_service::store::Store;

/// Computes the readiness of a fresh snapshot for the report screens.
pub fn load_reports(app: &mut App, store: &Store) {
    match svc::load(store) {
        Ok(snap) => reports_from(app, snap),
        Err(e) => {
            app.status = Some(if app.lang == crate::i18n::Lang::Zh {
                e.zh()
            } else {
                e.to_string()
            })
        }
    }
}

/// The reports of a snapshot already read (by the thread that watches other terminals).
pub fn reports_from(app: &mut App, snap: depot_domain::readiness::Snapshot) {
    let ready = svc::readiness(&snap, app.as_of, 90);
    let targets = svc::targets(&snap, app.as_of);
    let replacements = svc::replacements(&snap, Within::Everything);
    let by_year = depot_domain::readiness::totals_by_year(&replacements);
    let tree = tree_order(&snap);
    let mut r = Reports {
        snap,
        ready,
        targets,
        replacements,
        by_year,
        tree,
        plan: None,
        circles: None,
    };
    r.plan = plan_of(app, &r);
    if app.units.circles {
        r.circles = Some(circles_of(&r.snap, &r.ready));
    }
    app.reports = Some(r);
}

/// Budgets as typed: `2026=5000000 2027=3000000`; the plan, when there are any. An error
/// names the bad part and the expected form, in `lang`.
pub fn budgets(text: &str, lang: crate::i18n::Lang) -> Result<Vec<Budget>, String> {
    text.split([' ', ',', ';'])
        .filter(|t| !t.trim().is_empty())
        .map(|t| {
            let bad = || format!("'{t}': {}", crate::i18n::T::BudgetForm.get(lang));
            let (y, a) = t.split_once('=').ok_or_else(bad)?;
            Ok(Budget {
                year: y.trim().parse().map_err(|_| bad())?,
                amount: depot_exchange::parse_quantity(a).map_err(|_| bad())?,
            })
        })
        .collect()
}

/// The circles of every reserve module, at the report's defaults (screen 4's second view).
pub fn circles_of(
    s: &depot_domain::readiness::Snapshot,
    ready: &depot_domain::readiness::Readiness,
) -> depot_domain::readiness::Circles {
    depot_domain::readiness::circles(
        s,
        ready,
        Within::Everything,
        depot_domain::readiness::CircleSpec::default(),
    )
}

pub fn plan_of(app: &App, r: &Reports) -> Option<depot_domain::readiness::Plan> {
    let b = budgets(&app.replacements.budgets, app.lang).ok()?;
    (!b.is_empty()).then(|| svc::plan(&r.snap, Within::Everything, app.as_of, &b))
}

pub fn open_report(app: &mut App, kind: ReportKind, scope: Option<String>) {
    open_report_of(app, ReportSpec::new(kind, scope, app.as_of));
}

/// Opens the report `spec` asks for in the popup (the budgets as the replacements screen has
/// them).
pub fn open_report_of(app: &mut App, mut spec: ReportSpec) {
    let Some(r) = &app.reports else { return };
    spec.budgets = budgets(&app.replacements.budgets, app.lang).unwrap_or_default();
    match depot_report::build(&r.snap, &spec, app.lang) {
        Ok(rep) => {
            app.popup = Some(rep);
            app.popup_offset = 0;
        }
        Err(e) => {
            app.status = Some(if app.lang == crate::i18n::Lang::Zh {
                e.zh()
            } else {
                e.to_string()
            })
        }
    }
}

/// The target the dashboard shows for a metric over everything: of its targets, the one
/// furthest from being met (missed before behind before met), then the strictest, then the
/// earliest. Its status is the report's own judgement (`report targets`), not a copy of it.
pub fn headline_target(r: &Reports, m: Metric) -> Option<&TargetResult> {
    // The high-end share is set per category; the dashboard shows vehicles'.
    let scope = if m == Metric::HighEndShare {
        TargetScope::Category(depot_domain::Category::Vehicle)
    } else {
        TargetScope::Everything
    };
    let rank = |s: TargetStatus| match s {
        TargetStatus::Missed => 2,
        TargetStatus::Behind => 1,
        TargetStatus::Met => 0,
    };
    r.targets
        .iter()
        .filter(|t| t.target.metric == m && t.target.scope == scope)
        .max_by(|a, b| {
            (rank(a.status), a.target.target)
                .cmp(&(rank(b.status), b.target.target))
                .then(b.target.deadline.cmp(&a.target.deadline))
        })
}

/// A target as text: `target 100 % by 2025-12-31`.
pub fn target_text(app: &App, t: &TargetResult) -> String {
    format!(
        "{} {} % {} {}",
        app.t(T::Target),
        t.target.target.normalize(),
        app.t(T::By),
        t.target.deadline
    )
}

/// A target's status in words (the report's words) and the colour that goes with them; under
/// `NO_COLOR` the words carry it alone.
pub fn status_words(app: &App, s: TargetStatus) -> (&'static str, Color) {
    let word = match app.lang {
        crate::i18n::Lang::Zh => s.zh(),
        crate::i18n::Lang::En => s.en(),
    };
    let colour = match s {
        TargetStatus::Met => Color::Green,
        TargetStatus::Behind => Color::Yellow,
        TargetStatus::Missed => Color::Red,
    };
    (word, colour)
}

/// The units tree's detail for place `p`: each of its lines (an index into `s.lines`) with the
/// mark it shows, the same judgement as the shortfall list's.
pub(crate) fn tree_lines(
    s: &depot_domain::readiness::Snapshot,
    ready: &depot_domain::readiness::Readiness,
    p: u32,
) -> Vec<(usize, LineStatus)> {
    s.lines_of(p)
        .map(|li| (li, ready.lines[li].status(s.lines[li].required)))
        .collect()
}

pub fn draw_popup(app: &App, p: &depot_report::table::Report, f: &mut Frame, area: Rect) {
    let r = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    crate::style::clear_overlay(f, r);
    // Reports are built in the interface's language (`report::build` takes it): drawn as the
    // command line draws them, as wide as the popup.
    let mut text: Vec<u8> = Vec::new();
    let width = usize::from(r.width.saturating_sub(2));
    let _ = depot_report::table::write_table(&names_first(p, width), width, &mut text);
    let lines: Vec<Line> = String::from_utf8_lossy(&text)
        .lines()
        .skip(1)
        .skip(app.popup_offset)
        .map(|l| Line::from(l.to_owned()))
        .collect();
    f.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} · ↑↓ PgUp PgDn · Esc ", p.title)),
        ),
        r,
    );
}

/// The report as the popup shows it: where a section does not fit `width`, a code that has
/// its name beside it (`ZHAN-0001 清州市…`, `V-GQ 供气消防车`) gives way to the name, which is
/// what people decide by; a table never cuts a code, so the names were cut to nothing. In
/// Chinese, a code that is an English word (a module's `water`, a status's `met`) always gives
/// way to its name beside it.
fn names_first(p: &depot_report::table::Report, width: usize) -> depot_report::table::Report {
    use depot_report::table::Kind;
    use unicode_width::UnicodeWidthStr;
    let mut p = p.clone();
    for sec in &mut p.sections {
        let natural: usize = (0..sec.cols.len())
            .map(|j| {
                let head = sec.cols[j].name(p.lang).width() + 2;
                sec.rows
                    .iter()
                    .filter_map(|r| r.get(j))
                    .map(|c| c.display(p.lang).width())
                    .fold(head, usize::max)
            })
            .sum();
        let fits = natural <= width;
        let zh = p.lang == crate::i18n::Lang::Zh;
        let words = ["module", "category", "metric", "status", "kind"];
        let named: Vec<bool> = (0..sec.cols.len())
            .map(|j| {
                sec.cols[j].kind == Kind::Code
                    && (!fits || (zh && words.contains(&sec.cols[j].key)))
                    && sec
                        .cols
                        .get(j + 1)
                        .is_some_and(|n| n.kind == Kind::Text && n.key.ends_with("name"))
            })
            .collect();
        if !named.contains(&true) {
            continue;
        }
        let keep = |j: usize| !named[j];
        sec.cols = (0..sec.cols.len())
            .filter(|&j| keep(j))
            .map(|j| sec.cols[j])
            .collect();
        for row in &mut sec.rows {
            *row = std::mem::take(row)
                .into_iter()
                .enumerate()
                .filter(|(j, _)| keep(*j))
                .map(|(_, c)| c)
                .collect();
        }
    }
    p
}

/// The places in tree order: each unit, then its warehouses and the units below it.
pub fn tree_order(s: &depot_domain::readiness::Snapshot) -> Vec<u32> {
    let n = s.places.len();
    let mut children: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for (i, p) in s.places.iter().enumerate() {
        if p.kind == PlaceKind::Unknown {
            continue;
        }
        match p.parent {
            Some(parent) => children[parent as usize].push(i as u32),
            None => roots.push(i as u32),
        }
    }
    let mut out = Vec::with_capacity(n);
    let mut stack: Vec<u32> = roots.into_iter().rev().collect();
    while let Some(p) = stack.pop() {
        out.push(p);
        // Warehouses first, then units, each in code order.
        let mut kids = children[p as usize].clone();
        kids.sort_by_key(|c| {
            (
                s.places[*c as usize].kind != PlaceKind::Warehouse,
                s.places[*c as usize].code.clone(),
            )
        });
        stack.extend(kids.into_iter().rev());
    }
    out
}
