//! The digest's recipients and what was sent to them (schema version 8), with its lines below
//! standard (version 13), on a server: a register of version 7 gets them when its owner opens
//! it, one of version 12 the lines, and the terminals' role of the
//! recipe, as the operator signed in, writes recipients only as an officer and what was sent
//! as anyone.

use depot_store::{RecipientRecord, SentRecord, Store};

use crate::testing::TestDb;
use crate::{Mode, PgStore};

fn recipient(audience: &str, address: &str) -> RecipientRecord {
    RecipientRecord {
        audience: audience.into(),
        address: address.into(),
        channel: "json".into(),
    }
}

#[test]
fn a_version_7_register_gets_the_recipients_and_only_an_officer_writes_them() {
    let Some(db) = TestDb::new() else { return };
    let (role, mut admin, terminal) = super::officers_register(&db);
    // The recipe of version 7: no recipients yet.
    admin
        .batch_execute(
            "DROP TABLE depot.digest_lines, depot.travel_times, depot.place_locations; \
     DROP TABLE depot.digests_sent, depot.recipients; \
             UPDATE depot.schema_version SET version = 7",
        )
        .unwrap();
    let owner = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    assert_eq!(super::schema_version(&mut admin), crate::SCHEMA_VERSION);
    assert_eq!(owner.read().unwrap().recipients().unwrap(), vec![]);

    let officer = Store::new(PgStore::open(&terminal, Mode::Existing).unwrap());
    officer.sign_in("王伟", &|_| None).unwrap().unwrap();
    officer
        .write(|w| {
            w.put_recipient(&recipient("ZHAN-1", "https://hook.example/a"))?;
            w.put_recipient(&recipient("ZHAN-1", "https://hook.example/b"))
        })
        .unwrap();
    let qm = Store::new(PgStore::open(&terminal, Mode::Existing).unwrap());
    qm.sign_in("li", &|_| None).unwrap().unwrap();
    let e = qm
        .write(|w| w.put_recipient(&recipient("ZHAN-1", "https://hook.example/c")))
        .unwrap_err();
    assert!(e.to_string().contains("only a signed-in officer"), "{e}");
    let e = qm
        .write(|w| w.remove_recipient("ZHAN-1", "https://hook.example/a"))
        .unwrap_err();
    assert!(e.to_string().contains("only a signed-in officer"), "{e}");
    // Whoever sends the digest records what went.
    let sent = SentRecord {
        audience: "ZHAN-1".into(),
        address: "https://hook.example/a".into(),
        fingerprint: "f1".into(),
        at: "2026-02-02T07:00:00+08:00".into(),
        lines: Vec::new(),
    };
    qm.write(|w| w.put_digest_sent(&sent)).unwrap();
    assert_eq!(qm.read().unwrap().digests_sent().unwrap(), vec![sent]);
    // The officer removes a recipient, and what was sent to it goes with it.
    let gone = officer
        .write(|w| w.remove_recipient("ZHAN-1", "https://hook.example/a"))
        .unwrap();
    assert!(gone);
    let r = owner.read().unwrap();
    assert_eq!(
        r.recipients().unwrap(),
        vec![recipient("ZHAN-1", "https://hook.example/b")]
    );
    assert_eq!(r.digests_sent().unwrap(), vec![]);
    drop((r, owner, officer, qm, admin));
    super::drop_with_role(db, &role);
}

/// A register of version 12 (before the digest kept its lines below standard) gets
/// `digest_lines` when its owner opens it; the terminals' role writes a digest's lines with
/// what was sent, reads them back, and they go with the recipient.
#[test]
fn a_version_12_register_gets_the_digest_lines() {
    let Some(db) = TestDb::new() else { return };
    let (role, mut admin, terminal) = super::officers_register(&db);
    admin
        .batch_execute(
            "DROP TABLE depot.digest_lines; UPDATE depot.schema_version SET version = 12",
        )
        .unwrap();
    let owner = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    assert_eq!(super::schema_version(&mut admin), crate::SCHEMA_VERSION);

    let officer = Store::new(PgStore::open(&terminal, Mode::Existing).unwrap());
    officer.sign_in("王伟", &|_| None).unwrap().unwrap();
    officer
        .write(|w| w.put_recipient(&recipient("ZHAN-1", "https://hook.example/a")))
        .unwrap();
    let qm = Store::new(PgStore::open(&terminal, Mode::Existing).unwrap());
    qm.sign_in("li", &|_| None).unwrap().unwrap();
    let line = |what: &str, ready: i64| depot_domain::notify::DigestLine {
        unit: "ZHAN-1".into(),
        module: String::new(),
        what: what.into(),
        required: rust_decimal::Decimal::new(6, 0),
        held: rust_decimal::Decimal::new(55, 1),
        ready: ready.into(),
    };
    let mut sent = SentRecord {
        audience: "ZHAN-1".into(),
        address: "https://hook.example/a".into(),
        fingerprint: "f1".into(),
        at: "2026-02-02T07:00:00+08:00".into(),
        lines: vec![line("V1", 2), line("P-KH", 0)],
    };
    qm.write(|w| w.put_digest_sent(&sent)).unwrap();
    // Read back in (unit, module, what) order.
    sent.lines.reverse();
    assert_eq!(
        qm.read().unwrap().digests_sent().unwrap(),
        vec![sent.clone()]
    );
    // The next one sent takes their place.
    sent.lines = vec![line("V1", 3)];
    sent.fingerprint = "f2".into();
    qm.write(|w| w.put_digest_sent(&sent)).unwrap();
    let got = qm
        .write(|w| w.digest_sent("ZHAN-1", "https://hook.example/a"))
        .unwrap();
    assert_eq!(got, Some(sent));
    officer
        .write(|w| w.remove_recipient("ZHAN-1", "https://hook.example/a"))
        .unwrap();
    let left: i64 = admin
        .query_one("SELECT count(*) FROM depot.digest_lines", &[])
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
    drop((owner, officer, qm, admin));
    super::drop_with_role(db, &role);
}
