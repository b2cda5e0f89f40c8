//! The store's contract as one test suite that every engine runs on itself (the `testing`
//! feature): each check takes a fresh, empty [`Store`] from the engine and asserts what the
//! port promises, not what another engine answers. An engine's tests call [`check`] with a
//! function that makes it a store; a failing check names itself.

#![allow(clippy::unwrap_used)]

mod hq;
pub mod register;

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use depot_domain::movement::{Action, GENESIS};
use depot_domain::stock::{StockRef, StockScan};
use depot_domain::{AssetStatus, Barcode, Module, Stock};
use rust_decimal::Decimal;

use crate::records::{AuditEntry, KitRecord, OperatorRecord};
use crate::{ApplyError, CREATED_META, Claims, End, StockView, Store, StoreError, Tag, Upsert};
use register::{at, items, mv, setup, units, warehouse};

/// One check of the contract: its name and what it runs on a fresh store.
pub type Check = (&'static str, fn(&Store));

/// Every check of the contract, by name.
pub const CHECKS: &[Check] = &[
    ("reference data is upserted and read back", reference_data),
    ("a movement is applied, chained and indexed", movements),
    ("a failed or trial write leaves nothing", nothing_left),
    (
        "the stock is visited in barcode order from either end",
        visits,
    ),
    ("two threads' claims visit every row once", claims),
    ("the meta table keeps what a database is made with", meta),
    (
        "operators, the audit log, counts and kits are kept",
        records,
    ),
    (
        "places' locations and travel times are upserted and read back",
        places_located,
    ),
    (
        "headquarters reads the movements that name a shipment on their own",
        hq::shipment_movements,
    ),
];

/// Runs every check, each on a fresh store from `fresh`.
pub fn check(fresh: &dyn Fn() -> Store) {
    for (name, run) in CHECKS {
        let store = fresh();
        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&store)));
        if let Err(e) = done {
            eprintln!("the store contract failed: {name}");
            std::panic::resume_unwind(e);
        }
    }
}

fn one() -> Decimal {
    Decimal::ONE
}

/// Two vehicles and a lot received, one vehicle then checked out.
fn stocked(store: &Store) {
    setup(store);
    store
        .write(|w| -> Result<(), ApplyError> {
            for (t, b) in [
                ("2026-01-02T08:00:00+08:00", "QZ2"),
                ("2026-01-02T08:01:00+08:00", "QZ1"),
            ] {
                w.apply(mv(
                    t,
                    Action::Receive,
                    b,
                    "V1",
                    one(),
                    Some("ZHAN-1"),
                    vec![],
                ))?;
            }
            w.apply(mv(
                "2026-01-02T09:00:00+08:00",
                Action::Receive,
                "L1",
                "F1",
                Decimal::new(25, 1),
                Some("CK"),
                vec![],
            ))?;
            w.apply(mv(
                "2026-01-03T09:00:00+08:00",
                Action::Checkout,
                "QZ1",
                "V1",
                one(),
                Some("INC-9"),
                vec![],
            ))?;
            Ok(())
        })
        .unwrap();
}

fn reference_data(store: &Store) {
    let ups = store
        .write(|w| -> Result<Vec<Upsert>, StoreError> {
            let u = &units()[1];
            let mut renamed = u.clone();
            renamed.name = "第一站".into();
            let module = Module {
                code: "tunnel".into(),
                name_zh: "隧道".into(),
                name_en: "Tunnel".into(),
            };
            Ok(vec![
                w.put_unit(&units()[0])?,
                w.put_unit(u)?,
                w.put_unit(u)?,
                w.put_unit(&renamed)?,
                w.put_warehouse(&warehouse())?,
                w.put_warehouse(&warehouse())?,
                w.put_module(&module)?,
                w.put_item(&items()[0])?,
                w.put_item(&items()[1])?,
            ])
        })
        .unwrap();
    use Upsert::{Changed, New, Same};
    assert_eq!(ups, [New, New, Same, Changed, New, Same, New, New, New]);
    let r = store.read().unwrap();
    let names: Vec<String> = r.units().unwrap().into_iter().map(|u| u.name).collect();
    assert_eq!(names, ["总队", "第一站"]);
    assert_eq!(r.warehouses().unwrap(), [warehouse()]);
    assert_eq!(r.catalog().unwrap().len(), 2);
    assert_eq!(r.item("V1").unwrap(), Some(items()[0].clone()));
    assert!(r.module("tunnel").unwrap().is_some());
    assert_eq!(r.unit("NONE").unwrap(), None);
}

