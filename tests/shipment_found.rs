//! A piece lost in transit and found again comes home, on both engines: the receipt records a
//! piece (and a lot) missing; checked in at the sender, by the workflow and at the scan
//! station, each comes home in one `receive` movement, at its owner, ready, naming the
//! shipment; a piece the other depot received, and one of a shipment still open, are still
//! refused; the receiver cannot take the found piece in afterwards; headquarters no longer
//! counts it missing; and every piece is held by one register only.
#![allow(clippy::unwrap_used)]

mod ship_support;

use depot_domain::{Action, AssetStatus, Lang};
use depot_service::scan::{self, Mode};
use depot_service::ship::{found_reason, receive_receipt};
use depot_service::workflow::{self, CheckinReq};
use rust_decimal::Decimal;

use depot_testkit::on_both_engines;
use depot_testkit::register::*;
use ship_support::*;

on_both_engines! {
#[test]
fn a_piece_lost_in_transit_and_found_again_comes_home() {
    let (a, b) = (depot("ZD-QZ", true), depot("ZD-LS", false));
    enrol(&a, &b);
    enrol(&b, &a);
    let ready = ready_home();
    let codes: Vec<String> = ready.iter().take(4).map(|r| r.barcode.clone()).collect();
    let (got, lost, scanned, open) = (&codes[0], &codes[1], &codes[2], &codes[3]);
    let l = lot_with_at_least(1);
    let lot_q = lot(&a.store, &l.barcode).quantity;
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    let before = asset(&a.store, lost);

    // Four go; only the first arrives. Another piece goes in a shipment that stays open.
    let sent = send(&a, b.code, &p("s1"), &[got, lost, scanned, &l.barcode], None, &later(0, 0)).unwrap();
    let id = sent.shipment.body.id.clone();
    send(&a, b.code, &p("s2"), &[open], None, &later(0, 5)).unwrap();
    take(&b, &p("s1"), Some(&[got]), &p("r1"), &later(0, 10)).unwrap();
    let closed = receive_receipt(&a.store, &later(0, 20), &p("r1"), None).unwrap();
    assert_eq!(closed.sent.closed.unwrap().missing, vec![lost.clone(), scanned.clone(), l.barcode.clone()]);

    // Found in the sender's own truck: checked in, it comes home in one movement.
    let checkin = |code: &str, s: i64| workflow::checkin(&a.store, &later(0, s), &depot_domain::Barcode::new(code), &CheckinReq::default());
    let n = a.store.read().unwrap().history(lost).unwrap().len();
    let done = checkin(lost, 30).unwrap();
    assert_eq!(
        done.msg.say(Lang::En),
        format!("found again (shipment {id} recorded it missing): home at {}", before.owner)
    );
    assert_eq!(
        done.msg.say(Lang::Zh),
        format!("已寻回（发运单 {id} 曾记为缺失）：已归还至 {}", before.owner)
    );
    let h = a.store.read().unwrap().history(lost).unwrap();
    assert_eq!(h.len(), n + 1, "one movement");
    let m = &h.last().unwrap().body;
    assert_eq!(m.action, Action::Receive);
    assert_eq!(m.reference.as_deref(), Some(id.as_str()));
    assert_eq!(m.reason.as_deref(), Some(found_reason(&id).as_str()));
    assert!(m.reason.as_deref().unwrap().contains("发运单"), "{m:?}");
    let home = asset(&a.store, lost);
    assert_eq!(
        (&home.owner, home.location.as_ref(), home.status, home.due),
        (&before.owner, None, AssetStatus::Ready, None)
    );
    // Home, it is an ordinary piece again: checked in again it is simply not out.
    let e = checkin(lost, 31).unwrap_err().to_string();
    assert!(e.contains("is not checked out"), "{e}");

    // At the scan station, in check-in mode: the same way home.
    let answers = scan::batch(&a.store, &later(0, 40), &Mode::In(CheckinReq::default()), std::slice::from_ref(scanned)).unwrap();
    let told = answers[0].result.as_ref().unwrap().msg.say(Lang::En);
    assert!(told.starts_with(&format!("found again (shipment {id} recorded it missing)")), "{told}");
    assert_eq!(asset(&a.store, scanned).status, AssetStatus::Ready);
    assert_eq!(asset(&a.store, scanned).location, None);

    // A lot shipped whole and lost comes home whole.
    assert_eq!(lot(&a.store, &l.barcode).quantity, Decimal::ZERO);
    checkin(&l.barcode, 50).unwrap();
    assert_eq!(lot(&a.store, &l.barcode).quantity, lot_q);

    // The piece the other depot received is still refused here, and so is one still on its
    // way; each refusal says how such a piece comes back.
    for (code, s) in [(got, 60), (open, 61)] {
        let e = refused(&a.store, &[code], || checkin(code, s));
        assert!(e.contains("was shipped to depot ZD-LS and cannot be checked in here"), "{e}");
        assert!(e.contains("take ZD-LS's receipt first (depot receive-receipt)"), "{e}");
    }
    assert_eq!(asset(&a.store, open).status, AssetStatus::Away);
    held_once(&[&a, &b], &[got, lost, scanned, &l.barcode], &[b.code, a.code, a.code, a.code]);

    // The receiver finds it too late: its shipment is received, nothing more is taken in.
    let e = refused(&b.store, &[lost], || take(&b, &p("s1"), Some(&[lost]), &p("r2"), &later(0, 70)));
    assert!(e.contains("is still ZD-QZ's: send it back to ZD-QZ"), "{e}");
    held_once(&[&a, &b], &[lost], &[a.code]);
    verified(&a.store);
    verified(&b.store);

    // Headquarters: found again, no longer missing.
    let hq = new_store();
    let rows = transit_rows(&hq, &[&a, &b], &later(1, 0), dir.path(), "bundle");
    let row = rows.iter().find(|row| row["shipment"] == id.as_str()).unwrap();
    let f = |k: &str| row[k].to_string().trim_matches('"').to_owned();
    assert_eq!(
        [f("pieces"), f("received"), f("missing"), f("found"), f("in_transit"), f("state")],
        ["4", "1", "0", "3", "0", "short, found again"].map(str::to_owned)
    );
}
}
