//! Opening, errors, and the rules the database itself keeps.

#![allow(clippy::unwrap_used)]

use super::*;
use depot_store::Store;

#[test]
fn create_open_and_schema_versions() {
    let Some(db) = TestDb::new() else { return };
    let none = PgStore::open(&db.url, Mode::Existing);
    assert!(
        matches!(none, Err(StoreError::Missing(_))),
        "{}",
        error_text(none)
    );
    let s = Store::new(PgStore::create(&db.url).unwrap());
    assert_eq!(s.read().unwrap().modules().unwrap().len(), 8);
    assert!(error_text(PgStore::create(&db.url)).contains("already holds a depot register"));
    let ro = Store::new(PgStore::open(&db.url, Mode::ReadOnly).unwrap());
    let refused = ro.write(|_| Ok::<_, StoreError>(()));
    assert!(matches!(refused, Err(StoreError::ReadOnly(_))));
    let mut admin = db.admin();
    let newer = crate::SCHEMA_VERSION as i32 + 1;
    admin
        .execute("UPDATE depot.schema_version SET version = $1", &[&newer])
        .unwrap();
    let e = PgStore::open(&db.url, Mode::Existing);
    assert!(matches!(e, Err(StoreError::NewerSchema { found, .. }) if found == newer as u32));
    admin
        .execute("UPDATE depot.schema_version SET version = 0", &[])
        .unwrap();
    let e = PgStore::open(&db.url, Mode::Existing);
    assert!(matches!(e, Err(StoreError::OlderSchema { found: 0, .. })));
    drop(s);
    // Create mode makes a register where there is none.
    let Some(db2) = TestDb::new() else { return };
    let s2 = Store::new(PgStore::open(&db2.url, Mode::Create).unwrap());
    assert_eq!(s2.read().unwrap().modules().unwrap().len(), 8);
    assert_eq!(
        s2.read().unwrap().meta("magic").unwrap().unwrap(),
        b"depot register"
    );
}

#[test]
fn connection_errors_say_where_and_what_to_do() {
    let Some(db) = TestDb::new() else { return };
    let refused = error_text(PgStore::open(
        "postgres://u:p@127.0.0.1:1/x",
        Mode::Existing,
    ));
    assert!(
        refused.contains("127.0.0.1:1/x") && refused.contains("connection refused"),
        "{refused}"
    );
    assert!(!refused.contains(":p@"));
    let (user, rest) = db.url.split_once("://").unwrap().1.split_once(':').unwrap();
    let host = rest.split_once('@').unwrap().1;
    let wrong = format!("postgres://{user}:wrong@{host}");
    let e = error_text(PgStore::open(&wrong, Mode::Existing));
    assert!(
        e.contains("refused the password") && e.contains(user),
        "{e}"
    );
    let e = error_text(PgStore::open("mysql://x", Mode::Existing));
    assert!(e.contains("not a PostgreSQL connection URL"), "{e}");
    let e = error_text(PgStore::open(
        "postgres://u:p@127.0.0.1:1/x?sslmode=require",
        Mode::Existing,
    ));
    assert!(
        e.contains("connection refused") && !e.contains(":p@"),
        "{e}"
    );
}

