//! The barcode workflows from the library: what each one does to the register, and that every
//! bad input of issue 3 is refused with a clear message and writes nothing.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use depot_domain::{Action, AssetStatus, ItemCode, Lang, Stock};
use depot_service::scan::{self, Mode};
use depot_service::store::{StockView, Store};
use depot_service::workflow::{self, CheckinReq, CheckoutReq, Condition, ReceiveReq};
use depot_service::{count, kit};
use rust_decimal::Decimal;

use depot_testkit::on_both_engines;
use depot_testkit::register::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn q(n: i64) -> Decimal {
    Decimal::from(n)
}

fn out_to(to: &str) -> CheckoutReq {
    CheckoutReq {
        to: Some(to.into()),
        ..CheckoutReq::default()
    }
}

const STATION: &str = "ZHAN-0101";
const DEPOT: &str = "CK-SJ";

fn history(store: &Store, code: &str) -> Vec<depot_domain::Movement> {
    store.read().unwrap().history(code).unwrap()
}

fn last_action(store: &Store, code: &str) -> Action {
    history(store, code).last().unwrap().body.action
}

// ---------------------------------------------------------------------------------------
// What each workflow does.
// ---------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------
// Bad input: a clear error, and nothing written.
// ---------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------
// Scans: repeats, and batches of good and bad codes.
// ---------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------
// Stock counts.
// ---------------------------------------------------------------------------------------

const COUNTED: &str = "CK-XJ-04";

/// What the sample expects at `scope` (and `module`): its assets at home and not retired, anything checked
/// out to it, and its lots with stock.
fn expected_at(scope: &str, module: Option<&str>) -> Vec<(String, Decimal)> {
    let fits = |m: &str| module.is_none_or(|x| x == m);
    let mut out: Vec<(String, Decimal)> = assets()
        .into_iter()
        .filter(|a| fits(&a.module) && a.status != "retired")
        .filter(|a| a.location == scope || (a.owner == scope && a.location.is_empty()))
        .map(|a| (a.barcode, Decimal::ONE))
        .collect();
    out.extend(
        lots()
            .into_iter()
            .filter(|l| l.owner == scope && fits(&l.module))
            .map(|l| (l.barcode, l.quantity.parse::<Decimal>().unwrap()))
            .filter(|(_, q)| *q > Decimal::ZERO),
    );
    out.sort();
    out
}

/// No decisions about unexpected items (a count that found none, or one refused earlier).
fn decisions_none() -> std::collections::BTreeMap<String, count::Decision> {
    Default::default()
}

/// The quantity of `item` that `owner` holds, over all its lots.
fn held(store: &Store, owner: &str, item: &str) -> Decimal {
    lots_of(store, owner, item).iter().map(|l| l.quantity).sum()
}

fn lots_of(store: &Store, owner: &str, item: &str) -> Vec<depot_domain::Lot> {
    let r = store.read().unwrap();
    let mut out = Vec::new();
    for b in r
        .barcodes_by(depot_service::store::Tag::Owner, owner)
        .unwrap()
    {
        if let Some(Stock::Lot(l)) = r.stock(b.as_str()).unwrap()
            && l.item.as_str() == item
        {
            out.push(l);
        }
    }
    out
}

