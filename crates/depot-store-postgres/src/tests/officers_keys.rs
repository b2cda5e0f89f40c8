//! What only an officer writes outside the reference tables (schema version 11, "officers'
//! keys", and the peer depots' keys of 12): a register of version 10 gets the checks when its owner opens it; then the terminals'
//! role of the recipe writes a directive's meta key, or the headquarters tables, only as a
//! signed-in officer, and every other meta key as before.

use depot_store::Store;

use crate::testing::TestDb;
use crate::{Mode, PgStore};

/// What makes a register of the current version one of version 10.
const BACK_TO_10: &str = "DROP TRIGGER meta_officers ON depot.meta; \
     DROP TRIGGER hq_depots_officers ON depot.hq_depots; \
     DROP TRIGGER hq_files_officers ON depot.hq_files; \
     DROP TRIGGER hq_bundles_officers ON depot.hq_bundles; \
     DROP TRIGGER hq_movements_officers ON depot.hq_movements; \
     DROP FUNCTION depot.meta_officers(), depot.officers_key(text); \
     DROP TABLE depot.digest_lines; \
     UPDATE depot.schema_version SET version = 10";

const HQ_KEY: &str = "directive.hq_key";

#[test]
fn a_version_10_register_gets_the_officers_key_checks() {
    let Some(db) = TestDb::new() else { return };
    let (role, mut admin, terminal) = super::officers_register(&db);
    admin.batch_execute(BACK_TO_10).unwrap();
    let sign_in = |name: &str| {
        let s = Store::new(PgStore::open(&terminal, Mode::Existing).unwrap());
        s.sign_in(name, &|_| None).unwrap().unwrap();
        s
    };
    let owner = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    assert_eq!(super::schema_version(&mut admin), crate::SCHEMA_VERSION);

    let qm = sign_in("li");
    let e = qm.write(|w| w.put_meta(HQ_KEY, b"cd")).unwrap_err();
    assert!(e.to_string().contains("only a signed-in officer"), "{e}");
    let e = qm
        .write(|w| w.put_meta("directive.in_force", b"{}"))
        .unwrap_err();
    assert!(e.to_string().contains("only a signed-in officer"), "{e}");
    // A peer depot's key (schema version 12), against which a forged shipment would pass.
    let e = qm
        .write(|w| w.put_meta("ship.peer.ZD-B", b"ab"))
        .unwrap_err();
    assert!(e.to_string().contains("only a signed-in officer"), "{e}");
    // Every other key as before (a bundle's watermark is a quartermaster's to write).
    qm.write(|w| w.put_meta("bundle.test", b"1")).unwrap();
    let officer = sign_in("王伟");
    officer.write(|w| w.put_meta(HQ_KEY, b"ef")).unwrap();
    assert_eq!(
        owner.read().unwrap().meta(HQ_KEY).unwrap().as_deref(),
        Some(&b"ef"[..])
    );
    // The headquarters tables: refused to the terminals' role not signed in as an officer.
    let mut plain = postgres::Client::connect(&terminal, postgres::NoTls).unwrap();
    let e = plain
        .batch_execute("UPDATE depot.hq_depots SET name = name")
        .unwrap_err();
    assert!(
        format!("{e:?}").contains("only a signed-in officer"),
        "{e:?}"
    );
    drop((owner, officer, qm, plain, admin));
    super::drop_with_role(db, &role);
}