#[test]
fn a_failed_write_and_a_trial_leave_nothing() {
    let Some(db) = TestDb::new() else { return };
    let s = Store::new(PgStore::create(&db.url).unwrap());
    setup(&s);
    let m = movements().remove(0);
    let failed = s.write(|w| -> Result<(), depot_store::ApplyError> {
        w.apply(m.clone())?;
        Err(depot_store::ApplyError::UnknownItem("X".into()))
    });
    assert!(failed.is_err());
    let tried = s
        .trial(|w| -> Result<_, depot_store::ApplyError> { Ok(w.apply(m.clone())?.0.seq) })
        .unwrap();
    assert_eq!(tried, 1);
    let r = s.read().unwrap();
    assert_eq!(
        (r.stock_count().unwrap(), r.ledger_head().unwrap().0),
        (0, 0)
    );
    // An unknown owner is refused before anything is written (the port checks it, so the
    // transaction goes on), and the database's foreign key would refuse it too.
    let mut stray = m.clone();
    stray.to = Some("NOWHERE".into());
    let e = s.write(|w| w.apply(stray.clone()));
    assert!(
        e.unwrap_err()
            .to_string()
            .contains("NOWHERE is not a unit or a warehouse")
    );
    let (mv, _) = s.write(|w| w.apply(m.clone())).unwrap();
    assert_eq!(mv.seq, 1);
    let mut admin = db.admin();
    let fk = admin
        .batch_execute("UPDATE depot.stock SET owner = 'NOWHERE'")
        .unwrap_err();
    assert_eq!(
        fk.code(),
        Some(&postgres::error::SqlState::FOREIGN_KEY_VIOLATION),
        "{fk:?}"
    );
    let chain = admin
        .query_one("SELECT seq, hash FROM depot.chain", &[])
        .unwrap();
    assert_eq!(chain.get::<_, i64>(0), 1);
    assert_eq!(chain.get::<_, &[u8]>(1), mv.hash.as_slice());
}

#[test]
fn the_ledger_refuses_update_delete_and_truncate() {
    let Some(db) = TestDb::new() else { return };
    let s = Store::new(PgStore::create(&db.url).unwrap());
    setup(&s);
    s.write(|w| w.apply(movements().remove(0))).unwrap();
    let mut admin = db.admin();
    for sql in [
        "UPDATE depot.ledger SET reason = 'x'",
        "DELETE FROM depot.ledger",
        "TRUNCATE depot.ledger CASCADE",
    ] {
        let e = admin.batch_execute(sql).unwrap_err();
        let text = e
            .as_db_error()
            .map(|d| d.message().to_owned())
            .unwrap_or_default();
        assert!(text.contains("append-only"), "{sql}: {e}");
    }
    assert_eq!(s.read().unwrap().ledger_head().unwrap().0, 1);
}

#[test]
fn the_recipes_role_scans_and_imports_but_cannot_rewrite_the_ledger() {
    let Some(db) = TestDb::new() else { return };
    let s = Store::new(PgStore::create(&db.url).unwrap());
    setup(&s);
    drop(s);
    let role = format!("{}_role", db.name());
    db.admin()
        .batch_execute(&crate::grant_statements(&role, db.name(), "pw'1"))
        .unwrap();
    let at_host = db.url.split_once('@').unwrap().1;
    let url = format!("postgres://{role}:pw%271@{at_host}");
    let s = Store::new(PgStore::open(&url, Mode::Existing).unwrap());
    // The terminals' role writes as the operator signed in: the register's first, its officer.
    let signed = s.sign_in("王伟", &|_| None).unwrap().unwrap();
    assert_eq!(signed, depot_store::SignIn::First);
    s.write(|w| {
        w.batched(|w| -> Result<(), depot_store::ApplyError> {
            for m in movements() {
                w.apply(m)?;
            }
            Ok(())
        })
    })
    .unwrap();
    s.write(|w| -> Result<(), depot_store::ApplyError> {
        // A row changed in a batch goes through a temporary table.
        w.batched(|w| {
            w.apply(mv(
                "2026-02-01T08:00:00+08:00",
                Action::Checkout,
                "QZ2",
                "V1",
                Decimal::ONE,
                Some("INC-2"),
                vec![],
            ))
        })?;
        w.put_kit(&KitRecord {
            code: "K".into(),
            name: "k".into(),
            owner: "CK".into(),
            module: None,
            contents: vec![("L1".into(), Decimal::ONE)],
        })?;
        let id = w.open_count("CK", None, "2026-02-02", "王伟")?;
        w.count_scan(id, "L1", Decimal::ONE)?;
        Ok(())
    })
    .unwrap();
    assert_eq!(s.read().unwrap().ledger_head().unwrap().0, 12);
    let mut as_role = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    for sql in [
        "UPDATE depot.ledger SET reason = 'x'",
        "DELETE FROM depot.ledger",
        "TRUNCATE depot.ledger",
        "UPDATE depot.schema_version SET version = 2",
        "SET session_replication_role = replica",
    ] {
        let e = as_role.batch_execute(sql).unwrap_err();
        let text = e
            .as_db_error()
            .map(|d| d.message().to_owned())
            .unwrap_or_default();
        assert!(text.contains("permission denied"), "{sql}: {e}");
    }
    let e = s.write(|w| w.tamper_link(2, 1)).unwrap_err();
    assert!(e.to_string().contains("refused this to user"), "{e}");
    drop((s, as_role));
    let admin = crate::testing::server().unwrap();
    drop(db);
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    c.batch_execute(&format!("DROP ROLE \"{role}\"")).unwrap();
}

