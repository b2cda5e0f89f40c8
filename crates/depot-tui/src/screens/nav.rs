//! Going to a screen: it opens with the snapshot it shows loaded (the depots on a
//! headquarters database, the register, the readiness figures, the trend when its view is
//! open). `update` re-exports it.

use depot_service::store::Store;

use crate::app::{App, Screen};
use crate::screens::inventory::load::load_inventory;
use crate::screens::{hq, readiness, trend};

pub fn go(app: &mut App, store: &Store, s: Screen) {
    app.screen = s;
    app.status = None;
    app.popup = None;
    if s == Screen::Dashboard && app.hq.is_none() {
        hq::load(app, store);
    }
    if s == Screen::Dashboard {
        trend::ask(app, store);
    }
    if s == Screen::Inventory && app.inventory.is_none() {
        load_inventory(app, store);
    }
    if matches!(s, Screen::Dashboard | Screen::Units | Screen::Replacements)
        && app.reports.is_none()
    {
        readiness::load_reports(app, store);
    }
}
