//! Shipments between two depots, on both engines: a shipment sent, received with one piece
//! missing and one unexpected, its receipt taken back; a loan lent and returned late; every
//! piece held by exactly one register throughout; and the refusals (tampered, received twice,
//! replayed, from an unknown depot, for another depot, a receipt taken twice, a second
//! shipment under an id already used), each said with what to do and changing nothing; and a
//! shipment counted at the scan station, its scans kept across a restart.
#![allow(clippy::unwrap_used)]

mod ship_support;

use depot_domain::{AssetStatus, Barcode};
use depot_exchange::bundle::DepotKey;
use depot_exchange::bundle::manifest::unhex;
use depot_service::ship::{
    Scanned, count_scan, enrol_peer, open_shipment, receive_receipt, record,
};

use depot_testkit::on_both_engines;
use depot_testkit::register::*;
use ship_support::*;

on_both_engines! {
#[test]
fn a_shipment_received_short_and_a_late_loan_leave_every_piece_in_one_register() {
    let (a, b) = (depot("ZD-QZ", true), depot("ZD-LS", false));
    enrol(&a, &b);
    enrol(&b, &a);
    let ready = ready_home();
    let codes: Vec<String> = ready.iter().take(5).map(|r| r.barcode.clone()).collect();
    let (a1, a2, a3, a4) = (&codes[0], &codes[1], &codes[2], &codes[3]);
    let l = lot_with_at_least(1);
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);

    // A shipment of three pieces and a lot; one piece does not arrive, a stray one does.
    let sent = send(&a, b.code, &p("s1"), &[a1, a2, a3, &l.barcode], None, &later(0, 0)).unwrap();
    let away = asset(&a.store, a1);
    assert_eq!(away.status, AssetStatus::Away);
    assert_eq!(away.location.unwrap().as_str(), b.code);
    assert_eq!(lot(&a.store, &l.barcode).quantity, rust_decimal::Decimal::ZERO);
    let all = [a1.as_str(), a2, a3, &l.barcode];
    assert!(all.iter().all(|c| !holds(&a, c) && !holds(&b, c)), "in transit: held by neither");
    let got = take(&b, &p("s1"), Some(&[a1, a3, &l.barcode, "STRAY-1"]), &p("r1"), &later(0, 10)).unwrap();
    assert_eq!(got.got.received, vec![a1.clone(), a3.clone(), l.barcode.clone()]);
    assert_eq!(got.got.missing, vec![a2.clone()]);
    assert_eq!(got.got.unexpected, vec!["STRAY-1".to_owned()]);
    let there = asset(&b.store, a1);
    assert_eq!((there.owner.as_str(), there.location, there.status), (b.code, None, AssetStatus::Ready));
    assert_eq!(there.serial, away.serial);
    let h = b.store.read().unwrap().history(a1).unwrap();
    assert_eq!(h.last().unwrap().body.reference.as_deref(), Some(sent.shipment.body.id.as_str()));
    assert_eq!(h.last().unwrap().body.from.as_ref().unwrap().as_str(), a.code);
    held_once(&[&a, &b], &[a1, a3, &l.barcode], &[b.code, b.code, b.code]);
    assert!(!holds(&a, a2) && !holds(&b, a2), "a missing piece is held by neither");

    // The receipt closes the shipment at the sender; the missing piece is recorded there.
    let closed = receive_receipt(&a.store, &later(0, 20), &p("r1"), None).unwrap();
    let c = closed.sent.closed.unwrap();
    assert_eq!((c.received.len(), c.missing.clone(), c.unexpected.clone()), (3, vec![a2.clone()], vec!["STRAY-1".to_owned()]));
    let h = a.store.read().unwrap().history(a2).unwrap();
    assert!(h.last().unwrap().body.reason.as_deref().unwrap().contains("missing from shipment"));
    let e = refused(&a.store, &all, || receive_receipt(&a.store, &later(0, 30), &p("r1"), None));
    assert!(e.contains("already closed"), "{e}");

    // A loan, returned late: away at the sender until it comes back, then home and ready.
    let by = (later(2, 0)).stamp().date_naive();
    send(&a, b.code, &p("loan"), &[a4], Some(by), &later(0, 40)).unwrap();
    let lent = asset(&a.store, a4);
    assert_eq!((lent.status, lent.due), (AssetStatus::Away, Some(by)));
    take(&b, &p("loan"), None, &p("loan-r"), &later(0, 50)).unwrap();
    held_once(&[&a, &b], &[a4], &[b.code]);
    receive_receipt(&a.store, &later(0, 60), &p("loan-r"), None).unwrap();
    let back = send(&b, a.code, &p("back"), &[a4], None, &later(5, 0)).unwrap();
    assert!(!holds(&a, a4) && !holds(&b, a4), "in transit: held by neither");
    take(&a, &p("back"), None, &p("back-r"), &later(5, 10)).unwrap();
    let home = asset(&a.store, a4);
    assert_eq!((home.owner, home.location, home.status, home.due), (lent.owner, None, AssetStatus::Ready, None));
    receive_receipt(&b.store, &later(5, 20), &p("back-r"), None).unwrap();
    held_once(&[&a, &b], &[a1, a3, a4, &l.barcode], &[b.code, b.code, a.code, b.code]);
    let loan = record::all_sent(&a.store.read().unwrap()).unwrap().into_iter().find(|s| s.return_by.is_some()).unwrap();
    assert_eq!(loan.return_by, Some(by.to_string()));
    assert_eq!(back.shipment.body.return_by, None);

    // Replayed: the loan's folder again at the borrower, after the piece went home.
    let e = refused(&b.store, &[a4], || take(&b, &p("loan"), None, &p("again"), &later(5, 30)));
    assert!(e.contains("already received"), "{e}");
    verified(&a.store);
    verified(&b.store);

    // Headquarters, from the bundles: the loan overdue on day 3, returned late by day 6.
    let hq = new_store();
    let transit = |on: i64| {
        transit_rows(&hq, &[&a, &b], &later(on, 0), dir.path(), &on.to_string()).iter().map(|row| {
            let f = |k: &str| row[k].to_string().trim_matches('"').to_owned();
            (f("from"), f("to"), f("pieces"), f("received"), f("missing"), f("in_transit"), f("state"))
        }).collect::<Vec<_>>()
    };
    let row = |from: &str, to: &str, n: [u32; 4], state: &str| {
        let [p, r, m, t] = n.map(|v| v.to_string());
        (from.to_owned(), to.to_owned(), p, r, m, t, state.to_owned())
    };
    assert_eq!(transit(3), vec![
        row(a.code, b.code, [4, 3, 1, 0], "received short"),
        row(a.code, b.code, [1, 1, 0, 0], "overdue"),
    ]);
    // In the order of the sending depot's code, then the shipment's.
    assert_eq!(transit(6), vec![
        row(b.code, a.code, [1, 1, 0, 0], "received"),
        row(a.code, b.code, [4, 3, 1, 0], "received short"),
        row(a.code, b.code, [1, 1, 0, 0], "returned late"),
    ]);

    // The piece lost on the way is at neither depot: the sender writes it off (a piece still
    // away at the other depot it may not: that one is the other depot's to move).
    let officer = ctx(OFFICER);
    let writeoff = |code: &str| {
        depot_service::workflow::writeoff(&a.store, &officer, &Barcode::new(code), "lost in transit", None)
    };
    let sent_on = send(&a, b.code, &p("s2"), &[&codes[4]], None, &later(6, 0)).unwrap();
    let e = writeoff(&codes[4]).unwrap_err();
    assert!(e.to_string().contains("was shipped to depot ZD-LS and cannot be written off"), "{e}");
    assert_eq!(sent_on.pieces.len(), 1);
    writeoff(a2).unwrap();
    assert_eq!(asset(&a.store, a2).status, AssetStatus::Retired);
    verified(&a.store);
}