/// A register of schema version 2 (before counts kept what they decided at their close) gets
/// `count_lines` when it is opened, and keeps its counts.
#[test]
fn a_version_2_register_is_upgraded_with_the_count_lines() {
    let Some(db) = TestDb::new() else { return };
    let s = Store::new(PgStore::create(&db.url).unwrap());
    s.write(|w| w.open_count("CK", None, "2026-02-02", "li"))
        .unwrap();
    drop(s);
    db.admin()
        .batch_execute(&format!(
            "{NO_ROLES}; {BACK_TO_3}; DROP TABLE depot.count_lines; \
             UPDATE depot.schema_version SET version = 2"
        ))
        .unwrap();
    let s = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    let line = depot_store::CountLine {
        barcode: "L1".into(),
        expected: Some(Decimal::TWO),
        owner: "CK".into(),
        decision: None,
    };
    s.write(|w| w.put_count_lines(1, std::slice::from_ref(&line)))
        .unwrap();
    assert_eq!(s.read().unwrap().count_lines(1).unwrap(), [line]);
    assert_eq!(s.read().unwrap().counts().unwrap().len(), 1);
    assert_eq!(
        super::schema_version(&mut db.admin()),
        crate::SCHEMA_VERSION
    );
}

/// Inserts on `c`, as a hand in psql would, movement `seq` naming `prev` as the hash of the one
/// before it, its other columns valid: the database's answer.
fn insert_movement(
    c: &mut impl postgres::GenericClient,
    seq: i64,
    prev: &[u8],
) -> Result<u64, postgres::Error> {
    use depot_domain::Vocabulary;
    c.execute(
        "INSERT INTO depot.ledger (seq, at, at_offset, action, barcode, item, quantity, operator, \
         change_keys, change_values, prev_hash, hash) \
         VALUES ($1, now(), 0, $2, 'X1', 'V1', 1, 'li', '{}', '{}', $3, $4)",
        &[&seq, &Action::Receive.en(), &prev, &[7u8; 32].as_slice()],
    )
}

/// The ledger's last movement on `c`'s database: its number and hash (0 and the genesis hash
/// when there is none).
fn last_movement(c: &mut postgres::Client) -> (i64, Vec<u8>) {
    c.query_opt(
        "SELECT seq, hash FROM depot.ledger ORDER BY seq DESC LIMIT 1",
        &[],
    )
    .unwrap()
    .map_or((0, depot_domain::movement::GENESIS.to_vec()), |r| {
        (r.get(0), r.get(1))
    })
}

/// A connection at `url` (the terminals' role) where the writer of [`insert_movement`]'s rows
/// is signed in (on a register without operators, as its first officer).
fn signed_in(url: &str) -> postgres::Client {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    let said: String = c
        .query_one("SELECT depot.sign_in('li', NULL)", &[])
        .unwrap()
        .get(0);
    assert_eq!(said, crate::roles::FIRST);
    c
}

/// On `c`, the ledger refuses a row that breaks the link (another `prev_hash`) and one that
/// skips a number, each said as such by depot; the row that continues the chain is taken
/// (and rolled back).
fn refuses_what_breaks_the_chain(c: &mut postgres::Client, url: &str, who: &str) {
    let (last, hash) = last_movement(c);
    let target = crate::conn::Target::parse(url).unwrap();
    for (seq, prev, why) in [
        (last + 1, [9u8; 32].to_vec(), "a broken link"),
        (last + 2, hash.clone(), "a skipped number"),
        (last, hash.clone(), "the last number again"),
    ] {
        let e = insert_movement(c, seq, &prev).unwrap_err();
        let refusal = e
            .as_db_error()
            .unwrap_or_else(|| panic!("{who}, {why}: {e}"));
        assert_eq!(
            refusal.constraint(),
            Some(crate::schema::LEDGER_CHAIN),
            "{who}, {why}: {e}"
        );
        let said = crate::conn::error(&target, e).to_string();
        assert!(
            said.contains("refused a movement that does not continue the ledger's chain")
                && said.contains(&format!("movement {seq} ")),
            "{who}, {why}: {said}"
        );
    }
    let mut t = c.transaction().unwrap();
    assert_eq!(
        insert_movement(&mut t, last + 1, &hash).unwrap(),
        1,
        "{who}"
    );
    t.rollback().unwrap();
    assert_eq!(last_movement(c).0, last, "{who}: nothing was added");
}

