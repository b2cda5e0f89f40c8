//! Shipments between depots (`depot ship`): what leaves the sender's register (away, neither
//! held nor ready; a lot whole), what the signed folder says, and what is refused with nothing
//! written. What the receiver does with it: `shipment_exchange.rs`.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use depot_domain::movement::hex;
use depot_domain::stock::is_held;
use depot_domain::{Action, AssetStatus, Stock};
use depot_exchange::bundle::DepotKey;
use depot_exchange::shipment;
use depot_service::ship::{ShipRequest, Shipped, ship};
use depot_service::store::Store;
use rust_decimal::Decimal;

use depot_testkit::on_both_engines;
use depot_testkit::register::*;

const PEER: &str = "ZD-PEER";

fn send(
    store: &Store,
    out: &std::path::Path,
    codes: &[&str],
    return_by: Option<NaiveDate>,
) -> depot_service::Result<Shipped> {
    let key = DepotKey::generate().unwrap();
    let barcodes: Vec<_> = codes.iter().map(|c| b(c)).collect();
    ship(
        store,
        &ctx(QM),
        &ShipRequest {
            out,
            to: PEER,
            barcodes: &barcodes,
            return_by,
            reference: Some("调拨令 2026-17"),
            depot: None,
            key: &key,
        },
    )
}

