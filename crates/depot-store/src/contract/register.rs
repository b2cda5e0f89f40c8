//! A small register for the store's tests and the layers above: a corps and a station, a city
//! warehouse, a vehicle (serial) and a foam (lot), and movements of them.

#![allow(clippy::unwrap_used)]

use crate::Store;
use chrono::{DateTime, FixedOffset};
use depot_domain::movement::{Action, Change, NewMovement};
use depot_domain::{
    CatalogItem, Category, StationClass, Tracking, Unit, UnitKind, Warehouse, WarehouseLevel,
};
use rust_decimal::Decimal;

pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

pub fn units() -> Vec<Unit> {
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

pub fn warehouse() -> Warehouse {
    Warehouse {
        code: "CK".into(),
        name: "市级库".into(),
        level: WarehouseLevel::City,
        unit: "ZD".into(),
        agreement: true,
        partner: Some("某公司".into()),
    }
}

pub fn items() -> Vec<CatalogItem> {
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

pub fn mv(
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

pub fn setup(s: &Store) {
    s.write(|w| -> Result<(), crate::ApplyError> {
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