on_both_engines! {
/// Issue 19 finding 11: a code scanned by a GS1 scanner, with GS (ASCII 29) between its
/// fields, is the register's code without it, on every front end (they all read scans here).
#[test]
fn a_scan_with_gs_inside_finds_the_code() {
    let store = sample_store();
    let a = ready_home_not_of(STATION).remove(0);
    let (head, tail) = a.barcode.split_at(4);
    let scanned = format!("{head}\u{1d}{tail}");
    let answer = scan::one(&store, &ctx(QM), &Mode::Out(out_to(STATION)), &scanned).unwrap();
    assert!(answer.result.is_ok(), "{answer}");
    assert_eq!(asset(&store, &a.barcode).location.unwrap().as_str(), STATION);
}

/// Issue 19 finding 8: one rule per kind of date, in the service, whatever the front end: a
/// due date already past and an inspection in the future are refused, a lot received already
/// expired is said.
#[test]
fn dates_that_cannot_be_true_are_refused_and_unusual_ones_said() {
    let store = sample_store();
    let today = chrono::Local::now().date_naive();
    let a = ready_home_not_of(STATION).remove(0);
    let e = refused(&store, &[&a.barcode], || {
        workflow::checkout(
            &store,
            &ctx(QM),
            &b(&a.barcode),
            &CheckoutReq {
                due: Some(today - chrono::Duration::days(339)),
                ..out_to(STATION)
            },
        )
    });
    assert!(e.contains("is before today"), "{e}");
    let e = refused(&store, &[&a.barcode], || {
        workflow::inspect(
            &store,
            &ctx(QM),
            &b(&a.barcode),
            Some(today + chrono::Duration::days(30)),
            false,
        )
    });
    assert!(e.contains("is after today"), "{e}");
    workflow::inspect(&store, &ctx(QM), &b(&a.barcode), Some(today), false).unwrap();
    let done = workflow::receive(
        &store,
        &ctx(QM),
        &ReceiveReq {
            item: ItemCode::new("S-YS"),
            qty: q(5),
            to: DEPOT.into(),
            module: None,
            expires: Some(d("2020-01-01")),
            lot: None,
        },
    )
    .unwrap();
    assert!(done.msg.say(Lang::En).contains("already expired"), "{}", done.msg.say(Lang::En));
    assert!(done.msg.say(Lang::Zh).contains("已过期"), "{}", done.msg.say(Lang::Zh));
    verified(&store);
}

/// Issue 19 finding 5: the repeat guard is for a scanner's double read (the same code, action,
/// receiver and quantity); deliberate commands with other quantities are no repeat, and a
/// request that is wrong in itself says why, not "repeat scan".
#[test]
fn another_quantity_is_no_repeat_and_a_bad_one_says_why() {
    let store = sample_store();
    // 7 箱 of drinking water at XZ-0501.
    let water = b("QZL45821013");
    let half = |s: &str| s.parse::<Decimal>().unwrap();
    workflow::transfer(&store, &ctx(QM), &water, DEPOT, Some(q(1))).unwrap();
    workflow::transfer(&store, &ctx(QM), &water, DEPOT, Some(q(2))).unwrap();
    assert_eq!(lot(&store, "QZL45821013").quantity, q(4));
    let e = refused(&store, &["QZL45821013"], || {
        workflow::transfer(&store, &ctx(QM), &water, DEPOT, Some(half("2.5")))
    });
    assert!(e.contains("箱 counts whole pieces"), "{e}");
    // The very same transfer again within the window is a repeat.
    let e = refused(&store, &["QZL45821013"], || {
        workflow::transfer(&store, &ctx(QM), &water, DEPOT, Some(q(2)))
    });
    assert!(e.starts_with("repeat scan"), "{e}");
    // Foam agent in t: half a tonne, then a quarter, to the same incident.
    let foam = b("QZL87677999");
    workflow::issue(&store, &ctx(QM), &foam, half("0.5"), "INC-9").unwrap();
    workflow::issue(&store, &ctx(QM), &foam, half("0.25"), "INC-9").unwrap();
    assert_eq!(lot(&store, "QZL87677999").quantity, half("1.25"));
    let e = refused(&store, &["QZL87677999"], || {
        workflow::issue(&store, &ctx(QM), &foam, half("0.25"), "INC-9")
    });
    assert!(e.starts_with("repeat scan"), "{e}");
    let e = refused(&store, &["QZL45821013"], || {
        workflow::issue(&store, &ctx(QM), &water, half("0.5"), "INC-9")
    });
    assert!(e.contains("箱 counts whole pieces"), "{e}");
    verified(&store);
}

/// Every write is stamped when it is made, by the clock the service reads once its
/// transaction has begun: a context made long before (a terminal's login, a scan stream's
/// start, an import that read its files first) does not backdate it.
#[test]
fn a_context_made_earlier_does_not_backdate_a_write() {
    let store = sample_store();
    let early = ctx(QM);
    let mut codes = ready_home_not_of(STATION).into_iter().map(|a| a.barcode);
    std::thread::sleep(std::time::Duration::from_millis(2100));
    // Someone else writes in the meantime.
    let other = codes.next().unwrap();
    workflow::checkout(&store, &ctx(OFFICER), &b(&other), &out_to(STATION)).unwrap();
    let start = chrono::Local::now().fixed_offset() - chrono::Duration::seconds(1);
    let first = codes.next().unwrap();
    workflow::checkout(&store, &early, &b(&first), &out_to(STATION)).unwrap();
    let batch: Vec<String> = codes.take(2).collect();
    scan::batch(&store, &early, &Mode::Out(out_to(STATION)), &batch).unwrap();
    let end = chrono::Local::now().fixed_offset() + chrono::Duration::seconds(1);
    let mut ledger = Vec::new();
    store
        .read()
        .unwrap()
        .for_each_movement(1, |m| -> depot_service::Result<()> {
            ledger.push(m);
            Ok(())
        })
        .unwrap();
    for pair in ledger.windows(2) {
        assert!(pair[0].body.at <= pair[1].body.at, "{pair:#?}");
    }
    let mine: Vec<_> = ledger
        .iter()
        .filter(|m| m.body.operator.as_str() == QM)
        .collect();
    assert_eq!(mine.len(), 3, "{mine:#?}");
    for m in mine {
        assert!(
            start <= m.body.at && m.body.at <= end,
            "seq {} stamped {}, made between {start} and {end}",
            m.seq,
            m.body.at
        );
    }
}

#[test]
fn checkout_keeps_the_owner_and_sets_location_and_due() {
    let store = sample_store();
    let a = ready_home_not_of(STATION).remove(0);
    let req = CheckoutReq {
        to: Some(STATION.into()),
        due: Some(d("2026-12-31")),
        reference: Some("INC-2026-001".into()),
        note: Some("flood drill".into()),
    };
    let done = workflow::checkout(&store, &ctx(QM), &b(&a.barcode), &req).unwrap();
    assert_eq!(done.msg.say(Lang::En), format!("checked out to {STATION}"));
    assert_eq!(done.seqs.len(), 1);
    let got = asset(&store, &a.barcode);
    assert_eq!(got.owner.as_str(), a.owner, "a check-out keeps the owner");
    assert_eq!(got.location.as_ref().map(|l| l.as_str()), Some(STATION));
    assert_eq!(got.due, Some(d("2026-12-31")));
    assert_eq!(got.status, AssetStatus::Ready);
    let m = history(&store, &a.barcode).pop().unwrap();
    assert_eq!(m.seq, done.seqs[0]);
    assert_eq!(m.body.action, Action::Checkout);
    assert_eq!(m.body.operator.as_str(), QM);
    assert_eq!(m.body.from.as_ref().map(|p| p.as_str()), Some(&*a.owner));
    assert_eq!(m.body.to.as_ref().map(|p| p.as_str()), Some(STATION));
    assert_eq!(m.body.reference.as_deref(), Some("INC-2026-001"));
    verified(&store);
}

#[test]
fn checkout_to_an_incident_or_a_vehicle() {
    let store = sample_store();
    let mut ready = ready_home_not_of(STATION);
    let vehicle = ready
        .iter()
        .find(|a| a.item.starts_with("V-"))
        .unwrap()
        .clone();
    let gear: Vec<_> = ready
        .drain(..)
        .filter(|a| !a.item.starts_with("V-"))
        .take(2)
        .collect();
    let to_incident = CheckoutReq {
        reference: Some("INC-7".into()),
        ..CheckoutReq::default()
    };
    workflow::checkout(&store, &ctx(QM), &b(&gear[0].barcode), &to_incident).unwrap();
    let a = asset(&store, &gear[0].barcode);
    assert_eq!(a.location.as_ref().map(|l| l.as_str()), Some("INC-7"));
    workflow::checkout(
        &store,
        &ctx(QM),
        &b(&gear[1].barcode),
        &out_to(&vehicle.barcode),
    )
    .unwrap();
    let a = asset(&store, &gear[1].barcode);
    assert_eq!(
        a.location.as_ref().map(|l| l.as_str()),
        Some(&*vehicle.barcode)
    );
    assert_eq!(a.owner.as_str(), gear[1].owner);
    verified(&store);
}

#[test]
fn checkin_returns_to_the_owner_or_into_a_warehouse_and_module() {
    let store = sample_store();
    let ready = ready_home_not_of(STATION);
    let (x, y) = (&ready[0], &ready[1]);
    // A due date is today or later (issue 19 finding 8).
    let due = CheckoutReq {
        due: Some(chrono::Local::now().date_naive() + chrono::Duration::days(30)),
        ..out_to(STATION)
    };
    for a in [x, y] {
        workflow::checkout(&store, &ctx(QM), &b(&a.barcode), &due).unwrap();
    }
    let done = workflow::checkin(&store, &ctx(QM), &b(&x.barcode), &CheckinReq::default()).unwrap();
    assert_eq!(done.msg.say(Lang::En), format!("checked in to {}", x.owner));
    let got = asset(&store, &x.barcode);
    assert_eq!(got.owner.as_str(), x.owner);
    assert_eq!(got.location, None);
    assert_eq!(got.due, None, "a check-in clears the due date");
    assert_eq!(got.status, AssetStatus::Ready);
    assert_eq!(last_action(&store, &x.barcode), Action::Checkin);

    let into = CheckinReq {
        into: Some(DEPOT.into()),
        module: Some("water".into()),
        ..CheckinReq::default()
    };
    workflow::checkin(&store, &ctx(QM), &b(&y.barcode), &into).unwrap();
    let got = asset(&store, &y.barcode);
    assert_eq!(got.owner.as_str(), DEPOT);
    assert_eq!(got.location, None);
    assert_eq!(got.module.as_ref().map(|m| m.as_str()), Some("water"));
    verified(&store);
}

#[test]
fn damaged_checkin_goes_to_maintenance_and_repair_brings_it_back() {
    let store = sample_store();
    let a = ready_home_not_of(STATION).remove(0);
    workflow::checkout(&store, &ctx(QM), &b(&a.barcode), &out_to(STATION)).unwrap();
    let damaged = CheckinReq {
        condition: Condition::Damaged,
        ..CheckinReq::default()
    };
    let done = workflow::checkin(&store, &ctx(QM), &b(&a.barcode), &damaged).unwrap();
    assert!(done.msg.say(Lang::En).ends_with("to maintenance"), "{}", done.msg.say(Lang::En));
    let got = asset(&store, &a.barcode);
    assert_eq!(got.status, AssetStatus::Maintenance);
    assert_eq!(got.location, None);
    assert_eq!(got.owner.as_str(), a.owner);

    let done = workflow::repair(&store, &ctx(QM), &b(&a.barcode), false, Some("new seal")).unwrap();
    assert_eq!(done.msg.say(Lang::En), "back from maintenance, ready");
    assert_eq!(asset(&store, &a.barcode).status, AssetStatus::Ready);
    assert_eq!(last_action(&store, &a.barcode), Action::RepairDone);

    workflow::repair(&store, &ctx(QM), &b(&a.barcode), true, None).unwrap();
    assert_eq!(asset(&store, &a.barcode).status, AssetStatus::Maintenance);
    assert_eq!(last_action(&store, &a.barcode), Action::RepairStart);
    // Not twice in a row, and not while checked out.
    let e = refused(&store, &[&a.barcode], || {
        workflow::repair(&store, &ctx(QM), &b(&a.barcode), true, None)
    });
    assert!(
        e.contains("is maintenance and cannot be sent to repair"),
        "{e}"
    );
    let other = ready_home_not_of(STATION).remove(1);
    workflow::checkout(&store, &ctx(QM), &b(&other.barcode), &out_to(STATION)).unwrap();
    let e = refused(&store, &[&other.barcode], || {
        workflow::repair(&store, &ctx(QM), &b(&other.barcode), true, None)
    });
    assert!(e.contains("already checked out"), "{e}");
    verified(&store);
}

#[test]
fn asset_transfer_changes_the_owner() {
    let store = sample_store();
    let a = ready_home_not_of(STATION).remove(0);
    let done = workflow::transfer(&store, &ctx(QM), &b(&a.barcode), STATION, None).unwrap();
    assert_eq!(done.created, None);
    let got = asset(&store, &a.barcode);
    assert_eq!(got.owner.as_str(), STATION);
    assert_eq!(got.location, None);
    let m = history(&store, &a.barcode).pop().unwrap();
    assert_eq!(m.body.action, Action::Transfer);
    assert_eq!(m.body.from.as_ref().map(|p| p.as_str()), Some(&*a.owner));
    verified(&store);
}

#[test]
fn whole_lot_transfer_moves_the_lot() {
    let store = sample_store();
    let l = lot_with_at_least(2);
    let before = lot(&store, &l.barcode);
    let to = if l.owner == STATION { DEPOT } else { STATION };
    let done = workflow::transfer(&store, &ctx(QM), &b(&l.barcode), to, None).unwrap();
    assert_eq!(done.created, None, "a whole lot keeps its barcode");
    let after = lot(&store, &l.barcode);
    assert_eq!(after.owner.as_str(), to);
    assert_eq!(after.quantity, before.quantity);
    assert_eq!((after.lot, after.expires), (before.lot, before.expires));
    // The whole quantity given explicitly is the same as none.
    let back = workflow::transfer(
        &store,
        &ctx(QM),
        &b(&l.barcode),
        &l.owner,
        Some(before.quantity),
    )
    .unwrap();
    assert_eq!(back.created, None);
    assert_eq!(lot(&store, &l.barcode).owner.as_str(), l.owner);
    verified(&store);
}

#[test]
fn partial_lot_transfer_splits_into_a_new_barcode() {
    let store = sample_store();
    let l = lots()
        .into_iter()
        .find(|l| {
            !l.expires.is_empty()
                && !l.module.is_empty()
                && l.quantity.parse::<i64>().is_ok_and(|q| q >= 5)
        })
        .unwrap();
    let source = lot(&store, &l.barcode);
    let to = if l.owner == STATION { DEPOT } else { STATION };
    let barcodes = store.read().unwrap().stock_count().unwrap();
    let done = workflow::transfer(&store, &ctx(QM), &b(&l.barcode), to, Some(q(3))).unwrap();
    let split = done.created.clone().unwrap();
    assert_ne!(split.as_str(), l.barcode);
    assert_eq!(done.seqs.len(), 2);
    assert!(done.msg.say(Lang::En).contains(split.as_str()), "{}", done.msg.say(Lang::En));
    assert_eq!(
        store.read().unwrap().stock_count().unwrap(),
        barcodes + 1,
        "one new barcode"
    );

    let rest = lot(&store, &l.barcode);
    assert_eq!(rest.quantity, source.quantity - q(3));
    assert_eq!(rest.owner, source.owner, "the source keeps the rest");
    let new = lot(&store, split.as_str());
    assert_eq!(new.quantity, q(3));
    assert_eq!(new.owner.as_str(), to);
    assert_eq!(new.item, source.item);
    assert_eq!(new.lot, source.lot);
    assert_eq!(new.module, source.module);
    assert_eq!(new.expires, source.expires);
    assert_eq!(new.received, source.received);
    assert_eq!(history(&store, split.as_str()).len(), 1);
    verified(&store);
}

#[test]
fn issue_takes_from_the_lot() {
    let store = sample_store();
    let l = lot_with_at_least(5);
    let have = lot(&store, &l.barcode).quantity;
    let done = workflow::issue(&store, &ctx(QM), &b(&l.barcode), q(2), "INC-9").unwrap();
    let left = have - q(2);
    assert_eq!(
        done.msg.say(Lang::En),
        format!("issued 2 to INC-9, {} left", left.normalize())
    );
    assert_eq!(lot(&store, &l.barcode).quantity, left);
    let m = history(&store, &l.barcode).pop().unwrap();
    assert_eq!(m.body.action, Action::Issue);
    assert_eq!(m.body.quantity, q(2));
    assert_eq!(m.body.reference.as_deref(), Some("INC-9"));
    // All that is left may go too; the lot stays, empty.
    workflow::issue(&store, &ctx(QM), &b(&l.barcode), left, "INC-10").unwrap();
    assert_eq!(lot(&store, &l.barcode).quantity, Decimal::ZERO);
    verified(&store);
}

#[test]
fn receive_creates_a_lot() {
    let store = sample_store();
    // Drinking water comes in boxes (箱): 12.5 of them is refused, naming the unit.
    let half = ReceiveReq {
        item: ItemCode::new("S-YS"),
        qty: "12.5".parse().unwrap(),
        to: DEPOT.into(),
        module: None,
        expires: None,
        lot: None,
    };
    let e = workflow::receive(&store, &ctx(QM), &half).unwrap_err();
    assert!(e.to_string().contains("箱 counts whole pieces"), "{e}");
    let req = ReceiveReq {
        item: ItemCode::new("S-YS"),
        qty: "12".parse().unwrap(),
        to: DEPOT.into(),
        module: Some("water".into()),
        expires: Some(d("2028-06-30")),
        lot: Some("20261123-YS01".into()),
    };
    let c = ctx(QM);
    let done = workflow::receive(&store, &c, &req).unwrap();
    let code = done.created.clone().unwrap();
    assert_eq!(done.barcode, code);
    let l = lot(&store, code.as_str());
    assert_eq!(l.item.as_str(), "S-YS");
    assert_eq!(l.quantity, Decimal::from(12));
    assert_eq!(l.owner.as_str(), DEPOT);
    assert_eq!(l.module.as_ref().map(|m| m.as_str()), Some("water"));
    assert_eq!(l.expires, Some(d("2028-06-30")));
    assert_eq!(l.lot.as_deref(), Some("20261123-YS01"));
    assert_eq!(l.received, Some(c.stamp().date_naive()));
    assert_eq!(last_action(&store, code.as_str()), Action::Receive);
    // A second receipt is another lot.
    let again = workflow::receive(&store, &ctx(QM), &req).unwrap();
    assert_ne!(again.created, done.created);
    verified(&store);
}

#[test]
fn inspect_resets_the_inspection_clock() {
    let store = sample_store();
    let a = ready_home_not_of(STATION).remove(0);
    let done = workflow::inspect(
        &store,
        &ctx(QM),
        &b(&a.barcode),
        Some(d("2026-11-20")),
        false,
    )
    .unwrap();
    assert!(done.msg.say(Lang::En).contains("passed"), "{}", done.msg.say(Lang::En));
    let got = asset(&store, &a.barcode);
    assert_eq!(got.last_inspected, Some(d("2026-11-20")));
    assert_eq!(got.status, AssetStatus::Ready);
    // Without a date: today; a failed inspection sends it to maintenance.
    let c = ctx(QM);
    workflow::inspect(&store, &c, &b(&a.barcode), None, true).unwrap();
    let got = asset(&store, &a.barcode);
    assert_eq!(got.last_inspected, Some(c.stamp().date_naive()));
    assert_eq!(got.status, AssetStatus::Maintenance);
    verified(&store);
}

#[test]
fn writeoff_retires_an_asset_and_takes_from_a_lot() {
    let store = sample_store();
    let a = ready_home_not_of(STATION).remove(0);
    workflow::writeoff(&store, &ctx(OFFICER), &b(&a.barcode), "burnt", None).unwrap();
    assert_eq!(asset(&store, &a.barcode).status, AssetStatus::Retired);
    let m = history(&store, &a.barcode).pop().unwrap();
    assert_eq!(m.body.action, Action::Writeoff);
    assert_eq!(m.body.reason.as_deref(), Some("burnt"));
    // A retired asset is not written off again, nor checked out.
    let e = refused(&store, &[&a.barcode], || {
        workflow::writeoff(&store, &ctx(OFFICER), &b(&a.barcode), "again", None)
    });
    assert!(e.contains("retired"), "{e}");

    let l = lot_with_at_least(5);
    let have = lot(&store, &l.barcode).quantity;
    workflow::writeoff(&store, &ctx(OFFICER), &b(&l.barcode), "mould", Some(q(2))).unwrap();
    assert_eq!(lot(&store, &l.barcode).quantity, have - q(2));
    workflow::writeoff(&store, &ctx(OFFICER), &b(&l.barcode), "rest", None).unwrap();
    assert_eq!(lot(&store, &l.barcode).quantity, Decimal::ZERO);
    // A write-off needs a reason.
    let other = ready_home_not_of(STATION).remove(1);
    let e = refused(&store, &[&other.barcode], || {
        workflow::writeoff(&store, &ctx(OFFICER), &b(&other.barcode), "  ", None)
    });
    assert!(e.contains("needs a reason"), "{e}");
    verified(&store);
}

#[test]
fn checkout_of_an_asset_already_out_is_refused() {
    let store = sample_store();
    let a = asset_out();
    let e = refused(&store, &[&a.barcode], || {
        workflow::checkout(&store, &ctx(QM), &b(&a.barcode), &out_to(DEPOT))
    });
    let start = format!(
        "{} is already checked out to {} (by ",
        a.barcode, a.location
    );
    assert!(
        e.starts_with(&start) && e.ends_with("; check it in first"),
        "{e}"
    );
}

#[test]
fn checkout_in_maintenance_or_retired_is_refused() {
    let store = sample_store();
    for status in ["maintenance", "retired", "out_of_service"] {
        let a = asset_in(status);
        let to = if a.owner == STATION { DEPOT } else { STATION };
        let e = refused(&store, &[&a.barcode], || {
            workflow::checkout(&store, &ctx(QM), &b(&a.barcode), &out_to(to))
        });
        assert_eq!(
            e,
            format!("{} is {status} and cannot be checked out", a.barcode)
        );
    }
}

#[test]
fn unknown_barcode_is_refused_with_the_nearest_codes() {
    let store = sample_store();
    let a = ready_home_not_of(STATION).remove(0);
    // One digit off a known code.
    let mut typo = a.barcode.clone();
    let last = typo.pop().unwrap();
    typo.push(if last == '9' { '8' } else { '9' });
    assert!(stock(&store, &typo).is_none());
    let e = refused(&store, &[&a.barcode, &typo], || {
        workflow::checkout(&store, &ctx(QM), &b(&typo), &out_to(STATION))
    });
    assert!(
        e.starts_with(&format!("unknown barcode {typo}; did you mean ")),
        "{e}"
    );
    assert!(e.contains(&a.barcode), "the nearest code is suggested: {e}");
    // The same from a scan, and for every workflow.
    let ans = scan::one(&store, &ctx(QM), &Mode::Out(out_to(STATION)), &typo).unwrap();
    assert!(
        ans.result
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("unknown barcode")
    );
    let e = refused(&store, &[], || {
        workflow::issue(&store, &ctx(QM), &b("NOSUCHCODE"), q(1), "INC")
    });
    assert!(e.starts_with("unknown barcode NOSUCHCODE"), "{e}");
    let e = refused(&store, &[], || {
        workflow::transfer(&store, &ctx(QM), &b("NOSUCHCODE"), STATION, None)
    });
    assert!(e.starts_with("unknown barcode NOSUCHCODE"), "{e}");
    let e = refused(&store, &[], || {
        workflow::checkin(&store, &ctx(QM), &b("NOSUCHCODE"), &CheckinReq::default())
    });
    assert!(e.starts_with("unknown barcode NOSUCHCODE"), "{e}");
}

#[test]
fn checkin_of_an_asset_not_out_is_refused() {
    let store = sample_store();
    let a = ready_home_not_of(STATION).remove(0);
    let e = refused(&store, &[&a.barcode], || {
        workflow::checkin(&store, &ctx(QM), &b(&a.barcode), &CheckinReq::default())
    });
    assert_eq!(e, format!("{} is not checked out", a.barcode));
}

#[test]
fn transfer_to_an_unknown_code_or_to_its_own_owner_is_refused() {
    let store = sample_store();
    let a = ready_home_not_of(STATION).remove(0);
    let e = refused(&store, &[&a.barcode], || {
        workflow::transfer(&store, &ctx(QM), &b(&a.barcode), "ZHAN-O101", None)
    });
    assert!(e.starts_with("unknown place ZHAN-O101"), "{e}");
    assert!(e.contains("did you mean ZHAN-0101"), "{e}");
    let e = refused(&store, &[&a.barcode], || {
        workflow::transfer(&store, &ctx(QM), &b(&a.barcode), &a.owner, None)
    });
    assert_eq!(e, format!("{} already belongs to {}", a.barcode, a.owner));
    // A lot likewise, and a check-out to the owner itself.
    let l = lot_with_at_least(2);
    let e = refused(&store, &[&l.barcode], || {
        workflow::transfer(&store, &ctx(QM), &b(&l.barcode), &l.owner, Some(q(1)))
    });
    assert_eq!(e, format!("{} already belongs to {}", l.barcode, l.owner));
    let e = refused(&store, &[&a.barcode], || {
        workflow::checkout(&store, &ctx(QM), &b(&a.barcode), &out_to(&a.owner))
    });
    assert_eq!(e, format!("{} already belongs to {}", a.barcode, a.owner));
    let e = refused(&store, &[&a.barcode], || {
        workflow::checkout(&store, &ctx(QM), &b(&a.barcode), &out_to("NOWHERE-1"))
    });
    assert!(e.starts_with("unknown place NOWHERE-1"), "{e}");
}

#[test]
fn issue_larger_than_the_lot_is_refused() {
    let store = sample_store();
    let l = lot_with_at_least(2);
    let have = lot(&store, &l.barcode).quantity;
    let want = have + q(1);
    let e = refused(&store, &[&l.barcode], || {
        workflow::issue(&store, &ctx(QM), &b(&l.barcode), want, "INC-1")
    });
    assert_eq!(
        e,
        format!(
            "lot {} holds {}; {} cannot be taken from it",
            l.barcode,
            have.normalize(),
            want.normalize()
        )
    );
    let e = refused(&store, &[&l.barcode], || {
        workflow::transfer(&store, &ctx(QM), &b(&l.barcode), STATION, Some(want))
    });
    assert!(e.contains("cannot be taken from it"), "{e}");
    let e = refused(&store, &[&l.barcode], || {
        workflow::writeoff(&store, &ctx(OFFICER), &b(&l.barcode), "x", Some(want))
    });
    assert!(e.contains("cannot be taken from it"), "{e}");
}

#[test]
fn negative_and_zero_quantities_are_refused() {
    let store = sample_store();
    let l = lot_with_at_least(2);
    let to = if l.owner == STATION { DEPOT } else { STATION };
    for bad in [Decimal::ZERO, q(-1), "-0.5".parse().unwrap()] {
        let want = format!("the quantity must be more than zero (got {bad})");
        let e = refused(&store, &[&l.barcode], || {
            workflow::issue(&store, &ctx(QM), &b(&l.barcode), bad, "INC-1")
        });
        assert_eq!(e, want);
        let e = refused(&store, &[&l.barcode], || {
            workflow::transfer(&store, &ctx(QM), &b(&l.barcode), to, Some(bad))
        });
        assert_eq!(e, want);
        let e = refused(&store, &[&l.barcode], || {
            workflow::writeoff(&store, &ctx(OFFICER), &b(&l.barcode), "x", Some(bad))
        });
        assert_eq!(e, want);
        let req = ReceiveReq {
            item: ItemCode::new(l.item.clone()),
            qty: bad,
            to: DEPOT.into(),
            module: None,
            expires: None,
            lot: None,
        };
        let e = refused(&store, &[&l.barcode], || {
            workflow::receive(&store, &ctx(QM), &req)
        });
        assert_eq!(e, want);
        let mode = Mode::Issue {
            qty: bad,
            reference: "INC-2".into(),
        };
        let before = snapshot(&store, &[&l.barcode]);
        let ans = scan::one(&store, &ctx(QM), &mode, &l.barcode).unwrap();
        assert_eq!(ans.result.map_err(|e| e.to_string()), Err(want));
        assert_eq!(snapshot(&store, &[&l.barcode]), before);
    }
}

#[test]
fn wrong_ean_check_digit_is_refused_by_a_scan() {
    let store = sample_store();
    for mode in [
        Mode::Out(out_to(STATION)),
        Mode::In(CheckinReq::default()),
        Mode::Transfer { to: STATION.into() },
    ] {
        let before = snapshot(&store, &[]);
        let ans = scan::one(&store, &ctx(QM), &mode, " 4006381333932 ").unwrap();
        assert_eq!(ans.code, "4006381333932");
        assert_eq!(
            ans.result.clone().map_err(|e| e.to_string()),
            Err(
                "4006381333932 is not a valid EAN-13: the check digit should be 1; rescan it"
                    .into()
            )
        );
        assert_eq!(
            ans.to_string(),
            "ERROR 4006381333932 4006381333932 is not a valid EAN-13: the check digit should be 1; rescan it"
        );
        assert_eq!(snapshot(&store, &[]), before);
    }
    // A valid EAN-13 that the register does not know is an unknown barcode, not a bad digit.
    let ans = scan::one(
        &store,
        &ctx(QM),
        &Mode::Out(out_to(STATION)),
        "4006381333931",
    )
    .unwrap();
    assert!(
        ans.result
            .unwrap_err()
            .to_string()
            .starts_with("unknown barcode 4006381333931")
    );
}

#[test]
fn writeoff_by_a_quartermaster_is_refused_and_audited() {
    let store = sample_store();
    let a = ready_home_not_of(STATION).remove(0);
    let l = lot_with_at_least(2);
    let e = refused(&store, &[&a.barcode], || {
        workflow::writeoff(&store, &ctx(QM), &b(&a.barcode), "broken", None)
    });
    assert_eq!(
        e,
        format!("operator {QM} (quartermaster) may not write off; ask an officer")
    );
    let e = refused(&store, &[&l.barcode], || {
        workflow::writeoff(&store, &ctx(QM), &b(&l.barcode), "broken", Some(q(1)))
    });
    assert!(e.contains("may not write off"), "{e}");
    let log = store.read().unwrap().audit_log().unwrap();
    for code in [&a.barcode, &l.barcode] {
        assert!(
            log.iter().any(|x| x.operator == QM
                && x.action == format!("writeoff {code}")
                && x.outcome.starts_with("refused: ")
                && x.outcome.contains("may not write off")),
            "{log:?}"
        );
    }
    // An auditor may not even scan; an unknown operator may do nothing.
    let e = refused(&store, &[&a.barcode], || {
        workflow::checkout(&store, &ctx(AUDITOR), &b(&a.barcode), &out_to(STATION))
    });
    assert!(e.contains("(auditor) may not check out"), "{e}");
    let e = refused(&store, &[&a.barcode], || {
        workflow::checkout(&store, &ctx("陌生人"), &b(&a.barcode), &out_to(STATION))
    });
    assert!(e.contains("陌生人 is not registered"), "{e}");
    let log = store.read().unwrap().audit_log().unwrap();
    assert!(
        log.iter()
            .any(|x| x.operator == AUDITOR && x.outcome.starts_with("refused"))
    );
    assert!(
        log.iter()
            .any(|x| x.operator == "陌生人" && x.outcome.starts_with("refused"))
    );
    // A refused scan in a batch is audited too.
    let ans = scan::one(
        &store,
        &ctx(AUDITOR),
        &Mode::Out(out_to(STATION)),
        &a.barcode,
    )
    .unwrap();
    assert!(ans.result.unwrap_err().to_string().contains("may not check out"));
    let log = store.read().unwrap().audit_log().unwrap();
    assert!(
        log.iter()
            .any(|x| x.operator == AUDITOR && x.action == format!("scan out {}", a.barcode)),
        "{log:?}"
    );
    assert_eq!(asset(&store, &a.barcode).location, None);
}

#[test]
fn a_kit_with_an_item_already_out_refuses_the_whole_checkout() {
    let store = sample_store();
    let ready = ready_home_not_of(STATION);
    let (x, y) = (&ready[0], &ready[1]);
    let l = lot_with_at_least(3);
    let c = ctx(QM);
    kit::pack(
        &store,
        &c,
        "KIT-01",
        Some(DEPOT),
        Some("water"),
        Some("水域箱"),
        None,
    )
    .unwrap();
    for (code, n) in [(&x.barcode, q(1)), (&y.barcode, q(1)), (&l.barcode, q(2))] {
        kit::pack(&store, &c, "KIT-01", None, None, None, Some((&b(code), n))).unwrap();
    }
    let k = store.read().unwrap().kit("KIT-01").unwrap().unwrap();
    assert_eq!(k.contents.len(), 3);
    // y goes out on its own first.
    let elsewhere = if y.owner == "ZHAN-0102" {
        "ZHAN-0103"
    } else {
        "ZHAN-0102"
    };
    workflow::checkout(&store, &c, &b(&y.barcode), &out_to(elsewhere)).unwrap();
    let codes = [&*x.barcode, &*y.barcode, &*l.barcode];
    let before = snapshot(&store, &codes);
    let ans = scan::one(
        &store,
        &ctx_later(QM, 10),
        &Mode::Out(out_to(STATION)),
        "KIT-01",
    )
    .unwrap();
    assert_eq!(snapshot(&store, &codes), before, "nothing of the kit moved");
    let e = ans.result.unwrap_err().to_string();
    let start = format!("{} is already checked out to {elsewhere} (by ", y.barcode);
    assert!(
        e.starts_with(&start) && e.ends_with("; check it in first"),
        "{e}"
    );
    // Back in, the kit goes out whole: both assets out, and the lot quantity with them.
    workflow::checkin(
        &store,
        &ctx_later(QM, 20),
        &b(&y.barcode),
        &CheckinReq::default(),
    )
    .unwrap();
    let have = lot(&store, &l.barcode).quantity;
    let ans = scan::one(
        &store,
        &ctx_later(QM, 30),
        &Mode::Out(CheckoutReq {
            reference: Some("INC-KIT".into()),
            ..out_to(STATION)
        }),
        "KIT-01",
    )
    .unwrap();
    let done = ans.result.unwrap();
    assert_eq!(done.msg.say(Lang::En), "kit KIT-01: 3 of 3 checked out");
    for a in [x, y] {
        assert_eq!(
            asset(&store, &a.barcode).location.map(|p| p.to_string()),
            Some(STATION.to_owned())
        );
    }
    // The two packed were split off the shelf's lot into the kit's own, which went out.
    assert_eq!(lot(&store, &l.barcode).quantity, have);
    let own = &kit::find(&store, "KIT-01").unwrap().unwrap().contents[2].0;
    assert_eq!(last_action(&store, own), Action::Checkout);
    assert_eq!(lot(&store, own).quantity, q(2));
    verified(&store);
}

/// Issue 19: a kit's lot quantity is checked out with the kit and comes back with it (it is
/// never issued), it counts as the owner's all along, and the answers count what moved.
#[test]
fn a_kits_lot_quantity_goes_out_and_comes_back_with_the_kit() {
    let store = sample_store();
    let c = ctx(QM);
    let (boat, jackets) = ("QZ87171735", "QZL14686420");
    assert_eq!(lot(&store, jackets).quantity, q(38));
    let depots = held(&store, DEPOT, "O-JS");
    kit::pack(&store, &c, "KIT-W2", Some(DEPOT), Some("water"), None, Some((&b(boat), q(1)))).unwrap();
    let k = kit::pack(&store, &c, "KIT-W2", None, None, None, Some((&b(jackets), q(4)))).unwrap();
    // What is in the box is a lot of its own: four jackets, still the depot's.
    let (in_box, n) = k.contents[1].clone();
    assert_ne!(in_box, jackets);
    assert_eq!(n, q(4));
    assert_eq!(lot(&store, &in_box).quantity, q(4));
    assert_eq!(lot(&store, &in_box).owner.as_str(), DEPOT);
    assert_eq!(held(&store, DEPOT, "O-JS"), depots);

    let out = scan::one(&store, &ctx_later(QM, 10), &Mode::Out(out_to("ZHAN-0102")), "KIT-W2")
        .unwrap()
        .result
        .unwrap();
    assert_eq!(out.msg.say(Lang::En), "kit KIT-W2: 2 of 2 checked out");
    assert_eq!(out.msg.say(Lang::Zh), "器材箱 KIT-W2：2 件中 2 件已借出");
    assert_eq!(last_action(&store, &in_box), Action::Checkout);
    let all: Vec<Action> = history(&store, &in_box).iter().map(|m| m.body.action).collect();
    assert!(!all.contains(&Action::Issue), "{all:?}");
    assert_eq!(history(&store, &in_box).last().unwrap().body.to.as_ref().unwrap().as_str(), "ZHAN-0102");
    // Out, it still counts as the depot's, and nothing else takes from it.
    assert_eq!(held(&store, DEPOT, "O-JS"), depots);
    let e = refused(&store, &[&in_box], || {
        workflow::issue(&store, &ctx_later(QM, 12), &b(&in_box), q(1), "INC-9")
    });
    assert!(e.contains("already checked out to ZHAN-0102"), "{e}");
    // A count of the depot meanwhile does not look for it on the shelf.
    let id = count::open(&store, &c, DEPOT, None).unwrap();
    let v = count::view(&store, id).unwrap();
    assert!(v.expected.contains_key(jackets) && !v.expected.contains_key(&in_box));

    let back = scan::one(&store, &ctx_later(QM, 20), &Mode::In(CheckinReq::default()), "KIT-W2")
        .unwrap()
        .result
        .unwrap();
    assert_eq!(back.msg.say(Lang::En), "kit KIT-W2: 2 of 2 checked in");
    assert_eq!(back.msg.say(Lang::Zh), "器材箱 KIT-W2：2 件中 2 件已归还");
    assert_eq!(last_action(&store, &in_box), Action::Checkin);
    assert_eq!(lot(&store, &in_box).quantity, q(4));
    assert_eq!(held(&store, DEPOT, "O-JS"), depots);
    assert_eq!(asset(&store, boat).location, None);
    // Scanned in again, nothing was out: the answer says none came back.
    let again = scan::one(&store, &ctx_later(QM, 40), &Mode::In(CheckinReq::default()), "KIT-W2")
        .unwrap()
        .result
        .unwrap();
    assert!(again.msg.say(Lang::En).starts_with("kit KIT-W2: 0 of 2 checked in"), "{}", again.msg.say(Lang::En));
    assert!(again.msg.say(Lang::Zh).starts_with("器材箱 KIT-W2：2 件中 0 件已归还"), "{}", again.msg.say(Lang::Zh));
    // What was not out is said as such, not as missing from the box, and in the reader's words.
    assert_eq!(again.msg.say(Lang::En), format!("kit KIT-W2: 0 of 2 checked in; not out with the kit: {boat}, {in_box}"));
    assert_eq!(again.msg.say(Lang::Zh), format!("器材箱 KIT-W2：2 件中 0 件已归还；未随器材箱借出：{boat}、{in_box}"));
    verified(&store);
}

/// Issue 19: a kit transferred points at the lot that moved, and its next check-out takes
/// from that lot, not from the old owner's shelf; also for a kit packed before its lot was
/// split off into one of its own.
#[test]
fn a_transferred_kit_points_at_the_lot_that_moved() {
    let store = sample_store();
    let c = ctx(QM);
    let jackets = "QZL14686420";
    // A kit as packed before: it names five of the shelf's 38.
    store
        .write(|w| {
            w.put_kit(&depot_service::store::KitRecord {
                code: "KIT-W1".into(),
                name: "KIT-W1".into(),
                owner: DEPOT.into(),
                module: None,
                contents: vec![(jackets.into(), q(5))],
            })
        })
        .unwrap();
    let t = scan::one(&store, &c, &Mode::Transfer { to: "CK-XJ-01".into() }, "KIT-W1")
        .unwrap()
        .result
        .unwrap();
    assert_eq!(t.msg.say(Lang::En), "kit KIT-W1: 1 of 1 transferred");
    let k = kit::find(&store, "KIT-W1").unwrap().unwrap();
    assert_eq!(k.owner, "CK-XJ-01");
    let (moved, n) = k.contents[0].clone();
    assert_ne!(moved, jackets, "the kit follows the lot that moved");
    assert_eq!(n, q(5));
    assert_eq!(lot(&store, &moved).owner.as_str(), "CK-XJ-01");
    assert_eq!(lot(&store, &moved).quantity, q(5));
    assert_eq!(lot(&store, jackets).quantity, q(33));
    // Out and back: the depot's shelf is not touched, the moved lot goes and returns.
    let out = scan::one(&store, &ctx_later(QM, 10), &Mode::Out(out_to("ZHAN-0102")), "KIT-W1")
        .unwrap()
        .result
        .unwrap();
    assert_eq!(out.msg.say(Lang::En), "kit KIT-W1: 1 of 1 checked out");
    assert_eq!(lot(&store, jackets).quantity, q(33));
    assert_eq!(last_action(&store, jackets), Action::Transfer);
    assert_eq!(last_action(&store, &moved), Action::Checkout);
    scan::one(&store, &ctx_later(QM, 20), &Mode::In(CheckinReq::default()), "KIT-W1")
        .unwrap()
        .result
        .unwrap();
    assert_eq!(lot(&store, &moved).quantity, q(5));
    assert_eq!(lot(&store, &moved).owner.as_str(), "CK-XJ-01");
    verified(&store);
}

#[test]
fn a_batch_applies_kits_and_codes_in_the_order_they_came() {
    let store = sample_store();
    let ready = ready_home_not_of(STATION);
    let (x, y) = (&ready[0], &ready[1]);
    let c = ctx(QM);
    kit::pack(&store, &c, "KIT-02", Some(DEPOT), None, None, None).unwrap();
    kit::pack(
        &store,
        &c,
        "KIT-02",
        None,
        None,
        None,
        Some((&b(&x.barcode), q(1))),
    )
    .unwrap();
    // The kit first: it takes x out, so x scanned after it is already out. Then y, alone.
    let raws = ["KIT-02".to_owned(), x.barcode.clone(), y.barcode.clone()];
    let answers = scan::batch(
        &store,
        &ctx_later(QM, 10),
        &Mode::Out(out_to(STATION)),
        &raws,
    )
    .unwrap();
    let codes: Vec<&str> = answers.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, ["KIT-02", &*x.barcode, &*y.barcode]);
    assert_eq!(
        answers[0].result.as_ref().unwrap().msg.say(Lang::En),
        "kit KIT-02: 1 of 1 checked out"
    );
    let e = answers[1].result.as_ref().unwrap_err().to_string();
    assert!(e.contains("already checked out"), "{e}");
    assert!(answers[2].result.is_ok());
    verified(&store);
}