#[test]
fn shipments_that_cannot_be_trusted_are_refused_with_what_to_do() {
    let (a, b, c) = (depot("ZD-QZ", true), depot("ZD-LS", false), depot("ZD-HB", true));
    enrol(&b, &a);
    let ready = ready_home();
    let (a1, a2, a3) = (&ready[0].barcode, &ready[1].barcode, &ready[2].barcode);
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    send(&a, b.code, &p("s1"), &[a1], None, &later(0, 0)).unwrap();
    let codes = [a1.as_str(), a2, a3];

    // Tampered on the way: a piece's line edited.
    let copy = p("tampered");
    std::fs::create_dir(&copy).unwrap();
    for f in ["manifest.json", "pieces.csv"] {
        std::fs::copy(p("s1").join(f), copy.join(f)).unwrap();
    }
    let csv = std::fs::read_to_string(copy.join("pieces.csv")).unwrap();
    std::fs::write(copy.join("pieces.csv"), csv.replace(a1.as_str(), a2)).unwrap();
    let e = refused(&b.store, &codes, || take(&b, &copy, None, &p("r0"), &later(0, 5)));
    assert!(e.contains("does not match the manifest") && e.contains("ask the sending depot"), "{e}");

    // From a depot whose key is not enrolled, then enrolled with another key.
    send(&c, b.code, &p("from-c"), &[a2], None, &later(0, 6)).unwrap();
    let e = refused(&b.store, &codes, || take(&b, &p("from-c"), None, &p("r0"), &later(0, 7)));
    assert!(e.contains("not enrolled") && e.contains("depot key enrol-depot ZD-HB"), "{e}");
    let other = DepotKey::generate().unwrap();
    let k = unhex::<32>(&other.public_hex()).unwrap();
    enrol_peer(&b.store, &ctx(OFFICER), c.code, k, false).unwrap();
    let e = refused(&b.store, &codes, || take(&b, &p("from-c"), None, &p("r0"), &later(0, 8)));
    assert!(e.contains("not with ZD-HB's enrolled key") && e.contains("do not take it"), "{e}");

    // For another depot.
    send(&a, "ZD-XX", &p("to-x"), &[a2], None, &later(0, 9)).unwrap();
    let e = refused(&b.store, &codes, || take(&b, &p("to-x"), None, &p("r0"), &later(0, 10)));
    assert!(e.contains("not to this depot") && e.contains("ZD-XX"), "{e}");

    // Received twice.
    take(&b, &p("s1"), None, &p("r1"), &later(0, 11)).unwrap();
    let e = refused(&b.store, &codes, || take(&b, &p("s1"), None, &p("r2"), &later(0, 12)));
    assert!(e.contains("already received here"), "{e}");
    assert!(!p("r0").exists() && !p("r2").exists(), "no receipt for a refusal");

    // A receipt from a depot not enrolled at the sender.
    let e = refused(&a.store, &codes, || receive_receipt(&a.store, &later(0, 13), &p("r1"), None));
    assert!(e.contains("ZD-LS") && e.contains("not enrolled"), "{e}");
}

