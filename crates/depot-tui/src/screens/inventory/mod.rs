//! Screen 2, inventory: the whole register in memory, filtered as you type and sorted both
//! ways; the history of the selected row; and the item page (Enter).

use crate::app::{App, Screen};
use crate::i18n::T;
use crate::keymap::Action;
use crate::outcome::Outcome;
use crate::screens::common::moved;
use crate::screens::nav::go;
use crate::state::inventory::Pane;
use crate::words::say;
use depot_service::query::{Inventory, SortKey};
use depot_service::store::Store;

mod draw;
pub mod load;
mod page;

pub use draw::draw;
pub use load::refresh_history;

/// Takes a fresh register (other terminals wrote) in place of the one shown, keeping what the
/// user has in hand: the filter as typed, the order, the selected row (found again by its
/// barcode, at the same height on screen), the pane, and the open item page, itself taken
/// afresh when `page` (read with the register) is of its barcode.
pub fn take_fresh(
    app: &mut App,
    fresh: Inventory,
    page: Option<(Box<str>, Option<depot_service::item::ItemPage>)>,
) {
    // Not shown yet: loaded when it is.
    let Some(inv) = &mut app.inventory else {
        return;
    };
    let was = inv
        .view
        .get(inv.selected)
        .map(|&i| inv.inv.rows[i as usize].barcode.clone());
    inv.inv = fresh;
    let mut view = inv.inv.filter(&inv.query);
    if inv.sort != SortKey::Barcode || inv.descending {
        inv.inv.sort(&mut view, inv.sort, inv.descending);
    }
    inv.view = view;
    inv.filtered = Some(inv.query.clone());
    let rows = &inv.inv.rows;
    if let Some(b) = was
        && let Some(at) = inv.view.iter().position(|&i| rows[i as usize].barcode == b)
    {
        inv.offset = (inv.offset + at).saturating_sub(inv.selected);
        inv.selected = at;
    }
    if let Some((b, p)) = page {
        if inv.history_of.as_deref() == Some(&*b)
            && let Some(p) = &p
        {
            inv.history = p.history.clone();
        }
        if inv
            .page
            .as_ref()
            .is_some_and(|open| open.stock.barcode().as_str() == &*b)
            && let Some(p) = p
        {
            inv.page = Some(Box::new(p));
        }
    }
    clamp_inventory(app);
}

/// The barcode the inventory shows: the open item page's, else the selected row's.
pub fn focus(app: &App) -> Option<&str> {
    let inv = app.inventory.as_ref()?;
    if let Some(p) = &inv.page {
        return Some(p.stock.barcode().as_str());
    }
    let &i = inv.view.get(inv.selected)?;
    Some(&inv.inv.rows[i as usize].barcode)
}

/// A scan outside the scan station looks its item up: the item page opens (on the inventory
/// screen; from another screen too, saying which key goes to the scan station). Nothing is
/// written: a scan checks out or in only at the scan station, whose mode and fields are on
/// screen.
pub fn look_up(app: &mut App, store: &Store, code: &str) -> Outcome {
    let elsewhere = app.screen != Screen::Inventory;
    let refuse = |app: &mut App, why: String| {
        app.status = Some(format!("✗ {}: {why}", code.trim()));
        Outcome::Bell
    };
    let found = match depot_service::scan::look_up(store, code) {
        Ok(f) => f,
        Err(e) => return refuse(app, say(app, &e)),
    };
    let barcode = match found {
        depot_service::scan::LookUp::Stock(b) => b,
        depot_service::scan::LookUp::Kit(_) => {
            return refuse(app, app.t(T::ScanKitAtStation).to_owned());
        }
        depot_service::scan::LookUp::Unknown => {
            return refuse(app, app.t(T::ScanUnknown).to_owned());
        }
    };
    let page = match depot_service::item::page(store, barcode.as_str()) {
        Ok(Some(p)) => p,
        Ok(None) => return refuse(app, app.t(T::ScanUnknown).to_owned()),
        Err(e) => return refuse(app, say(app, &e)),
    };
    if elsewhere {
        go(app, store, Screen::Inventory);
    }
    if let Some(inv) = &mut app.inventory {
        inv.page = Some(Box::new(page));
        inv.page_offset = 0;
    }
    if elsewhere {
        app.status = Some(format!("{barcode}: {}", app.t(T::ScanLookedUp)));
    }
    Outcome::None
}