/// The database keeps the ledger one chain itself: a movement whose `prev_hash` is not the
/// last one's hash (the genesis hash for the first), or whose number is not the next, is
/// refused to the terminals' role and to the owner alike, in an empty ledger and a written one;
/// depot's own writes, single and batched (COPY), go on as before.
#[test]
fn the_ledger_refuses_a_movement_that_does_not_continue_the_chain() {
    let Some(db) = TestDb::new() else { return };
    let s = Store::new(PgStore::create(&db.url).unwrap());
    setup(&s);
    let role = format!("{}_role", db.name());
    db.admin()
        .batch_execute(&crate::grant_statements(&role, db.name(), "pw"))
        .unwrap();
    let at_host = db.url.split_once('@').unwrap().1;
    let terminal = format!("postgres://{role}:pw@{at_host}");
    let mut as_role = signed_in(&terminal);
    let mut as_owner = db.admin();
    refuses_what_breaks_the_chain(&mut as_role, &terminal, "the terminals' role, empty");
    refuses_what_breaks_the_chain(&mut as_owner, &db.url, "the owner, empty");
    let mut all = movements();
    let rest = all.split_off(2);
    for m in all {
        s.write(|w| w.apply(m)).unwrap();
    }
    s.write(|w| {
        w.batched(|w| -> Result<(), depot_store::ApplyError> {
            for m in rest {
                w.apply(m)?;
            }
            Ok(())
        })
    })
    .unwrap();
    refuses_what_breaks_the_chain(&mut as_role, &terminal, "the terminals' role");
    refuses_what_breaks_the_chain(&mut as_owner, &db.url, "the owner");
    assert_eq!(replays(&s.read().unwrap()), 11);
    drop((s, as_role, as_owner));
    let admin = crate::testing::server().unwrap();
    drop(db);
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    c.batch_execute(&format!("DROP ROLE \"{role}\"")).unwrap();
}

/// What takes the server's own checks (schema version 6, `roles.rs`), the scans' turn
/// (version 7), the digest's recipients (version 8) and the checks on counts and kits (version
/// 14) out of a register of the current version, and gives its terminals' role what the recipe of version 5 gave.
const NO_ROLES: &str = "DROP TABLE depot.digest_lines, depot.travel_times, depot.place_locations; \
     DROP TABLE depot.digests_sent, depot.recipients; \
     DROP FUNCTION depot.turn(bigint, bigint, text, timestamptz, bytea, bytea), \
     depot.prune_commits(); \
     DROP FUNCTION depot.trusted() CASCADE; \
     DROP FUNCTION depot.ledger_actor(), depot.audit_actor(), depot.stock_moved(), \
     depot.officers_only(), depot.sign_in(text, bytea, timestamptz), \
     depot.put_operator(text, text, bytea, bytea, timestamptz), depot.pin_salt(text), \
     depot.signed_in(timestamptz), depot.backend_start(), depot.count_actor(), \
     depot.count_scan_actor(), depot.scanners_only() CASCADE; \
     DROP TABLE depot.sessions, depot.pin_tries";

/// What makes a register of the current version one of version 3: no link trigger.
const BACK_TO_3: &str = "DROP TABLE depot.commits; DROP TRIGGER ledger_chain ON depot.ledger; \
     DROP FUNCTION depot.ledger_link(); UPDATE depot.schema_version SET version = 3";

