//! The database file: files that are not depot databases, a newer schema, a second program,
//! the operator every write names, and a ledger or stock row tampered with behind depot's back.

use depot_domain::{Movement, Stock};
use depot_service::store::{SCHEMA_VERSION, StockView, Store, StoreError};
use predicates::prelude::*;
use redb::{ReadableDatabase, TableDefinition, TableHandle};

use depot_testkit::cli::{ASSETS_HEADER, Env, OPERATOR};

const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
const OTHER: TableDefinition<&str, &str> = TableDefinition::new("other");

fn good_assets(env: &Env) {
    env.write(
        "a.csv",
        format!("{ASSETS_HEADER}QZK001,V-SG,,ZHAN-0001,,,,2020-01-01,,\n"),
    );
}

/// Every read and write command against the database fails with `message`.
fn every_command_refused(env: &Env, message: &str) {
    good_assets(env);
    for args in [
        &["status"][..],
        &["verify"],
        &["export", "assets", "--out", "-"],
        &["import", "assets", "a.csv"],
        &["import", "assets", "a.csv", "--dry-run"],
    ] {
        env.depot()
            .args(args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(message));
    }
}

#[test]
fn a_text_file_is_not_a_depot_database() {
    let env = Env::new();
    std::fs::write(&env.db, "barcode,item\nQZ1,V-SG\n").unwrap();
    every_command_refused(&env, "is not a depot database");
    assert_eq!(
        std::fs::read_to_string(&env.db).unwrap(),
        "barcode,item\nQZ1,V-SG\n"
    );
    assert!(matches!(
        depot_service::store::open(&env.db),
        Err(StoreError::NotDepot(_))
    ));
    // Nor is a log left beside it.
    assert!(!depot_service::store::log_path(&env.db).exists());
}

#[test]
fn another_programs_file_at_the_logs_name_is_left_alone() {
    let env = Env::new();
    // A SQLite database in WAL mode keeps its log where an earlier depot kept its own.
    let log = depot_service::store::log_path(&env.db);
    let wal = b"\x37\x7f\x06\x82 SQLite write-ahead log frames".to_vec();
    std::fs::write(&env.db, "SQLite format 3\0").unwrap();
    std::fs::write(&log, &wal).unwrap();
    every_command_refused(&env, "is not a depot database");
    assert_eq!(std::fs::read(&log).unwrap(), wal);
    assert_eq!(std::fs::read(&env.db).unwrap(), b"SQLite format 3\0");
    assert!(matches!(
        depot_service::store::open(&env.db),
        Err(StoreError::NotDepot(_))
    ));
}

#[test]
fn an_empty_file_is_not_a_depot_database() {
    let env = Env::new();
    std::fs::write(&env.db, "").unwrap();
    every_command_refused(&env, "is empty (0 bytes)");
    assert_eq!(std::fs::metadata(&env.db).unwrap().len(), 0);
}

#[test]
fn a_redb_file_of_another_program_is_not_a_depot_database() {
    let env = Env::new();
    {
        let db = redb::Database::create(&env.db).unwrap();
        let txn = db.begin_write().unwrap();
        txn.open_table(OTHER).unwrap().insert("k", "v").unwrap();
        txn.commit().unwrap();
    }
    every_command_refused(&env, "is not a depot database");
    assert!(matches!(
        depot_service::store::open(&env.db),
        Err(StoreError::NotDepot(_))
    ));
    // Its own table is untouched and depot added none of its own.
    let db = redb::Database::create(&env.db).unwrap();
    let txn = db.begin_read().unwrap();
    let names: Vec<String> = txn
        .list_tables()
        .unwrap()
        .map(|t| t.name().to_owned())
        .collect();
    assert_eq!(names, ["other"]);
    assert_eq!(
        txn.open_table(OTHER)
            .unwrap()
            .get("k")
            .unwrap()
            .unwrap()
            .value(),
        "v"
    );
}

fn schema_version(env: &Env) -> u32 {
    let db = redb::Database::create(&env.db).unwrap();
    let txn = db.begin_read().unwrap();
    let v = txn
        .open_table(META)
        .unwrap()
        .get("schema_version")
        .unwrap()
        .unwrap();
    u32::from_le_bytes(v.value().try_into().unwrap())
}

/// Rewrites the schema version recorded in the database, behind depot's back.
fn set_schema_version(env: &Env, version: u32) {
    let db = redb::Database::create(&env.db).unwrap();
    let txn = db.begin_write().unwrap();
    txn.open_table(META)
        .unwrap()
        .insert("schema_version", version.to_le_bytes().as_slice())
        .unwrap();
    txn.commit().unwrap();
}

#[test]
fn a_database_of_a_newer_schema_is_refused() {
    let env = Env::reference();
    assert_eq!(schema_version(&env), SCHEMA_VERSION);
    let newer = SCHEMA_VERSION + 1;
    set_schema_version(&env, newer);
    every_command_refused(
        &env,
        &format!(
            "written by a newer depot (schema version {newer}; this program knows {SCHEMA_VERSION})"
        ),
    );
    match depot_service::store::open(&env.db) {
        Err(StoreError::NewerSchema { found, known, .. }) => {
            assert_eq!((found, known), (newer, SCHEMA_VERSION));
        }
        other => panic!("expected NewerSchema, got {:?}", other.map(|_| ())),
    }
    assert_eq!(schema_version(&env), newer, "the version was overwritten");
}

