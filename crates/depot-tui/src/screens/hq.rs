//! Screen 1 on a headquarters database (one with enrolled depots): the depots that send it
//! bundles, each with its rates, its last bundle and how current that is, under a row for the
//! whole service; Enter opens one depot's figures and the lines of its latest `readiness.csv`,
//! Esc goes back. The figures are `service::hq::figures`'s, read again when another terminal
//! ingests (`update::others`).

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};
use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

use super::readiness::{money, pct};
use crate::app::App;
use crate::i18n::{Lang, T};
use crate::keymap::Action;
use crate::update::{Outcome, moved, say};
use crate::view::{fg, selected};
use depot_domain::readiness::{LineStatus, Tally, rate_text};
use depot_service::hq::figures::{self, DepotFigures, DepotState, ReadinessLine, STALE_DAYS};
use depot_service::store::Store;
use depot_service::store::hq::HqDepot;

/// The headquarters dashboard's state: the depots' figures in the order shown, the selected
/// one, and the depot opened with Enter.
#[derive(Debug, Clone, Default)]
pub struct HqState {
    /// Stale depots first, then those with no bundle yet (both want someone to act), then the
    /// current ones; each group by code.
    pub depots: Vec<DepotFigures>,
    pub sel: usize,
    pub offset: usize,
    pub open: Option<DepotView>,
}

/// One depot opened: the lines of its latest `readiness.csv`, and the first one shown.
#[derive(Debug, Clone)]
pub struct DepotView {
    pub code: String,
    pub lines: Vec<ReadinessLine>,
    pub offset: usize,
}

fn rank(s: DepotState) -> u8 {
    match s {
        DepotState::Stale { .. } => 0,
        DepotState::NoBundle => 1,
        DepotState::Current { .. } => 2,
    }
}

/// Reads the depots' figures again (or for the first time), keeping the selected depot and
/// the one opened; on a database with no enrolled depot, leaves `app.hq` empty (the register's
/// own dashboard is shown).
pub fn load(app: &mut App, store: &Store) {
    let got = figures::is_headquarters(store).and_then(|hq| {
        hq.then(|| figures::overview(store, app.as_of, STALE_DAYS))
            .transpose()
    });
    let depots = match got {
        Ok(Some(d)) => d,
        Ok(None) => {
            app.hq = None;
            return;
        }
        Err(e) => {
            app.status = Some(say(app, &e));
            return;
        }
    };
    let open = app
        .hq
        .as_ref()
        .and_then(|h| h.open.as_ref())
        .map(|v| (v.code.clone(), figures::depot_lines(store, &v.code)));
    take(app, depots, open);
}

/// Shows `depots` (read here, or on the watching thread), keeping the selected depot and the
/// one opened, whose lines `open` holds as read with them.
pub fn take(
    app: &mut App,
    mut depots: Vec<DepotFigures>,
    open: Option<(String, depot_service::Result<Vec<ReadinessLine>>)>,
) {
    depots.sort_by(|a, b| (rank(a.state), &a.depot.code).cmp(&(rank(b.state), &b.depot.code)));
    let old = app.hq.take().unwrap_or_default();
    let was = old.depots.get(old.sel).map(|d| d.depot.code.clone());
    let sel = was
        .and_then(|c| depots.iter().position(|d| d.depot.code == c))
        .unwrap_or(0);
    let mut hq = HqState {
        depots,
        sel,
        offset: old.offset,
        open: None,
    };
    if let Some(v) = old.open {
        match open.filter(|(code, _)| *code == v.code).map(|(_, l)| l) {
            Some(Ok(lines)) => {
                hq.open = Some(DepotView {
                    offset: v.offset.min(lines.len().saturating_sub(1)),
                    lines,
                    code: v.code,
                })
            }
            Some(Err(e)) => app.status = Some(say(app, &e)),
            // Read before the depot was opened: it stays open with what it showed.
            None => hq.open = Some(v),
        }
    }
    app.hq = Some(hq);
    scroll(app);
}

/// The depot whose lines are open, if any: the watching thread reads them with the rest.
pub fn open_depot(app: &App) -> Option<String> {
    app.hq.as_ref()?.open.as_ref().map(|v| v.code.clone())
}