/// A register of schema version 3 (before the database kept the ledger's link) gets the link
/// trigger when its owner opens it, and keeps its ledger; the terminals' role cannot upgrade it
/// and is told to open it once as the owner.
#[test]
fn a_version_3_register_is_upgraded_with_the_ledger_chain() {
    let Some(db) = TestDb::new() else { return };
    let s = Store::new(PgStore::create(&db.url).unwrap());
    setup(&s);
    for m in movements().into_iter().take(3) {
        s.write(|w| w.apply(m)).unwrap();
    }
    drop(s);
    let role = format!("{}_role", db.name());
    let mut admin = db.admin();
    admin
        .batch_execute(&crate::grant_statements(&role, db.name(), "pw"))
        .unwrap();
    admin
        .batch_execute(&format!("{NO_ROLES}; {BACK_TO_3}"))
        .unwrap();
    // Version 3 takes a row that skips a number.
    let (last, hash) = last_movement(&mut admin);
    let mut t = admin.transaction().unwrap();
    insert_movement(&mut t, last + 2, &hash).unwrap();
    t.rollback().unwrap();
    let version = super::schema_version;

    // A command that only reads does not upgrade it, and says what does.
    let e = error_text(PgStore::open(&db.url, Mode::ReadOnly));
    assert!(
        e.contains("schema version 3") && e.contains("when the database owner's role"),
        "{e}"
    );
    assert_eq!(version(&mut admin), 3);
    let at_host = db.url.split_once('@').unwrap().1;
    let terminal = format!("postgres://{role}:pw@{at_host}");
    let e = error_text(PgStore::open(&terminal, Mode::Existing));
    assert!(
        e.contains("schema version 3") && e.contains("needs the database owner's role"),
        "{e}"
    );
    assert_eq!(version(&mut admin), 3);

    let s = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    assert_eq!(version(&mut admin), crate::SCHEMA_VERSION);
    let mut as_role = signed_in(&terminal);
    refuses_what_breaks_the_chain(&mut as_role, &terminal, "the terminals' role, upgraded");
    refuses_what_breaks_the_chain(&mut admin, &db.url, "the owner, upgraded");
    for m in movements().into_iter().skip(3) {
        s.write(|w| w.apply(m)).unwrap();
    }
    assert_eq!(replays(&s.read().unwrap()), 11);
    drop((s, as_role, admin));
    let server = crate::testing::server().unwrap();
    drop(db);
    let mut c = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    c.batch_execute(&format!("DROP ROLE \"{role}\"")).unwrap();
}

#[test]
fn a_writer_held_up_too_long_is_told_so() {
    let Some(db) = TestDb::new() else { return };
    let s = Store::new(PgStore::create(&db.url).unwrap());
    let other = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    let started = std::sync::Barrier::new(2);
    std::thread::scope(|t| {
        t.spawn(|| {
            s.write(|_| -> Result<(), StoreError> {
                started.wait();
                std::thread::sleep(std::time::Duration::from_secs(4));
                Ok(())
            })
            .unwrap();
        });
        started.wait();
        let e = other.write(|_| Ok::<_, StoreError>(())).unwrap_err();
        assert!(e.to_string().contains("was not saved"), "{e}");
    });
    other.write(|_| Ok::<_, StoreError>(())).unwrap();
}

#[test]
fn a_store_reconnects_after_the_server_dropped_its_connections() {
    let Some(db) = TestDb::new() else { return };
    let s = Store::new(PgStore::create(&db.url).unwrap());
    setup(&s);
    drop(s.read().unwrap());
    s.write(|_| Ok::<_, StoreError>(())).unwrap();
    // As a restart would: every other session of this database ends.
    db.admin()
        .batch_execute(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = '{}' AND pid <> pg_backend_pid()",
            db.name()
        ))
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(s.read().unwrap().units().unwrap().len(), 2);
    s.write(|w| w.apply(movements().remove(0))).unwrap();
}