#[test]
fn a_repeat_scan_is_reported_and_applied_once() {
    let store = sample_store();
    let a = ready_home_not_of(STATION).remove(0);
    let mode = Mode::Out(out_to(STATION));
    let head = store.read().unwrap().ledger_head().unwrap().0;
    let first = scan::one(&store, &ctx(QM), &mode, &a.barcode).unwrap();
    assert!(first.result.is_ok());
    let again = scan::one(&store, &ctx(QM), &mode, &a.barcode).unwrap();
    let e = again.result.unwrap_err().to_string();
    assert!(
        e.starts_with(&format!(
            "repeat scan: {} was already checked out at ",
            a.barcode
        )),
        "{e}"
    );
    assert!(e.ends_with("not applied again"), "{e}");
    assert_eq!(store.read().unwrap().ledger_head().unwrap().0, head + 1);
    // Twice in one batch: the same.
    let y = ready_home_not_of(STATION).remove(1);
    let answers = scan::batch(
        &store,
        &ctx(QM),
        &mode,
        &[y.barcode.clone(), format!(" {} ", y.barcode)],
    )
    .unwrap();
    assert!(answers[0].result.is_ok());
    assert!(
        answers[1]
            .result
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("repeat scan")
    );
    assert_eq!(store.read().unwrap().ledger_head().unwrap().0, head + 2);
    assert_eq!(
        history(&store, &y.barcode).len(),
        2,
        "opening and one check-out"
    );
    // Outside the window, the same scan is no repeat: it is an asset already out.
    let later = scan::one(&store, &ctx_later(QM, 60), &mode, &a.barcode).unwrap();
    assert!(later.result.unwrap_err().to_string().contains("already checked out"));
    // Check-in right after check-out is no repeat.
    let back = scan::one(
        &store,
        &ctx(QM),
        &Mode::In(CheckinReq::default()),
        &a.barcode,
    )
    .unwrap();
    assert!(back.result.is_ok(), "{back}");
    verified(&store);
}