fn movements(store: &Store) {
    stocked(store);
    let r = store.read().unwrap();
    assert_eq!(r.stock_count().unwrap(), 3);
    let (seq, head) = r.ledger_head().unwrap();
    assert_eq!(seq, 4);
    let mut all = Vec::new();
    r.for_each_movement(1, |m| -> Result<(), StoreError> {
        all.push(m);
        Ok(())
    })
    .unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[0].prev_hash, GENESIS);
    for pair in all.windows(2) {
        assert_eq!(pair[1].seq, pair[0].seq + 1);
        assert_eq!(pair[1].prev_hash, pair[0].hash);
    }
    assert!(all.iter().all(|m| m.hash_is_valid()));
    assert_eq!(all[3].hash, head);
    let history: Vec<Action> = r
        .history("QZ1")
        .unwrap()
        .iter()
        .map(|m| m.body.action)
        .collect();
    assert_eq!(history, [Action::Receive, Action::Checkout]);
    match r.stock("QZ1").unwrap() {
        Some(Stock::Asset(a)) => assert_eq!(a.location.unwrap().as_str(), "INC-9"),
        other => panic!("QZ1 read as {other:?}"),
    }
    match r.stock("L1").unwrap() {
        Some(Stock::Lot(l)) => assert_eq!(l.quantity, Decimal::new(25, 1)),
        other => panic!("L1 read as {other:?}"),
    }
    let owned: Vec<Barcode> = r.barcodes_by(Tag::Owner, "ZHAN-1").unwrap();
    assert_eq!(owned, [Barcode::new("QZ1"), Barcode::new("QZ2")]);
    assert_eq!(
        r.barcodes_by(Tag::Item, "F1").unwrap(),
        [Barcode::new("L1")]
    );
    assert_eq!(
        r.barcodes_starting("QZ", 10).unwrap(),
        [Barcode::new("QZ1"), Barcode::new("QZ2")]
    );
    assert_eq!(r.codes_ignoring_case("qz1", 5).unwrap(), ["QZ1"]);
    let since: Vec<u64> = {
        let mut s = Vec::new();
        r.for_each_movement(3, |m| -> Result<(), StoreError> {
            s.push(m.seq);
            Ok(())
        })
        .unwrap();
        s
    };
    assert_eq!(since, [3, 4]);
    // As a replay reads them: each movement's own fields, lent or decoded, from `since` on,
    // with its link to its barcode's movement before it.
    let mut lent = Vec::new();
    r.for_each_movement_ref(2, |seq, prev, m| -> Result<(), StoreError> {
        lent.push((seq, prev, format!("{m:?}")));
        Ok(())
    })
    .unwrap();
    let mut expected = Vec::new();
    r.for_each_movement_linked(2, |m, prev| -> Result<(), StoreError> {
        expected.push((m.seq, prev, format!("{:?}", m.body.view())));
        Ok(())
    })
    .unwrap();
    let seqs: Vec<u64> = all[1..].iter().map(|m| m.seq).collect();
    assert_eq!(expected.iter().map(|e| e.0).collect::<Vec<_>>(), seqs);
    assert!(expected.iter().any(|e| e.1 != 0), "a barcode moved twice");
    assert_eq!(lent, expected);
    // A movement the ledger's rule refuses is not applied, and says why.
    let refused = store.write(|w| {
        w.apply(mv(
            "2026-01-04T09:00:00+08:00",
            Action::Checkout,
            "NOPE",
            "V1",
            one(),
            Some("INC-9"),
            vec![],
        ))
    });
    assert!(refused.is_err());
    assert_eq!(store.read().unwrap().ledger_head().unwrap().0, 4);
}