#[test]
fn a_second_shipment_under_an_id_already_used_is_refused() {
    // The sender's register restored from a backup: the same register and key, so the same
    // next id for a different shipment.
    let (a, b) = (depot("ZD-QZ", true), depot("ZD-LS", false));
    let mut restored = depot("ZD-QZ", true);
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    a.key.save(&p("a.key"), false).unwrap();
    restored.key = DepotKey::load(&p("a.key")).unwrap().unwrap();
    enrol(&b, &a);
    let ready = ready_home();
    let (a1, a2) = (&ready[0].barcode, &ready[1].barcode);
    let first = send(&a, b.code, &p("s1"), &[a1], None, &later(0, 0)).unwrap();
    let second = send(&restored, b.code, &p("s2"), &[a2], None, &later(0, 5)).unwrap();
    let id = first.shipment.body.id.clone();
    assert_eq!(second.shipment.body.id, id, "the same id for two shipments");
    take(&b, &p("s1"), None, &p("r1"), &later(0, 10)).unwrap();
    let codes = [a1.as_str(), a2];
    let e = refused(&b.store, &codes, || take(&b, &p("s2"), None, &p("r2"), &later(0, 20)));
    assert!(e.contains("reused an id") && e.contains(&id) && e.contains("do not take it"), "{e}");
    let zh = take(&b, &p("s2"), None, &p("r2"), &later(0, 21)).unwrap_err().zh();
    assert!(zh.contains("重复使用了编号") && zh.contains(&id), "{zh}");
    assert!(!p("r2").exists(), "no receipt for a refusal");
    assert!(!holds(&b, a2), "nothing of the second shipment taken in");
    // The scan station refuses it as it opens, before anything is scanned.
    let e = open_shipment(&b.store, &p("s2"), None).unwrap_err().to_string();
    assert!(e.contains("reused an id"), "{e}");
    verified(&b.store);
}

