#![allow(clippy::unwrap_used)]

use super::*;
use crate::import::files as import;
use crate::{Ctx, count, kit, workflow};
use depot_domain::Barcode;
use depot_exchange::{InputEncoding, sample};

const OFFICER: &str = "王伟";

/// The sample with a kit, a count closed and one open, and a check-out: every table in use.
fn depot() -> Store {
    let store = crate::store::in_memory().unwrap();
    let ctx = Ctx::new(Some(OFFICER)).unwrap();
    let report = import::import(&store, &ctx, &sample::sources(), InputEncoding::Auto, false);
    assert!(report.unwrap().landed());
    kit::pack(&store, &ctx, "KIT-T1", Some("CK-SJ"), None, None, None).unwrap();
    // The digest's recipients, and what was sent to one of them.
    use depot_domain::notify::Channel;
    crate::notify::add(&store, &ctx, "officer", Channel::Mail, "wang@example.cn").unwrap();
    let hook = "https://hook.example/zhan";
    crate::notify::add(&store, &ctx, "ZHAN-0102", Channel::WeCom, hook).unwrap();
    store
        .write(|w| {
            w.put_digest_sent(&crate::store::SentRecord {
                audience: "ZHAN-0102".into(),
                address: hook.into(),
                fingerprint: "f1".into(),
                at: "2026-02-02T07:00:00+08:00".into(),
                lines: Vec::new(),
            })
        })
        .unwrap();
    let mut codes = Vec::new();
    store
        .read()
        .unwrap()
        .for_each_stock(|row| -> crate::Result<()> {
            let b = row.barcode();
            codes.push(b.to_owned());
            Ok(())
        })
        .unwrap();
    let id = count::open(&store, &ctx, "CK-SJ", None).unwrap();
    count::scan(&store, &ctx, id, &Barcode::new(&codes[0]), None).unwrap();
    let _ = workflow::checkout(
        &store,
        &ctx,
        &Barcode::new(&codes[codes.len() / 2]),
        &workflow::CheckoutReq {
            to: Some("ZHAN-0102".into()),
            ..Default::default()
        },
    );
    // A bundle (the watermark), taken in as headquarters would (the headquarters tables).
    let dir = tempfile::tempdir().unwrap();
    let key = depot_exchange::bundle::DepotKey::generate().unwrap();
    let out = dir.path().join("b1");
    crate::bundle::export_bundle(
        &store,
        &crate::bundle::BundleRequest {
            out: &out,
            // Today: the bundle carries every movement made above.
            as_of: chrono::Local::now().date_naive(),
            full: false,
            depot: None,
            key: &key,
            created: chrono::Local::now().fixed_offset(),
        },
    )
    .unwrap();
    let opts = crate::hq::IngestOptions { trust_new: true };
    crate::hq::ingest(&store, &ctx, &out, opts).unwrap();
    // Directives: headquarters' key enrolled and one in force (a depot's), those issued and
    // the version a depot stated (headquarters').
    let code = store.read().unwrap().hq_depots().unwrap()[0].code.clone();
    store
        .write(|w| {
            use crate::directive as d;
            w.put_meta(d::HQ_KEY, b"00ff")?;
            w.put_meta(d::IN_FORCE, br#"{"version":1}"#)?;
            w.put_meta(
                d::ISSUED,
                br#"{"version":2,"effective":"2026-01-01","sha256":"ab"}"#,
            )?;
            w.put_meta(
                d::ISSUED_ALL,
                br#"[{"version":2,"effective":"2026-01-01","sha256":"ab"}]"#,
            )?;
            crate::directive::record_depot_version(w, &code, Some(1))
        })
        .unwrap();
    store
}

/// Everything a reader sees of a database, as text, to compare two of them.
fn everything(s: &Store) -> String {
    let r = s.read().unwrap();
    let mut out = format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n",
        r.units().unwrap(),
        r.warehouses().unwrap(),
        r.modules().unwrap(),
        r.catalog().unwrap(),
        r.standards().unwrap(),
        r.targets().unwrap(),
        r.operators().unwrap(),
        r.kits().unwrap(),
        r.counts().unwrap(),
        r.audit_log().unwrap(),
    );
    out.push_str(&format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n",
        r.recipients().unwrap(),
        r.digests_sent().unwrap(),
        r.locations().unwrap(),
        r.travel_times().unwrap()
    ));
    r.for_each_stock_linked(|row, head| -> crate::Result<()> {
        let b = row.barcode();
        out.push_str(&format!("{b} {row:?} {head:?}\n"));
        Ok(())
    })
    .unwrap();
    r.for_each_movement_linked(1, |m, prev| -> crate::Result<()> {
        out.push_str(&format!("{m:?} {prev}\n"));
        Ok(())
    })
    .unwrap();
    for c in r.counts().unwrap() {
        out.push_str(&format!("{:?}\n", r.count_scans(c.id).unwrap()));
    }
    for k in crate::bundle::WATERMARK_META {
        out.push_str(&format!("{k} {:?}\n", r.meta(k).unwrap()));
    }
    for k in crate::directive::meta_keys(&r).unwrap() {
        out.push_str(&format!("{k} {:?}\n", r.meta(&k).unwrap()));
    }
    for d in r.hq_depots().unwrap() {
        out.push_str(&format!("{d:?}\n{:?}\n", r.hq_bundles(&d.code).unwrap()));
        out.push_str(&format!("{:?}\n", r.hq_figures(&d.code).unwrap()));
        for m in r.hq_movements(&d.code, 1, u64::MAX).unwrap() {
            out.push_str(&format!("{m:?}\n"));
        }
        for f in crate::store::hq::SNAPSHOT_FILES {
            out.push_str(&format!(
                "{f} {:?}\n",
                r.hq_file(&d.code, f).unwrap().map(|b| b.len())
            ));
        }
    }
    out
}