fn nothing_left(store: &Store) {
    setup(store);
    let failed: Result<(), ApplyError> = store.write(|w| {
        w.apply(mv(
            "2026-01-02T08:00:00+08:00",
            Action::Receive,
            "QZ9",
            "V1",
            one(),
            Some("ZHAN-1"),
            vec![],
        ))?;
        Err(ApplyError::UnknownItem("X".into()))
    });
    assert!(failed.is_err());
    let tried = store
        .trial(|w| -> Result<u64, ApplyError> {
            let (m, _) = w.apply(mv(
                "2026-01-02T08:00:00+08:00",
                Action::Receive,
                "QZ8",
                "V1",
                one(),
                Some("ZHAN-1"),
                vec![],
            ))?;
            Ok(m.seq)
        })
        .unwrap();
    assert_eq!(tried, 1);
    let r = store.read().unwrap();
    assert_eq!(r.stock_count().unwrap(), 0);
    assert_eq!(r.ledger_head().unwrap(), (0, GENESIS));
    assert_eq!(r.stock("QZ9").unwrap(), None);
    assert!(r.history("QZ8").unwrap().is_empty());
}

fn visits(store: &Store) {
    stocked(store);
    let r = store.read().unwrap();
    let mut rows = Vec::new();
    r.for_each_stock(|row: StockRef<'_>| -> Result<(), StoreError> {
        rows.push((row.barcode().to_owned(), row.item().to_owned()));
        Ok(())
    })
    .unwrap();
    assert_eq!(
        rows,
        [("L1", "F1"), ("QZ1", "V1"), ("QZ2", "V1")].map(|(b, i)| (b.to_owned(), i.to_owned()))
    );
    let mut heads = Vec::new();
    r.for_each_stock_linked(|row, head| -> Result<(), StoreError> {
        heads.push((row.barcode().to_owned(), head.seq));
        Ok(())
    })
    .unwrap();
    assert_eq!(
        heads,
        [("L1", 3), ("QZ1", 4), ("QZ2", 1)].map(|(b, s)| (b.to_owned(), s))
    );
    let mut back = Vec::new();
    r.scan_stock(End::Last, |b, s| -> Result<ControlFlow<()>, StoreError> {
        back.push(b.to_owned());
        if let StockScan::Asset(a) = s {
            assert_eq!(a.item, b"V1");
            assert_eq!(a.status, AssetStatus::Ready);
        }
        Ok(if back.len() == 2 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        })
    })
    .unwrap();
    assert_eq!(back, ["QZ2", "QZ1"]);
    // The caller's own error stops a visit and comes back as itself.
    let mut seen = 0;
    let stopped = r.for_each_stock(|_| -> Result<(), ApplyError> {
        seen += 1;
        Err(ApplyError::UnknownItem("STOP".into()))
    });
    assert!(matches!(stopped, Err(ApplyError::UnknownItem(_))));
    assert_eq!(seen, 1);
}

fn claims(store: &Store) {
    setup(store);
    store
        .write(|w| -> Result<(), ApplyError> {
            for i in 0..40 {
                w.apply(mv(
                    "2026-01-02T08:00:00+08:00",
                    Action::Receive,
                    &format!("B{i:03}"),
                    "V1",
                    one(),
                    Some("ZHAN-1"),
                    vec![],
                ))?;
            }
            Ok(())
        })
        .unwrap();
    let r = store.read().unwrap();
    let claims = Claims::new(r.stock_count().unwrap(), 3);
    let (mut front, mut back) = (Vec::new(), Vec::new());
    let (a, b) = depot_domain::both(
        || {
            r.scan_claimed(End::First, &claims, |b, _| -> Result<(), StoreError> {
                front.push(b.to_owned());
                Ok(())
            })
        },
        || {
            r.for_each_stock_claimed(End::Last, &claims, |row| -> Result<(), StoreError> {
                back.push(row.barcode().to_owned());
                Ok(())
            })
        },
    );
    a.unwrap();
    b.unwrap();
    let mut every: Vec<String> = front.into_iter().chain(back).collect();
    every.sort();
    let unique: BTreeSet<&String> = every.iter().collect();
    assert_eq!(every.len(), 40, "a row was visited twice or not at all");
    assert_eq!(unique.len(), 40);
}