#[test]
fn a_batch_lands_the_good_codes_and_answers_the_bad_ones_in_order() {
    let store = sample_store();
    let ready = ready_home_not_of(STATION);
    let out = asset_out();
    let maint = asset_in("maintenance");
    let good: Vec<&str> = ready.iter().take(4).map(|a| a.barcode.as_str()).collect();
    // The fourth good code arrives in full-width characters, as some scanners send it.
    let wide: String = good[3]
        .chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
        .collect();
    let raws: Vec<String> = vec![
        good[0].into(),
        "NOSUCHCODE".into(),
        format!("  {}\r", good[1]),
        "4006381333932".into(),
        out.barcode.clone(),
        good[2].into(),
        maint.barcode.clone(),
        wide,
        good[0].into(),
    ];
    let head = store.read().unwrap().ledger_head().unwrap().0;
    let answers = scan::batch(&store, &ctx(QM), &Mode::Out(out_to(STATION)), &raws).unwrap();
    let lines: Vec<String> = answers.iter().map(ToString::to_string).collect();
    assert_eq!(answers.len(), raws.len(), "{lines:#?}");
    let expect_ok = |i: usize, code: &str| {
        assert_eq!(
            lines[i],
            format!("OK {code} checked out to {STATION}"),
            "{lines:#?}"
        );
    };
    expect_ok(0, good[0]);
    assert!(
        lines[1].starts_with("ERROR NOSUCHCODE unknown barcode NOSUCHCODE"),
        "{lines:#?}"
    );
    expect_ok(2, good[1]);
    assert!(
        lines[3].starts_with("ERROR 4006381333932 4006381333932 is not a valid EAN-13"),
        "{lines:#?}"
    );
    assert!(
        lines[4].starts_with(&format!(
            "ERROR {0} {0} is already checked out to {1} (by ",
            out.barcode, out.location
        )) && lines[4].ends_with("; check it in first"),
        "{lines:#?}"
    );
    expect_ok(5, good[2]);
    assert_eq!(
        lines[6],
        format!(
            "ERROR {0} {0} is maintenance and cannot be checked out",
            maint.barcode
        )
    );
    expect_ok(7, good[3]);
    assert!(
        lines[8].starts_with(&format!("ERROR {} repeat scan", good[0])),
        "{lines:#?}"
    );
    assert_eq!(
        store.read().unwrap().ledger_head().unwrap().0,
        head + 4,
        "four good codes, four movements"
    );
    for g in &good {
        assert_eq!(
            asset(&store, g).location.map(|p| p.to_string()),
            Some(STATION.to_owned())
        );
    }
    assert_eq!(asset(&store, &maint.barcode).location, None);
    let mut tally = scan::Tally::default();
    answers.iter().for_each(|a| tally.add(a));
    assert_eq!(tally.to_string(), "9 scans: 4 ok, 5 errors");
    verified(&store);
}