/// The first line where two databases differ, if any.
fn first_difference(a: &Store, b: &Store) -> Option<(String, String)> {
    let (a, b) = (everything(a), everything(b));
    let mut lines = a.split(['\n', ']']).zip(b.split(['\n', ']']));
    lines
        .find(|(x, y)| x != y)
        .map(|(x, y)| (x.to_owned(), y.to_owned()))
        .or_else(|| (a.len() != b.len()).then(|| (a.len().to_string(), b.len().to_string())))
}

#[test]
fn a_migrated_depot_has_the_same_ledger_and_everything_else() {
    let from = depot();
    let to = crate::store::in_memory().unwrap();
    let mut ticks = Vec::new();
    let moved = migrate(&from, &to, &mut |n| ticks.push(n)).unwrap();
    assert!(moved.verified.ok(), "{:?}", moved.verified);
    assert_eq!(moved.head, from.read().unwrap().ledger_head().unwrap());
    assert!(moved.movements > 3000, "{moved:?}");
    // Told where it is: the movements as they go, then the rows, then the verification.
    let n = moved.movements;
    assert_eq!(
        ticks[ticks.len() - 3..],
        [Stage::Movements(n), Stage::Rows, Stage::Verifying]
    );
    assert_eq!(first_difference(&from, &to), None);
}

#[test]
fn migrate_refuses_a_target_that_holds_a_register() {
    let from = depot();
    let to = depot();
    let before = everything(&to);
    let e = migrate(&from, &to, &mut |_| {}).unwrap_err();
    assert!(e.to_string().contains("already holds a register"), "{e}");
    assert_eq!(everything(&to), before);
}

#[test]
fn a_depot_moves_to_postgresql_and_back_unchanged() {
    use crate::store::postgres::testing::TestDb;
    use crate::store::{Access, Location};
    let Some(db) = TestDb::new() else {
        return;
    };
    let from = depot();
    let pg = crate::store::at(&Location::Server(db.url.clone()), Access::Create).unwrap();
    let there = migrate(&from, &pg, &mut |_| {}).unwrap();
    assert!(there.verified.ok(), "{:?}", there.verified);
    assert_eq!(first_difference(&pg, &from), None);
    let back = crate::store::in_memory().unwrap();
    let moved = migrate(&pg, &back, &mut |_| {}).unwrap();
    assert_eq!(moved.head, there.head);
    assert_eq!(first_difference(&back, &from), None);
}