on_both_engines! {
#[test]
fn shipped_pieces_are_in_transit_and_the_folder_says_so() {
    let store = sample_store();
    let ready = ready_home();
    let (a1, a2) = (ready[0].barcode.clone(), ready[1].barcode.clone());
    let l = lot_with_at_least(1);
    let before = lot(&store, &l.barcode).quantity;
    let tally = |store: &Store| {
        let snap = depot_service::readiness::load(store).unwrap();
        let today = chrono::Local::now().date_naive();
        depot_service::readiness::readiness(&snap, today, 90)
            .figures(depot_domain::readiness::Within::Everything)
            .stock
    };
    let was = tally(&store);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("to-peer");
    let sent = send(&store, &out, &[&a1, &a2, &l.barcode], None).unwrap();

    let checked = shipment::check(&out).unwrap();
    assert_eq!(checked.shipment, sent.shipment);
    assert_eq!(checked.shipment.body.to, PEER);
    assert_eq!(checked.shipment.body.return_by, None);
    assert_eq!(checked.pieces.len(), 3);
    // Away at the receiving depot: neither held nor ready here.
    for code in [&a1, &a2] {
        let a = asset(&store, code);
        assert_eq!(a.status, AssetStatus::Away, "{code}");
        assert!(!is_held(a.status), "{code}");
        assert_eq!(a.location.unwrap().as_str(), PEER, "{code} in transit");
    }
    assert_eq!(lot(&store, &l.barcode).quantity, Decimal::ZERO, "the lot left whole");
    // Not brought home by a check-in: it is at the other depot.
    let ctx = depot_service::Ctx::new(Some(OFFICER)).unwrap();
    let e = depot_service::workflow::checkin(
        &store,
        &ctx,
        &depot_domain::Barcode::new(a1.as_str()),
        &Default::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains(&format!("shipped to depot {PEER}")), "{e}");
    assert_eq!(asset(&store, &a1).status, AssetStatus::Away);
    let now = tally(&store);
    assert_eq!((now.pieces, now.pieces_ready), (was.pieces - 2, was.pieces_ready - 2));
    assert_eq!(now.checked_out, was.checked_out, "away is not checked out");
    for p in &checked.pieces {
        let h = store.read().unwrap().history(&p.barcode).unwrap();
        let last = h.last().unwrap();
        assert_eq!(last.body.action, Action::Ship);
        assert_eq!(last.body.reference.as_deref(), Some(checked.shipment.body.id.as_str()));
        assert_eq!((p.seq, p.hash.clone()), (last.seq, hex(&last.hash)));
    }
    let lp = checked.pieces.iter().find(|p| p.barcode == l.barcode).unwrap();
    assert_eq!(lp.tracking, "lot");
    assert_eq!(lp.quantity, before.normalize().to_string());
    verified(&store);
    // No partial folder is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// A piece away at another depot is that depot's to move until a shipment brings it back:
/// nothing here checks it out, transfers, writes off, inspects, repairs or packs it (the
/// write-off went through, and a check-out or transfer said it was "checked out").
#[test]
fn nothing_is_done_here_to_a_piece_away() {
    use depot_service::{kit, workflow};
    let store = sample_store();
    let a = ready_home().remove(0).barcode;
    let dir = tempfile::tempdir().unwrap();
    send(&store, &dir.path().join("s"), &[&a], None).unwrap();
    let head = store.read().unwrap().ledger_head().unwrap();
    let ctx = depot_service::Ctx::new(Some(OFFICER)).unwrap();
    let code = b(&a);
    let station = "ZHAN-0102".to_owned();
    let tries: Vec<(&str, depot_service::Result<()>)> = vec![
        (
            "check-out",
            workflow::checkout(
                &store,
                &ctx,
                &code,
                &workflow::CheckoutReq {
                    to: Some(station.clone()),
                    ..Default::default()
                },
            )
            .map(drop),
        ),
        ("check-in", workflow::checkin(&store, &ctx, &code, &Default::default()).map(drop)),
        ("transfer", workflow::transfer(&store, &ctx, &code, &station, None).map(drop)),
        ("write-off", workflow::writeoff(&store, &ctx, &code, "lost", None).map(drop)),
        ("inspection", workflow::inspect(&store, &ctx, &code, None, false).map(drop)),
        ("repair", workflow::repair(&store, &ctx, &code, true, None).map(drop)),
        (
            "kit",
            kit::pack(&store, &ctx, "KIT-AWAY", Some(&station), None, None, Some((&code, Decimal::ONE)))
                .map(drop),
        ),
    ];
    for (what, r) in tries {
        let e = r.expect_err(what);
        let (en, zh) = (e.say(depot_domain::Lang::En), e.say(depot_domain::Lang::Zh));
        assert!(en.contains(&format!("{a} was shipped to depot {PEER} and cannot be")), "{what}: {en}");
        assert!(en.contains("depot receive-shipment"), "{what}: {en}");
        assert!(zh.contains(&format!("{a} 已发运至 {PEER}，不能在本库")), "{what}: {zh}");
    }
    assert_eq!(store.read().unwrap().ledger_head().unwrap(), head, "nothing written");
    assert_eq!(asset(&store, &a).status, AssetStatus::Away);
    verified(&store);
}

/// A register exported while a piece is away imports again unchanged; one exported before the
/// shipment would bring the piece back here while the other depot holds it: refused at its
/// row, naming the depot, and nothing changes. No row makes a piece away.
#[test]
fn an_import_neither_brings_back_nor_sends_away() {
    use depot_service::import::{Bundle, Origin, Outcome, import};
    let store = sample_store();
    let a = ready_home().remove(0).barcode;
    let before_ship = asset(&store, &a);
    let dir = tempfile::tempdir().unwrap();
    send(&store, &dir.path().join("s"), &[&a], None).unwrap();
    let away = asset(&store, &a);
    let head = store.read().unwrap().ledger_head().unwrap();
    let ctx = depot_service::Ctx::new(Some(OFFICER)).unwrap();
    let origin = || Origin {
        file: "assets.csv".into(),
        line: 2,
        sheet: None,
    };
    let run = |row: depot_domain::Asset| {
        let mut bundle = Bundle::default();
        bundle.assets.push((origin(), row));
        import(&store, &ctx, &bundle, false).unwrap()
    };
    // As exported while away: lands, changing nothing.
    match run(away.clone()) {
        Outcome::Landed(s) => assert_eq!(s.movements, 0),
        Outcome::Rejected(f) => panic!("{f:?}"),
    }
    // As exported before it left: refused at its status and location.
    let Outcome::Rejected(f) = run(before_ship) else {
        panic!("an old row brought the shipped piece back");
    };
    let columns: Vec<&str> = f.iter().map(|f| f.column).collect();
    assert_eq!(columns, ["status", "location"], "{f:?}");
    assert!(f[0].reason.contains(&format!("{a} is away at depot {PEER}")), "{f:?}");
    assert!(f[0].reason_zh.contains(&format!("{a} 已发运至 {PEER}：导入不能改变")), "{f:?}");
    // A new piece said to be away: refused.
    let mut new = away.clone();
    new.barcode = "QZ-NEW-AWAY".into();
    let Outcome::Rejected(f) = run(new) else {
        panic!("a row made a piece away");
    };
    assert_eq!((f[0].column, f.len()), ("status", 1), "{f:?}");
    assert!(f[0].reason.contains("only by a shipment"), "{f:?}");
    assert_eq!(store.read().unwrap().ledger_head().unwrap(), head, "nothing written");
    assert_eq!(asset(&store, &a), away);
}

#[test]
fn a_loan_carries_its_return_date() {
    let store = sample_store();
    let a = ready_home().remove(0).barcode;
    let dir = tempfile::tempdir().unwrap();
    let by = chrono::Local::now().date_naive() + chrono::Days::new(14);
    let sent = send(&store, &dir.path().join("loan"), &[&a], Some(by)).unwrap();
    assert_eq!(sent.shipment.body.return_by, Some(by.to_string()));
    let held = asset(&store, &a);
    assert_eq!((held.location.unwrap().as_str(), held.due), (PEER, Some(by)));
    assert_eq!(held.status, AssetStatus::Away);
}

#[test]
fn a_piece_that_cannot_go_stops_the_whole_shipment() {
    let store = sample_store();
    let good = ready_home().remove(0).barcode;
    let out_code = asset_out().barcode;
    let broken = asset_in("maintenance").barcode;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let codes = [good.as_str(), out_code.as_str(), broken.as_str()];
    let e = refused(&store, &codes, || send(&store, &out, &[&good, &out_code], None));
    assert!(e.contains(&out_code) && e.contains("check it in first"), "{e}");
    let e = refused(&store, &codes, || send(&store, &out, &[&good, &broken], None));
    assert!(e.contains("not ready"), "{e}");
    let e = refused(&store, &codes, || send(&store, &out, &[&good, &good], None));
    assert!(e.contains("named twice"), "{e}");
    let e = refused(&store, &codes, || send(&store, &out, &["NO-SUCH-CODE"], None));
    assert!(e.contains("NO-SUCH-CODE"), "{e}");
    let yesterday = chrono::Local::now().date_naive() - chrono::Days::new(1);
    let e = refused(&store, &codes, || send(&store, &out, &[&good], Some(yesterday)));
    assert!(e.contains("--return-by"), "{e}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");
    assert!(matches!(stock(&store, &good), Some(Stock::Asset(a)) if a.location.is_none()));
}
}
