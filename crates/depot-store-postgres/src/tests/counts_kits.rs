//! Counts and kits held to the signed-in operator by the server (schema version 14, "counts and
//! kits"): a register of version 13 gets the checks when its owner opens it; then, with the
//! terminals' credentials of the recipe, a count is opened and scanned into only by an operator
//! who may scan and in their own name, closed (with its lines) only by a signed-in officer in
//! theirs, never twice; a kit is packed only by an operator who may scan.

use depot_domain::access::Role;
use depot_store::{CountLine, CountRecord, KitRecord, OperatorRecord, Store};
use rust_decimal::Decimal;

use crate::testing::TestDb;
use crate::{Mode, PgStore};

/// What makes a register of the current version one of version 13.
const BACK_TO_13: &str = "DROP TRIGGER counts_actor ON depot.counts; \
     DROP TRIGGER count_scans_actor ON depot.count_scans; \
     DROP TRIGGER count_lines_officers ON depot.count_lines; \
     DROP TRIGGER kits_scanners ON depot.kits; \
     DROP TRIGGER kit_contents_scanners ON depot.kit_contents; \
     DROP FUNCTION depot.count_actor(), depot.count_scan_actor(), depot.scanners_only(); \
     UPDATE depot.schema_version SET version = 13";

const AT: &str = "2026-12-07T10:00:00+08:00";

fn refused(e: impl std::fmt::Display, said: &str) {
    let e = e.to_string();
    assert!(
        e.contains(said),
        "expected a refusal saying {said:?}, got: {e}"
    );
}

fn kit(code: &str) -> KitRecord {
    KitRecord {
        code: code.into(),
        name: code.into(),
        owner: "ZD-B".into(),
        module: None,
        contents: vec![("QZ-1".into(), Decimal::ONE)],
    }
}

#[test]
fn a_version_13_register_holds_counts_and_kits_to_the_signed_in_operator() {
    let Some(db) = TestDb::new() else { return };
    let (role, mut admin, terminal) = super::officers_register(&db);
    admin.batch_execute(BACK_TO_13).unwrap();
    let owner = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    assert_eq!(super::schema_version(&mut admin), crate::SCHEMA_VERSION);
    owner
        .write(|w| {
            w.put_operator(&OperatorRecord {
                name: "zhao".into(),
                role: Role::Auditor,
                pin: None,
            })
        })
        .unwrap();
    let sign_in = |name: &str| {
        let s = Store::new(PgStore::open(&terminal, Mode::Existing).unwrap());
        s.sign_in(name, &|_| None).unwrap().unwrap();
        s
    };

    // Nobody signed in: the credentials alone open no count and pack no kit.
    let mut plain = postgres::Client::connect(&terminal, postgres::NoTls).unwrap();
    let e = plain
        .batch_execute(
            "INSERT INTO depot.counts (id, scope, opened_at, opened_by) \
             VALUES (90, 'ZD-B', 'now', 'li')",
        )
        .unwrap_err();
    refused(
        format!("{e:?}"),
        "only a signed-in operator who may scan opens a count",
    );
    let e = plain
        .batch_execute("INSERT INTO depot.kits (code, name, owner) VALUES ('K9', 'k', 'ZD-B')")
        .unwrap_err();
    refused(
        format!("{e:?}"),
        "only a signed-in operator who may scan changes kits",
    );

    // An auditor may not count or pack either.
    let auditor = sign_in("zhao");
    let e = auditor
        .write(|w| w.open_count("ZD-B", None, AT, "zhao"))
        .unwrap_err();
    refused(e, "only a signed-in operator who may scan opens a count");
    refused(
        auditor.write(|w| w.put_kit(&kit("K1"))).unwrap_err(),
        "only a signed-in operator who may scan changes kits",
    );

    // A quartermaster opens and scans in their own name, and packs a kit; closes nothing.
    let qm = sign_in("li");
    let e = qm
        .write(|w| w.open_count("ZD-B", None, AT, "王伟"))
        .unwrap_err();
    refused(e, "names 王伟 as its opener, and li is signed in");
    let id = qm.write(|w| w.open_count("ZD-B", None, AT, "li")).unwrap();
    assert!(
        qm.write(|w| w.count_scan(id, "QZ-1", Decimal::ONE))
            .unwrap()
    );
    qm.write(|w| w.put_kit(&kit("K1"))).unwrap();
    let opened = CountRecord {
        id,
        scope: "ZD-B".into(),
        module: None,
        opened_at: AT.into(),
        opened_by: "li".into(),
        closed: None,
    };
    refused(
        qm.write(|w| w.close_count(&opened, AT, "li")).unwrap_err(),
        "only a signed-in officer closes a count",
    );
    let line = CountLine {
        barcode: "QZ-1".into(),
        expected: Some(Decimal::ONE),
        owner: "ZD-B".into(),
        decision: None,
    };
    refused(
        qm.write(|w| w.put_count_lines(id, std::slice::from_ref(&line)))
            .unwrap_err(),
        "only a signed-in officer changes count_lines",
    );

    // An officer closes it in their own name, once; nothing is counted into it after.
    let officer = sign_in("王伟");
    refused(
        officer
            .write(|w| w.close_count(&opened, AT, "li"))
            .unwrap_err(),
        "names li as its closer, and 王伟 is signed in",
    );
    let mut moved = opened.clone();
    moved.opened_by = "王伟".into();
    refused(
        officer
            .write(|w| w.close_count(&moved, AT, "王伟"))
            .unwrap_err(),
        "was closed already, or its opening would change",
    );
    officer
        .write(|w| {
            w.put_count_lines(id, std::slice::from_ref(&line))?;
            w.close_count(&opened, AT, "王伟")
        })
        .unwrap();
    refused(
        officer
            .write(|w| w.close_count(&opened, AT, "王伟"))
            .unwrap_err(),
        "was closed already",
    );
    refused(
        qm.write(|w| w.count_scan(id, "QZ-2", Decimal::ONE))
            .unwrap_err(),
        "is not open",
    );
    let closed_by: String = admin
        .query_one(
            "SELECT closed_by FROM depot.counts WHERE id = $1",
            &[&(id as i64)],
        )
        .unwrap()
        .get(0);
    assert_eq!(closed_by, "王伟");
    drop((owner, officer, qm, auditor, plain, admin));
    super::drop_with_role(db, &role);
}
