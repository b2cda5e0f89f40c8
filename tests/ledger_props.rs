//! Property: whatever movements are tried, in whatever order, the stored state is the state
//! the ledger replays to (`verify` passes), every secondary index agrees with the stored rows,
//! and a movement the store refuses changes nothing at all.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset, NaiveDate};
use depot_domain::{
    Action, Asset, AssetStatus, CatalogItem, Category, Change, Lot, Module, NewMovement, Stock,
    Tracking, Unit, UnitKind, Vocabulary, Warehouse, WarehouseLevel,
};
use depot_service::import::{Bundle, Origin, Outcome};
use depot_service::store::{StockView, Store, Tag};
use depot_service::{Ctx, verify::verify};
use depot_testkit::engines;
use depot_testkit::on_both_engines;
use depot_testkit::register;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Codes a movement may name: the register's places, plus an incident (a location only).
const PLACES: [&str; 4] = ["U-ROOT", "U-STA", "W-1", "INC-9"];
const MODULES: [&str; 2] = ["water", "forest"];
/// A*: serial pieces of item SER, L*: lots of item LOT; A1 and L1 are imported, the others
/// only exist once a movement creates them.
const BARCODES: [&str; 6] = ["A1", "A2", "A3", "L1", "L2", "L3"];
const ITEMS: [&str; 2] = ["SER", "LOT"];
const SERVICE_LIFE: u32 = 10;

fn origin() -> Origin {
    Origin {
        file: "props".into(),
        line: 1,
        sheet: None,
    }
}

fn date(d: &str) -> NaiveDate {
    d.parse().unwrap()
}

fn at() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-01-01T08:00:00+08:00").unwrap()
}

/// A register of two units, a warehouse, two modules, one serial and one lot item, one asset
/// and one lot, landed by the import service.
fn register() -> Store {
    let store = register::new_store();
    let mut b = Bundle::default();
    for m in MODULES {
        let module = Module {
            code: m.into(),
            name_zh: m.into(),
            name_en: m.into(),
        };
        b.modules.push((origin(), module));
    }
    let unit = |code: &str, kind, parent: Option<&str>, class| Unit {
        code: code.into(),
        name: code.into(),
        kind,
        parent: parent.map(Into::into),
        class,
    };
    b.units
        .push((origin(), unit("U-ROOT", UnitKind::Detachment, None, None)));
    b.units.push((
        origin(),
        unit(
            "U-STA",
            UnitKind::Station,
            Some("U-ROOT"),
            Some(depot_domain::StationClass::Level1),
        ),
    ));
    b.warehouses.push((
        origin(),
        Warehouse {
            code: "W-1".into(),
            name: "depot".into(),
            level: WarehouseLevel::City,
            unit: "U-ROOT".into(),
            agreement: false,
            partner: None,
        },
    ));
    let item = |code: &str, tracking, life_years| CatalogItem {
        code: code.into(),
        name: code.into(),
        category: Category::Other,
        tracking,
        uom: "pc".into(),
        life_years,
        inspect_days: None,
        high_end: false,
        unit_price: None,
    };
    b.catalog
        .push((origin(), item("SER", Tracking::Serial, Some(SERVICE_LIFE))));
    b.catalog.push((origin(), item("LOT", Tracking::Lot, None)));
    b.assets.push((
        origin(),
        Asset {
            barcode: "A1".into(),
            item: "SER".into(),
            serial: Some("S1".into()),
            owner: "U-STA".into(),
            location: None,
            module: Some("water".into()),
            status: AssetStatus::Ready,
            commissioned: Some(date("2016-02-29")),
            last_inspected: None,
            plate: None,
            due: None,
        },
    ));
    b.lots.push((
        origin(),
        Lot {
            barcode: "L1".into(),
            item: "LOT".into(),
            lot: Some("B-1".into()),
            owner: "W-1".into(),
            module: None,
            quantity: Decimal::from(10),
            expires: Some(date("2027-06-30")),
            received: None,
        },
    ));
    let ctx = Ctx::new(Some("prop")).unwrap();
    match depot_service::import::import(&store, &ctx, &b, false).unwrap() {
        Outcome::Landed(_) => {}
        Outcome::Rejected(f) => panic!("the test register is refused: {f:?}"),
    }
    store
}

fn action() -> impl Strategy<Value = Action> {
    prop::sample::select(Action::ALL.to_vec())
}