/// Whether the depots enrolled, or their last bundles, differ from those shown (`now`, in code
/// order, as `service::hq::depots` gives them).
pub fn changed(app: &App, now: &[HqDepot]) -> bool {
    let Some(hq) = &app.hq else {
        return !now.is_empty();
    };
    let mut shown: Vec<&HqDepot> = hq.depots.iter().map(|d| &d.depot).collect();
    shown.sort_by(|a, b| a.code.cmp(&b.code));
    shown.len() != now.len() || shown.iter().zip(now).any(|(a, b)| *a != b)
}

pub fn update(app: &mut App, store: &Store, a: Action) -> Outcome {
    let (rows, line_rows) = (list_rows(app), line_rows(app));
    let Some(hq) = &mut app.hq else {
        return Outcome::None;
    };
    if let Some(v) = &mut hq.open {
        match a {
            Action::Back => hq.open = None,
            a => {
                let last = v.lines.len().saturating_sub(line_rows);
                if let Some(o) = moved(&a, v.offset, last + 1, line_rows) {
                    v.offset = o;
                }
            }
        }
        return Outcome::None;
    }
    match a {
        Action::Enter => {
            let Some(code) = hq.depots.get(hq.sel).map(|d| d.depot.code.clone()) else {
                return Outcome::None;
            };
            match figures::depot_lines(store, &code) {
                Ok(lines) => {
                    hq.open = Some(DepotView {
                        code,
                        lines,
                        offset: 0,
                    })
                }
                Err(e) => {
                    app.status = Some(say(app, &e));
                    return Outcome::Bell;
                }
            }
        }
        a => {
            if let Some(i) = moved(&a, hq.sel, hq.depots.len(), rows) {
                hq.sel = i;
            }
        }
    }
    scroll(app);
    Outcome::None
}

/// Keeps the selected depot on screen.
fn scroll(app: &mut App) {
    let rows = list_rows(app);
    if let Some(hq) = &mut app.hq {
        if hq.sel < hq.offset {
            hq.offset = hq.sel;
        } else if hq.sel >= hq.offset + rows {
            hq.offset = hq.sel + 1 - rows;
        }
    }
}

/// The screen's body at the terminal's size (below the tab bar, above the status line).
fn body(app: &App) -> Rect {
    Rect::new(0, 1, app.size.0, app.size.1.saturating_sub(2))
}

/// Depot rows the list shows at the terminal's size.
fn list_rows(app: &App) -> usize {
    let Some(hq) = &app.hq else { return 1 };
    let [table, _] = list_areas(app, hq, body(app));
    // Borders, the header and the row for the whole service.
    usize::from(table.height.saturating_sub(4)).max(1)
}

/// Lines of a depot's readiness the depot view shows at the terminal's size.
fn line_rows(app: &App) -> usize {
    let Some(hq) = &app.hq else { return 1 };
    let Some(v) = &hq.open else { return 1 };
    let [_, table] = depot_areas(app, hq, v, body(app));
    usize::from(table.height.saturating_sub(3)).max(1)
}

/// Rows `lines` take when wrapped at `width` columns as `Paragraph` wraps them: at spaces,
/// a word too long for a row of its own cut where the row ends.
/// At headquarters, on a database with no register of its own, screens 2-6 have nothing to
/// show: says so over the top of the screen, and where to look instead; returns the area left.
pub fn without_register(app: &App, f: &mut Frame, area: Rect) -> Rect {
    if !app.hq_no_register || app.screen == crate::app::Screen::Dashboard {
        return area;
    }
    let text = app.t(T::HqNoRegister).to_owned();
    let h = wrapped(std::slice::from_ref(&text), area.width).min(area.height / 2);
    let [note, rest] = Layout::vertical([Constraint::Length(h), Constraint::Min(1)]).areas(area);
    f.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .style(fg(app, Color::Yellow).add_modifier(Modifier::BOLD)),
        note,
    );
    rest
}

/// A module as people read it: a shipped module by its name in the reader's language (the
/// bundle carries the code), any other by its code.
fn module_text(app: &App, code: &str) -> String {
    depot_domain::SHIPPED_MODULES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(
            code,
            |(_, zh, en)| if app.lang == Lang::Zh { zh } else { en },
        )
        .to_owned()
}

