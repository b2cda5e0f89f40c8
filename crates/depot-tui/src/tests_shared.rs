//! The interface on a database other terminals share: what they write shows up by itself.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use depot_domain::{AssetStatus, Barcode};
use depot_exchange::{InputEncoding, sample};
use depot_service::Ctx;
use depot_service::import::files as import;
use depot_service::query::RowKind;
use depot_service::store::{Access, Location, Store};
use depot_service::workflow::{self, CheckoutReq};
use depot_store_postgres::testing::TestDb;

use crate::app::Screen;
use crate::i18n::Lang;
use crate::{Options, update, view, watch};

/// The sample imported into `here`; an app of the officer's on it, on the inventory.
fn officer_on(here: &Arc<Store>) -> crate::app::App {
    let officer = Ctx::new(Some("王伟")).unwrap();
    import::import(
        here,
        &officer,
        &sample::sources(),
        InputEncoding::Auto,
        false,
    )
    .unwrap();
    let opts = Options {
        lang: Lang::En,
        db: "shared".into(),
        operator: Some("王伟".into()),
        as_of: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    };
    let mut app = crate::start(here, &opts, (160, 48)).unwrap();
    update::go(&mut app, here, Screen::Inventory);
    app
}

fn feed(app: &mut crate::app::App, store: &Arc<Store>, keys: &[KeyCode]) {
    for k in keys {
        let ev = Event::Key(KeyEvent::new(*k, KeyModifiers::NONE));
        if let Some(a) = crate::keymap::map(app, &ev) {
            update::update(app, store, a);
        }
    }
}

/// The selected row's barcode.
fn selected(app: &crate::app::App) -> String {
    let inv = app.inventory.as_ref().unwrap();
    inv.inv.rows[inv.view[inv.selected] as usize]
        .barcode
        .to_string()
}

/// Another terminal checks an item out while the officer has the inventory filtered, a row
/// selected and its page open: the refresh, read as the watching thread reads it, shows the
/// move and keeps the filter, the selected row, the scroll and the open page.
fn others_write_and_the_officer_keeps_the_place(here: Arc<Store>, there: &Store) {
    let mut app = officer_on(&here);
    let focus = watch::Focus::default();
    let mut seen = watch::seen(&here);
    let inv = app.inventory.as_ref().unwrap();
    let code = inv
        .view
        .iter()
        .map(|&i| &inv.inv.rows[i as usize])
        .filter(|r| {
            r.kind == RowKind::Asset(AssetStatus::Ready)
                && r.location.is_none()
                && inv.inv.places[r.owner as usize].code != "ZHAN-0102"
        })
        .nth(40)
        .unwrap()
        .barcode
        .to_string();
    // The officer types the start of the code: a few hundred rows, the cursor on the code's
    // row, scrolled down to it.
    let prefix = &code[..3];
    for c in prefix.chars() {
        feed(&mut app, &here, &[KeyCode::Char(c)]);
    }
    let rows = app.inventory.as_ref().unwrap().view.len();
    assert!(rows > 1 && rows < 1000, "{rows}");
    while selected(&app) != code {
        feed(&mut app, &here, &[KeyCode::Down]);
    }
    let place = {
        let inv = app.inventory.as_ref().unwrap();
        (inv.selected, inv.offset)
    };
    feed(&mut app, &here, &[KeyCode::Enter]);
    focus.set(crate::screens::inventory::focus(&app));
    // Nothing written: nothing to take.
    assert!(watch::look(&here, &mut seen, &focus).is_none());

    // Another terminal: another program's connection to the same database.
    let officer = Ctx::new(Some("王伟")).unwrap();
    workflow::checkout(
        there,
        &officer,
        &Barcode::new(&code),
        &CheckoutReq {
            to: Some("ZHAN-0102".into()),
            ..CheckoutReq::default()
        },
    )
    .unwrap();
    let fresh = watch::look(&here, &mut seen, &focus).expect("the ledger moved on");
    update::others(&mut app, &here, fresh);
    let inv = app.inventory.as_ref().unwrap();
    assert_eq!(inv.query, prefix, "the filter");
    assert_eq!(inv.view.len(), rows, "the rows it matches");
    assert_eq!(selected(&app), code, "the selected row");
    assert_eq!((inv.selected, inv.offset), place, "the place on screen");
    let page = inv.page.as_ref().expect("the open page");
    assert_eq!(page.stock.barcode().as_str(), code);
    let r = inv.inv.rows.iter().find(|r| *r.barcode == *code).unwrap();
    assert_eq!(
        r.location.as_deref(),
        Some("ZHAN-0102"),
        "the fresh register"
    );
    // And drawn: the page over the table, the fresh location on it.
    let mut t = Terminal::new(TestBackend::new(160, 48)).unwrap();
    t.draw(|f| view::draw(&app, f)).unwrap();
    let screen = format!("{}", t.backend());
    assert!(screen.contains(prefix), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.contains("checked out") && l.contains("ZHAN-0102")),
        "{screen}"
    );
    // Seen once: the next look has nothing new.
    assert!(watch::look(&here, &mut seen, &focus).is_none());
    // Esc closes the page onto the table as the officer left it.
    feed(&mut app, &here, &[KeyCode::Esc]);
    let screen = {
        let mut t = Terminal::new(TestBackend::new(160, 48)).unwrap();
        t.draw(|f| view::draw(&app, f)).unwrap();
        format!("{}", t.backend())
    };
    assert!(
        screen
            .lines()
            .any(|l| l.contains(code.as_str()) && l.contains("ZHAN-0102")),
        "{screen}"
    );
}

#[test]
fn a_check_out_at_another_terminal_keeps_the_officers_place_on_postgres() {
    let Some(db) = TestDb::new() else {
        return;
    };
    let at = Location::Server(db.url.clone());
    let here = Arc::new(depot_service::store::at(&at, Access::Create).unwrap());
    let there = depot_service::store::at(&at, Access::Existing).unwrap();
    others_write_and_the_officer_keeps_the_place(here, &there);
}

#[test]
fn a_write_read_by_the_watcher_keeps_the_officers_place_on_redb() {
    let here = Arc::new(depot_service::store::in_memory().unwrap());
    let there = here.clone();
    others_write_and_the_officer_keeps_the_place(here, &there);
}
