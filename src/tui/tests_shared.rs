//! The interface on a database other terminals share: what they write shows up by itself.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::domain::{AssetStatus, Barcode};
use crate::exchange::{InputEncoding, import, sample};
use crate::service::Ctx;
use crate::service::query::RowKind;
use crate::service::workflow::{self, CheckoutReq};
use crate::store::postgres::testing::TestDb;
use crate::store::{Access, Location, Store};

use super::app::Screen;
use super::i18n::Lang;
use super::{Options, update, view};

#[test]
fn a_check_out_at_another_terminal_shows_on_the_inventory_by_itself() {
    let Some(db) = TestDb::new() else {
        return;
    };
    let at = Location::Server(db.url.clone());
    let here = Arc::new(Store::at(&at, Access::Create).unwrap());
    let officer = Ctx::new(Some("王伟")).unwrap();
    import::import(
        &here,
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
    let mut app = super::start(&here, &opts, (160, 48)).unwrap();
    update::go(&mut app, &here, Screen::Inventory);
    update::tick(&mut app, &here);
    let inv = app.inventory.as_ref().unwrap();
    let code = inv.view[..20]
        .iter()
        .map(|&i| &inv.inv.rows[i as usize])
        .find(|r| {
            r.kind == RowKind::Asset(AssetStatus::Ready)
                && r.location.is_none()
                && inv.inv.places[r.owner as usize].code != "ZHAN-0102"
        })
        .unwrap()
        .barcode
        .to_string();
    let location = |app: &super::app::App| {
        let inv = app.inventory.as_ref().unwrap();
        let r = inv.inv.rows.iter().find(|r| *r.barcode == *code).unwrap();
        r.location.as_deref().map(str::to_owned)
    };
    assert_eq!(location(&app), None);

    // Another terminal: another program's connection to the same database.
    let there = Store::at(&at, Access::Existing).unwrap();
    workflow::checkout(
        &there,
        &officer,
        &Barcode::new(&code),
        &CheckoutReq {
            to: Some("ZHAN-0102".into()),
            ..CheckoutReq::default()
        },
    )
    .unwrap();
    // The next look, a few seconds on.
    app.others = app
        .others
        .map(|(seq, at)| (seq, at - std::time::Duration::from_secs(10)));
    update::tick(&mut app, &here);
    assert_eq!(location(&app).as_deref(), Some("ZHAN-0102"));
    // And drawn, on its row, where the officer looks.
    let mut t = Terminal::new(TestBackend::new(160, 48)).unwrap();
    t.draw(|f| view::draw(&app, f)).unwrap();
    let screen = format!("{}", t.backend());
    assert!(
        screen
            .lines()
            .any(|l| l.contains(code.as_str()) && l.contains("ZHAN-0102")),
        "{screen}"
    );
}