#[test]
fn a_stock_count_compares_and_posts_adjustments_after_confirmation_by_an_officer() {
    let store = sample_store();
    let expected = expected_at(COUNTED, None);
    let assets_there: Vec<&(String, Decimal)> = expected
        .iter()
        .filter(|(b, _)| !b.starts_with("QZL"))
        .collect();
    let lots_there: Vec<&(String, Decimal)> = expected
        .iter()
        .filter(|(b, _)| b.starts_with("QZL"))
        .collect();
    assert!(assets_there.len() >= 3 && lots_there.len() >= 3);
    let missing_asset = assets_there[0].0.clone();
    let missing_lot = lots_there[0].clone();
    let (short_lot, short_had) = lots_there[1].clone();
    let stranger = ready_home_not_of(COUNTED).remove(0);

    let qm = ctx(QM);
    let id = count::open(&store, &qm, COUNTED, None).unwrap();
    let mode = Mode::Count { id };
    let mut raws: Vec<String> = expected
        .iter()
        .map(|(b, _)| b.clone())
        .filter(|b| *b != missing_asset && *b != missing_lot.0 && *b != short_lot)
        .collect();
    raws.push(assets_there[1].0.clone()); // scanned twice: counted once
    raws.push(stranger.barcode.clone());
    let answers = scan::batch(&store, &qm, &mode, &raws).unwrap();
    assert!(answers.iter().all(|a| a.result.is_ok()), "{answers:#?}");
    let twice = answers[answers.len() - 2].result.as_ref().unwrap();
    assert_eq!(
        twice.msg.say(Lang::En),
        format!("already counted in count {id}; counted once")
    );
    // The short lot: fewer pieces on the shelf than the register says.
    let found_short = short_had - q(1);
    count::scan(&store, &qm, id, &b(&short_lot), Some(found_short)).unwrap();
    let e = refused(&store, &[&short_lot], || {
        count::scan(&store, &qm, id, &b(&short_lot), Some(q(-1)))
    });
    assert!(e.contains("more than zero"), "{e}");

    let v = count::view(&store, id).unwrap();
    let exp: Vec<(String, Decimal)> = v.expected.clone().into_iter().collect();
    assert_eq!(exp, expected, "expected is what the register holds there");
    assert_eq!(
        v.found.len(),
        expected.len() - 2 + 1,
        "all but the two missing, and the stranger; the double scan counts once"
    );
    assert_eq!(v.found.get(&assets_there[1].0), Some(&Decimal::ONE));
    let mut missing: Vec<(String, Decimal)> = v
        .missing()
        .into_iter()
        .map(|(b, q)| (b.to_owned(), q))
        .collect();
    missing.sort();
    let mut want_missing = vec![(missing_asset.clone(), Decimal::ONE), missing_lot.clone()];
    want_missing.sort();
    assert_eq!(missing, want_missing);
    assert_eq!(
        v.unexpected(),
        vec![(stranger.barcode.as_str(), Decimal::ONE)]
    );
    assert_eq!(
        v.differing(),
        vec![(short_lot.as_str(), short_had, found_short)]
    );

    // Not without a confirmation, not by a quartermaster.
    let watch = [
        &*missing_asset,
        &*missing_lot.0,
        &*short_lot,
        &*stranger.barcode,
    ];
    let e = refused(&store, &watch, || {
        count::close(
            &store,
            &ctx(OFFICER),
            id,
            "annual",
            false,
            &decisions_none(),
        )
    });
    assert!(e.contains("confirm it (--confirm)"), "{e}");
    let e = refused(&store, &watch, || {
        count::close(&store, &qm, id, "annual", true, &decisions_none())
    });
    assert_eq!(
        e,
        format!("operator {QM} (quartermaster) may not post count adjustments; ask an officer")
    );
    let log = store.read().unwrap().audit_log().unwrap();
    assert!(
        log.iter().any(|x| x.operator == QM
            && x.action == format!("count close {id}")
            && x.outcome.starts_with("refused")),
        "{log:?}"
    );
    assert!(
        count::view(&store, id)
            .unwrap()
            .count
            .unwrap()
            .closed
            .is_none()
    );

    // Not without a decision for the item that turned up unexpectedly: none is guessed.
    let e = refused(&store, &watch, || {
        count::close(
            &store,
            &ctx(OFFICER),
            id,
            "annual",
            true,
            &Default::default(),
        )
    });
    assert!(
        e.contains(&*stranger.barcode) && e.contains("decide for each"),
        "{e}"
    );

    // The officer closes it: the differences are posted as adjustments, and the stranger is
    // recorded, as decided, as found away from its owner.
    let head = store.read().unwrap().ledger_head().unwrap().0;
    let decisions = [(stranger.barcode.to_string(), count::Decision::FoundAway)].into();
    let posted = count::close(&store, &ctx(OFFICER), id, "annual", true, &decisions).unwrap();
    assert_eq!(posted.len(), 4, "{posted:#?}");
    let said = |code: &str| {
        let d = posted.iter().find(|d| d.barcode.as_str() == code).unwrap();
        (d.msg.say(Lang::En), d.msg.say(Lang::Zh))
    };
    assert_eq!(
        said(&missing_asset),
        (
            "missing: out of service".to_owned(),
            "盘点调整：缺失：停用".to_owned()
        )
    );
    assert_eq!(
        said(&stranger.barcode),
        (
            format!("found away from {}, at {COUNTED}", stranger.owner),
            format!("盘点调整：在 {COUNTED} 发现（属 {}）", stranger.owner)
        )
    );
    let (en, zh) = said(&short_lot);
    assert!(
        en.starts_with("counted ") && zh.starts_with("盘点调整：实盘 "),
        "{en} / {zh}"
    );
    assert_eq!(store.read().unwrap().ledger_head().unwrap().0, head + 4);
    assert_eq!(
        asset(&store, &missing_asset).status,
        AssetStatus::OutOfService
    );
    assert_eq!(lot(&store, &missing_lot.0).quantity, Decimal::ZERO);
    assert_eq!(lot(&store, &short_lot).quantity, found_short);
    let s = asset(&store, &stranger.barcode);
    assert_eq!(s.location.map(|p| p.to_string()), Some(COUNTED.to_owned()));
    assert_eq!(s.owner.as_str(), stranger.owner);
    for code in watch {
        let m = history(&store, code).pop().unwrap();
        assert_eq!(m.body.action, Action::Adjust);
        assert_eq!(m.body.operator.as_str(), OFFICER);
        assert_eq!(m.body.reason, Some(format!("count {id}: annual")));
    }
    let c = count::view(&store, id).unwrap().count.unwrap();
    assert_eq!(c.closed.map(|(_, by)| by), Some(OFFICER.to_owned()));
    // A closed count takes no more scans and is not closed twice.
    let e = refused(&store, &[], || {
        count::scan(&store, &qm, id, &b(&missing_asset), None)
    });
    assert_eq!(e, format!("count {id} is closed"));
    let e = refused(&store, &[], || {
        count::close(&store, &ctx(OFFICER), id, "again", true, &decisions_none())
    });
    assert_eq!(e, format!("count {id} is closed"));
    verified(&store);
}