#[test]
fn a_database_of_an_older_schema_is_refused() {
    let env = Env::reference();
    let older = SCHEMA_VERSION - 1;
    set_schema_version(&env, older);
    every_command_refused(
        &env,
        &format!(
            "written by an older depot (schema version {older}; this program knows {SCHEMA_VERSION}); export its assets and lots"
        ),
    );
    assert!(matches!(
        depot_service::store::open(&env.db),
        Err(StoreError::OlderSchema { found, .. }) if found == older
    ));
    assert_eq!(schema_version(&env), older, "the version was overwritten");
}

#[test]
fn a_demo_database_of_an_older_schema_is_put_aside_and_built_again() {
    let env = Env::reference();
    let older = SCHEMA_VERSION - 1;
    set_schema_version(&env, older);
    std::fs::rename(&env.db, env.path("demo.redb")).unwrap();
    // Without a terminal the UI does not start, but the demo database is built first.
    let out = env.anonymous().arg("demo").output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!(
            "demo.redb was built by an older depot: kept as demo.redb.schema{older}"
        )),
        "{said}"
    );
    assert!(env.path(&format!("demo.redb.schema{older}")).is_file());
    let built = depot_service::store::open(&env.path("demo.redb")).unwrap();
    assert_eq!(built.read().unwrap().stock_count().unwrap(), 3690);
}

#[test]
fn a_second_program_is_told_the_database_is_open() {
    let env = Env::reference();
    good_assets(&env);
    let store = depot_service::store::open(&env.db).unwrap();
    for args in [&["status"][..], &["import", "assets", "a.csv"], &["verify"]] {
        env.depot()
            .args(args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(
                "the database is already open in another program",
            ));
    }
    // The first program is unaffected: it reads and writes as before.
    assert!(depot_service::verify::verify(&store).unwrap().ok());
    let units = store.read().unwrap().units().unwrap().len();
    assert!(units > 0);
    let ctx = depot_service::Ctx::new(Some(OPERATOR)).unwrap();
    let bundle = depot_service::import::Bundle::default();
    depot_service::import::import(&store, &ctx, &bundle, false).unwrap();
    drop(store);
    env.depot().arg("status").assert().success();
    env.depot()
        .args(["import", "assets", "a.csv"])
        .assert()
        .success();
}

#[test]
fn an_import_without_an_operator_is_refused() {
    let env = Env::sample();
    good_assets(&env);
    let before = env.snapshot();
    env.anonymous()
        .args(["import", "assets", "a.csv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "no operator named: give --operator NAME or set DEPOT_OPERATOR",
        ));
    env.anonymous()
        .args(["--operator", "  ", "import", "assets", "a.csv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no operator named"));
    assert_eq!(before, env.snapshot());
    assert!(!env.path("a.rejected.csv").exists());
    // DEPOT_OPERATOR names one (a registered officer: imports are theirs), and the movement
    // carries it.
    env.depot()
        .args(["operator", "add", "李四", "--role", "officer"])
        .assert()
        .success();
    env.anonymous()
        .env("DEPOT_OPERATOR", "李四")
        .args(["import", "assets", "a.csv"])
        .assert()
        .success();
    let moves = env.export("movements");
    let last = moves.lines().last().unwrap();
    assert!(
        last.contains(",opening,QZK001,") && last.contains(",李四,"),
        "{last}"
    );
}

/// The movement at `seq`, read through the library.
fn movement(store: &Store, seq: u64) -> Movement {
    let mut found = None;
    store
        .read()
        .unwrap()
        .for_each_movement(seq, |m| {
            if found.is_none() {
                found = Some(m);
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    found.unwrap()
}

fn verify_names(env: &Env, what: &str) {
    env.depot()
        .arg("verify")
        .assert()
        .failure()
        .stdout(predicate::str::contains("ledger BAD").and(predicate::str::contains(what)));
}

#[test]
fn verify_names_the_seq_of_an_altered_movement() {
    let env = Env::sample();
    {
        let store = depot_service::store::open(&env.db).unwrap();
        let mut m = movement(&store, 100);
        assert_eq!(m.seq, 100);
        m.body.reason = Some("nothing to see here".into());
        store.write(|w| w.tamper_movement(&m)).unwrap();
    }
    verify_names(&env, "ledger BAD at seq 100:");
}

#[test]
fn verify_catches_a_movement_rehashed_to_look_valid() {
    let env = Env::sample();
    {
        let store = depot_service::store::open(&env.db).unwrap();
        let m = movement(&store, 250);
        let mut body = m.body.clone();
        body.operator = "someone else".into();
        let forged = body.seal(m.seq, m.prev_hash);
        assert!(forged.hash_is_valid());
        store.write(|w| w.tamper_movement(&forged)).unwrap();
    }
    // 250 is consistent in itself; 251 no longer follows it.
    verify_names(&env, "ledger BAD at seq 251:");
}

#[test]
fn verify_catches_a_stock_row_the_ledger_does_not_explain() {
    let env = Env::sample();
    {
        let store = depot_service::store::open(&env.db).unwrap();
        let mut lot = match store.read().unwrap().stock("QZL83109967").unwrap() {
            Some(Stock::Lot(l)) => l,
            other => panic!("QZL83109967 should be a lot: {other:?}"),
        };
        lot.quantity += rust_decimal::Decimal::ONE;
        store.write(|w| w.tamper_stock(&Stock::Lot(lot))).unwrap();
    }
    verify_names(&env, "QZL83109967");

    let env = Env::sample();
    {
        let store = depot_service::store::open(&env.db).unwrap();
        let mut asset = match store.read().unwrap().stock("QZ56977190").unwrap() {
            Some(Stock::Asset(a)) => a,
            other => panic!("QZ56977190 should be an asset: {other:?}"),
        };
        asset.owner = "CK-SJ".into();
        store
            .write(|w| w.tamper_stock(&Stock::Asset(asset)))
            .unwrap();
    }
    verify_names(&env, "QZ56977190");
}