pub fn clamp_inventory(app: &mut App) {
    let rows = app.table_rows();
    if let Some(inv) = &mut app.inventory {
        let n = inv.view.len();
        inv.selected = inv.selected.min(n.saturating_sub(1));
        if inv.selected < inv.offset {
            inv.offset = inv.selected;
        } else if inv.selected >= inv.offset + rows {
            inv.offset = inv.selected + 1 - rows;
        }
        inv.offset = inv.offset.min(n.saturating_sub(rows.min(n)));
    }
}

/// A history read off the key loop: shown if its row is still the one selected.
pub fn take_history(app: &mut App, barcode: &str, history: Vec<depot_domain::Movement>) {
    if let Some(inv) = &mut app.inventory
        && inv.history_of.as_deref() == Some(barcode)
    {
        inv.history = history;
    }
}

fn refilter(app: &mut App, store: &Store) {
    let Some(inv) = &mut app.inventory else {
        return;
    };
    inv.view = match inv.filtered.take() {
        // Typing on narrows the rows the query matched so far, in their order.
        Some(before) if !before.is_empty() && inv.query.starts_with(&before) => {
            inv.inv.narrow(&inv.query, &inv.view)
        }
        _ => {
            let mut view = inv.inv.filter(&inv.query);
            if inv.sort != SortKey::Barcode || inv.descending {
                inv.inv.sort(&mut view, inv.sort, inv.descending);
            }
            view
        }
    };
    inv.filtered = Some(inv.query.clone());
    inv.selected = 0;
    inv.offset = 0;
    refresh_history(app, store);
}

pub fn update(app: &mut App, store: &Store, a: Action) -> Outcome {
    let rows = app.table_rows();
    let Some(inv) = &mut app.inventory else {
        return Outcome::None;
    };
    let n = inv.view.len();
    if inv.page.is_some() {
        match a {
            Action::Back | Action::Enter => inv.page = None,
            Action::Up => inv.page_offset = inv.page_offset.saturating_sub(1),
            Action::Down | Action::Scroll(_) => inv.page_offset += 1,
            _ => {}
        }
        return Outcome::None;
    }
    match a {
        Action::Enter => {
            if let Some(&i) = inv.view.get(inv.selected) {
                let barcode = inv.inv.rows[i as usize].barcode.clone();
                match depot_service::item::page(store, &barcode) {
                    Ok(p) => {
                        inv.page = p.map(Box::new);
                        inv.page_offset = 0;
                    }
                    Err(e) => app.status = Some(say(app, &e)),
                }
            }
            return Outcome::None;
        }
        Action::SortReverse => {
            inv.descending = !inv.descending;
            inv.view.reverse();
            inv.selected = 0;
        }
        Action::Char(c) => {
            inv.query.push(c);
            refilter(app, store);
            return Outcome::None;
        }
        Action::Paste(s) => {
            inv.query.push_str(s.trim());
            refilter(app, store);
            return Outcome::None;
        }
        Action::Backspace => {
            inv.query.pop();
            refilter(app, store);
            return Outcome::None;
        }
        Action::Back if !inv.query.is_empty() => {
            inv.query.clear();
            refilter(app, store);
            return Outcome::None;
        }
        Action::Back => {
            go(app, store, Screen::Dashboard);
            return Outcome::None;
        }
        Action::NextPane => {
            inv.pane = if inv.pane == Pane::Main {
                Pane::Detail
            } else {
                Pane::Main
            }
        }
        Action::SortNext => {
            let order = [
                SortKey::Barcode,
                SortKey::Item,
                SortKey::Owner,
                SortKey::Module,
                SortKey::Status,
                SortKey::Quantity,
            ];
            let i = order.iter().position(|k| *k == inv.sort).unwrap_or(0);
            inv.sort = order[(i + 1) % order.len()];
            inv.inv.sort(&mut inv.view, inv.sort, inv.descending);
            inv.selected = 0;
        }
        a => {
            if let Some(i) = moved(&a, inv.selected, n, rows) {
                inv.selected = i;
            }
        }
    }
    clamp_inventory(app);
    refresh_history(app, store);
    Outcome::None
}
