//! The register read for the inventory screen: loaded (or reloaded after writes) from a fresh
//! snapshot, with the history of the selected row. Going to the screen (`nav::go`) loads it,
//! so it imports nothing that goes to a screen.

use depot_service::query::{self, SortKey};
use depot_service::store::Store;

use crate::app::App;
use crate::reader::Ask;
use crate::state::inventory::{InventoryState, Pane};
use crate::words::say;

/// Loads (or reloads after writes) the inventory from a fresh snapshot.
pub fn load_inventory(app: &mut App, store: &Store) {
    match query::inventory(store) {
        Ok(inv) => {
            let query = app
                .inventory
                .as_ref()
                .map(|i| i.query.clone())
                .unwrap_or_default();
            let view = inv.filter(&query);
            app.inventory = Some(InventoryState {
                inv,
                filtered: Some(query.clone()),
                query,
                view,
                sort: SortKey::Barcode,
                descending: false,
                selected: 0,
                offset: 0,
                pane: Pane::Main,
                history: Vec::new(),
                history_of: None,
                page: None,
                page_offset: 0,
            });
            refresh_history(app, store);
        }
        Err(e) => app.status = Some(say(app, &e)),
    }
}

pub fn refresh_history(app: &mut App, store: &Store) {
    let Some(inv) = &mut app.inventory else {
        return;
    };
    let Some(&i) = inv.view.get(inv.selected) else {
        inv.history.clear();
        inv.history_of = None;
        return;
    };
    let barcode = inv.inv.rows[i as usize].barcode.clone();
    if inv.history_of.as_deref() != Some(&*barcode) {
        inv.history_of = Some(barcode.clone());
        match &app.reads {
            // Read off the key loop; shown when it arrives, if this row is still selected.
            Some(reads) if reads.send(Ask::History(barcode.clone())).is_ok() => {
                inv.history.clear();
            }
            _ => inv.history = query::history(store, &barcode).unwrap_or_default(),
        }
    }
}
