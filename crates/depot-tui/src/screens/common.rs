//! What the screens' updates share that no screen owns: where a moving key takes a list's
//! selection, and the snapshots (and the trend) a write leaves stale.

use crate::app::App;
use crate::keymap::Action;

/// Where a list's selection goes for a moving action (`None`: the action does not move it).
pub fn moved(a: &Action, selected: usize, len: usize, page: usize) -> Option<usize> {
    let last = len.saturating_sub(1) as isize;
    let by = |d: isize| Some((selected as isize + d).clamp(0, last.max(0)) as usize);
    match a {
        Action::Up => by(-1),
        Action::Down => by(1),
        Action::Scroll(d) => by(*d as isize),
        Action::PageUp => by(-(page as isize)),
        Action::PageDown => by(page as isize),
        Action::Home => Some(0),
        Action::End => Some(last.max(0) as usize),
        _ => None,
    }
}

/// After a write: the snapshots behind the inventory and the readiness screens are stale.
pub fn written(app: &mut App) {
    app.inventory = None;
    app.reports = None;
    app.trend.stale();
}