#[test]
fn a_shipment_counted_at_the_station_keeps_its_scans_and_is_taken_in_as_counted() {
    let (a, b) = (depot("ZD-QZ", true), depot("ZD-LS", false));
    enrol(&b, &a);
    let ready = ready_home();
    let (a1, a2, a3) = (&ready[0].barcode, &ready[1].barcode, &ready[2].barcode);
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    send(&a, b.code, &p("s1"), &[a1, a2, a3], None, &later(0, 0)).unwrap();
    let mut o = open_shipment(&b.store, &p("s1"), None).unwrap();
    assert_eq!((o.pieces.len(), o.scanned.len()), (3, 0));
    let scan = |o: &mut depot_service::ship::Opened, code: &str, s: i64| {
        count_scan(&b.store, &later(0, s), o, &Barcode::new(code)).unwrap()
    };
    assert_eq!(scan(&mut o, a1, 1), Scanned::Found);
    assert_eq!(scan(&mut o, "STRAY-1", 2), Scanned::Unexpected);
    assert_eq!(scan(&mut o, a1, 3), Scanned::Again);
    assert!(!holds(&b, a1), "a count takes nothing in");

    // The terminal goes away; the folder opened again carries on from what was scanned.
    let mut o = open_shipment(&b.store, &p("s1"), None).unwrap();
    assert_eq!(o.scanned, vec![a1.clone(), "STRAY-1".to_owned()]);
    assert_eq!(scan(&mut o, a3, 4), Scanned::Found);
    let missing: Vec<&str> = o.missing().iter().map(|p| p.barcode.as_str()).collect();
    assert_eq!((o.found().len(), missing, o.unexpected()), (2, vec![a2.as_str()], vec!["STRAY-1"]));
    let found: Vec<&str> = o.scanned.iter().map(String::as_str).collect();
    let got = take(&b, &p("s1"), Some(&found), &p("r1"), &later(0, 5)).unwrap();
    assert_eq!(got.got.received, vec![a1.clone(), a3.clone()]);
    assert_eq!((got.got.missing.clone(), got.got.unexpected.clone()), (vec![a2.clone()], vec!["STRAY-1".to_owned()]));
    assert!(holds(&b, a1) && holds(&b, a3) && !holds(&b, a2));

    // Taken in: neither opened nor counted again.
    let e = open_shipment(&b.store, &p("s1"), None).unwrap_err().to_string();
    assert!(e.contains("already received here"), "{e}");
    let e = count_scan(&b.store, &later(0, 6), &mut o, &Barcode::new(a2.as_str())).unwrap_err().to_string();
    assert!(e.contains("already received here"), "{e}");
    verified(&b.store);
}
}
