//! The rules of the engine on hand-made registers.

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;
use crate::domain::stock::day_number;
use crate::domain::{
    AssetStatus, CatalogItem, Category, StandardLine, StationClass, Tracking, Unit, UnitKind,
    Warehouse, WarehouseLevel,
};

pub(super) fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub(super) fn dn(s: &str) -> Option<i32> {
    Some(day_number(d(s)))
}

pub(super) fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn unit(code: &str, kind: UnitKind, parent: Option<&str>, class: Option<StationClass>) -> Unit {
    Unit {
        code: code.into(),
        name: format!("{code}名"),
        kind,
        parent: parent.map(Into::into),
        class,
    }
}

pub(super) fn item(code: &str, category: Category, tracking: Tracking) -> CatalogItem {
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

pub(super) fn line(scope: &str, module: Option<&str>, what: &str, required: &str) -> StandardLine {
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
pub(super) fn register(standards: Vec<StandardLine>) -> SnapshotBuilder {
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
    SnapshotBuilder::new(&units, &warehouses, &[v1, v2, p1, a1], standards, vec![])
}

/// A plain ready asset.
pub(super) fn put(b: &mut SnapshotBuilder, code: &str, item: &str, owner: &str) {
    let (commissioned, inspected) = (dn("2020-01-01"), dn("2026-06-01"));
    put_dated(b, code, item, owner, commissioned, inspected);
}

/// A ready asset `code` of `item` held by `owner`, commissioned and last inspected then.
pub(super) fn put_dated(
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

pub(super) fn held_ready(
    r: &Readiness,
    s: &Snapshot,
    place: &str,
) -> Vec<(String, Decimal, Decimal)> {
    let p = s.place_id(place).unwrap();
    s.lines_of(p)
        .map(|i| (s.what_text(&s.lines[i]), r.lines[i].held, r.lines[i].ready))
        .collect()
}

#[test]
fn retired_items_are_not_held() {
    let mut b = register(vec![line("unit:S1", None, "P1", "2")]);
    put(&mut b, "a", "P1", "S1");
    b.asset(
        "b",
        "P1",
        "S1",
        None,
        None,
        AssetStatus::Retired,
        None,
        None,
        None,
    );
    b.asset(
        "c",
        "P1",
        "S1",
        None,
        None,
        AssetStatus::Maintenance,
        None,
        None,
        None,
    );
    let s = b.finish();
    let r = evaluate(&s, d("2026-11-23"), 0);
    assert_eq!(
        held_ready(&r, &s, "S1"),
        vec![("P1".into(), dec("2"), dec("1"))]
    );
    assert_eq!(r.everything.stock.pieces, 2);
    assert_eq!(r.everything.stock.maintenance, 1);
    assert_eq!(r.everything.compliance_rate(), Some(dec("100")));
}

#[test]
fn checked_out_items_are_held_but_not_ready() {
    let mut b = register(vec![line("unit:S1", None, "P1", "3")]);
    b.asset(
        "a",
        "P1",
        "S1",
        Some("S2"),
        None,
        AssetStatus::Ready,
        None,
        None,
        dn("2026-11-22"),
    );
    b.asset(
        "b",
        "P1",
        "S1",
        Some("INC-7"),
        None,
        AssetStatus::Ready,
        None,
        None,
        dn("2026-11-23"),
    );
    // A location equal to the owner is at the owner.
    b.asset(
        "c",
        "P1",
        "S1",
        Some("S1"),
        None,
        AssetStatus::Ready,
        None,
        None,
        None,
    );
    let s = b.finish();
    let r = evaluate(&s, d("2026-11-23"), 0);
    assert_eq!(
        held_ready(&r, &s, "S1"),
        vec![("P1".into(), dec("3"), dec("1"))]
    );
    assert_eq!(r.everything.stock.checked_out, 2);
    assert_eq!(r.everything.stock.past_due, 1);
    // Checked-out stock still counts for its owner, not where it is.
    assert_eq!(r.total[s.place_id("S2").unwrap() as usize].stock.pieces, 0);
}

#[test]
fn class_lines_apply_to_every_station_of_the_class_and_roll_up() {
    let mut b = register(vec![
        line("class:level1", None, "category:vehicle", "2"),
        line("class:level2", None, "V2", "1"),
    ]);
    put(&mut b, "a", "V1", "S1");
    put(&mut b, "b", "V2", "S1");
    put(&mut b, "c", "V2", "S2");
    put(&mut b, "d", "V2", "S3");
    let s = b.finish();
    assert_eq!(s.lines.len(), 3);
    let r = evaluate(&s, d("2026-11-23"), 0);
    assert_eq!(held_ready(&r, &s, "S1")[0].1, dec("2"));
    assert_eq!(held_ready(&r, &s, "S3")[0].1, dec("1"));
    let dd = r.figures(Within::Place(s.place_id("DD").unwrap()));
    assert_eq!(dd.lines.lines, 2);
    assert_eq!(dd.compliance_rate(), Some(dec("100")));
    assert_eq!(dd.equipped_rate(), Some(dec("100")));
    let all = &r.everything;
    assert_eq!(all.lines.lines, 3);
    assert_eq!((all.places_compliant, all.places_with_lines), (2, 3));
    // Every line weighs the same: (2/2 + 1/1 + 1/2) / 3.
    assert_eq!(
        all.equipped_rate().map(|r| r.round_dp(2)),
        Some(dec("83.33"))
    );
    let v = all.category(Category::Vehicle);
    assert_eq!((v.pieces, v.high_end), (4, 1));
    assert_eq!(v.high_end_share(), Some(dec("25")));
}

#[test]
fn warehouse_module_lines_count_only_their_module() {
    let mut b = register(vec![
        line("warehouse:CK", Some("water"), "P1", "2"),
        line("warehouse:CK", Some("geo"), "P1", "2"),
    ]);
    for (code, module) in [("a", "water"), ("b", "water"), ("c", "geo"), ("d", "")] {
        b.asset(
            code,
            "P1",
            "CK",
            None,
            Some(module),
            AssetStatus::Ready,
            None,
            None,
            None,
        );
    }
    let s = b.finish();
    let r = evaluate(&s, d("2026-11-23"), 0);
    let ck = s.place_id("CK").unwrap();
    let lines: Vec<_> = s
        .lines_of(ck)
        .map(|i| (s.module(s.lines[i].module).to_owned(), r.lines[i].held))
        .collect();
    assert!(lines.contains(&("water".into(), dec("2"))));
    assert!(lines.contains(&("geo".into(), dec("1"))));
    assert_eq!(r.own[ck as usize].saturation(), Some(dec("75")));
    // The warehouse is run by DD: it counts there and in ZD, not in S1.
    let dd = s.place_id("DD").unwrap();
    assert_eq!(r.total[dd as usize].reserve.lines, 2);
    assert_eq!(r.everything.reserve.lines, 2);
    assert_eq!(r.everything.compliance_rate(), Some(Decimal::ZERO));
}

#[test]
fn a_scope_with_no_lines_has_no_rates() {
    let mut b = register(vec![line("unit:S1", None, "P1", "1")]);
    put(&mut b, "a", "P1", "S3");
    let s = b.finish();
    let r = evaluate(&s, d("2026-11-23"), 0);
    let s3 = r.figures(Within::Place(s.place_id("S3").unwrap()));
    assert_eq!(s3.equipped_rate(), None);
    assert_eq!(s3.ready_coverage(), None);
    // The ready rate is taken of pieces, and S3 holds one.
    assert_eq!(s3.ready_rate(), Some(dec("100")));
    assert_eq!(s3.compliance_rate(), None);
    assert_eq!(s3.saturation(), None);
    assert_eq!(s3.stock.pieces, 1);
    assert_eq!(rate_text(s3.equipped_rate()), "");
    assert_eq!(r.everything.equipped_rate(), Some(Decimal::ZERO));
}

#[test]
fn required_zero_and_fractional_lines() {
    let mut b = register(vec![
        line("unit:S1", None, "P1", "0"),
        line("unit:S2", None, "A1", "1.5"),
    ]);
    b.lot("l", "A1", "S2", None, dec("1.25"), None);
    let s = b.finish();
    let r = evaluate(&s, d("2026-11-23"), 0);
    assert_eq!(r.everything.lines.equipped, 1);
    // A line of 0 counts as equipped (import refuses such lines); 1.25 of 1.5 is 5/6.
    assert_eq!(r.everything.lines.equipped_sum, dec("1.833333333333"));
}

#[test]
fn a_parent_loop_does_not_hang_the_roll_up() {
    let units = vec![
        unit("A", UnitKind::Brigade, Some("B"), None),
        unit("B", UnitKind::Brigade, Some("A"), None),
    ];
    let mut b = SnapshotBuilder::new(&units, &[], &[], vec![], vec![]);
    b.lot("l", "X", "A", None, Decimal::ONE, None);
    let s = b.finish();
    let r = evaluate(&s, d("2026-11-23"), 0);
    assert_eq!(r.everything.stock.lots, 1);
}