/// What a line counts, as people read it: the item's name before its code (the code gives
/// way first at 80 columns), a category in words.
fn what_text(app: &App, l: &ReadinessLine) -> String {
    use depot_domain::vocab::Vocabulary;
    if let Some(c) = l
        .what
        .strip_prefix("category:")
        .and_then(depot_domain::Category::from_word)
    {
        let word = if app.lang == Lang::Zh { c.zh() } else { c.en() };
        return format!("{}{word}", app.t(T::CategoryOf));
    }
    if l.what_name.is_empty() {
        l.what.clone()
    } else {
        format!("{} {}", l.what_name, l.what)
    }
}

fn wrapped(lines: &[String], width: u16) -> u16 {
    let w = usize::from(width).max(1);
    let mut rows = 0;
    for l in lines {
        let (mut n, mut used) = (1, 0);
        for word in l.split(' ').filter(|t| !t.is_empty()) {
            let ww = word.width();
            if used > 0 && used + 1 + ww <= w {
                used += 1 + ww;
                continue;
            }
            if used > 0 {
                n += 1;
            }
            // A word wider than a row fills rows of its own, its end starting the next.
            n += (ww.max(1) - 1) / w;
            used = ww - (ww.max(1) - 1) / w * w;
        }
        rows += n;
    }
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// A bundle's time (RFC 3339) to the minute, as people read it.
fn when(t: &str) -> String {
    t.get(..16)
        .map_or_else(|| t.to_owned(), |s| s.replacen('T', " ", 1))
}

/// Text in the interface's language.
fn say2(app: &App, en: String, zh: String) -> String {
    match app.lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// How current a depot's figures are, in words (the colour only repeats them).
fn state_text(app: &App, s: DepotState) -> String {
    let days = |d: i64| match app.lang {
        Lang::En => format!(" {d} d"),
        Lang::Zh => format!(" {d}天"),
    };
    match s {
        DepotState::NoBundle => app.t(T::HqNoBundle).to_owned(),
        DepotState::Current { days: d } if d < 0 => app.t(T::HqCurrent).to_owned(),
        DepotState::Current { days: d } => format!("{}{}", app.t(T::HqCurrent), days(d)),
        DepotState::Stale { days: d } => format!("{}{}", app.t(T::HqStale), days(d)),
    }
}

fn state_style(app: &App, s: DepotState) -> Style {
    match s {
        DepotState::Stale { .. } => fg(app, Color::Red).add_modifier(Modifier::BOLD),
        DepotState::NoBundle => fg(app, Color::Yellow),
        DepotState::Current { .. } => Style::default(),
    }
}

/// The whole service: every line of every depot's latest bundle pooled, each line weighing
/// the same (as within one depot), and the units and warehouses meeting every line of theirs.
struct Service {
    tally: Tally,
    scopes: u32,
    compliant: u32,
    current: usize,
    stale: usize,
    none: usize,
}

impl Service {
    fn of(depots: &[DepotFigures]) -> Service {
        let mut s = Service {
            tally: Tally::default(),
            scopes: 0,
            compliant: 0,
            current: 0,
            stale: 0,
            none: 0,
        };
        for d in depots {
            s.tally += &d.tally;
            s.scopes += d.scopes;
            s.compliant += d.compliant;
            match d.state {
                DepotState::Current { .. } => s.current += 1,
                DepotState::Stale { .. } => s.stale += 1,
                DepotState::NoBundle => s.none += 1,
            }
        }
        s
    }

    fn compliance_rate(&self) -> Option<Decimal> {
        (self.scopes > 0).then(|| {
            (Decimal::from(self.compliant) * Decimal::ONE_HUNDRED / Decimal::from(self.scopes))
                .round_dp(1)
        })
    }
}

/// The lines under the list: the selected depot's last bundle, how many depots stand how, and
/// what the row for the whole service is.
fn footer(app: &App, hq: &HqState) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(d) = hq.depots.get(hq.sel) {
        out.push(format!(
            "▶ {} {}: {}",
            d.depot.code,
            d.depot.name,
            bundle_text(app, d)
        ));
    }
    let s = Service::of(&hq.depots);
    let n = hq.depots.len();
    out.push(say2(
        app,
        format!(
            "{}: {} current, {} STALE (written more than {STALE_DAYS} days before the as-of date), {} with no bundle",
            depot_count(app, n),
            s.current,
            s.stale,
            s.none
        ),
        format!(
            "{n} 个库：正常 {}，过期 {}（生成距截至日期已超过 {STALE_DAYS} 天），无数据包 {}",
            s.current, s.stale, s.none
        ),
    ));
    out.push(app.t(T::HqPooled).to_owned());
    out
}

/// `n` depots, in words.
fn depot_count(app: &App, n: usize) -> String {
    match (app.lang, n) {
        (Lang::En, 1) => "1 depot".to_owned(),
        _ => format!("{n} {}", app.t(T::HqDepotCount)),
    }
}

/// A depot's last bundle in words.
fn bundle_text(app: &App, d: &DepotFigures) -> String {
    match &d.depot.last {
        None => app.t(T::HqNoBundle).to_owned(),
        Some(l) => say2(
            app,
            format!(
                "bundle as of {} · written {} · {} {} · {} {}",
                l.as_of,
                when(&l.created),
                app.t(T::HqIngested),
                when(&l.ingested),
                app.t(T::HqMovementsTo),
                l.last_seq
            ),
            format!(
                "数据包截至 {} · 生成于 {} · {} {} · {} {} 条",
                l.as_of,
                when(&l.created),
                app.t(T::HqIngested),
                when(&l.ingested),
                app.t(T::HqMovementsTo),
                l.last_seq
            ),
        ),
    }
}

fn list_areas(app: &App, hq: &HqState, area: Rect) -> [Rect; 2] {
    let h = wrapped(&footer(app, hq), area.width);
    Layout::vertical([Constraint::Min(5), Constraint::Length(h)]).areas(area)
}

fn right(s: impl Into<String>) -> Cell<'static> {
    Cell::from(Line::from(s.into()).alignment(Alignment::Right))
}

