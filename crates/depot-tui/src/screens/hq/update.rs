//! Keys on the headquarters dashboard: moving through the depots, opening one, scrolling its
//! lines, going back; Tab for readiness over time, Tab again for the response circles, and
//! back.

use super::layout::{line_rows, list_rows};
use super::load::scroll;
use crate::app::App;
use crate::keymap::Action;
use crate::outcome::Outcome;
use crate::screens::common::moved;
use crate::state::hq::DepotView;
use crate::words::say;
use depot_service::hq::figures::{self};
use depot_service::store::Store;

pub fn update(app: &mut App, store: &Store, a: Action) -> Outcome {
    let (rows, line_rows) = (list_rows(app), line_rows(app));
    let Some(hq) = &mut app.hq else {
        return Outcome::None;
    };
    // Tab: readiness over time of what is on screen; Tab again: its response circles; Tab
    // once more, or Esc on either, back. On the chart no other key does anything.
    if hq.circles.open {
        super::circles::update(app, a);
        return Outcome::None;
    }
    if hq.chart.open || a == Action::NextPane {
        match a {
            Action::NextPane if hq.chart.open => {
                hq.chart.open = false;
                hq.circles.open = true;
                hq.circles.read.error = None;
                super::circles::ask(app, store);
            }
            Action::NextPane | Action::Back => super::chart::toggle(app, store),
            _ => {}
        }
        return Outcome::None;
    }
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