fn opt_date() -> impl Strategy<Value = Option<NaiveDate>> {
    prop::option::of((2000i32..2040, 1u32..13, 1u32..29))
        .prop_map(|d| d.and_then(|(y, m, day)| NaiveDate::from_ymd_opt(y, m, day)))
}

fn place() -> impl Strategy<Value = depot_domain::PlaceCode> {
    prop::sample::select(PLACES.to_vec()).prop_map(Into::into)
}

fn change() -> impl Strategy<Value = Change> {
    let module = prop::option::of(prop::sample::select(MODULES.to_vec()));
    prop_oneof![
        prop::sample::select(AssetStatus::ALL.to_vec()).prop_map(Change::Status),
        module.prop_map(|m| Change::Module(m.map(Into::into))),
        place().prop_map(Change::Owner),
        prop::option::of(place()).prop_map(Change::Location),
        prop::option::of("[a-z]{1,3}").prop_map(Change::Serial),
        prop::option::of("[a-z]{1,3}").prop_map(Change::LotNo),
        opt_date().prop_map(Change::Commissioned),
        opt_date().prop_map(Change::LastInspected),
        opt_date().prop_map(Change::Due),
        opt_date().prop_map(Change::Expires),
        opt_date().prop_map(Change::Received),
    ]
}

prop_compose! {
    fn movement()(
        action in action(),
        barcode in prop::sample::select(BARCODES.to_vec()),
        wrong_item in prop::bool::weighted(0.05),
        units in -30i64..150,
        scale in 0u32..2,
        from in prop::option::of(place()),
        to in prop::option::weighted(0.8, place()),
        changes in prop_oneof![
            3 => Just(Vec::new()),
            1 => prop::collection::vec(change(), 1..=2),
        ],
    ) -> NewMovement {
        let natural = if barcode.starts_with('A') { "SER" } else { "LOT" };
        let item = match (natural, wrong_item) {
            (i, false) => i,
            ("SER", true) => "LOT",
            _ => "SER",
        };
        NewMovement {
            at: at(),
            action,
            barcode: barcode.into(),
            item: item.into(),
            quantity: Decimal::new(units, scale),
            from,
            to,
            operator: "prop".into(),
            reference: None,
            reason: None,
            changes,
        }
    }
}

/// Everything a movement could touch: every barcode's state, the ledger head, and every
/// index entry over the codes the movements use.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    stock: Vec<Option<Stock>>,
    head: (u64, [u8; 32]),
    index: Vec<Vec<String>>,
    /// Each barcode's history, as sequence numbers, oldest first.
    history: Vec<Vec<u64>>,
    dates: Vec<(NaiveDate, String)>,
}

const STATUS_VALUES: [&str; 4] = ["ready", "maintenance", "out_of_service", "retired"];

fn index_queries() -> Vec<(Tag, &'static str)> {
    let mut q = Vec::new();
    for p in PLACES {
        q.push((Tag::Owner, p));
    }
    q.extend(MODULES.map(|m| (Tag::Module, m)));
    q.extend(ITEMS.map(|i| (Tag::Item, i)));
    q.extend(STATUS_VALUES.map(|s| (Tag::Status, s)));
    q
}

fn snapshot(store: &Store) -> Snapshot {
    let r = store.read().unwrap();
    let all = (date("1900-01-01"), date("2200-01-01"));
    let mut dates: Vec<(NaiveDate, String)> = Vec::new();
    for tag in [Tag::LifeEnd, Tag::Expiry] {
        for (d, b) in r.barcodes_by_date(tag, all.0, all.1).unwrap() {
            dates.push((d, format!("{tag:?}:{b}")));
        }
    }
    Snapshot {
        stock: BARCODES.iter().map(|b| r.stock(b).unwrap()).collect(),
        head: r.ledger_head().unwrap(),
        index: index_queries()
            .into_iter()
            .map(|(t, v)| {
                let found = r.barcodes_by(t, v).unwrap();
                found.iter().map(|b| b.to_string()).collect()
            })
            .collect(),
        history: BARCODES
            .iter()
            .map(|b| r.history(b).unwrap().iter().map(|m| m.seq).collect())
            .collect(),
        dates,
    }
}

