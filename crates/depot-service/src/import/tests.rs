//! Landing a bundle, then landing it again changed: the stored rows, the ledger and every
//! index entry agree (the index keys are written in batches, several per import in tests).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;
use crate::store::StockView;
use crate::store::Tag;
use depot_domain::vocab::Vocabulary;
use depot_domain::{
    Action, Asset, AssetStatus, CatalogItem, Category, Lot, NewMovement, Scope, StandardLine,
    StationClass, Stock, Tracking, Unit, UnitKind, Warehouse, WarehouseLevel, What,
};

fn at(line: u64) -> Origin {
    Origin {
        file: "t.csv".into(),
        line,
        sheet: None,
    }
}

const PLACES: [&str; 3] = ["U1", "U2", "W1"];
const MODULES: [&str; 2] = ["m1", "m2"];
const STATUSES: [AssetStatus; 3] = [
    AssetStatus::Ready,
    AssetStatus::Maintenance,
    AssetStatus::OutOfService,
];

/// A register of 60 assets and 30 lots; `turn` shifts owners, locations, modules, statuses,
/// dates and quantities, so that a second import changes most rows.
fn bundle(turn: usize) -> Bundle {
    let mut b = Bundle::default();
    for m in MODULES {
        b.modules.push((
            at(1),
            Module {
                code: m.into(),
                name_zh: m.into(),
                name_en: m.into(),
            },
        ));
    }
    for u in ["U1", "U2"] {
        b.units.push((
            at(1),
            Unit {
                code: u.into(),
                name: u.into(),
                kind: UnitKind::Station,
                parent: None,
                class: Some(StationClass::Level1),
            },
        ));
    }
    b.warehouses.push((
        at(1),
        Warehouse {
            code: "W1".into(),
            name: "W1".into(),
            level: WarehouseLevel::City,
            unit: "U1".into(),
            agreement: false,
            partner: None,
        },
    ));
    for (code, tracking, life) in [
        ("SER", Tracking::Serial, Some(10)),
        ("LOT", Tracking::Lot, None),
    ] {
        b.catalog.push((
            at(1),
            CatalogItem {
                code: code.into(),
                name: code.into(),
                category: Category::Other,
                tracking,
                uom: "pc".into(),
                life_years: life,
                inspect_days: None,
                high_end: false,
                unit_price: None,
            },
        ));
    }
    let day = |n: usize| NaiveDate::from_ymd_opt(2010 + (n % 12) as i32, 1 + (n % 12) as u32, 1);
    for i in 0..60 {
        let k = i + turn;
        let owner = PLACES[k % 3];
        let location = k.is_multiple_of(4).then(|| PLACES[(k + 1) % 3].into());
        b.assets.push((
            at(i as u64 + 2),
            Asset {
                barcode: format!("A{:03}", (i * 37) % 60).as_str().into(),
                item: "SER".into(),
                serial: k.is_multiple_of(2).then(|| format!("S{k}")),
                owner: owner.into(),
                location,
                module: (k % 3 != 1).then(|| MODULES[k % 2].into()),
                status: STATUSES[k % 3],
                commissioned: day(k),
                last_inspected: None,
                plate: None,
                due: None,
            },
        ));
    }
    for i in 0..30 {
        let k = i + turn;
        b.lots.push((
            at(i as u64 + 2),
            Lot {
                barcode: format!("L{:03}", (i * 7) % 30).as_str().into(),
                item: "LOT".into(),
                lot: Some(format!("B{k}")),
                owner: PLACES[k % 3].into(),
                module: k.is_multiple_of(2).then(|| MODULES[k % 2].into()),
                quantity: Decimal::from(k as i64 % 5),
                expires: day(k + 1),
                received: None,
            },
        ));
    }
    b
}

