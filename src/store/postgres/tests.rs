//! The server engine against a real server (`tools/pg.sh`), each test in a fresh database, and
//! against redb: the same calls must give the same answers, orders and hashes.

#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::ops::ControlFlow;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;

use crate::domain::movement::{Action, Change, NewMovement};
use crate::domain::{
    CatalogItem, Category, Metric, Module, Scope, StandardLine, StationClass, Target, TargetScope,
    Tracking, Unit, UnitKind, Warehouse, WarehouseLevel, What,
};
use crate::store::{
    AuditEntry, Claims, End, KitRecord, OperatorRecord, StockView, Store, StoreError, Tag,
};

use super::testing::TestDb;
use super::{Mode, PgStore};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn units() -> Vec<Unit> {
    vec![
        Unit {
            code: "ZD".into(),
            name: "总队".into(),
            kind: UnitKind::Corps,
            parent: None,
            class: None,
        },
        Unit {
            code: "ZHAN-1".into(),
            name: "一站".into(),
            kind: UnitKind::Station,
            parent: Some("ZD".into()),
            class: Some(StationClass::Level1),
        },
    ]
}

fn warehouse() -> Warehouse {
    Warehouse {
        code: "CK".into(),
        name: "市级库".into(),
        level: WarehouseLevel::City,
        unit: "ZD".into(),
        agreement: true,
        partner: Some("某公司".into()),
    }
}

fn items() -> Vec<CatalogItem> {
    vec![
        CatalogItem {
            code: "V1".into(),
            name: "水罐车".into(),
            category: Category::Vehicle,
            tracking: Tracking::Serial,
            uom: "台".into(),
            life_years: Some(8),
            inspect_days: Some(365),
            high_end: true,
            unit_price: Some(Decimal::new(125_000_000, 2)),
        },
        CatalogItem {
            code: "F1".into(),
            name: "泡沫".into(),
            category: Category::Rescue,
            tracking: Tracking::Lot,
            uom: "kg".into(),
            life_years: None,
            inspect_days: None,
            high_end: false,
            unit_price: None,
        },
    ]
}

fn mv(
    t: &str,
    action: Action,
    barcode: &str,
    item: &str,
    q: Decimal,
    to: Option<&str>,
    changes: Vec<Change>,
) -> NewMovement {
    NewMovement {
        at: at(t),
        action,
        barcode: barcode.into(),
        item: item.into(),
        quantity: q,
        from: None,
        to: to.map(Into::into),
        operator: "王伟".into(),
        reference: Some("R-1".into()),
        reason: (action == Action::Adjust).then(|| "count".into()),
        changes,
    }
}

fn movements() -> Vec<NewMovement> {
    let one = Decimal::ONE;
    let mut out = Vec::new();
    for (i, b) in ["QZ1", "qz1", "QZ2", "QZ10"].iter().enumerate() {
        out.push(mv(
            "2026-01-02T08:00:00+08:00",
            Action::Receive,
            b,
            "V1",
            one,
            Some("ZHAN-1"),
            vec![
                Change::Commissioned(Some(day([
                    "2018-02-28",
                    "2020-02-29",
                    "2024-05-01",
                    "2019-01-01",
                ][i]))),
                Change::Serial(Some(format!("S-{i}"))),
                Change::Module(Some("water".into())),
            ],
        ));
    }
    out.push(mv(
        "2026-01-02T09:00:00-05:30",
        Action::Receive,
        "L1",
        "F1",
        Decimal::new(1250, 2),
        Some("CK"),
        vec![
            Change::Expires(Some(day("2027-06-30"))),
            Change::LotNo(Some("B7".into())),
        ],
    ));
    out.push(mv(
        "2026-01-03T08:00:00+08:00",
        Action::Receive,
        "L1",
        "F1",
        Decimal::new(25, 1),
        Some("CK"),
        vec![],
    ));
    out.push(mv(
        "2026-01-03T09:00:00+08:00",
        Action::Checkout,
        "QZ1",
        "V1",
        one,
        Some("INC-9"),
        vec![Change::Due(Some(day("2026-02-01")))],
    ));
    out.push(mv(
        "2026-01-04T09:00:00+08:00",
        Action::RepairStart,
        "QZ2",
        "V1",
        one,
        None,
        vec![],
    ));
    out.push(mv(
        "2026-01-05T09:00:00+08:00",
        Action::Checkin,
        "QZ1",
        "V1",
        one,
        None,
        vec![],
    ));
    out.push(mv(
        "2026-01-05T10:00:00+08:00",
        Action::Checkout,
        "QZ10",
        "V1",
        one,
        Some("INC-9"),
        vec![],
    ));
    out.push(mv(
        "2026-01-06T10:00:00+08:00",
        Action::Adjust,
        "L1",
        "F1",
        Decimal::new(-5, 1),
        None,
        vec![],
    ));
    out
}