/// Each barcode's movements, as sequence numbers, read from the whole ledger.
fn histories_in_the_ledger(store: &Store) -> Vec<Vec<u64>> {
    let mut out = vec![Vec::new(); BARCODES.len()];
    store
        .read()
        .unwrap()
        .for_each_movement(1, |m| -> Result<(), depot_service::store::StoreError> {
            if let Some(i) = BARCODES.iter().position(|b| *b == m.body.barcode.as_str()) {
                out[i].push(m.seq);
            }
            Ok(())
        })
        .unwrap();
    out
}

/// What each index should hold, computed from the stored rows.
fn expected_index(s: &Snapshot) -> Vec<Vec<String>> {
    let stock: Vec<&Stock> = s.stock.iter().flatten().collect();
    index_queries()
        .into_iter()
        .map(|(tag, v)| {
            let hit = |st: &Stock| match (tag, st) {
                (Tag::Owner, _) => st.owner().as_str() == v,
                (Tag::Item, _) => st.item().as_str() == v,
                (Tag::Module, _) => st.module().is_some_and(|m| m.as_str() == v),
                (Tag::Status, Stock::Asset(a)) => {
                    a.status != AssetStatus::Ready && a.status.en() == v
                }
                _ => false,
            };
            let set: BTreeSet<String> = stock
                .iter()
                .filter(|st| hit(st))
                .map(|st| st.barcode().to_string())
                .collect();
            set.into_iter().collect()
        })
        .collect()
}

fn expected_dates(s: &Snapshot) -> Vec<(NaiveDate, String)> {
    let mut out = Vec::new();
    for st in s.stock.iter().flatten() {
        match st {
            Stock::Asset(a) if a.item.as_str() == "SER" => {
                if let Some(end) = a
                    .commissioned
                    .and_then(|c| depot_domain::stock::life_end(c, SERVICE_LIFE))
                {
                    out.push((end, format!("LifeEnd:{}", a.barcode)));
                }
            }
            Stock::Lot(l) => {
                if let Some(e) = l.expires {
                    out.push((e, format!("Expiry:{}", l.barcode)));
                }
            }
            Stock::Asset(_) => {}
        }
    }
    out.sort();
    out
}

/// Whatever movements are tried, one transaction each: the stored state is the replayed
/// ledger, and a refused movement changes nothing.
fn stored_state(moves: Vec<NewMovement>) -> Result<(), TestCaseError> {
    let store = register();
    let start = snapshot(&store);
    let mut applied = 0u64;
    for m in moves {
        let before = snapshot(&store);
        match store.write(|w| w.apply(m.clone())) {
            Ok((sealed, after)) => {
                applied += 1;
                if let Stock::Lot(l) = &after {
                    prop_assert!(
                        !l.quantity.is_sign_negative() || l.quantity.is_zero(),
                        "lot {} went negative ({}) by {:?}",
                        l.barcode,
                        l.quantity,
                        m
                    );
                }
                prop_assert_eq!(sealed.seq, before.head.0 + 1);
                let now = snapshot(&store);
                let i = BARCODES
                    .iter()
                    .position(|b| *b == m.barcode.as_str())
                    .unwrap();
                prop_assert_eq!(now.stock[i].as_ref(), Some(&after));
                let mut grown = before.history[i].clone();
                grown.push(sealed.seq);
                prop_assert_eq!(&now.history[i], &grown);
            }
            Err(e) => {
                let after = snapshot(&store);
                prop_assert_eq!(&before, &after, "refused ({}) but changed: {:?}", e, m);
            }
        }
    }
    let end = snapshot(&store);
    prop_assert_eq!(end.head.0, start.head.0 + applied);
    let report = verify(&store).unwrap();
    prop_assert!(report.ok(), "{}", report);
    prop_assert_eq!(&end.index, &expected_index(&end));
    prop_assert_eq!(&end.history, &histories_in_the_ledger(&store));
    let mut dates = end.dates.clone();
    dates.sort();
    prop_assert_eq!(dates, expected_dates(&end));
    Ok(())
}

