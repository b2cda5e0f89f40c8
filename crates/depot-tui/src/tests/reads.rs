//! Reads off the key loop: moving through the inventory asks for the selected row's history
//! and goes on; the history is shown when its answer arrives, if that row is still selected.

use super::*;
use crate::reader::{self, Answer, Ask};

fn selected(app: &App) -> Box<str> {
    let inv = app.inventory.as_ref().unwrap();
    inv.inv.rows[inv.view[inv.selected] as usize]
        .barcode
        .clone()
}

#[test]
fn a_rows_history_is_read_off_the_key_loop_and_shown_while_its_row_is_selected() {
    let store = shared();
    let mut app = app_on(store, Lang::En, (160, 48), Screen::Inventory);
    let (asks, asked) = std::sync::mpsc::channel();
    app.reads = Some(asks);
    feed(&mut app, store, [key(KeyCode::Down)]);
    let first = selected(&app);
    // The key loop asked and read nothing itself.
    assert_eq!(asked.try_recv().unwrap(), Ask::History(first.clone()));
    assert!(app.inventory.as_ref().unwrap().history.is_empty());
    // The user moves on before the answer arrives: it is not shown on the other row.
    feed(&mut app, store, [key(KeyCode::Down)]);
    let second = selected(&app);
    assert_ne!(first, second);
    let Answer::History(b, h) = reader::answer(store, Ask::History(first)) else {
        panic!("not a history")
    };
    crate::screens::inventory::take_history(&mut app, &b, h);
    assert!(app.inventory.as_ref().unwrap().history.is_empty());
    // The answer for the row selected is shown, the same history the key loop would read.
    assert_eq!(asked.try_recv().unwrap(), Ask::History(second.clone()));
    let Answer::History(b, h) = reader::answer(store, Ask::History(second.clone())) else {
        panic!("not a history")
    };
    crate::screens::inventory::take_history(&mut app, &b, h);
    let shown = &app.inventory.as_ref().unwrap().history;
    assert!(!shown.is_empty());
    assert_eq!(
        *shown,
        depot_service::query::history(store, &second).unwrap()
    );
}

/// The thread answers the latest of several asks waiting, and ends with the interface.
#[test]
fn the_reader_thread_answers_what_is_still_wanted() {
    let store = shared();
    let app = app_on(store, Lang::En, (160, 48), Screen::Inventory);
    let inv = app.inventory.as_ref().unwrap();
    let b = inv.inv.rows[inv.view[0] as usize].barcode.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    let asks = reader::spawn(store.clone(), move |a| tx.send(a).is_ok());
    asks.send(Ask::History(b.clone())).unwrap();
    let Answer::History(got, h) = rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap()
    else {
        panic!("not a history")
    };
    assert_eq!(got, b);
    assert_eq!(h, depot_service::query::history(store, &b).unwrap());
}