pub fn draw(app: &App, hq: &HqState, f: &mut Frame, area: Rect) {
    match &hq.open {
        Some(v) => draw_depot(app, hq, v, f, area),
        None => draw_list(app, hq, f, area),
    }
}

fn draw_list(app: &App, hq: &HqState, f: &mut Frame, area: Rect) {
    let [table_area, foot] = list_areas(app, hq, area);
    // The date each bundle was written has a column of its own where it fits; at 80 columns
    // the line under the list gives it for the selected depot.
    let wide = area.width >= 120;
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut header = vec![
        Cell::from(app.t(T::HqCode)),
        Cell::from(app.t(T::HqName)),
        right(app.t(T::HqEquippedPct)),
        right(app.t(T::HqCoveragePct)),
        right(app.t(T::HqCompliancePct)),
        right(app.t(T::HqShort)),
        Cell::from(app.t(T::AsOf)),
    ];
    if wide {
        header.push(Cell::from(app.t(T::HqWritten)));
    }
    header.push(Cell::from(app.t(T::Status)));
    let s = Service::of(&hq.depots);
    let n = hq.depots.len();
    let mut all = vec![
        Cell::from(app.t(T::HqAll)),
        Cell::from(depot_count(app, n)),
        right(rate_text(s.tally.equipped_rate())),
        right(rate_text(s.tally.ready_coverage())),
        right(rate_text(s.compliance_rate())),
        right((s.tally.lines - s.tally.equipped).to_string()),
        Cell::from(""),
    ];
    if wide {
        all.push(Cell::from(""));
    }
    all.push(Cell::from(say2(
        app,
        format!("{}/{n} current", s.current),
        format!("正常 {}/{n}", s.current),
    )));
    let mut rows = vec![Row::new(all).style(bold)];
    let shown = list_rows(app);
    for d in hq.depots.iter().skip(hq.offset).take(shown) {
        let last = d.depot.last.as_ref();
        let mut cells = vec![
            Cell::from(d.depot.code.clone()),
            Cell::from(d.depot.name.clone()),
            right(rate_text(d.tally.equipped_rate())),
            right(rate_text(d.tally.ready_coverage())),
            right(rate_text(d.compliance_rate())),
            right(if last.is_some() {
                d.short_lines().to_string()
            } else {
                String::new()
            }),
            Cell::from(last.map(|l| l.as_of.to_string()).unwrap_or_default()),
        ];
        if wide {
            cells.push(Cell::from(
                last.map(|l| when(&l.created)).unwrap_or_default(),
            ));
        }
        cells.push(Cell::from(state_text(app, d.state)).style(state_style(app, d.state)));
        rows.push(Row::new(cells));
    }
    let code_w = hq
        .depots
        .iter()
        .map(|d| d.depot.code.width())
        .chain([app.t(T::HqCode).width(), app.t(T::HqAll).width()])
        .max()
        .unwrap_or(4) as u16;
    let state_w = hq
        .depots
        .iter()
        .map(|d| state_text(app, d.state).width())
        .chain([app.t(T::Status).width(), 11])
        .max()
        .unwrap_or(11) as u16;
    let name_w = hq
        .depots
        .iter()
        .map(|d| d.depot.name.width())
        .chain([app.t(T::HqName).width(), 8])
        .max()
        .unwrap_or(8) as u16;
    // Where the names fit, the room left over goes to the last column, not between them.
    let name = if wide {
        Constraint::Length(name_w)
    } else {
        Constraint::Min(8)
    };
    let mut widths = vec![
        Constraint::Length(code_w),
        name,
        Constraint::Length(7),
        Constraint::Length(7),
        Constraint::Length(7),
        Constraint::Length(5),
        Constraint::Length(10),
    ];
    if wide {
        widths.push(Constraint::Length(16));
    }
    widths.push(if wide {
        Constraint::Min(state_w)
    } else {
        Constraint::Length(state_w)
    });
    let title = format!(" {} · ↑↓ · {} ", app.t(T::HqDepots), app.t(T::HqOpen));
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(bold))
        .row_highlight_style(selected(app))
        .block(Block::default().borders(Borders::ALL).title(title));
    let mut state = TableState::default().with_selected(Some(1 + hq.sel.saturating_sub(hq.offset)));
    f.render_stateful_widget(table, table_area, &mut state);
    let lines: Vec<Line> = footer(app, hq).into_iter().map(Line::from).collect();
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .style(fg(app, Color::Gray)),
        foot,
    );
}