/// Every index entry over the codes above matches the stored rows, and the ledger verifies.
fn assert_consistent(store: &Store) {
    let r = store.read().unwrap();
    let rows: Vec<Stock> = (0..60)
        .map(|i| format!("A{i:03}"))
        .chain((0..30).map(|i| format!("L{i:03}")))
        .map(|b| r.stock(&b).unwrap().unwrap())
        .collect();
    let mut queries: Vec<(Tag, &str)> = Vec::new();
    for p in PLACES {
        queries.push((Tag::Owner, p));
    }
    queries.extend(MODULES.map(|m| (Tag::Module, m)));
    queries.extend([(Tag::Item, "SER"), (Tag::Item, "LOT")]);
    queries.extend([
        (Tag::Status, "maintenance"),
        (Tag::Status, "out_of_service"),
    ]);
    for (tag, v) in queries {
        let found: Vec<String> = r
            .barcodes_by(tag, v)
            .unwrap()
            .iter()
            .map(|b| b.to_string())
            .collect();
        let want: Vec<String> = rows
            .iter()
            .filter(|s| match (tag, s) {
                (Tag::Owner, _) => s.owner().as_str() == v,
                (Tag::Item, _) => s.item().as_str() == v,
                (Tag::Module, _) => s.module().is_some_and(|m| m.as_str() == v),
                (Tag::Status, Stock::Asset(a)) => a.status.en() == v,
                _ => false,
            })
            .map(|s| s.barcode().to_string())
            .collect();
        assert_eq!(found, want, "{tag:?} {v}");
    }
    let from = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2200, 1, 1).unwrap();
    let ends = r.barcodes_by_date(Tag::LifeEnd, from, to).unwrap().len();
    let expiries = r.barcodes_by_date(Tag::Expiry, from, to).unwrap().len();
    assert_eq!((ends, expiries), (60, 30));
    for s in &rows {
        let history = r.history(s.barcode().as_str()).unwrap();
        assert!(!history.is_empty());
        assert!(history.iter().all(|m| &m.body.barcode == s.barcode()));
    }
    assert!(crate::verify::verify(store).unwrap().ok());
}

#[test]
fn landing_twice_keeps_rows_ledger_and_index_in_step() {
    let store = crate::store::in_memory().unwrap();
    let ctx = Ctx::new(Some("test")).unwrap();
    for turn in [0, 1, 5] {
        match import(&store, &ctx, &bundle(turn), false).unwrap() {
            Outcome::Landed(_) => {}
            Outcome::Rejected(f) => panic!("refused: {f:?}"),
        }
        assert_consistent(&store);
    }
}

#[test]
fn a_repeated_barcode_names_its_first_row() {
    let mut b = bundle(0);
    let (_, mut again) = b.lots.get(3).unwrap();
    again.barcode = b.assets.barcode(7).into();
    b.lots.push((at(99), again));
    let store = crate::store::in_memory().unwrap();
    let findings = check(&store.read().unwrap(), &b).unwrap();
    let first = b.assets.origin(7).unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].origin, at(99));
    assert!(
        findings[0]
            .reason
            .contains(&format!("{}:{}", first.file, first.line))
    );
}

#[test]
fn finding_9_a_fractional_quantity_of_pieces_is_a_bad_row() {
    // LOT is counted in "pc": 2.5 of it is refused, on its row, naming the unit.
    let mut b = bundle(0);
    let (_, mut half) = b.lots.get(3).unwrap();
    half.barcode = "L-HALF".into();
    half.quantity = Decimal::new(25, 1);
    b.lots.push((at(77), half));
    let store = crate::store::in_memory().unwrap();
    let findings = check(&store.read().unwrap(), &b).unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].origin, at(77));
    assert!(
        findings[0].reason.contains("pc counts whole pieces"),
        "{findings:?}"
    );
}

#[test]
fn a_key_removed_while_its_batch_is_pending_stays_removed() {
    let store = crate::store::in_memory().unwrap();
    let ctx = Ctx::new(Some("test")).unwrap();
    import(&store, &ctx, &bundle(0), false).unwrap();
    let mv = |action, changes| NewMovement {
        at: ctx.stamp(),
        action,
        barcode: "A900".into(),
        item: "SER".into(),
        quantity: Decimal::ONE,
        from: None,
        to: Some("U1".into()),
        operator: ctx.operator.clone(),
        reference: None,
        reason: None,
        changes,
    };
    store
        .write(|w| {
            w.batched(|w| {
                let module = |m: &str| depot_domain::Change::Module(Some(m.into()));
                w.apply(mv(Action::Opening, vec![module("m1")]))?;
                w.apply(mv(Action::Update, vec![module("m2")]))?;
                Ok::<_, crate::Error>(())
            })
        })
        .unwrap();
    let r = store.read().unwrap();
    let has = |m: &str| {
        let found = r.barcodes_by(Tag::Module, m).unwrap();
        found.iter().any(|b| b.as_str() == "A900")
    };
    assert!(!has("m1") && has("m2"));
    assert!(crate::verify::verify(&store).unwrap().ok());
}