/// The same movements in one write transaction, as a scan batch or a kit applies them:
/// what the writer reads back after each movement is what it wrote (its copies of recent
/// rows are never stale), and what lands is what the ledger replays to, with its index.
fn own_writes(moves: Vec<NewMovement>) -> Result<(), TestCaseError> {
    let store = register();
    let mut seen: Vec<(usize, Stock)> = Vec::new();
    store
        .write(|w| -> Result<(), depot_service::Error> {
            for m in &moves {
                let i = BARCODES
                    .iter()
                    .position(|b| *b == m.barcode.as_str())
                    .unwrap();
                let before = w.stock(m.barcode.as_str())?;
                match w.apply(m.clone()) {
                    Ok((_, after)) => {
                        assert_eq!(w.stock(m.barcode.as_str())?.as_ref(), Some(&after));
                        seen.push((i, after));
                    }
                    Err(_) => assert_eq!(w.stock(m.barcode.as_str())?, before),
                }
            }
            Ok(())
        })
        .unwrap();
    let end = snapshot(&store);
    for (i, s) in seen
        .iter()
        .rev()
        .fold(Vec::<(usize, Stock)>::new(), |mut last, (i, s)| {
            if !last.iter().any(|(j, _)| j == i) {
                last.push((*i, s.clone()));
            }
            last
        })
    {
        prop_assert_eq!(end.stock[i].as_ref(), Some(&s));
    }
    let report = verify(&store).unwrap();
    prop_assert!(report.ok(), "{}", report);
    prop_assert_eq!(&end.index, &expected_index(&end));
    prop_assert_eq!(&end.history, &histories_in_the_ledger(&store));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn stored_state_is_the_replayed_ledger(moves in prop::collection::vec(movement(), 1..40)) {
        stored_state(moves)?;
    }

    #[test]
    fn one_transaction_reads_its_own_writes(moves in prop::collection::vec(movement(), 1..40)) {
        own_writes(moves)?;
    }
}

// The same properties on PostgreSQL (a fresh database per case, so fewer cases).
proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn on_postgres_stored_state_is_the_replayed_ledger(moves in prop::collection::vec(movement(), 1..40)) {
        if !engines::postgres() {
            return Ok(());
        }
        stored_state(moves)?;
    }

    #[test]
    fn on_postgres_one_transaction_reads_its_own_writes(moves in prop::collection::vec(movement(), 1..40)) {
        if !engines::postgres() {
            return Ok(());
        }
        own_writes(moves)?;
    }
}

