//! The reference data a program remembers between its write transactions (`cache.rs`): a
//! change made by another terminal, or by this one, is seen by the next transaction, also when
//! that transaction waited for the chain lock while the change was being committed.

use std::time::Duration;

use crate::Ctx;
use crate::store::{OperatorRecord, Store};
use crate::workflow::{self, CheckoutReq};
use depot_domain::access::Role;
use depot_domain::{Barcode, CatalogItem, Unit, UnitKind, Warehouse, WarehouseLevel};

use depot_store_postgres::testing::{TestDb, items, setup};
use depot_store_postgres::{Mode, PgStore};

fn ann(role: Role) -> OperatorRecord {
    OperatorRecord {
        name: "ann".into(),
        role,
        pin: None,
    }
}

fn v1(life_years: u32) -> CatalogItem {
    let mut i = items().remove(0);
    assert_eq!(i.code.as_str(), "V1");
    i.life_years = Some(life_years);
    i
}

/// What a transaction of `s` finds of the reference data it remembers: ann's role, V1's service
/// life, and whether unit ZHAN-9 and warehouse CK-2 are there.
fn seen(s: &Store) -> (Option<Role>, Option<Option<u32>>, bool, bool) {
    s.write(|w| -> Result<_, crate::Error> {
        Ok((
            w.operator("ann")?.map(|o| o.role),
            w.item("V1")?.map(|i| i.life_years),
            w.unit("ZHAN-9")?.is_some(),
            w.warehouse("CK-2")?.is_some(),
        ))
    })
    .unwrap()
}

#[test]
fn a_change_to_reference_data_reaches_every_terminals_next_transaction() {
    let Some(db) = TestDb::new() else { return };
    let a = Store::new(PgStore::create(&db.url).unwrap());
    setup(&a);
    // Another terminal: a store, and so a cache, of its own.
    let b = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    b.write(|w| w.put_operator(&ann(Role::Quartermaster)))
        .unwrap();
    assert_eq!(
        seen(&a),
        (Some(Role::Quartermaster), Some(Some(8)), false, false)
    );
    // Read twice: the second time from a's copies.
    assert_eq!(
        seen(&a),
        (Some(Role::Quartermaster), Some(Some(8)), false, false)
    );

    b.write(|w| -> Result<(), crate::Error> {
        w.put_operator(&ann(Role::Auditor))?;
        w.put_item(&v1(10))?;
        w.put_unit(&Unit {
            code: "ZHAN-9".into(),
            name: "九站".into(),
            kind: UnitKind::Station,
            parent: Some("ZD".into()),
            class: None,
        })?;
        w.put_warehouse(&Warehouse {
            code: "CK-2".into(),
            name: "二库".into(),
            level: WarehouseLevel::City,
            unit: "ZD".into(),
            agreement: false,
            partner: None,
        })?;
        Ok(())
    })
    .unwrap();
    assert_eq!(seen(&a), (Some(Role::Auditor), Some(Some(10)), true, true));

    // A change rolled back changes nothing, there or here.
    let undone: Result<(), crate::Error> = b.write(|w| {
        w.put_item(&v1(11))?;
        Err(crate::Error::Invalid("changed my mind".into()))
    });
    assert!(undone.is_err());
    assert_eq!(seen(&a).1, Some(Some(10)));
    assert_eq!(seen(&b).1, Some(Some(10)));

    // This terminal's own change, in a transaction of its own.
    a.write(|w| w.put_item(&v1(12)).map(drop)).unwrap();
    assert_eq!(seen(&a).1, Some(Some(12)));
    assert_eq!(seen(&b).1, Some(Some(12)));
}

#[test]
fn a_transaction_that_waited_for_the_lock_sees_the_change_it_waited_for() {
    let Some(db) = TestDb::new() else { return };
    let a = Store::new(PgStore::create(&db.url).unwrap());
    setup(&a);
    assert_eq!(seen(&a).1, Some(Some(8)));
    let (held, holding) = std::sync::mpsc::channel();
    std::thread::scope(|t| {
        let url = &db.url;
        t.spawn(move || {
            let b = Store::new(PgStore::open(url, Mode::Existing).unwrap());
            b.write(|w| -> Result<(), crate::Error> {
                w.put_item(&v1(9))?;
                held.send(()).unwrap();
                // a's transaction begins meanwhile and waits for the chain row.
                std::thread::sleep(Duration::from_millis(400));
                Ok(())
            })
            .unwrap();
        });
        holding.recv().unwrap();
        assert_eq!(seen(&a).1, Some(Some(9)));
    });
}

#[test]
fn an_operator_changed_at_another_terminal_is_checked_at_the_next_scan() {
    let Some(db) = TestDb::new() else { return };
    let a = Store::new(PgStore::create(&db.url).unwrap());
    setup(&a);
    super::operator_and_assets(&a, "ann", Role::Quartermaster, &["A1", "A2"]);
    let ctx = Ctx::new(Some("ann")).unwrap();
    let out = |code: &str| {
        let req = CheckoutReq {
            to: Some("ZD".into()),
            ..CheckoutReq::default()
        };
        workflow::checkout(&a, &ctx, &Barcode::new(code), &req)
    };
    out("A1").unwrap();
    let b = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    b.write(|w| w.put_operator(&ann(Role::Auditor))).unwrap();
    let refused = out("A2").unwrap_err();
    assert!(
        matches!(
            refused,
            crate::Error::Refused {
                role: Role::Auditor,
                ..
            }
        ),
        "{refused}"
    );
}

/// A scan reads its barcode's stock row as it begins and takes its turn in the chain at its
/// commit: when another terminal held the chain meanwhile and checked the same asset out, the
/// scan's turn finds the row changed, and the scan runs again, reads the row that terminal
/// committed, and is refused, naming who has it.
#[test]
fn a_scan_that_waited_for_the_lock_reads_the_row_the_other_terminal_committed() {
    let Some(db) = TestDb::new() else { return };
    let a = Store::new(PgStore::create(&db.url).unwrap());
    setup(&a);
    super::operator_and_assets(&a, "ann", Role::Quartermaster, &["A1"]);
    let req = CheckoutReq {
        to: Some("ZD".into()),
        ..CheckoutReq::default()
    };
    let ctx = Ctx::new(Some("ann")).unwrap();
    // Read (and so known to this terminal) before the other terminal's scan.
    assert!(a.read().unwrap().stock("A1").unwrap().is_some());
    let (held, holding) = std::sync::mpsc::channel();
    std::thread::scope(|t| {
        let (url, req, ctx) = (&db.url, &req, &ctx);
        t.spawn(move || {
            let b = Store::new(PgStore::open(url, Mode::Existing).unwrap());
            b.write(|w| -> Result<(), crate::Error> {
                workflow::checkout_in(w, ctx, &Barcode::new("A1"), req)?;
                held.send(()).unwrap();
                // a's scan begins meanwhile, and its turn waits for the chain row.
                std::thread::sleep(Duration::from_millis(400));
                Ok(())
            })
            .unwrap();
        });
        holding.recv().unwrap();
        let e = workflow::checkout(&a, ctx, &Barcode::new("A1"), req).unwrap_err();
        assert!(e.to_string().contains("repeat scan"), "{e}");
    });
    let to_elsewhere = CheckoutReq {
        to: Some("ZHAN-1".into()),
        ..CheckoutReq::default()
    };
    let e = workflow::checkout(&a, &ctx, &Barcode::new("A1"), &to_elsewhere).unwrap_err();
    assert!(e.to_string().contains("already checked out to ZD"), "{e}");
    assert_eq!(a.read().unwrap().ledger_head().unwrap().0, 2);
}