#[test]
fn a_stop_anywhere_inside_the_import_lands_nothing() {
    let store = crate::store::in_memory().unwrap();
    let ctx = Ctx::new(Some("test")).unwrap();
    import(&store, &ctx, &bundle(0), false).unwrap();
    let before = store.census().unwrap();
    // A dry run goes through the same looks as the import: count them.
    crate::interrupt::trip::reset(None);
    import(&store, &ctx, &bundle(1), true).unwrap();
    let looks = crate::interrupt::trip::looks();
    assert!(looks > 90, "a look per row: {looks}");
    // Before the transaction, half-way through its rows, and the last look before its commit.
    for at in [1, looks / 2, looks] {
        crate::interrupt::trip::reset(Some(at));
        let out = import(&store, &ctx, &bundle(1), false);
        crate::interrupt::trip::reset(None);
        assert!(
            matches!(out, Err(crate::Error::Interrupted(NOT_IMPORTED))),
            "stopped at look {at} of {looks}: {out:?}"
        );
        assert_eq!(store.census().unwrap(), before, "stopped at look {at}");
    }
    assert!(matches!(
        import(&store, &ctx, &bundle(1), false).unwrap(),
        Outcome::Landed(_)
    ));
    assert_ne!(store.census().unwrap(), before);
    assert_consistent(&store);
}

#[test]
fn a_standard_line_of_zero_is_refused() {
    let mut b = bundle(0);
    for (line, required) in [(7, Decimal::ZERO), (8, Decimal::ONE)] {
        b.standards.push((
            at(line),
            StandardLine {
                scope: Scope::Class(StationClass::Level1),
                module: None,
                what: What::Item(format!("SER{line}").as_str().into()),
                required,
            },
        ));
    }
    b.catalog.extend([7, 8].map(|n| {
        let mut item = b.catalog[0].1.clone();
        item.code = format!("SER{n}").as_str().into();
        (at(n), item)
    }));
    let store = crate::store::in_memory().unwrap();
    let findings = check(&store.read().unwrap(), &b).unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(
        (findings[0].origin.line, findings[0].column),
        (7, "required")
    );
    assert!(findings[0].reason.contains("more than 0"), "{findings:?}");
}

/// The use case: the reader is given the register's modules; with an unreadable row nothing
/// is written and only the register's findings come back; with none, the bundle lands.
#[test]
fn run_checks_only_when_a_row_was_unreadable_and_lands_otherwise() {
    let store = crate::store::in_memory().unwrap();
    let ctx = Ctx::new(Some("test")).unwrap();
    let shipped = store.read().unwrap().modules().unwrap();
    let mut b = bundle(0);
    let (_, mut again) = b.lots.get(3).unwrap();
    again.barcode = b.assets.barcode(7).into();
    b.lots.push((at(99), again));
    let outcome = run(&store, &ctx, false, |known| {
        assert_eq!(known, shipped.as_slice());
        Ok(Read {
            bundle: b,
            unreadable: true,
        })
    })
    .unwrap();
    match outcome {
        Outcome::Rejected(f) => assert_eq!(f.len(), 1, "{f:?}"),
        Outcome::Landed(s) => panic!("landed: {s:?}"),
    }
    assert_eq!(store.read().unwrap().stock_count().unwrap(), 0);
    let read = |unreadable| {
        move |_: &[Module]| {
            Ok(Read {
                bundle: bundle(0),
                unreadable,
            })
        }
    };
    assert!(matches!(
        run(&store, &ctx, false, read(true)).unwrap(),
        Outcome::Rejected(f) if f.is_empty()
    ));
    assert_eq!(store.read().unwrap().stock_count().unwrap(), 0);
    assert!(matches!(
        run(&store, &ctx, false, read(false)).unwrap(),
        Outcome::Landed(_)
    ));
    assert_eq!(store.read().unwrap().stock_count().unwrap(), 90);
}

/// A row with two bad cells is one bad row; the same row number on two sheets is two.
#[test]
fn bad_rows_are_counted_once_each() {
    use depot_exchange::RowError;
    use depot_exchange::problems::SheetAt;
    let bad = |file: &str, sheet: Option<&str>, line: u64, column: &str| RowError {
        file: file.into(),
        line,
        column: Some(column.into()),
        value: "".into(),
        reason: "bad".into(),
        reason_zh: "有误".into(),
        sheet: SheetAt::of(sheet, None),
    };
    let problems = [
        bad("assets.csv", None, 3, "status"),
        bad("assets.csv", None, 3, "location"),
        bad("assets.csv", None, 4, "owner"),
        bad("book.xlsx", Some("装备"), 5, "owner"),
        bad("book.xlsx", Some("器材"), 5, "owner"),
    ];
    assert_eq!(
        files::problems_by_file(&problems),
        vec![("assets.csv".to_owned(), 2), ("book.xlsx".to_owned(), 2)]
    );
}