/// A register of schema version 5 (before the server held the line itself) gets the sign-in
/// and the server's checks when its owner opens it; its terminals' role, made by the recipe of
/// then, no longer reads the operators' PINs nor writes operators, and signs in on the server.
#[test]
fn a_version_5_register_is_upgraded_with_the_servers_checks() {
    use depot_domain::access::Role;
    use depot_store::{OperatorRecord, Pin};
    let Some(db) = TestDb::new() else { return };
    let s = Store::new(PgStore::create(&db.url).unwrap());
    setup(&s);
    let officer = OperatorRecord {
        name: "王伟".into(),
        role: Role::Officer,
        pin: Some(Pin::Hash([1; 16], [2; 32])),
    };
    s.write(|w| w.put_operator(&officer)).unwrap();
    drop(s);
    let role = format!("{}_role", db.name());
    let mut admin = db.admin();
    admin
        .batch_execute(&crate::grant_statements(&role, db.name(), "pw"))
        .unwrap();
    admin
        .batch_execute(&format!(
            "{NO_ROLES}; GRANT SELECT, INSERT, UPDATE ON depot.operators TO \"{role}\"; \
             UPDATE depot.schema_version SET version = 5"
        ))
        .unwrap();
    let at_host = db.url.split_once('@').unwrap().1;
    let terminal = format!("postgres://{role}:pw@{at_host}");
    let mut as_role = postgres::Client::connect(&terminal, postgres::NoTls).unwrap();
    // Version 5's recipe let the terminals read the PINs and change an operator's role.
    as_role
        .batch_execute(
            "SELECT pin_hash FROM depot.operators; UPDATE depot.operators SET role = 'officer'",
        )
        .unwrap();

    let s = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    assert_eq!(super::schema_version(&mut admin), crate::SCHEMA_VERSION);
    for sql in [
        "SELECT pin_hash FROM depot.operators",
        "SELECT * FROM depot.operators",
        "UPDATE depot.operators SET role = 'officer'",
        "INSERT INTO depot.operators (name, role) VALUES ('x', 'officer')",
        "SELECT * FROM depot.sessions",
    ] {
        let e = as_role.batch_execute(sql).unwrap_err();
        let text = e
            .as_db_error()
            .map(|d| d.message().to_owned())
            .unwrap_or_default();
        assert!(text.contains("permission denied"), "{sql}: {e}");
    }
    let said: String = as_role
        .query_one("SELECT depot.sign_in('王伟', $1)", &[&[2u8; 32].as_slice()])
        .unwrap()
        .get(0);
    assert_eq!(said, "officer");
    // The owner reads the PIN; the terminals' role only that there is one.
    assert_eq!(s.read().unwrap().operator("王伟").unwrap(), Some(officer));
    let t = Store::new(PgStore::open(&terminal, Mode::Existing).unwrap());
    let seen = t.read().unwrap().operator("王伟").unwrap().unwrap();
    assert_eq!(seen.pin, Some(Pin::Withheld));
    drop((s, t, as_role, admin));
    let admin = crate::testing::server().unwrap();
    drop(db);
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    c.batch_execute(&format!("DROP ROLE \"{role}\"")).unwrap();
}