fn meta(store: &Store) {
    let r = store.read().unwrap();
    for key in CREATED_META {
        assert!(r.meta(key).unwrap().is_some(), "{key}");
    }
    drop(r);
    store
        .write(|w| w.put_meta("bundle.as_of", b"2026-11-30"))
        .unwrap();
    assert_eq!(
        store
            .read()
            .unwrap()
            .meta("bundle.as_of")
            .unwrap()
            .as_deref(),
        Some(&b"2026-11-30"[..])
    );
    for key in CREATED_META {
        assert!(store.write(|w| w.put_meta(key, b"x")).is_err(), "{key}");
    }
}

fn records(store: &Store) {
    stocked(store);
    store
        .write(|w| -> Result<(), StoreError> {
            w.put_operator(&OperatorRecord {
                name: "王伟".into(),
                role: depot_domain::access::Role::Officer,
                pin: None,
            })?;
            w.audit(&AuditEntry {
                at: at("2026-01-06T11:00:00+08:00"),
                operator: "王伟".into(),
                action: "login".into(),
                outcome: "ok".into(),
            })?;
            let id = w.open_count("ZHAN-1", None, "2026-01-07", "王伟")?;
            assert!(w.count_scan(id, "QZ2", one())?);
            let count = w.count(id)?.unwrap();
            w.close_count(&count, "2026-01-08", "王伟")?;
            w.put_kit(&KitRecord {
                code: "KIT-1".into(),
                name: "水域箱".into(),
                owner: "CK".into(),
                module: None,
                contents: vec![("L1".into(), Decimal::new(25, 1))],
            })?;
            Ok(())
        })
        .unwrap();
    let r = store.read().unwrap();
    assert_eq!(r.operators().unwrap().len(), 1);
    assert_eq!(r.audit_log().unwrap().len(), 1);
    let counts = r.counts().unwrap();
    assert_eq!(counts.len(), 1);
    assert_eq!(
        r.count_scans(counts[0].id).unwrap(),
        [("QZ2".to_owned(), one())]
    );
    assert_eq!(r.kit("KIT-1").unwrap().unwrap().contents.len(), 1);
    assert_eq!(r.kits().unwrap().len(), 1);
}

/// Locations and travel times: new, the same again, changed (a decimal's scale counts), read
/// back in key order.
fn places_located(store: &Store) {
    use depot_domain::{GeoPoint, PlaceLocation, TravelTime};
    setup(store);
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    let at = |code: &str, lat: &str, lon: &str| PlaceLocation {
        code: code.into(),
        point: GeoPoint::new(d(lat), d(lon)).unwrap(),
    };
    let road = |from: &str, to: &str, m: &str| TravelTime {
        from: from.into(),
        to: to.into(),
        minutes: d(m),
    };
    let empty = store.read().unwrap();
    assert_eq!(empty.locations().unwrap(), vec![]);
    assert_eq!(empty.travel_times().unwrap(), vec![]);
    drop(empty);
    let first = store
        .write(|w| -> Result<Vec<Upsert>, StoreError> {
            Ok(vec![
                w.put_location(&at("ZHAN-1", "28.70", "118.40"))?,
                w.put_location(&at("CK", "-28.5", "-118.25"))?,
                w.put_travel_time(&road("CK", "ZHAN-1", "25"))?,
                w.put_travel_time(&road("ZHAN-1", "CK", "27.5"))?,
            ])
        })
        .unwrap();
    assert_eq!(first, vec![Upsert::New; 4]);
    let again = store
        .write(|w| -> Result<Vec<Upsert>, StoreError> {
            Ok(vec![
                w.put_location(&at("ZHAN-1", "28.70", "118.40"))?,
                w.put_location(&at("CK", "-28.50", "-118.25"))?,
                w.put_travel_time(&road("CK", "ZHAN-1", "25"))?,
                w.put_travel_time(&road("ZHAN-1", "CK", "30"))?,
            ])
        })
        .unwrap();
    assert_eq!(
        again,
        vec![Upsert::Same, Upsert::Changed, Upsert::Same, Upsert::Changed]
    );
    let r = store.read().unwrap();
    assert_eq!(
        r.locations().unwrap(),
        vec![
            at("CK", "-28.50", "-118.25"),
            at("ZHAN-1", "28.70", "118.40")
        ]
    );
    assert_eq!(
        r.travel_times().unwrap(),
        vec![road("CK", "ZHAN-1", "25"), road("ZHAN-1", "CK", "30")]
    );
}