/// The same calls on either engine's writer; returns what the upserts found.
macro_rules! fill {
    ($w:expr) => {{
        let w = $w;
        let mut ups = Vec::new();
        for u in units() {
            ups.push(w.put_unit(&u)?);
        }
        ups.push(w.put_unit(&units()[1])?);
        let mut renamed = units()[1].clone();
        renamed.name = "第一站".into();
        ups.push(w.put_unit(&renamed)?);
        ups.push(w.put_warehouse(&warehouse())?);
        ups.push(w.put_warehouse(&warehouse())?);
        ups.push(w.put_module(&Module {
            code: "water".into(),
            name_zh: "水域".into(),
            name_en: "Water rescue".into(),
        })?);
        ups.push(w.put_module(&Module {
            code: "tunnel".into(),
            name_zh: "隧道".into(),
            name_en: "Tunnel".into(),
        })?);
        for i in items() {
            ups.push(w.put_item(&i)?);
        }
        // The same price at another scale is stored apart, as redb keeps it.
        let mut rescaled = items()[0].clone();
        rescaled.unit_price = Some(Decimal::new(1_250_000_000, 3));
        ups.push(w.put_item(&rescaled)?);
        for l in [
            StandardLine {
                scope: Scope::Class(StationClass::Level1),
                module: None,
                what: What::Category(Category::Vehicle),
                required: Decimal::new(6, 0),
            },
            StandardLine {
                scope: Scope::Warehouse("CK".into()),
                module: Some("water".into()),
                what: What::Item("F1".into()),
                required: Decimal::new(20005, 1),
            },
        ] {
            ups.push(w.put_standard(&l)?);
            ups.push(w.put_standard(&l)?);
        }
        for t in [
            Target {
                metric: Metric::EquippedRate,
                scope: TargetScope::Everything,
                target: Decimal::new(95, 0),
                deadline: day("2025-12-31"),
                source: Some("county plan".into()),
            },
            Target {
                metric: Metric::EquippedRate,
                scope: TargetScope::Unit("ZD".into()),
                target: Decimal::new(100, 0),
                deadline: day("2025-12-31"),
                source: None,
            },
        ] {
            ups.push(w.put_target(&t)?);
        }
        for m in movements() {
            w.apply(m)?;
        }
        // A longer life moves the vehicles' life ends.
        let mut longer = rescaled.clone();
        longer.life_years = Some(10);
        ups.push(w.put_item(&longer)?);
        w.put_operator(&OperatorRecord {
            name: "王伟".into(),
            role: crate::domain::access::Role::Officer,
            pin: Some(([1; 16], [2; 32])),
        })?;
        w.put_operator(&OperatorRecord {
            name: "li".into(),
            role: crate::domain::access::Role::Quartermaster,
            pin: None,
        })?;
        w.audit(&AuditEntry {
            at: at("2026-01-06T11:00:00+08:00"),
            operator: "li".into(),
            action: "login".into(),
            outcome: "refused".into(),
        })?;
        let id = w.open_count("CK", Some("water"), "2026-01-07", "li")?;
        let firsts = (
            w.count_scan(id, "L1", Decimal::new(14, 0))?,
            w.count_scan(id, "L1", Decimal::new(13, 0))?,
            w.count_scan(id, "QZ1", Decimal::ONE)?,
        );
        let count = w.count(id)?.unwrap();
        w.close_count(&count, "2026-01-08", "王伟")?;
        w.put_kit(&KitRecord {
            code: "KIT-1".into(),
            name: "水域箱".into(),
            owner: "CK".into(),
            module: Some("water".into()),
            contents: vec![
                ("QZ2".into(), Decimal::ONE),
                ("L1".into(), Decimal::new(25, 1)),
            ],
        })?;
        let near = at("2026-01-06T10:00:30+08:00");
        let writer_side = format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            firsts,
            w.last_movement("QZ1")?,
            w.last_movement_near("L1", near, 60)?,
            w.last_movement_near("L1", near, 10)?,
            w.nearest_barcodes("QZ3", 3)?,
            w.nearest_places("ZHAN1", 2)?,
            w.barcodes_by(Tag::Owner, "ZHAN-1")?,
            w.checked_out_to("INC-9")?,
            w.history("QZ1")?,
            w.next_seq()?,
            w.operator_count()?,
            w.operator("王伟")?,
            w.count_scans(id)?,
            (
                w.kit("KIT-1")?,
                w.stock("L1")?,
                w.item("V1")?,
                w.unit("ZD")?,
                w.warehouse("CK")?,
                w.module("water")?,
                w.modules()?
            ),
        );
        Ok::<_, crate::Error>((ups, writer_side))
    }};
}