/// The opened depot's headline figures and its last bundle.
fn depot_facts(app: &App, d: &DepotFigures) -> Vec<String> {
    let comp = match d.compliance_rate() {
        Some(_) => format!(
            "{} ({}/{})",
            pct(d.compliance_rate()),
            d.compliant,
            d.scopes
        ),
        None => String::new(),
    };
    let year = d
        .depot
        .last
        .as_ref()
        .map_or(chrono::Datelike::year(&app.as_of), |l| {
            chrono::Datelike::year(&l.as_of)
        });
    vec![
        format!(
            "{} · {} {} · {} {} · {} {}",
            state_text(app, d.state),
            app.t(T::Equipped),
            pct(d.tally.equipped_rate()),
            app.t(T::Coverage),
            pct(d.tally.ready_coverage()),
            app.t(T::Compliance),
            comp
        ),
        say2(
            app,
            format!(
                "Short lines {} of {} · replacements due by the end of {year}: {} (cost {})",
                d.short_lines(),
                d.tally.lines,
                d.due,
                money(d.due_cost, app.lang)
            ),
            format!(
                "缺项 {}/{} · {year} 年底前到期应更新 {} 件（费用 {}）",
                d.short_lines(),
                d.tally.lines,
                d.due,
                money(d.due_cost, app.lang)
            ),
        ),
        bundle_text(app, d),
    ]
}

fn depot_areas(app: &App, hq: &HqState, v: &DepotView, area: Rect) -> [Rect; 2] {
    let h = hq
        .depots
        .iter()
        .find(|d| d.depot.code == v.code)
        .map_or(1, |d| {
            wrapped(&depot_facts(app, d), area.width.saturating_sub(2))
        });
    Layout::vertical([Constraint::Length(h + 2), Constraint::Min(4)]).areas(area)
}

fn status_cell(app: &App, s: LineStatus) -> (String, Style) {
    match s {
        LineStatus::Met => (format!("✓ {}", app.t(T::HqLineMet)), Style::default()),
        LineStatus::NotReady => (
            format!("! {}", app.t(T::HqLineNotReady)),
            fg(app, Color::Yellow),
        ),
        LineStatus::Short => (format!("✗ {}", app.t(T::HqLineShort)), fg(app, Color::Red)),
    }
}

