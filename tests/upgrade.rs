//! Upgrading from the release that kept a write-ahead log of its own beside the database
//! (`<db>-wal`): the first open replays what the log holds into the database file, syncs it,
//! and removes the log, so nobody loses an acknowledged action on upgrade.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use depot_domain::stock::Stock;
use depot_service::store::StockView;

/// The six check-outs the fixture's log holds (its README).
const CHECKED_OUT: [&str; 6] = [
    "QZ41481574",
    "QZ84637193",
    "QZ96187691",
    "QZ66621296",
    "QZ81343987",
    "QZ85730067",
];

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/legacy-wal/killed-before-checkpoint.redb-wal")
}

fn log_of(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// Finding 1: after `init` and six acknowledged check-outs, a power cut left an empty database
/// file beside a full log. Opening it must find all six, and leave no log behind.
#[test]
fn an_empty_database_beside_its_log_is_replayed_and_the_log_removed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("legacy.redb");
    std::fs::write(&db, b"").unwrap();
    std::fs::copy(fixture(), log_of(&db)).unwrap();

    let store = depot_service::store::open(&db).unwrap();
    assert!(!log_of(&db).exists(), "the log is removed once replayed");
    let report = depot_service::verify::verify(&store).unwrap();
    assert!(report.ok(), "{report}");
    let r = store.read().unwrap();
    for code in CHECKED_OUT {
        match r.stock(code).unwrap() {
            Some(Stock::Asset(a)) => assert_eq!(
                a.location.as_ref().map(|l| l.as_str()),
                Some("ZHAN-0104"),
                "{code} was acknowledged as checked out"
            ),
            other => panic!("{code} lost in the upgrade: {other:?}"),
        }
    }
    let head = r.ledger_head().unwrap();
    drop(r);
    drop(store);
    // Opened again, it is an ordinary database of the new release, with nothing replayed twice.
    let again = depot_service::store::open(&db).unwrap();
    assert_eq!(again.read().unwrap().ledger_head().unwrap(), head);
    assert!(!log_of(&db).exists());
}