/// Everything a snapshot answers, as text.
macro_rules! snapshot {
    ($r:expr) => {{
        let r = $r;
        let mut s = String::new();
        writeln!(
            s,
            "{:#?}",
            (r.units()?, r.warehouses()?, r.modules()?, r.catalog()?)
        )
        .unwrap();
        writeln!(s, "{:#?}", (r.standards()?, r.targets()?, r.stock_count()?)).unwrap();
        r.for_each_stock_linked(|b, row, head| -> Result<(), StoreError> {
            writeln!(s, "{b} {:?} {head:?}", row.into_domain(b)).unwrap();
            Ok(())
        })?;
        r.for_each_movement_linked(2, |m, before| -> Result<(), StoreError> {
            writeln!(s, "{m:?} {before}").unwrap();
            Ok(())
        })?;
        writeln!(s, "{:?}", r.ledger_head()?).unwrap();
        writeln!(s, "{:?}", r.history("L1")?).unwrap();
        for (tag, v) in [
            (Tag::Owner, "ZHAN-1"),
            (Tag::Owner, "CK"),
            (Tag::Item, "V1"),
            (Tag::Module, "water"),
            (Tag::Status, "maintenance"),
            (Tag::Status, "ready"),
            (Tag::LifeEnd, "20280228"),
            (Tag::LifeEnd, "20300228"),
            (Tag::Expiry, "20270630"),
        ] {
            writeln!(s, "{tag:?} {v} {:?}", r.barcodes_by(tag, v)?).unwrap();
        }
        for tag in [Tag::LifeEnd, Tag::Expiry] {
            writeln!(
                s,
                "{:?}",
                r.barcodes_by_date(tag, day("2020-01-01"), day("2040-01-01"))?
            )
            .unwrap();
        }
        writeln!(
            s,
            "{:?}",
            (
                r.barcodes_starting("QZ1", 5)?,
                r.barcodes_starting("QZ", 2)?
            )
        )
        .unwrap();
        writeln!(s, "{:?}", (r.meta("magic")?, r.meta("nothing")?)).unwrap();
        writeln!(
            s,
            "{:?}",
            (r.operators()?, r.operator("li")?, r.audit_log()?)
        )
        .unwrap();
        writeln!(
            s,
            "{:?}",
            (r.counts()?, r.count_scans(1)?, r.kits()?, r.kit("KIT-1")?)
        )
        .unwrap();
        writeln!(
            s,
            "{:?}",
            (
                r.codes_ignoring_case("qz1", 5)?,
                r.codes_ignoring_case("kit-1", 5)?
            )
        )
        .unwrap();
        writeln!(
            s,
            "{:?}",
            (r.stock("QZ2")?, r.item("F1")?, r.unit("ZHAN-1")?)
        )
        .unwrap();
        for end in [End::First, End::Last] {
            let mut seen = Vec::new();
            r.scan_stock(end, |b, row| -> Result<_, StoreError> {
                seen.push(format!("{b}:{row:?}"));
                Ok(if seen.len() == 4 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                })
            })?;
            writeln!(s, "{seen:?}").unwrap();
        }
        s
    }};
}