/// A depot with a long ledger moves to a server in one pass: its movements go in bulk and each
/// stock row is written once, as the source holds it (the copy then verified), instead of
/// being updated on the server at every later movement of its barcode (a ledger of ten
/// million movements took an hour, and its one transaction left millions of dead rows).
#[test]
fn a_long_ledger_moves_to_postgresql_writing_each_stock_row_once() {
    use crate::store::postgres::testing::TestDb;
    use crate::store::{Access, Location};
    use depot_domain::movement::{Action, Change, NewMovement};
    let Some(db) = TestDb::new() else {
        return;
    };
    let from = depot();
    let mut assets = Vec::new();
    from.read()
        .unwrap()
        .for_each_stock(|row| -> crate::Result<()> {
            if let depot_domain::Stock::Asset(a) = row.to_stock() {
                assets.push((a.barcode, a.item));
            }
            Ok(())
        })
        .unwrap();
    // More movements than a server's batch holds (20,000), over every asset out of order.
    let later = 24_000;
    from.write(|w| {
        w.batched(|w| -> std::result::Result<(), crate::store::ApplyError> {
            for i in 0..later {
                let (barcode, item) = &assets[(i * 7919) % assets.len()];
                w.apply(NewMovement {
                    at: chrono::DateTime::parse_from_rfc3339("2026-03-01T09:00:00+08:00").unwrap()
                        + chrono::Duration::seconds(i as i64),
                    action: Action::Update,
                    barcode: barcode.clone(),
                    item: item.clone(),
                    quantity: rust_decimal::Decimal::ONE,
                    from: None,
                    to: None,
                    operator: OFFICER.into(),
                    reference: None,
                    reason: None,
                    changes: vec![Change::Serial(Some(format!("S{i}")))],
                })?;
            }
            Ok(())
        })
    })
    .unwrap();
    let stock = from.read().unwrap().stock_count().unwrap();
    let pg = crate::store::at(&Location::Server(db.url.clone()), Access::Create).unwrap();
    let mut ticks = Vec::new();
    let moved = migrate(&from, &pg, &mut |t| ticks.push(t)).unwrap();
    assert!(moved.verified.ok(), "{:?}", moved.verified);
    assert!(moved.movements > later as u64, "{moved:?}");
    let counted: Vec<u64> = ticks
        .iter()
        .filter_map(|t| match t {
            Stage::Movements(n) => Some(*n),
            _ => None,
        })
        .collect();
    assert_eq!(counted[..3], [4096, 8192, 12288], "every 4,096 movements");
    assert_eq!(first_difference(&pg, &from), None);
    // What the server counted of the stock table, once the migration's connections closed.
    drop(pg);
    let mut c = db.admin();
    let mut counted = (0, 0);
    for _ in 0..100 {
        let r = c
            .query_one(
                "SELECT pg_stat_clear_snapshot()::text, n_tup_ins, n_tup_upd FROM \
                 pg_stat_user_tables WHERE schemaname = 'depot' AND relname = 'stock'",
                &[],
            )
            .unwrap();
        counted = (r.get::<_, i64>(1), r.get::<_, i64>(2));
        if counted.0 >= stock as i64 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(
        counted,
        (stock as i64, 0),
        "stock rows inserted and updated on the server, for {stock} rows"
    );
}

/// The stock rows are copied as the source holds them, not replayed into agreement: a source
/// whose stock was changed without a movement is copied as it is, and the copy's verification
/// says where (a migration does not launder a tampered register into one that verifies).
#[test]
fn a_stock_row_changed_without_a_movement_is_found_in_the_copy() {
    let from = depot();
    let (barcode, before, head) = {
        let r = from.read().unwrap();
        let mut first = None;
        r.for_each_stock_linked(|row, head| -> crate::Result<()> {
            if first.is_none()
                && let s @ depot_domain::Stock::Asset(_) = row.to_stock()
            {
                first = Some((row.barcode().to_owned(), s, head));
            }
            Ok(())
        })
        .unwrap();
        first.unwrap()
    };
    let mut after = before.clone();
    if let depot_domain::Stock::Asset(a) = &mut after {
        a.serial = Some("NOT-IN-THE-LEDGER".into());
    }
    from.write(|w| w.put_stock(Some(&before), &after, None, head))
        .unwrap();
    assert!(!crate::verify::verify(&from).unwrap().ok(), "the source");
    let to = crate::store::in_memory().unwrap();
    let moved = migrate(&from, &to, &mut |_| {}).unwrap();
    assert_eq!(first_difference(&from, &to), None, "a faithful copy");
    let problem = moved
        .verified
        .problem
        .expect("the copy's verification finds it");
    assert!(
        format!("{problem:?}").contains(&barcode),
        "{barcode}: {problem:?}"
    );
}
