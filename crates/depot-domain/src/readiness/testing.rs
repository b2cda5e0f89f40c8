//! Hand-made registers for the readiness engine's tests, here and in the layers above (the
//! `testing` feature): a detachment, its brigade and stations, a warehouse, four items.

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;
use crate::stock::day_number;
use crate::{
    AssetStatus, CatalogItem, Category, StandardLine, StationClass, Tracking, Unit, UnitKind,
    Warehouse, WarehouseLevel,
};

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn dn(s: &str) -> Option<i32> {
    Some(day_number(d(s)))
}

pub fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub fn unit(code: &str, kind: UnitKind, parent: Option<&str>, class: Option<StationClass>) -> Unit {
    Unit {
        code: code.into(),
        name: format!("{code}名"),
        kind,
        parent: parent.map(Into::into),
        class,
    }
}

pub fn item(code: &str, category: Category, tracking: Tracking) -> CatalogItem {
    CatalogItem {
        code: code.into(),
        name: format!("{code}名"),
        category,
        tracking,
        uom: "件".into(),
        life_years: None,
        inspect_days: None,
        high_end: false,
        unit_price: Some(Decimal::from(1000)),
    }
}

pub fn line(scope: &str, module: Option<&str>, what: &str, required: &str) -> StandardLine {
    StandardLine {
        scope: scope.parse().unwrap(),
        module: module.map(Into::into),
        what: what.parse().unwrap(),
        required: dec(required),
    }
}

/// A detachment ZD with brigade DD, stations S1 (level1) and S2 (level2) under DD, S3 (level1)
/// directly under ZD, and warehouse CK run by DD. Items: vehicles V1 (15-year life, yearly
/// inspection, high-end) and V2, protective P1 (serial), agent A1 (lot).
pub fn register(standards: Vec<StandardLine>) -> SnapshotBuilder {
    let (units, warehouses, catalog) = places_and_items();
    SnapshotBuilder::new(&units, &warehouses, &catalog, standards, vec![])
}

/// The units, warehouse and items of [`register`].
pub fn places_and_items() -> (Vec<Unit>, Vec<Warehouse>, Vec<CatalogItem>) {
    let units = vec![
        unit("ZD", UnitKind::Detachment, None, None),
        unit("DD", UnitKind::Brigade, Some("ZD"), None),
        unit(
            "S1",
            UnitKind::Station,
            Some("DD"),
            Some(StationClass::Level1),
        ),
        unit(
            "S2",
            UnitKind::Station,
            Some("DD"),
            Some(StationClass::Level2),
        ),
        unit(
            "S3",
            UnitKind::Station,
            Some("ZD"),
            Some(StationClass::Level1),
        ),
    ];
    let warehouses = vec![Warehouse {
        code: "CK".into(),
        name: "储备库".into(),
        level: WarehouseLevel::County,
        unit: "DD".into(),
        agreement: false,
        partner: None,
    }];
    let mut v1 = item("V1", Category::Vehicle, Tracking::Serial);
    v1.life_years = Some(15);
    v1.inspect_days = Some(365);
    v1.high_end = true;
    v1.unit_price = Some(dec("2000000"));
    let v2 = item("V2", Category::Vehicle, Tracking::Serial);
    let p1 = item("P1", Category::Protective, Tracking::Serial);
    let a1 = item("A1", Category::Agent, Tracking::Lot);
    (units, warehouses, vec![v1, v2, p1, a1])
}

/// A plain ready asset.
pub fn put(b: &mut SnapshotBuilder, code: &str, item: &str, owner: &str) {
    let (commissioned, inspected) = (dn("2020-01-01"), dn("2026-06-01"));
    put_dated(b, code, item, owner, commissioned, inspected);
}

/// A ready asset `code` of `item` held by `owner`, commissioned and last inspected then.
pub fn put_dated(
    b: &mut SnapshotBuilder,
    code: &str,
    item: &str,
    owner: &str,
    commissioned: Option<i32>,
    inspected: Option<i32>,
) {
    let status = AssetStatus::Ready;
    b.asset(
        code,
        item,
        owner,
        None,
        None,
        status,
        commissioned,
        inspected,
        None,
    );
}

pub fn held_ready(r: &Readiness, s: &Snapshot, place: &str) -> Vec<(String, Decimal, Decimal)> {
    let p = s.place_id(place).unwrap();
    s.lines_of(p)
        .map(|i| (s.what_text(&s.lines[i]), r.lines[i].held, r.lines[i].ready))
        .collect()
}

/// Gives the movements of `ledger` its dates in order, keeping its order.
pub fn in_date_order(ledger: &mut [crate::movement::NewMovement]) {
    let mut at: Vec<_> = ledger.iter().map(|m| m.at).collect();
    at.sort();
    for (m, at) in ledger.iter_mut().zip(at) {
        m.at = at;
    }
}