/// What the fixture's writer answered: the upserts, and its reads as text.
type Written = (Vec<crate::store::Upsert>, String);

/// The same data through both engines: what each writer answered, and each snapshot.
fn both(db: &TestDb) -> (Written, String, Written, String) {
    let redb = Store::in_memory().unwrap();
    let a = redb.write(|w| fill!(w)).unwrap();
    let sa = (|| -> Result<String, StoreError> { Ok(snapshot!(&redb.read()?)) })().unwrap();
    let pg = PgStore::create(&db.url).unwrap();
    let b = pg.write(|w| fill!(w)).unwrap();
    let sb = (|| -> Result<String, StoreError> { Ok(snapshot!(&pg.read()?)) })().unwrap();
    (a, sa, b, sb)
}

#[test]
fn every_put_and_read_answers_as_redb_does() {
    let Some(db) = TestDb::new() else { return };
    let (a, sa, b, sb) = both(&db);
    assert_eq!(a.0, b.0, "upserts");
    assert_eq!(a.1, b.1, "writer reads");
    assert_eq!(sa, sb, "snapshot");
    // And the audit time keeps its offset.
    assert!(sb.contains("+08:00"));
}

fn error_text<T>(r: Result<T, StoreError>) -> String {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn create_open_and_schema_versions() {
    let Some(db) = TestDb::new() else { return };
    let none = PgStore::open(&db.url, Mode::Existing);
    assert!(
        matches!(none, Err(StoreError::Missing(_))),
        "{}",
        error_text(none)
    );
    let s = PgStore::create(&db.url).unwrap();
    assert_eq!(s.read().unwrap().modules().unwrap().len(), 8);
    assert!(error_text(PgStore::create(&db.url)).contains("already holds a depot register"));
    let ro = PgStore::open(&db.url, Mode::ReadOnly).unwrap();
    let refused = ro.write(|_| Ok::<_, StoreError>(()));
    assert!(matches!(refused, Err(StoreError::ReadOnly(_))));
    let mut admin = db.admin();
    let newer = super::SCHEMA_VERSION as i32 + 1;
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
    let s2 = PgStore::open(&db2.url, Mode::Create).unwrap();
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
    assert!(e.contains("TLS") && !e.contains(":p@"), "{e}");
}

fn setup(s: &PgStore) {
    s.write(|w| -> Result<(), crate::Error> {
        for u in units() {
            w.put_unit(&u)?;
        }
        w.put_warehouse(&warehouse())?;
        for i in items() {
            w.put_item(&i)?;
        }
        Ok(())
    })
    .unwrap();
}

#[test]
fn a_failed_write_and_a_trial_leave_nothing() {
    let Some(db) = TestDb::new() else { return };
    let s = PgStore::create(&db.url).unwrap();
    setup(&s);
    let m = movements().remove(0);
    let failed = s.write(|w| -> Result<(), crate::Error> {
        w.apply(m.clone())?;
        Err(crate::Error::UnknownItem("X".into()))
    });
    assert!(failed.is_err());
    let tried = s
        .trial(|w| -> Result<_, crate::Error> { Ok(w.apply(m.clone())?.0.seq) })
        .unwrap();
    assert_eq!(tried, 1);
    let r = s.read().unwrap();
    assert_eq!(
        (r.stock_count().unwrap(), r.ledger_head().unwrap().0),
        (0, 0)
    );
    // An unknown owner is refused by the database's foreign key.
    let mut stray = m.clone();
    stray.to = Some("NOWHERE".into());
    let e = s.write(|w| w.apply(stray.clone()));
    assert!(e.unwrap_err().to_string().contains("refused the change"));
    let (mv, _) = s.write(|w| w.apply(m.clone())).unwrap();
    assert_eq!(mv.seq, 1);
    let mut admin = db.admin();
    let chain = admin
        .query_one("SELECT seq, hash FROM depot.chain", &[])
        .unwrap();
    assert_eq!(chain.get::<_, i64>(0), 1);
    assert_eq!(chain.get::<_, &[u8]>(1), mv.hash.as_slice());
}

#[test]
fn the_ledger_refuses_update_delete_and_truncate() {
    let Some(db) = TestDb::new() else { return };
    let s = PgStore::create(&db.url).unwrap();
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

/// `n` assets and `n / 10` lots received, in one batch, on either engine's writer.
macro_rules! import {
    ($w:expr, $n:expr) => {{
        let w = $w;
        w.batched(|w| -> Result<(), crate::Error> {
            for i in 0..$n {
                let b = format!("A{i:05}");
                let mut m = mv(
                    "2026-02-01T08:00:00+08:00",
                    Action::Opening,
                    &b,
                    "V1",
                    Decimal::ONE,
                    Some("ZHAN-1"),
                    vec![
                        Change::Commissioned(Some(day("2019-03-01"))),
                        Change::Serial(Some(b.clone())),
                    ],
                );
                m.reference = None;
                w.apply(m)?;
                if i % 10 == 0 {
                    let l = format!("L{i:05}");
                    w.apply(mv(
                        "2026-02-01T08:00:00+08:00",
                        Action::Opening,
                        &l,
                        "F1",
                        Decimal::new(i64::from(i) + 5, 1),
                        Some("CK"),
                        vec![Change::Expires(Some(day("2028-01-01")))],
                    ))?;
                    // A row of this batch, moved again before the batch is sent.
                    w.apply(mv(
                        "2026-02-01T09:00:00+08:00",
                        Action::Checkout,
                        &b,
                        "V1",
                        Decimal::ONE,
                        Some("INC-1"),
                        vec![],
                    ))?;
                    assert!(w.stock(&b)?.is_some());
                    let near = w.last_movement_near(&b, at("2026-02-01T09:00:10+08:00"), 60)?;
                    assert_eq!(near.map(|m| m.body.action), Some(Action::Checkout));
                }
            }
            Ok(())
        })
    }};
}

#[test]
fn a_batched_import_is_sent_with_copy_and_reads_back_as_on_redb() {
    let Some(db) = TestDb::new() else { return };
    let redb = Store::in_memory().unwrap();
    redb.write(|w| -> Result<(), crate::Error> {
        for u in units() {
            w.put_unit(&u)?;
        }
        w.put_warehouse(&warehouse())?;
        for i in items() {
            w.put_item(&i)?;
        }
        import!(w, 3000u32)
    })
    .unwrap();
    let s = PgStore::create(&db.url).unwrap();
    setup(&s);
    s.write(|w| import!(w, 3000u32)).unwrap();
    let (a, b) = (redb.read().unwrap(), s.read().unwrap());
    assert_eq!(b.stock_count().unwrap(), 3300);
    assert_eq!(
        a.ledger_head().unwrap(),
        b.ledger_head().unwrap(),
        "the same hashes"
    );
    assert_eq!(a.history("A00010").unwrap(), b.history("A00010").unwrap());
    assert_eq!(
        a.barcodes_by(Tag::Expiry, "20280101").unwrap(),
        b.barcodes_by(Tag::Expiry, "20280101").unwrap()
    );
    let (mut ra, mut rb) = (Vec::new(), Vec::new());
    a.for_each_stock(|bc, row| -> Result<(), StoreError> {
        ra.push(format!("{bc} {:?}", row.into_domain(bc)));
        Ok(())
    })
    .unwrap();
    b.for_each_stock(|bc, row| -> Result<(), StoreError> {
        rb.push(format!("{bc} {:?}", row.into_domain(bc)));
        Ok(())
    })
    .unwrap();
    assert_eq!(ra, rb);
    // A failing batch leaves nothing of itself, sent or not.
    let e = s.write(|w| {
        w.batched(|w| -> Result<(), crate::Error> {
            for i in 0..200 {
                w.apply(mv(
                    "2026-03-01T08:00:00+08:00",
                    Action::Opening,
                    &format!("B{i}"),
                    "V1",
                    Decimal::ONE,
                    Some("ZHAN-1"),
                    vec![],
                ))?;
            }
            assert!(!w.history("B0")?.is_empty(), "a read sees the batch");
            Err(crate::Error::UnknownItem("X".into()))
        })
    });
    assert!(e.is_err());
    // A batch that has read the fingerprints of every barcode still finds an existing one.
    let again = s.write(|w| {
        w.batched(|w| -> Result<(), crate::Error> {
            for i in 0..300 {
                w.apply(mv(
                    "2026-03-01T08:00:00+08:00",
                    Action::Opening,
                    &format!("N{i}"),
                    "V1",
                    Decimal::ONE,
                    Some("ZHAN-1"),
                    vec![],
                ))?;
            }
            w.apply(mv(
                "2026-03-01T08:00:00+08:00",
                Action::Opening,
                "A00005",
                "V1",
                Decimal::ONE,
                Some("ZHAN-1"),
                vec![],
            ))?;
            Ok(())
        })
    });
    let again = again.unwrap_err().to_string();
    assert!(again.contains("already exists"), "{again}");
    let r = s.read().unwrap();
    assert_eq!(r.stock_count().unwrap(), 3300);
    assert_eq!(r.ledger_head().unwrap(), a.ledger_head().unwrap());
    // Two ends of a claimed scan visit every row once.
    let claims = Claims::new(r.stock_count().unwrap(), 64);
    let seen = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|t| {
        for end in [End::First, End::Last] {
            let (r, claims, seen) = (&r, &claims, &seen);
            t.spawn(move || {
                r.scan_claimed(end, claims, |b, _| -> Result<(), StoreError> {
                    seen.lock().unwrap().push(b.to_owned());
                    Ok(())
                })
                .unwrap();
            });
        }
    });
    let mut seen = seen.into_inner().unwrap();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 3300);
}