/// The server's checks, as PostgreSQL keeps them: the triggers whose clause calls a SQL
/// function it inlines (parses) in every statement that fires them, and the languages of
/// `signed_in()` and `backend_start()` (SQL: parsed and planned at every call).
fn checks_that_parse(c: &mut postgres::Client) -> (Vec<String>, String) {
    let triggers = c
        .query(
            "SELECT g.tgname::text FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid \
             WHERE t.relnamespace = 'depot'::regnamespace AND NOT g.tgisinternal \
               AND pg_get_triggerdef(g.oid) LIKE '%depot.trusted()%' ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let language = c
        .query_one(
            "SELECT string_agg(l.lanname::text, ' ' ORDER BY p.proname) \
             FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang \
             WHERE p.oid IN ('depot.signed_in(timestamptz)'::regprocedure, \
                             'depot.backend_start()'::regprocedure)",
            &[],
        )
        .unwrap()
        .get(0);
    (triggers, language)
}

/// The server's checks parse nothing in the statements they guard (schema version 9), on a
/// register made now and on one of version 8 once its owner opens it; and they still hold the
/// terminals' role to the signed-in operator and the chain.
#[test]
fn the_servers_checks_parse_nothing_in_a_scan() {
    let Some(db) = TestDb::new() else { return };
    let s = Store::new(PgStore::create(&db.url).unwrap());
    setup(&s);
    drop(s);
    let mut admin = db.admin();
    assert_eq!(
        checks_that_parse(&mut admin),
        (vec![], "plpgsql plpgsql".into())
    );

    // Version 8: every check's clause inlined `depot.trusted()`, `signed_in()` was SQL.
    admin
        .batch_execute(
            r#"
CREATE OR REPLACE FUNCTION depot.backend_start() RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT a.backend_start FROM pg_catalog.pg_stat_get_activity(pg_catalog.pg_backend_pid()) a
$$;
CREATE OR REPLACE FUNCTION depot.signed_in(started timestamptz DEFAULT depot.backend_start(),
                                           OUT operator text, OUT role text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = depot, pg_temp AS $$
    SELECT s.operator, s.role FROM depot.sessions s
    WHERE s.pid = pg_catalog.pg_backend_pid() AND s.started = $1
$$;
DO $$
DECLARE t record;
BEGIN
    FOR t IN SELECT g.tgname, g.tgrelid::regclass AS tab, pg_get_triggerdef(g.oid) AS def
             FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
             WHERE c.relnamespace = 'depot'::regnamespace AND NOT g.tgisinternal
               AND pg_get_triggerdef(g.oid) LIKE '%pg_has_role%'
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', t.tgname, t.tab);
        EXECUTE regexp_replace(t.def, 'pg_has_role\(CURRENT_USER, .*?''MEMBER''::text\)', 'depot.trusted()');
    END LOOP;
END
$$;
DROP TABLE depot.digest_lines, depot.place_locations, depot.travel_times;
UPDATE depot.schema_version SET version = 8;
"#,
        )
        .unwrap();
    let (before, language) = checks_that_parse(&mut admin);
    assert_eq!(language, "sql sql");
    for t in [
        "ledger_actor",
        "stock_moved",
        "audit_actor",
        "catalog_officers",
    ] {
        assert!(before.iter().any(|b| b == t), "{t} in {before:?}");
    }

    let s = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    assert_eq!(
        checks_that_parse(&mut admin),
        (vec![], "plpgsql plpgsql".into())
    );
    let role = format!("{}_role", db.name());
    admin
        .batch_execute(&crate::grant_statements(&role, db.name(), "pw"))
        .unwrap();
    let at_host = db.url.split_once('@').unwrap().1;
    let terminal = format!("postgres://{role}:pw@{at_host}");
    // Signed in as li, the terminals' role writes li's movements that continue the chain, and
    // no one else's.
    let mut as_role = signed_in(&terminal);
    refuses_what_breaks_the_chain(&mut as_role, &terminal, "the terminals' role, version 9");
    let (last, hash) = last_movement(&mut as_role);
    let e = as_role
        .execute(
            "INSERT INTO depot.ledger (seq, at, at_offset, action, barcode, item, quantity, \
             operator, change_keys, change_values, prev_hash, hash) \
             VALUES ($1, now(), 0, 'receive', 'X1', 'V1', 1, 'wang', '{}', '{}', $2, $3)",
            &[&(last + 1), &hash, &[7u8; 32].as_slice()],
        )
        .unwrap_err();
    let said = e.as_db_error().map(|d| d.message().to_owned());
    assert!(
        said.as_deref()
            .is_some_and(|m| m.contains("names operator wang")),
        "{e:?}"
    );
    // The owner's rows skip the operator's check, as before.
    let mut t = admin.transaction().unwrap();
    t.execute(
        "INSERT INTO depot.ledger (seq, at, at_offset, action, barcode, item, quantity, \
         operator, change_keys, change_values, prev_hash, hash) \
         VALUES ($1, now(), 0, 'receive', 'X1', 'V1', 1, 'wang', '{}', '{}', $2, $3)",
        &[&(last + 1), &hash, &[7u8; 32].as_slice()],
    )
    .unwrap();
    t.rollback().unwrap();
    drop((s, as_role, admin));
    let server = crate::testing::server().unwrap();
    drop(db);
    let mut c = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    c.batch_execute(&format!("DROP ROLE \"{role}\"")).unwrap();
}
