//! Screen 4's second view (Tab), the response circles of this depot (`circle_plan` draws
//! them): ← → a reserve module, ↑ ↓ an area, Enter the circles report of the area for the
//! module on screen, Tab the tree again.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::circle_plan::{draw_plan, navigate, place_name, rows_of};
use super::readiness::{circles_of, open_report_of};
use crate::app::{App, Screen};
use crate::keymap::Action;
use crate::outcome::Outcome;
use crate::screens::nav::go;
use crate::state::readiness::Reports;
use depot_report::{ReportKind, ReportSpec};
use depot_service::store::Store;

pub fn update(app: &mut App, store: &Store, a: Action) -> Outcome {
    let Some(r) = &mut app.reports else {
        return Outcome::None;
    };
    let c = r
        .circles
        .get_or_insert_with(|| circles_of(&r.snap, &r.ready));
    let st = &mut app.units;
    if navigate(c, (&mut st.module, &mut st.area), &a) {
        return Outcome::None;
    }
    match a {
        Action::NextPane => st.circles = false,
        // The report of the selected area, for the module on screen only.
        Action::Enter => {
            let code = rows_of(c, st.module)
                .get(st.area)
                .map(|a| r.snap.place(a.area).code.clone());
            let mut spec = ReportSpec::new(ReportKind::Circles, code, app.as_of);
            spec.module = c
                .modules
                .get(st.module)
                .map(|m| r.snap.module(*m).to_owned());
            open_report_of(app, spec);
        }
        Action::Back => go(app, store, Screen::Dashboard),
        _ => {}
    }
    let n = app
        .reports
        .as_ref()
        .and_then(|r| r.circles.as_ref())
        .map_or(0, |c| rows_of(c, app.units.module).len());
    app.units.area = app.units.area.min(n.saturating_sub(1));
    Outcome::None
}

pub fn draw(app: &App, r: &Reports, f: &mut Frame, area: Rect) {
    let Some(c) = &r.circles else {
        return;
    };
    let at = (app.units.module, app.units.area);
    let name = |p: u32| place_name(app, &r.snap, p);
    draw_plan(app, (&r.snap, c), at, (None, &name), f, area);
}
