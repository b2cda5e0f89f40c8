//! The response circles at headquarters (Tab on the chart): every depot's units and warehouses
//! from their latest bundles, with the nearest stocked warehouse to the seat of each county,
//! city and the province against its circle and the units outside it, and the map
//! (`service::hq::circles`: what `depot hq report circles` prints); of the depot's own units
//! on its lines, read off the key loop. Drawn by the depot's circles view (`screens::circles`);
//! ← → the module, ↑ ↓ the area; Tab and Esc go back.

use std::collections::{HashMap, HashSet};

use ratatui::Frame;
use ratatui::layout::Rect;

use super::chart::subject;
use crate::app::App;
use crate::i18n::T;
use crate::keymap::Action;
use crate::reader::Ask;
use crate::screens::{circle_plan as circles, trend};
use crate::state::hq::HqState;
use crate::words::say;
use depot_domain::readiness::CircleSpec;
use depot_service::hq::circles::{ServiceCircles, service_circles};
use depot_service::store::Store;

/// The circles of `depot`'s units (`None`: the whole service), at the report's defaults: every
/// module, its threshold, its roads.
pub fn circles_of(
    store: &Store,
    depot: Option<&str>,
) -> depot_service::Result<Box<ServiceCircles>> {
    service_circles(store, depot, |_| Ok(CircleSpec::default())).map(Box::new)
}

/// Asks for the circles when they show and have none of their subject (the depot open, else
/// the whole service): of the reading thread, or (without one: the tests) here.
pub fn ask(app: &mut App, store: &Store) {
    let reads = app.reads.clone();
    let Some(hq) = &mut app.hq else { return };
    let who = subject(hq);
    let generation = hq.chart.generation;
    let v = &mut hq.circles;
    if !v.open || !v.read.wants(&who) {
        return;
    }
    let sent = reads.as_ref().is_some_and(|r| {
        r.send(Ask::HqCircles {
            generation,
            depot: who.clone(),
        })
        .is_ok()
    });
    if sent {
        v.read.asked = Some(who);
    } else {
        let made = circles_of(store, who.as_deref());
        take(app, generation, who, made);
    }
}

/// The circles made for `generation` (the depots' bundles as they were) and `depot`: shown
/// unless the bundles changed since, or the screen shows another's.
pub fn take(
    app: &mut App,
    generation: u64,
    depot: Option<String>,
    made: depot_service::Result<Box<ServiceCircles>>,
) {
    let made = made.map_err(|e| say(app, &e));
    let Some(hq) = &mut app.hq else { return };
    if generation != hq.chart.generation {
        return;
    }
    let who = subject(hq);
    let v = &mut hq.circles;
    v.read.answer(depot, &who, made);
    // Where the screen was, as far as the circles shown reach.
    if let Some(c) = v.read.of(&who) {
        circles::clamp(&c.plan, (&mut v.module, &mut v.area));
    }
}

/// Keys on the circles: Tab and Esc back to the list or the depot's lines, the others move.
pub fn update(app: &mut App, a: Action) {
    let Some(hq) = &mut app.hq else { return };
    let v = &mut hq.circles;
    match a {
        Action::NextPane | Action::Back => v.open = false,
        a => {
            if let Some((_, c)) = &v.read.got {
                circles::navigate(&c.plan, (&mut v.module, &mut v.area), &a);
            }
        }
    }
}

pub fn draw(app: &App, hq: &HqState, f: &mut Frame, area: Rect) {
    let who = subject(hq);
    let name = who.clone().unwrap_or_else(|| app.t(T::HqAll).to_owned());
    let tail = format!("{name} · {}", app.t(T::HqCirclesBack));
    match hq.circles.read.of(&who) {
        Some(c) => {
            let at = (hq.circles.module, hq.circles.area);
            let shared = shared_names(c);
            let name = |p: u32| {
                let name = circles::place_name(app, &c.snap, p);
                match c.depot_of(p) {
                    // The code first: at 80 columns a long name is cut.
                    Some(d) if shared.contains(name.as_str()) => format!("{} {name}", d.code),
                    _ => name,
                }
            };
            circles::draw_plan(app, (&c.snap, &c.plan), at, (Some(&tail), &name), f, area);
        }
        None => {
            let text = hq
                .circles
                .read
                .error
                .clone()
                .unwrap_or_else(|| app.t(T::HqCirclesLoading).to_owned());
            let title = format!(" {} · {tail} ", app.t(T::Circles));
            trend::waiting(title, text, f, area);
        }
    }
}

/// The names that places of more than one depot bear (two depots' counties of one name): on
/// screen each after its depot's code.
fn shared_names(c: &ServiceCircles) -> HashSet<&str> {
    let mut depots: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (p, place) in c.snap.places.iter().enumerate() {
        if let Some(d) = c.depot_of(p as u32) {
            depots
                .entry(place.name.as_str())
                .or_default()
                .insert(d.code.as_str());
        }
    }
    depots
        .into_iter()
        .filter(|(_, d)| d.len() > 1)
        .map(|(name, _)| name)
        .collect()
}