on_both_engines! {
/// The property above must be able to fail: a stock row written behind the ledger's back is
/// caught by the same checks.
#[test]
fn the_checks_catch_a_state_the_ledger_does_not_explain() {
    let store = register();
    assert!(verify(&store).unwrap().ok());
    let Some(Stock::Lot(mut l)) = store.read().unwrap().stock("L1").unwrap() else {
        panic!("L1 is a lot")
    };
    l.quantity += Decimal::ONE;
    store.write(|w| w.tamper_stock(&Stock::Lot(l))).unwrap();
    assert!(!verify(&store).unwrap().ok());
}

/// A movement whose history link points at another barcode's movement is caught by `verify`,
/// which names its seq, and the history read through the broken link is refused or wrong.
#[test]
fn verify_catches_a_broken_history_link() {
    let store = register();
    let history = store.read().unwrap().history("L1").unwrap();
    assert_eq!(history.len(), 1, "the opening balance only");
    let opening = history[0].seq;
    let elsewhere = store.read().unwrap().history("A1").unwrap()[0].seq;
    assert!(elsewhere < opening, "{elsewhere} {opening}");
    store.write(|w| w.tamper_link(opening, elsewhere)).unwrap();
    let report = verify(&store).unwrap();
    assert_eq!(
        report.problem.map(|(seq, why)| (seq, why.to_string())),
        Some((
            opening,
            format!(
                "it links to seq {elsewhere} as the movement of L1 before it, but that was seq 0"
            )
        ))
    );
    // Read through the broken link, the history is wrong (redb follows it) or refused
    // (PostgreSQL sees the link lead to another barcode's movement).
    match store.read().unwrap().history("L1") {
        Ok(h) => assert_eq!(h.len(), 2),
        Err(e) => assert!(e.to_string().contains("another barcode"), "{e}"),
    }
}

/// The ledger head is its last row, so nothing records how long it was: a ledger cut short
/// is caught by the stock rows whose last movement is gone.
#[test]
fn verify_catches_a_ledger_cut_short() {
    let store = register();
    let inspect = NewMovement {
        at: at(),
        action: Action::Inspect,
        barcode: "A1".into(),
        item: "SER".into(),
        quantity: Decimal::ONE,
        from: None,
        to: None,
        operator: "prop".into(),
        reference: None,
        reason: None,
        changes: Vec::new(),
    };
    let (a1, _) = store.write(|w| w.apply(inspect)).unwrap();
    assert_eq!(store.read().unwrap().ledger_head().unwrap().0, a1.seq);
    store.write(|w| w.tamper_truncate(a1.seq)).unwrap();
    assert_eq!(store.read().unwrap().ledger_head().unwrap().0, a1.seq - 1);
    let report = verify(&store).unwrap();
    assert!(!report.ok(), "{report}");
    assert!(
        report
            .problem
            .as_ref()
            .is_some_and(|(_, why)| why.to_string().contains("A1")),
        "{report}"
    );
}

/// A changed service life moves the life-end keys of the item's assets, and only those.
#[test]
fn a_changed_service_life_moves_the_life_end_keys() {
    let store = register();
    let life_ends = |store: &Store| snapshot(store).dates;
    let before = life_ends(&store);
    let commissioned = date("2016-02-29");
    let old_end = depot_domain::stock::life_end(commissioned, SERVICE_LIFE).unwrap();
    assert!(
        before.contains(&(old_end, "LifeEnd:A1".to_owned())),
        "{before:?}"
    );
    let mut ser = store.read().unwrap().item("SER").unwrap().unwrap();
    ser.life_years = Some(SERVICE_LIFE + 5);
    store.write(|w| w.put_item(&ser)).unwrap();
    let end = depot_domain::stock::life_end(commissioned, SERVICE_LIFE + 5).unwrap();
    let mut expected: Vec<_> = before
        .into_iter()
        .filter(|(_, k)| !k.starts_with("LifeEnd:"))
        .collect();
    expected.push((end, "LifeEnd:A1".to_owned()));
    expected.sort();
    let mut after = life_ends(&store);
    after.sort();
    assert_eq!(after, expected);
    assert!(verify(&store).unwrap().ok());
}

/// Movements of every action do get through, so the property exercises more than refusals.
#[test]
fn a_valid_sequence_of_every_action_lands() {
    let store = register();
    let mv = |action, barcode: &str, qty: i64, to: Option<&str>| NewMovement {
        at: at(),
        action,
        barcode: barcode.into(),
        item: if barcode.starts_with('A') {
            "SER"
        } else {
            "LOT"
        }
        .into(),
        quantity: Decimal::from(qty),
        from: None,
        to: to.map(Into::into),
        operator: "prop".into(),
        reference: None,
        reason: None,
        changes: Vec::new(),
    };
    let seq = [
        mv(Action::Checkout, "A1", 1, Some("INC-9")),
        mv(Action::Checkin, "A1", 1, Some("U-STA")),
        mv(Action::Transfer, "A1", 1, Some("W-1")),
        mv(Action::RepairStart, "A1", 1, None),
        mv(Action::RepairDone, "A1", 1, None),
        mv(Action::Inspect, "A1", 1, None),
        mv(Action::Receive, "L1", 5, Some("W-1")),
        mv(Action::Issue, "L1", 3, None),
        mv(Action::Adjust, "L1", -2, None),
        mv(Action::Transfer, "L1", 4, Some("U-STA")),
        mv(Action::Receive, "L2", 7, Some("U-STA")),
        mv(Action::Writeoff, "L2", 7, None),
        mv(Action::Receive, "A2", 1, Some("U-STA")),
        mv(Action::Writeoff, "A2", 1, None),
    ];
    for m in seq {
        let action = m.action;
        store
            .write(|w| w.apply(m))
            .unwrap_or_else(|e| panic!("{action:?}: {e}"));
    }
    assert!(verify(&store).unwrap().ok());
    let end = snapshot(&store);
    assert_eq!(end.index, expected_index(&end));
}
}

/// A ledger head kept in `meta` by an earlier build would go stale: opening removes it.
#[test]
fn a_kept_ledger_head_is_dropped_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.redb");
    drop(depot_service::store::open_or_create(&path).unwrap());
    {
        let db = ::redb::Database::open(&path).unwrap();
        let txn = db.begin_write().unwrap();
        let meta: ::redb::TableDefinition<&str, &[u8]> = ::redb::TableDefinition::new("meta");
        txn.open_table(meta)
            .unwrap()
            .insert("ledger_head", [0u8; 40].as_slice())
            .unwrap();
        txn.commit().unwrap();
    }
    let store = depot_service::store::open(&path).unwrap();
    assert_eq!(store.read().unwrap().meta("ledger_head").unwrap(), None);
    assert!(verify(&store).unwrap().ok());
}