fn draw_depot(app: &App, hq: &HqState, v: &DepotView, f: &mut Frame, area: Rect) {
    let [top, table_area] = depot_areas(app, hq, v, area);
    let fig = hq.depots.iter().find(|d| d.depot.code == v.code);
    let name = fig.map(|d| d.depot.name.as_str()).unwrap_or_default();
    let facts: Vec<Line> = fig
        .map(|d| depot_facts(app, d))
        .unwrap_or_default()
        .into_iter()
        .map(Line::from)
        .collect();
    let style = fig.map_or(Style::default(), |d| state_style(app, d.state));
    f.render_widget(
        Paragraph::new(facts).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} {} ", v.code, name))
                .border_style(style),
        ),
        top,
    );
    // The scope's name has a column where it fits.
    let wide = area.width >= 120;
    let shown = usize::from(table_area.height.saturating_sub(3)).max(1);
    let end = (v.offset + shown).min(v.lines.len());
    let mut rows: Vec<Row> = v.lines[v.offset.min(end)..end]
        .iter()
        .map(|l| {
            let (status, style) = status_cell(app, l.status());
            let mut cells = vec![Cell::from(l.scope.clone())];
            if wide {
                cells.push(Cell::from(l.scope_name.clone()));
            }
            cells.extend([
                Cell::from(module_text(app, &l.module)),
                Cell::from(what_text(app, l)),
                right(l.required.normalize().to_string()),
                right(l.held.normalize().to_string()),
                right(l.ready.normalize().to_string()),
                Cell::from(status),
            ]);
            Row::new(cells).style(style)
        })
        .collect();
    if rows.is_empty() {
        rows.push(Row::new(vec![format!("({})", app.t(T::None))]));
    }
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut header = vec![Cell::from(app.t(T::HqScope))];
    if wide {
        header.push(Cell::from(app.t(T::HqName)));
    }
    header.extend([
        Cell::from(app.t(T::Module)),
        Cell::from(app.t(T::Item)),
        right(app.t(T::Required)),
        right(app.t(T::Held)),
        right(app.t(T::ReadyCount)),
        Cell::from(app.t(T::Status)),
    ]);
    // Each column as wide as its widest cell (of all the depot's lines, so that they stay
    // put while scrolling); where the screen is wide the room left goes to the last column.
    let col = |header: T, cell: &dyn Fn(&ReadinessLine) -> usize| {
        v.lines
            .iter()
            .map(cell)
            .chain([app.t(header).width(), 4])
            .max()
            .unwrap_or(4) as u16
    };
    let num = |d: Decimal| d.normalize().to_string().width();
    let mut widths = vec![Constraint::Length(col(T::HqScope, &|l| l.scope.width()))];
    if wide {
        widths.push(Constraint::Length(col(T::HqName, &|l| {
            l.scope_name.width()
        })));
    }
    let status_w = [T::HqLineMet, T::HqLineNotReady, T::HqLineShort]
        .iter()
        .map(|t| app.t(*t).width() + 2)
        .chain([app.t(T::Status).width()])
        .max()
        .unwrap_or(9) as u16;
    widths.extend([
        Constraint::Length(col(T::Module, &|l| module_text(app, &l.module).width())),
        if wide {
            Constraint::Length(col(T::Item, &|l| what_text(app, l).width()))
        } else {
            Constraint::Min(12)
        },
        Constraint::Length(col(T::Required, &|l| num(l.required))),
        Constraint::Length(col(T::Held, &|l| num(l.held))),
        Constraint::Length(col(T::ReadyCount, &|l| num(l.ready))),
        if wide {
            Constraint::Min(status_w)
        } else {
            Constraint::Length(status_w)
        },
    ]);
    let n = v.lines.len();
    let title = if n == 0 {
        format!(" {} · Esc ", app.t(T::HqLines))
    } else {
        format!(
            " {} · {}–{} / {n} · ↑↓ PgUp PgDn · Esc ",
            app.t(T::HqLines),
            v.offset + 1,
            end
        )
    };
    f.render_widget(
        Table::new(rows, widths)
            .header(Row::new(header).style(bold))
            .block(Block::default().borders(Borders::ALL).title(title)),
        table_area,
    );
}