/// Issue 19: a closed count is a record. What it expected, found, left missing and decided
/// at its close is what it shows afterwards, whatever the register does since; and it says
/// whose each item was and what it is called.
#[test]
fn a_closed_count_shows_what_it_expected_found_and_decided_for_good() {
    let store = sample_store();
    let expected = expected_at(COUNTED, None);
    let missing_asset = expected
        .iter()
        .find(|(b, _)| !b.starts_with("QZL"))
        .unwrap()
        .0
        .clone();
    let mut strangers = ready_home_not_of(COUNTED).into_iter();
    let (stranger, later) = (strangers.next().unwrap(), strangers.next().unwrap());
    let qm = ctx(QM);
    let id = count::open(&store, &qm, COUNTED, None).unwrap();
    let mut raws: Vec<String> = expected
        .iter()
        .map(|(b, _)| b.clone())
        .filter(|b| *b != missing_asset)
        .collect();
    raws.push(stranger.barcode.clone());
    let answers = scan::batch(&store, &qm, &Mode::Count { id }, &raws).unwrap();
    assert!(answers.iter().all(|a| a.result.is_ok()), "{answers:#?}");
    let open = count::view(&store, id).unwrap();
    assert_eq!(open.missing_assets(), [missing_asset.as_str()]);
    let s = &open.about[&stranger.barcode];
    assert_eq!(s.owner, stranger.owner);
    assert!(!s.owner_name.is_empty() && !s.name.is_empty(), "{s:?}");
    assert_eq!(s.item, stranger.item);

    let decisions = [(stranger.barcode.clone(), count::Decision::TakeOver)].into();
    count::close(&store, &ctx(OFFICER), id, "年度盘点", true, &decisions).unwrap();
    let closed = count::view(&store, id).unwrap();
    // The register moves on: the stranger now belongs here, another asset comes in.
    workflow::transfer(&store, &ctx_later(QM, 10), &b(&later.barcode), COUNTED, None).unwrap();
    let now = count::view(&store, id).unwrap();
    assert_eq!(now, closed);
    let exp: Vec<(String, Decimal)> = now.expected.clone().into_iter().collect();
    assert_eq!(exp, expected, "what it expected at the close");
    assert_eq!(now.found.len(), expected.len());
    assert_eq!(now.missing(), [(missing_asset.as_str(), Decimal::ONE)]);
    assert_eq!(now.missing_assets(), [missing_asset.as_str()]);
    assert_eq!(now.unexpected(), [(stranger.barcode.as_str(), Decimal::ONE)]);
    assert_eq!(
        now.decided.get(&stranger.barcode),
        Some(&count::Decision::TakeOver)
    );
    assert_eq!(now.about[&stranger.barcode].owner, stranger.owner, "its owner then");
    assert_eq!(asset(&store, &stranger.barcode).owner.as_str(), COUNTED);
}