#[test]
fn concurrent_writers_keep_one_gap_free_chain() {
    let Some(db) = TestDb::new() else { return };
    let first = PgStore::create(&db.url).unwrap();
    setup(&first);
    first
        .write(|w| -> Result<(), crate::Error> {
            for i in 0..10 {
                w.apply(mv(
                    "2026-01-01T08:00:00+08:00",
                    Action::Receive,
                    &format!("C{i}"),
                    "V1",
                    Decimal::ONE,
                    Some("ZHAN-1"),
                    vec![],
                ))?;
            }
            w.apply(mv(
                "2026-01-01T08:00:00+08:00",
                Action::Receive,
                "HOT",
                "V1",
                Decimal::ONE,
                Some("ZHAN-1"),
                vec![],
            ))?;
            Ok(())
        })
        .unwrap();
    let barrier = std::sync::Barrier::new(2);
    let won: Vec<usize> = std::thread::scope(|t| {
        let handles: Vec<_> = (0..2)
            .map(|n| {
                let (url, barrier) = (&db.url, &barrier);
                t.spawn(move || {
                    // A store of its own, as another terminal's process has.
                    let s = PgStore::open(url, Mode::Existing).unwrap();
                    barrier.wait();
                    let hot = s
                        .write(|w| -> Result<bool, crate::Error> {
                            let out = match w.stock("HOT")? {
                                Some(crate::domain::Stock::Asset(a)) => a.location.is_some(),
                                _ => true,
                            };
                            if out {
                                return Ok(false);
                            }
                            w.apply(mv(
                                "2026-01-02T08:00:00+08:00",
                                Action::Checkout,
                                "HOT",
                                "V1",
                                Decimal::ONE,
                                Some(if n == 0 { "INC-A" } else { "INC-B" }),
                                vec![],
                            ))?;
                            Ok(true)
                        })
                        .unwrap();
                    for i in 0..60 {
                        let b = format!("C{}", (i + n) % 10);
                        s.write(|w| -> Result<(), crate::Error> {
                            let action = match w.stock(&b)? {
                                Some(crate::domain::Stock::Asset(a)) if a.location.is_some() => {
                                    Action::Checkin
                                }
                                _ => Action::Checkout,
                            };
                            w.apply(mv(
                                "2026-01-02T08:00:00+08:00",
                                action,
                                &b,
                                "V1",
                                Decimal::ONE,
                                Some("INC-1"),
                                vec![],
                            ))?;
                            Ok(())
                        })
                        .unwrap();
                    }
                    usize::from(hot)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(won.iter().sum::<usize>(), 1, "HOT is checked out once");
    let r = first.read().unwrap();
    let mut prev = (0, crate::domain::movement::GENESIS);
    r.for_each_movement(1, |m| -> Result<(), StoreError> {
        assert_eq!(m.seq, prev.0 + 1, "no gap");
        assert_eq!(m.prev_hash, prev.1, "no fork");
        assert!(m.hash_is_valid());
        prev = (m.seq, m.hash);
        Ok(())
    })
    .unwrap();
    assert_eq!(prev.0, 11 + 1 + 120);
    assert_eq!(r.ledger_head().unwrap(), prev);
    // Every barcode's history is whole: alternating check-outs and check-ins.
    for i in 0..10 {
        let h = r.history(&format!("C{i}")).unwrap();
        assert_eq!(h.len(), 13);
        for pair in h[1..].windows(2) {
            assert_ne!(pair[0].body.action, pair[1].body.action);
        }
    }
}

#[test]
fn tampering_for_verify_tests_goes_past_the_trigger() {
    let Some(db) = TestDb::new() else { return };
    let s = PgStore::create(&db.url).unwrap();
    setup(&s);
    s.write(|w| -> Result<(), crate::Error> {
        for m in movements() {
            w.apply(m)?;
        }
        Ok(())
    })
    .unwrap();
    let r = s.read().unwrap();
    let mut m = r.history("QZ1").unwrap().remove(1);
    drop(r);
    m.body.reason = Some("forged".into());
    s.write(|w| w.tamper_movement(&m)).unwrap();
    let forged = s.read().unwrap().history("QZ1").unwrap().remove(1);
    assert_eq!(forged.body.reason.as_deref(), Some("forged"));
    assert!(!forged.hash_is_valid());
    let opening = s.read().unwrap().history("L1").unwrap()[0].seq;
    s.write(|w| w.tamper_link(opening + 1, 1)).unwrap();
    assert!(
        s.read().unwrap().history("L1").is_err(),
        "a link to another barcode"
    );
    s.write(|w| w.tamper_truncate(10)).unwrap();
    assert_eq!(s.read().unwrap().ledger_head().unwrap().0, 9);
    let mut lot = match s.read().unwrap().stock("L1").unwrap() {
        Some(crate::domain::Stock::Lot(l)) => l,
        other => panic!("{other:?}"),
    };
    lot.quantity = Decimal::new(999, 0);
    s.write(|w| w.tamper_stock(&crate::domain::Stock::Lot(lot.clone())))
        .unwrap();
    let r = s.read().unwrap();
    assert_eq!(r.stock("L1").unwrap(), Some(crate::domain::Stock::Lot(lot)));
}

#[test]
fn the_recipes_role_scans_and_imports_but_cannot_rewrite_the_ledger() {
    let Some(db) = TestDb::new() else { return };
    let s = PgStore::create(&db.url).unwrap();
    setup(&s);
    drop(s);
    let role = format!("{}_role", db.name());
    db.admin()
        .batch_execute(&super::grant_statements(&role, db.name(), "pw'1"))
        .unwrap();
    let at_host = db.url.split_once('@').unwrap().1;
    let url = format!("postgres://{role}:pw%271@{at_host}");
    let s = PgStore::open(&url, Mode::Existing).unwrap();
    s.write(|w| {
        w.batched(|w| -> Result<(), crate::Error> {
            for m in movements() {
                w.apply(m)?;
            }
            Ok(())
        })
    })
    .unwrap();
    s.write(|w| -> Result<(), crate::Error> {
        w.apply(mv(
            "2026-02-01T08:00:00+08:00",
            Action::Checkout,
            "QZ2",
            "V1",
            Decimal::ONE,
            Some("INC-2"),
            vec![],
        ))?;
        w.put_kit(&KitRecord {
            code: "K".into(),
            name: "k".into(),
            owner: "CK".into(),
            module: None,
            contents: vec![("L1".into(), Decimal::ONE)],
        })?;
        let id = w.open_count("CK", None, "2026-02-02", "li")?;
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
    let admin = super::testing::server().unwrap();
    drop(db);
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    c.batch_execute(&format!("DROP ROLE \"{role}\"")).unwrap();
}

#[test]
fn a_writer_held_up_too_long_is_told_so() {
    let Some(db) = TestDb::new() else { return };
    let s = PgStore::create(&db.url).unwrap();
    let other = PgStore::open(&db.url, Mode::Existing).unwrap();
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
