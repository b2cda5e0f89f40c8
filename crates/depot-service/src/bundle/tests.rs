//! A bundle export stopped at any point leaves no folder, no partial folder and the
//! watermark as it was, on both engines (the stop is `interrupt::trip`, so these live here).

use super::*;
use crate::interrupt::trip;
use depot_domain::Unit;

fn sample(store: Store) -> Store {
    let ctx = crate::Ctx::new(Some("王伟")).unwrap();
    let report = crate::import::files::import(
        &store,
        &ctx,
        &depot_exchange::sample::sources(),
        depot_exchange::InputEncoding::Auto,
        false,
    )
    .unwrap();
    assert!(report.landed());
    store
}

fn request<'a>(out: &'a Path, key: &'a DepotKey) -> BundleRequest<'a> {
    BundleRequest {
        out,
        // Today: on or after every movement of the sample, imported on the local clock.
        as_of: chrono::Local::now().date_naive(),
        full: false,
        depot: None,
        key,
        created: chrono::Local::now().fixed_offset(),
    }
}

fn stopped_anywhere_leaves_nothing(new: impl Fn() -> Store) {
    let dir = tempfile::tempdir().unwrap();
    let key = DepotKey::generate().unwrap();
    // How many times a whole export looks for a stop.
    let counted = new();
    trip::reset(None);
    export_bundle(&counted, &request(&dir.path().join("counted"), &key)).unwrap();
    let looks = trip::looks();
    assert!(looks >= 7, "{looks}");
    let store = new();
    let out = dir.path().join("b");
    for at in [1, 2, looks / 2, looks - 1, looks] {
        trip::reset(Some(at));
        let e = export_bundle(&store, &request(&out, &key)).unwrap_err();
        assert!(matches!(e, Error::Interrupted(NOT_BUNDLED)), "{at}: {e}");
        assert!(!out.exists(), "{at}");
        assert!(!dir.path().join(".b.partial").exists(), "{at}");
        assert_eq!(watermark(&store).unwrap(), None, "{at}");
    }
    trip::reset(None);
    export_bundle(&store, &request(&out, &key)).unwrap();
    assert!(watermark(&store).unwrap().is_some());
}

#[test]
fn a_stopped_bundle_leaves_nothing_on_redb() {
    stopped_anywhere_leaves_nothing(|| sample(crate::store::in_memory().unwrap()));
}

#[test]
fn a_stopped_bundle_leaves_nothing_on_postgres() {
    use crate::store::postgres::testing::TestDb;
    let dbs = std::cell::RefCell::new(Vec::new());
    if TestDb::new().is_none() {
        return;
    }
    stopped_anywhere_leaves_nothing(|| {
        let db = TestDb::new().unwrap();
        let at = crate::store::Location::Server(db.url.clone());
        let store = crate::store::at(&at, crate::store::Access::Create).unwrap();
        dbs.borrow_mut().push(db);
        sample(store)
    });
}

#[test]
fn the_depot_is_the_only_top_unit_or_the_one_named() {
    use depot_domain::{UnitCode, UnitKind};
    let unit = |code: &str, parent: Option<&str>| Unit {
        code: UnitCode::new(code),
        name: format!("{code} name"),
        kind: UnitKind::Detachment,
        parent: parent.map(UnitCode::new),
        class: None,
    };
    let one = [unit("A", None), unit("B", Some("A"))];
    assert_eq!(depot_of(&one, None, None).unwrap().code, "A");
    assert!(depot_of(&one, Some("B"), None).is_err());
    let two = [unit("A", None), unit("C", None)];
    let e = depot_of(&two, None, None).unwrap_err().to_string();
    assert!(e.contains("--depot") && e.contains("A, C"), "{e}");
    assert_eq!(depot_of(&two, None, Some("C")).unwrap().name, "C name");
    assert_eq!(depot_of(&two, Some("A"), Some("C")).unwrap().code, "A");
    assert!(depot_of(&[], None, None).is_err());
}

/// Two terminals of one PostgreSQL depot making a bundle at once: the second to record its
/// bundle finds the watermark moved since it began, and keeps nothing, rather than forking the
/// depot's rounds (two bundles chained to the same one).
fn a_bundle_made_meanwhile_is_not_forked(store: &Store) {
    let mark = || watermark(store).unwrap().map(|w| w.manifest_sha256);
    record(store, None, "10", "aaaa", "ZD-QZ", "2026-05-01").unwrap();
    assert_eq!(mark().as_deref(), Some("aaaa"));
    let e = record(store, None, "12", "bbbb", "ZD-QZ", "2026-05-01").unwrap_err();
    assert!(
        e.to_string().contains("another bundle was made meanwhile"),
        "{e}"
    );
    assert_eq!(mark().as_deref(), Some("aaaa"));
    record(store, Some("aaaa"), "12", "bbbb", "ZD-QZ", "2026-05-01").unwrap();
    assert_eq!(mark().as_deref(), Some("bbbb"));
}

#[test]
fn a_bundle_made_meanwhile_is_not_forked_on_redb() {
    a_bundle_made_meanwhile_is_not_forked(&crate::store::in_memory().unwrap());
}

#[test]
fn a_bundle_made_meanwhile_is_not_forked_on_postgres() {
    use crate::store::postgres::testing::TestDb;
    let Some(db) = TestDb::new() else {
        return;
    };
    let at = crate::store::Location::Server(db.url.clone());
    a_bundle_made_meanwhile_is_not_forked(
        &crate::store::at(&at, crate::store::Access::Create).unwrap(),
    );
}
