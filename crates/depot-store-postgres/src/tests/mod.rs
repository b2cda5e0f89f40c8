//! The server engine against a real server (`tools/pg.sh`), each test in a fresh database, and
//! against redb: the same calls must give the same answers, orders and hashes. The fixture and
//! that comparison are here; `server` tests opening, errors and the database's own rules,
//! `bulk` batches and concurrent writers, `tls` the sslmodes.

#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::ops::ControlFlow;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use depot_domain::movement::{Action, Change, NewMovement};
use depot_domain::{
    Category, Metric, Module, Scope, StandardLine, StationClass, Target, TargetScope, Tracking,
    What,
};
use depot_store::{
    AuditEntry, Claims, End, KitRecord, OperatorRecord, StockView, Store, StoreError, Tag,
};

use crate::testing::{TestDb, at, items, mv, setup, units, warehouse};
use crate::{Mode, PgStore};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
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
            role: depot_domain::access::Role::Officer,
            pin: Some(depot_store::Pin::Hash([1; 16], [2; 32])),
        })?;
        w.put_operator(&OperatorRecord {
            name: "li".into(),
            role: depot_domain::access::Role::Quartermaster,
            pin: None,
        })?;
        w.audit(&AuditEntry {
            at: at("2026-01-06T11:00:00.123456789+08:00"),
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
        for (audience, address, channel) in [
            ("officer", "https://hook.example/a", "json"),
            ("ZHAN-1", "li@example.cn", "mail"),
            ("ZHAN-1", "https://hook.example/b", "wecom"),
            ("officer", "https://hook.example/a", "dingtalk"),
        ] {
            w.put_recipient(&depot_store::RecipientRecord {
                audience: audience.into(),
                address: address.into(),
                channel: channel.into(),
            })?;
        }
        for (address, fingerprint) in [("li@example.cn", "f1"), ("https://hook.example/b", "f2")] {
            w.put_digest_sent(&depot_store::SentRecord {
                audience: "ZHAN-1".into(),
                address: address.into(),
                fingerprint: fingerprint.into(),
                at: "2026-01-08T07:00:00+08:00".into(),
                // The lines below standard it counted, in no order of theirs.
                lines: ["V1", "category:vehicle"]
                    .iter()
                    .map(|what| depot_domain::notify::DigestLine {
                        unit: "ZHAN-1".into(),
                        module: String::new(),
                        what: (*what).into(),
                        required: Decimal::new(6, 0),
                        held: Decimal::new(45, 1),
                        ready: Decimal::ONE,
                    })
                    .collect(),
            })?;
        }
        let removed = (
            w.remove_recipient("ZHAN-1", "https://hook.example/b")?,
            w.remove_recipient("ZHAN-1", "nobody@example.cn")?,
        );
        let notify = (
            removed,
            w.recipients()?,
            w.digest_sent("ZHAN-1", "li@example.cn")?,
            w.digest_sent("ZHAN-1", "https://hook.example/b")?,
        );
        let near = at("2026-01-06T10:00:30+08:00");
        let writer_side = format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
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
            notify,
        );
        Ok::<_, depot_store::ApplyError>((ups, writer_side))
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
        r.for_each_stock_linked(|row, head| -> Result<(), StoreError> {
            let b = row.barcode();
            writeln!(s, "{b} {:?} {head:?}", row.to_stock()).unwrap();
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
        writeln!(s, "{:?}", (r.recipients()?, r.digests_sent()?)).unwrap();
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
type Written = (Vec<depot_store::Upsert>, String);

/// The same data through both engines: what each writer answered, and each snapshot.
fn both(db: &TestDb) -> (Written, String, Written, String) {
    let redb = Store::new(depot_store_redb::Store::in_memory().expect("a store in memory"));
    let a = redb.write(|w| fill!(w)).unwrap();
    let sa = (|| -> Result<String, StoreError> { Ok(snapshot!(&redb.read()?)) })().unwrap();
    let pg = Store::new(PgStore::create(&db.url).unwrap());
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
    let pg = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    assert_eq!(replays(&pg.read().unwrap()), 11);
    // And the audit time keeps its offset.
    assert!(sb.contains("+08:00"));
}

fn error_text<T>(r: Result<T, StoreError>) -> String {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

/// A register with the contract's places, the officer 王伟 and the quartermaster li, and the
/// terminals' role of the README's recipe on it (password `pw`): the role, an admin client, and
/// the URL the role connects with.
fn officers_register(db: &TestDb) -> (String, postgres::Client, String) {
    use depot_domain::access::Role;
    let s = Store::new(PgStore::create(&db.url).unwrap());
    setup(&s);
    s.write(|w| {
        for (name, role) in [("王伟", Role::Officer), ("li", Role::Quartermaster)] {
            w.put_operator(&depot_store::OperatorRecord {
                name: name.into(),
                role,
                pin: None,
            })?;
        }
        Ok::<_, depot_store::StoreError>(())
    })
    .unwrap();
    drop(s);
    let role = format!("{}_role", db.name());
    let mut admin = db.admin();
    admin
        .batch_execute(&crate::grant_statements(&role, db.name(), "pw"))
        .unwrap();
    let at_host = db.url.split_once('@').unwrap().1;
    let terminal = format!("postgres://{role}:pw@{at_host}");
    (role, admin, terminal)
}

/// Drops the database, then the role made for it.
fn drop_with_role(db: TestDb, role: &str) {
    let admin = crate::testing::server().unwrap();
    drop(db);
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    c.batch_execute(&format!("DROP ROLE \"{role}\"")).unwrap();
}

mod bulk;
mod counts_kits;
mod faults;
mod geo;
mod hq_index;
mod notify;
mod officers_keys;

mod server;
mod ship;
mod tls;
mod turn;

/// What `verify` checks, on a snapshot of this engine: one gap-free chain of valid hashes,
/// each movement linked to its barcode's one before, and every stock row (and its head) what
/// the ledger replays to. Returns how many movements.
fn replays(r: &depot_store::Reader) -> u64 {
    use std::collections::HashMap;
    let tracking: HashMap<String, Tracking> = r
        .catalog()
        .unwrap()
        .into_iter()
        .map(|c| (c.code.to_string(), c.tracking))
        .collect();
    let mut state: HashMap<String, (depot_domain::Stock, depot_store::Head)> = HashMap::new();
    let mut prev = (0, depot_domain::movement::GENESIS);
    r.for_each_movement_linked(1, |m, link| -> Result<(), StoreError> {
        assert_eq!((m.seq, m.prev_hash), (prev.0 + 1, prev.1), "one chain");
        assert!(m.hash_is_valid(), "seq {}", m.seq);
        let before = state.get(m.body.barcode.as_str());
        assert_eq!(link, before.map_or(0, |(_, h)| h.seq), "seq {}", m.seq);
        let t = tracking[m.body.item.as_str()];
        let after = depot_domain::replay::apply(before.map(|(s, _)| s), &m.body, t).unwrap();
        let head = depot_store::Head {
            seq: m.seq,
            at: m.body.at.timestamp(),
        };
        state.insert(m.body.barcode.to_string(), (after, head));
        prev = (m.seq, m.hash);
        Ok(())
    })
    .unwrap();
    assert_eq!(r.ledger_head().unwrap(), prev);
    r.for_each_stock_linked(|row, head| -> Result<(), StoreError> {
        let b = row.barcode();
        let (s, h) = state
            .remove(b)
            .unwrap_or_else(|| panic!("{b} has no movement"));
        assert_eq!((row.to_stock(), head), (s, h), "{b}");
        Ok(())
    })
    .unwrap();
    assert!(state.is_empty(), "rows missing: {:?}", state.keys());
    prev.0
}

/// The store's contract, as every engine keeps it, on a database of its own per check.
#[test]
fn the_store_contract_holds() {
    if TestDb::new().is_none() {
        return;
    }
    let dbs = std::sync::Mutex::new(Vec::new());
    depot_store::contract::check(&|| {
        let db = TestDb::new().expect("the test server");
        let s = PgStore::open(&db.url, Mode::Create).expect("a register");
        dbs.lock().expect("the databases").push(db);
        Store::new(s)
    });
}

/// The schema version the register on `c` says it has.
fn schema_version(c: &mut postgres::Client) -> u32 {
    let v: i32 = c
        .query_one("SELECT version FROM depot.schema_version", &[])
        .unwrap()
        .get(0);
    v as u32
}

/// The ledger as a replay reads it, a window at a time and broken off inside a window: the
/// snapshot answers the next question as before (what the stream left is drained first).
#[test]
fn a_replay_read_broken_off_leaves_the_snapshot_answering() {
    let Some(db) = TestDb::new() else { return };
    let (s, n) = with_movements(&db);
    let r = s.read().unwrap();
    let mut seen = Vec::new();
    r.visit_movement_refs(1, &mut |seq, _, _| {
        seen.push(seq);
        if seq == 3 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .unwrap();
    assert_eq!(seen, [1, 2, 3]);
    assert_eq!(r.ledger_head().unwrap().0, n);
    let mut all_seen = 0;
    r.visit_movement_refs(1, &mut |_, _, _| {
        all_seen += 1;
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(all_seen, n);
}

/// The whole ledger streams on a connection of its own in the same snapshot: a visit sees
/// every movement with its link, in windows, while it reads the snapshot between them (what
/// `verify` and an export do), and sees nothing written after the snapshot began.
#[test]
fn the_ledger_streams_beside_the_snapshot_it_belongs_to() {
    let Some(db) = TestDb::new() else { return };
    let (s, n) = with_movements(&db);
    let r = s.read().unwrap();
    let mut expected = Vec::new();
    r.for_each_movement_ref(1, |seq, prev, _| -> Result<(), StoreError> {
        expected.push((seq, prev));
        Ok(())
    })
    .unwrap();
    // Written after the snapshot began: not seen by it.
    let mut later = movements().remove(0);
    later.barcode = "QZ-LATER".into();
    s.write(|w| w.apply(later).map(drop)).unwrap();
    assert_eq!(s.read().unwrap().ledger_head().unwrap().0, n + 1);
    let mut seen = Vec::new();
    r.for_each_movement_linked(1, |m, prev| -> Result<(), StoreError> {
        assert!(r.stock(m.body.barcode.as_str())?.is_some(), "{}", m.seq);
        assert_eq!(r.ledger_head()?.0, n, "the snapshot's head");
        seen.push((m.seq, prev));
        Ok(())
    })
    .unwrap();
    assert_eq!(seen.len() as u64, n);
    assert_eq!(seen, expected);
    // Broken off inside a window, the snapshot answers on.
    let mut first = Vec::new();
    r.visit_movements_linked(2, &mut |m, _| {
        first.push(m.seq);
        ControlFlow::Break(())
    })
    .unwrap();
    assert_eq!(first, [2]);
    assert_eq!(r.ledger_head().unwrap().0, n);
}

/// A register in `db` holding the ledger of [`movements`], and its length.
fn with_movements(db: &TestDb) -> (Store, u64) {
    let s = Store::new(PgStore::create(&db.url).unwrap());
    setup(&s);
    let all = movements();
    let n = all.len() as u64;
    assert!(n >= 5);
    s.write(|w| -> Result<(), depot_store::ApplyError> {
        for m in all {
            w.apply(m)?;
        }
        Ok(())
    })
    .unwrap();
    (s, n)
}
