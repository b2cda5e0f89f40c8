//! How the headquarters dashboard is laid out: its areas, and how many rows of the list and
//! of a depot's lines fit.

use super::state::{DepotView, HqState};
use super::text::{depot_facts, footer, wrapped};
use crate::app::App;
use ratatui::layout::{Constraint, Layout, Rect};

/// The screen's body at the terminal's size (below the tab bar, above the status line).
fn body(app: &App) -> Rect {
    Rect::new(0, 1, app.size.0, app.size.1.saturating_sub(2))
}

pub(super) fn list_areas(app: &App, hq: &HqState, area: Rect) -> [Rect; 2] {
    let h = wrapped(&footer(app, hq), area.width);
    Layout::vertical([Constraint::Min(5), Constraint::Length(h)]).areas(area)
}

pub(super) fn depot_areas(app: &App, hq: &HqState, v: &DepotView, area: Rect) -> [Rect; 2] {
    let h = hq
        .depots
        .iter()
        .find(|d| d.depot.code == v.code)
        .map_or(1, |d| {
            wrapped(&depot_facts(app, d), area.width.saturating_sub(2))
        });
    Layout::vertical([Constraint::Length(h + 2), Constraint::Min(4)]).areas(area)
}

/// Depot rows the list shows at the terminal's size.
pub(super) fn list_rows(app: &App) -> usize {
    let Some(hq) = &app.hq else { return 1 };
    let [table, _] = list_areas(app, hq, body(app));
    // Borders, the header and the row for the whole service.
    usize::from(table.height.saturating_sub(4)).max(1)
}

/// Lines of a depot's readiness the depot view shows at the terminal's size.
pub(super) fn line_rows(app: &App) -> usize {
    let Some(hq) = &app.hq else { return 1 };
    let Some(v) = &hq.open else { return 1 };
    let [_, table] = depot_areas(app, hq, v, body(app));
    usize::from(table.height.saturating_sub(3)).max(1)
}
