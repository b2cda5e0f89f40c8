//! The headquarters dashboard's words: states, dates and bundles in words, a depot's facts,
//! the service's row, the footer, and the notice on a database without a register.

use crate::app::App;
use crate::i18n::{Lang, T};
use crate::screens::figures::{money, pct};
use crate::state::hq::HqState;
use crate::style::fg;
use depot_domain::msg::tui::TuiMsg;
use depot_domain::readiness::Tally;
use depot_service::hq::figures::{DepotFigures, DepotState, ReadinessLine, STALE_DAYS};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Paragraph, Wrap};
use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

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
pub(super) fn module_text(app: &App, code: &str) -> String {
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
pub(super) fn what_text(app: &App, l: &ReadinessLine) -> String {
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

pub(super) fn wrapped(lines: &[String], width: u16) -> u16 {
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
pub(super) fn when(t: &str) -> String {
    t.get(..16)
        .map_or_else(|| t.to_owned(), |s| s.replacen('T', " ", 1))
}

/// How current a depot's figures are, in words (the colour only repeats them).
pub(super) fn state_text(app: &App, s: DepotState) -> String {
    let days = |d: i64| {
        TuiMsg::DaysOld {
            days: d.to_string(),
        }
        .say(app.lang)
    };
    match s {
        DepotState::NoBundle => app.t(T::HqNoBundle).to_owned(),
        DepotState::Current { days: d } if d < 0 => app.t(T::HqCurrent).to_owned(),
        DepotState::Current { days: d } => format!("{}{}", app.t(T::HqCurrent), days(d)),
        DepotState::Stale { days: d } => format!("{}{}", app.t(T::HqStale), days(d)),
    }
}

pub(super) fn state_style(app: &App, s: DepotState) -> Style {
    match s {
        DepotState::Stale { .. } => fg(app, Color::Red).add_modifier(Modifier::BOLD),
        DepotState::NoBundle => fg(app, Color::Yellow),
        DepotState::Current { .. } => Style::default(),
    }
}

/// The whole service: every line of every depot's latest bundle pooled, each line weighing
/// the same (as within one depot), and the units and warehouses meeting every line of theirs.
pub(super) struct Service {
    pub(super) tally: Tally,
    scopes: u32,
    compliant: u32,
    pub(super) current: usize,
    stale: usize,
    none: usize,
}

impl Service {
    pub(super) fn of(depots: &[DepotFigures]) -> Service {
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

    pub(super) fn compliance_rate(&self) -> Option<Decimal> {
        (self.scopes > 0).then(|| {
            (Decimal::from(self.compliant) * Decimal::ONE_HUNDRED / Decimal::from(self.scopes))
                .round_dp(1)
        })
    }
}

/// The lines under the list: the selected depot's last bundle, how many depots stand how, and
/// what the row for the whole service is.
pub(super) fn footer(app: &App, hq: &HqState) -> Vec<String> {
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
    out.push(
        TuiMsg::DepotsByState {
            depots: depot_count(app, n),
            current: s.current.to_string(),
            stale: s.stale.to_string(),
            days: STALE_DAYS.to_string(),
            none: s.none.to_string(),
        }
        .say(app.lang),
    );
    out.push(app.t(T::HqPooled).to_owned());
    out
}

/// `n` depots, in words.
pub(super) fn depot_count(app: &App, n: usize) -> String {
    match (app.lang, n) {
        (Lang::En, 1) => "1 depot".to_owned(),
        _ => format!("{n} {}", app.t(T::HqDepotCount)),
    }
}

/// A depot's last bundle in words.
fn bundle_text(app: &App, d: &DepotFigures) -> String {
    match &d.depot.last {
        None => app.t(T::HqNoBundle).to_owned(),
        Some(l) => TuiMsg::LastBundle {
            as_of: l.as_of.to_string(),
            created: when(&l.created),
            ingested_word: app.t(T::HqIngested).to_owned(),
            ingested: when(&l.ingested),
            held_word: app.t(T::HqMovementsTo).to_owned(),
            last_seq: l.last_seq.to_string(),
        }
        .say(app.lang),
    }
}

/// The opened depot's headline figures and its last bundle.
pub(super) fn depot_facts(app: &App, d: &DepotFigures) -> Vec<String> {
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
        TuiMsg::DepotShortAndDue {
            short: d.short_lines().to_string(),
            lines: d.tally.lines.to_string(),
            year: year.to_string(),
            due: d.due.to_string(),
            cost: money(d.due_cost, app.lang),
        }
        .say(app.lang),
        bundle_text(app, d),
    ]
}