/// Issue 19: a written-off item found where it belongs is no surprise: nothing to decide, and
/// the close goes through without a decision for it.
#[test]
fn a_written_off_item_found_at_home_needs_no_decision() {
    let store = sample_store();
    let retired = asset_in("retired");
    let home = retired.owner.clone();
    let qm = ctx(QM);
    let id = count::open(&store, &qm, &home, None).unwrap();
    let mut raws: Vec<String> = expected_at(&home, None).into_iter().map(|(b, _)| b).collect();
    raws.push(retired.barcode.clone());
    scan::batch(&store, &qm, &Mode::Count { id }, &raws).unwrap();
    let v = count::view(&store, id).unwrap();
    assert!(v.unexpected().is_empty(), "{:?}", v.unexpected());
    assert_eq!(v.retired_found(), [retired.barcode.as_str()]);
    let posted = count::close(&store, &ctx(OFFICER), id, "年度盘点", true, &decisions_none()).unwrap();
    assert!(posted.is_empty(), "{posted:#?}");
    assert_eq!(asset(&store, &retired.barcode).status, AssetStatus::Retired);
    let v = count::view(&store, id).unwrap();
    assert_eq!(v.retired_found(), [retired.barcode.as_str()]);
    assert!(v.unexpected().is_empty());
}

