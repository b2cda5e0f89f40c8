//! The depots' figures read from the store, in the order shown; whether another terminal's
//! ingest changed them; the rows scrolled into view.

use super::layout::list_rows;
use crate::app::App;
use crate::state::hq::{ChartView, CirclesView, DepotView, HqState, Read};
use crate::words::say;
use depot_service::hq::figures::{self, DepotFigures, DepotState, ReadinessLine, STALE_DAYS};
use depot_service::store::Store;
use depot_service::store::hq::HqDepot;

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
    super::chart::ask(app, store);
    super::circles::ask(app, store);
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
    // What the chart drew is of the bundles before: read again (`chart::ask`).
    let chart = ChartView {
        open: old.chart.open,
        generation: old.chart.generation + 1,
        ..ChartView::default()
    };
    // So are the circles (`circles::make`), where the screen was.
    let circles = CirclesView {
        read: Read::default(),
        ..old.circles
    };
    let mut hq = HqState {
        depots,
        sel,
        offset: old.offset,
        open: None,
        chart,
        circles,
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

/// Keeps the selected depot on screen.
pub(super) fn scroll(app: &mut App) {
    let rows = list_rows(app);
    if let Some(hq) = &mut app.hq {
        if hq.sel < hq.offset {
            hq.offset = hq.sel;
        } else if hq.sel >= hq.offset + rows {
            hq.offset = hq.sel + 1 - rows;
        }
    }
}
