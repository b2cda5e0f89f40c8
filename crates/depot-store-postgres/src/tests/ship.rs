//! Shipments on a server (schema version 12, "shipments"): a register of version 10 refuses a
//! `ship` movement and the status `away`; opened by its owner it takes both, and a
//! quartermaster at a terminal of the recipe's role ships a piece.

use depot_domain::movement::Action;
use depot_domain::{AssetStatus, Stock, Vocabulary};
use depot_store::{StockView, Store};
use rust_decimal::Decimal;

use crate::testing::{TestDb, mv};
use crate::{Mode, PgStore};

/// The words of a vocabulary but one, as SQL: `'a', 'b'`.
fn all_but<T: Vocabulary>(but: T) -> String {
    T::ALL
        .iter()
        .filter(|v| **v != but)
        .map(|v| format!("'{}'", v.en()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn a_version_10_register_takes_shipments_once_opened() {
    let Some(db) = TestDb::new() else { return };
    let (role, mut admin, terminal) = super::officers_register(&db);
    let owner = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    owner
        .write(|w| {
            w.apply(mv(
                "2026-01-02T08:00:00+08:00",
                Action::Receive,
                "QZ1",
                "V1",
                Decimal::ONE,
                Some("ZHAN-1"),
                vec![],
            ))
        })
        .unwrap();
    drop(owner);
    admin
        .batch_execute(&format!(
            "ALTER TABLE depot.ledger DROP CONSTRAINT ledger_action_check, \
             ADD CONSTRAINT ledger_action_check CHECK (action IN ({})); \
             ALTER TABLE depot.stock DROP CONSTRAINT stock_status_check, \
             ADD CONSTRAINT stock_status_check CHECK (status IN ({})); \
             DROP TABLE depot.digest_lines; \
             UPDATE depot.schema_version SET version = 10",
            all_but(Action::Ship),
            all_but(AssetStatus::Away)
        ))
        .unwrap();
    let e = admin
        .batch_execute("UPDATE depot.stock SET status = 'away' WHERE barcode = 'QZ1'")
        .unwrap_err();
    let constraint = e.as_db_error().and_then(|d| d.constraint());
    assert_eq!(constraint, Some("stock_status_check"), "{e:?}");

    let owner = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    assert_eq!(super::schema_version(&mut admin), crate::SCHEMA_VERSION);
    let qm = Store::new(PgStore::open(&terminal, Mode::Existing).unwrap());
    qm.sign_in("li", &|_| None).unwrap().unwrap();
    let mut ship = mv(
        "2026-01-03T08:00:00+08:00",
        Action::Ship,
        "QZ1",
        "V1",
        Decimal::ONE,
        Some("ZD-PEER"),
        vec![],
    );
    ship.operator = "li".into();
    qm.write(|w| w.apply(ship.clone())).unwrap();
    match owner.read().unwrap().stock("QZ1").unwrap() {
        Some(Stock::Asset(a)) => {
            assert_eq!(a.status, AssetStatus::Away);
            assert_eq!(a.location.as_ref().map(|l| l.as_str()), Some("ZD-PEER"));
        }
        other => panic!("{other:?}"),
    }
    drop((owner, qm, admin));
    super::drop_with_role(db, &role);
}