#[test]
fn a_count_of_one_module_expects_only_that_module() {
    let store = sample_store();
    let id = count::open(&store, &ctx(QM), COUNTED, Some("geological")).unwrap();
    let v = count::view(&store, id).unwrap();
    let exp: Vec<(String, Decimal)> = v.expected.into_iter().collect();
    assert_eq!(exp, expected_at(COUNTED, Some("geological")));
    assert!(!exp.is_empty());
    let e = refused(&store, &[], || {
        count::open(&store, &ctx(QM), "CK-NOPE", None)
    });
    assert!(e.starts_with("unknown place CK-NOPE"), "{e}");
    // Everything found, nothing posted.
    let raws: Vec<String> = exp.iter().map(|(b, _)| b.clone()).collect();
    scan::batch(&store, &ctx(QM), &Mode::Count { id }, &raws).unwrap();
    let head = store.read().unwrap().ledger_head().unwrap();
    let posted = count::close(
        &store,
        &ctx(OFFICER),
        id,
        "monthly",
        true,
        &decisions_none(),
    )
    .unwrap();
    assert!(posted.is_empty(), "{posted:#?}");
    assert_eq!(store.read().unwrap().ledger_head().unwrap(), head);
    verified(&store);
}

#[test]
fn every_stock_row_still_matches_after_a_day_of_work() {
    // A mixed day on one register, then verify: the ledger replays to the stored state.
    let store = sample_store();
    let ready = ready_home_not_of(STATION);
    let l = lot_with_at_least(6);
    let to = if l.owner == STATION { DEPOT } else { STATION };
    workflow::checkout(&store, &ctx(QM), &b(&ready[0].barcode), &out_to(STATION)).unwrap();
    workflow::checkin(
        &store,
        &ctx_later(QM, 10),
        &b(&ready[0].barcode),
        &CheckinReq {
            condition: Condition::Damaged,
            ..CheckinReq::default()
        },
    )
    .unwrap();
    workflow::transfer(&store, &ctx(QM), &b(&ready[1].barcode), STATION, None).unwrap();
    let split = workflow::transfer(&store, &ctx(QM), &b(&l.barcode), to, Some(q(2)))
        .unwrap()
        .created
        .unwrap();
    workflow::issue(&store, &ctx(QM), &split, q(1), "INC-3").unwrap();
    workflow::issue(&store, &ctx(QM), &b(&l.barcode), q(1), "INC-3").unwrap();
    workflow::writeoff(&store, &ctx(OFFICER), &b(&ready[2].barcode), "lost", None).unwrap();
    assert!(matches!(stock(&store, split.as_str()), Some(Stock::Lot(_))));
    verified(&store);
}

/// Issue 19 finding 7: what undo refuses is said in Chinese too (the scan screen's Ctrl+Z):
/// a split, a write-off, a barcode that moved again since, a scan that wrote nothing.
#[test]
fn undo_refusals_are_said_in_both_languages() {
    let store = sample_store();
    let l = lot_with_at_least(5);
    let to = if l.owner == STATION { DEPOT } else { STATION };
    let split = workflow::transfer(&store, &ctx(QM), &b(&l.barcode), to, Some(q(2))).unwrap();
    let ready = ready_home_not_of(STATION);
    let gone = workflow::writeoff(&store, &ctx(OFFICER), &b(&ready[0].barcode), "burnt", None)
        .unwrap();
    let out = workflow::checkout(&store, &ctx(QM), &b(&ready[1].barcode), &out_to(STATION))
        .unwrap();
    workflow::checkin(&store, &ctx(QM), &b(&ready[1].barcode), &CheckinReq::default()).unwrap();
    let nothing = workflow::Done {
        seqs: Vec::new(),
        ..out.clone()
    };
    for done in [split, gone, out, nothing] {
        let e = workflow::undo(&store, &ctx(QM), &done).unwrap_err();
        let zh = e.zh();
        let words: Vec<&str> = zh
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .filter(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic()))
            .collect();
        assert!(
            words.is_empty() && zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}: {words:?} in {zh}",
            done.barcode
        );
        let en = e.to_string();
        assert!(
            !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{en}"
        );
    }
    verified(&store);
}
}
