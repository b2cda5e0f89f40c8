//! A backup copies every table, row for row; a table it does not know, a stop, an existing
//! destination or the database itself leave nothing behind.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use redb::{ReadableDatabase, TableDefinition, TableHandle};

use crate::import::files as import;
use crate::store::Census;
use crate::store::Store;
use crate::{Ctx, count, kit};
use depot_domain::Barcode;
use depot_exchange::{InputEncoding, sample};
use depot_store_redb::testing::partial_path;

const OFFICER: &str = "王伟";

/// The sample, with a kit and a stock count too, so that no table is empty.
fn full_store() -> Store {
    let store = crate::store::in_memory().unwrap();
    let ctx = Ctx::new(Some(OFFICER)).unwrap();
    let report = import::import(&store, &ctx, &sample::sources(), InputEncoding::Auto, false);
    assert!(report.unwrap().landed());
    kit::pack(&store, &ctx, "KIT-T1", Some("CK-SJ"), None, None, None).unwrap();
    let id = count::open(&store, &ctx, "CK-SJ", None).unwrap();
    let mut first = None;
    store
        .read()
        .unwrap()
        .for_each_stock(|row| -> crate::Result<()> {
            let b = row.barcode();
            first.get_or_insert_with(|| b.to_string());
            Ok(())
        })
        .unwrap();
    count::scan(&store, &ctx, id, &Barcode::new(first.unwrap()), None).unwrap();
    store
}

fn table_names(db: &redb::Database) -> BTreeSet<String> {
    let txn = db.begin_read().unwrap();
    txn.list_tables()
        .unwrap()
        .map(|t| t.name().to_owned())
        .collect()
}

#[test]
fn every_table_is_copied_row_for_row() {
    let store = full_store();
    let source = store.census().unwrap();
    let empty: Vec<_> = source.tables.iter().filter(|(_, n)| *n == 0).collect();
    assert!(empty.is_empty(), "the test leaves tables empty: {empty:?}");
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("copy.redb");
    let copied = store.backup_to(&dest, false, &|| false).unwrap();
    assert_eq!(copied, Some(source.clone()));
    assert!(!partial_path(&dest).exists());

    let copy = redb::Database::open(&dest).unwrap();
    assert_eq!(
        table_names(&copy),
        table_names(depot_store_redb::testing::database(store.engine().unwrap()))
    );
    drop(copy);
    let reopened: Census = crate::store::open(&dest).unwrap().census().unwrap();
    assert_eq!(reopened, source);
}

#[test]
fn a_table_the_backup_does_not_know_stops_it() {
    let store = full_store();
    let extra: TableDefinition<&str, &str> = TableDefinition::new("extra");
    let txn = depot_store_redb::testing::database(store.engine().unwrap())
        .begin_write()
        .unwrap();
    txn.open_table(extra).unwrap().insert("k", "v").unwrap();
    txn.commit().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("copy.redb");
    let e = store.backup_to(&dest, false, &|| false).unwrap_err();
    assert!(e.to_string().contains("'extra'"), "{e}");
    assert!(!dest.exists() && !partial_path(&dest).exists());
}

#[test]
fn a_stopped_backup_leaves_nothing() {
    let store = full_store();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("copy.redb");
    assert_eq!(store.backup_to(&dest, false, &|| true).unwrap(), None);
    assert!(!dest.exists() && !partial_path(&dest).exists());
}

#[test]
fn an_existing_file_is_replaced_only_when_asked() {
    let store = full_store();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("copy.redb");
    std::fs::write(&dest, b"keep me").unwrap();
    let e = store.backup_to(&dest, false, &|| false).unwrap_err();
    assert!(e.to_string().contains("already exists"), "{e}");
    assert_eq!(std::fs::read(&dest).unwrap(), b"keep me");
    assert!(store.backup_to(&dest, true, &|| false).unwrap().is_some());
    assert_eq!(
        crate::store::open(&dest).unwrap().census().unwrap(),
        store.census().unwrap()
    );
}

#[test]
fn the_database_itself_is_never_the_destination() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("depot.redb");
    let store = crate::store::open_or_create(&db).unwrap();
    let before = store.census().unwrap();
    let e = store.backup_to(&db, true, &|| false).unwrap_err();
    assert!(e.to_string().contains("the database itself"), "{e}");
    drop(store);
    assert_eq!(crate::store::open(&db).unwrap().census().unwrap(), before);
    assert!(!partial_path(&db).exists());
}
