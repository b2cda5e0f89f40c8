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

fn item(code: &str, category: Category, tracking: Tracking) -> CatalogItem {
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
    b.asset(
        code,
        item,
        owner,
        None,
        None,
        AssetStatus::Ready,
        dn("2020-01-01"),
        dn("2026-06-01"),
        None,
    );
}

fn held_ready(r: &Readiness, s: &Snapshot, place: &str) -> Vec<(String, Decimal, Decimal)> {
    let p = s.place_id(place).unwrap();
    s.lines_of(p)
        .map(|i| (s.what_text(&s.lines[i]), r.lines[i].held, r.lines[i].ready))
        .collect()
}

#[test]
fn life_end_on_the_report_date_is_over_age() {
    let mut b = register(vec![line("unit:S1", None, "V1", "1")]);
    b.asset(
        "a",
        "V1",
        "S1",
        None,
        None,
        AssetStatus::Ready,
        dn("2011-11-23"),
        dn("2026-06-01"),
        None,
    );
    let s = b.finish();
    let before = evaluate(&s, d("2026-11-22"), 90);
    assert_eq!(before.everything.stock.over_age, 0);
    assert_eq!(before.everything.ready_rate(), Some(dec("100")));
    let on = evaluate(&s, d("2026-11-23"), 90);
    assert_eq!(on.everything.stock.over_age, 1);
    assert_eq!(on.everything.category(Category::Vehicle).over_age, 1);
    assert_eq!(on.everything.ready_rate(), Some(Decimal::ZERO));
    // Still held: an over-age piece counts for equipped.
    assert_eq!(on.everything.equipped_rate(), Some(dec("100")));
}

#[test]
fn leap_day_life_ends_on_28_february() {
    let mut b = register(vec![]);
    b.asset(
        "a",
        "V1",
        "S1",
        None,
        None,
        AssetStatus::Ready,
        dn("2012-02-29"),
        None,
        None,
    );
    let s = b.finish();
    assert_eq!(
        evaluate(&s, d("2027-02-27"), 0).everything.stock.over_age,
        0
    );
    assert_eq!(
        evaluate(&s, d("2027-02-28"), 0).everything.stock.over_age,
        1
    );
}

#[test]
fn inspection_exactly_inspect_days_ago_is_not_overdue() {
    let mut b = register(vec![line("unit:S1", None, "V1", "1")]);
    b.asset(
        "a",
        "V1",
        "S1",
        None,
        None,
        AssetStatus::Ready,
        dn("2020-01-01"),
        dn("2025-11-23"),
        None,
    );
    // Never inspected, and its item has an interval: overdue at once.
    b.asset(
        "b",
        "V1",
        "S2",
        None,
        None,
        AssetStatus::Ready,
        dn("2020-01-01"),
        None,
        None,
    );
    // No interval: never overdue.
    b.asset(
        "c",
        "P1",
        "S2",
        None,
        None,
        AssetStatus::Ready,
        None,
        None,
        None,
    );
    let s = b.finish();
    let r = evaluate(&s, d("2026-11-23"), 0);
    assert_eq!(r.everything.stock.inspection_overdue, 1);
    assert_eq!(held_ready(&r, &s, "S1")[0].2, Decimal::ONE);
    let r = evaluate(&s, d("2026-11-24"), 0);
    assert_eq!(r.everything.stock.inspection_overdue, 2);
    assert_eq!(held_ready(&r, &s, "S1")[0].2, Decimal::ZERO);
}

#[test]
fn lot_expiring_on_the_date_is_ready_and_decimal_quantities_add_up() {
    let mut b = register(vec![line("warehouse:CK", Some("petro"), "A1", "3")]);
    b.lot(
        "l1",
        "A1",
        "CK",
        Some("petro"),
        dec("2.5"),
        dn("2026-11-23"),
    );
    b.lot("l2", "A1", "CK", Some("petro"), dec("0.75"), None);
    b.lot(
        "l3",
        "A1",
        "CK",
        Some("petro"),
        dec("0.125"),
        dn("2026-11-22"),
    );
    let s = b.finish();
    let r = evaluate(&s, d("2026-11-23"), 30);
    let hr = held_ready(&r, &s, "CK");
    assert_eq!(hr[0].1, dec("3.375"));
    assert_eq!(hr[0].2, dec("3.25"));
    assert_eq!(r.everything.stock.lots_expired, 1);
    assert_eq!(r.everything.stock.lots_expiring, 1);
    assert_eq!(r.everything.saturation(), Some(dec("100")));
    let r = evaluate(&s, d("2026-11-24"), 30);
    assert_eq!(held_ready(&r, &s, "CK")[0].2, dec("0.75"));
    assert_eq!(r.everything.ready_rate(), Some(dec("25")));
    assert_eq!(r.everything.stock.lots_expiring, 0);
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
    // (2 + 1 + 1) of (2 + 1 + 2)
    assert_eq!(all.equipped_rate(), Some(dec("80")));
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
    assert_eq!(s3.ready_rate(), None);
    assert_eq!(s3.compliance_rate(), None);
    assert_eq!(s3.saturation(), None);
    assert_eq!(s3.stock.pieces, 1);
    assert_eq!(rate_text(s3.equipped_rate()), "-");
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
    assert_eq!(r.everything.lines.held, dec("1.25"));
    assert_eq!(r.everything.lines.required, dec("1.5"));
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

mod agree {
    use super::*;
    use crate::domain::stock::{is_expired, is_inspection_overdue, is_over_age};
    use proptest::prelude::*;

    proptest! {
        /// The engine's day-number rules agree with the date rules of `domain::stock`.
        #[test]
        fn engine_agrees_with_stock_rules(
            c in 0i64..4000, life in 0u32..20, last in 0i64..800, days in 0u32..400,
            exp in 0i64..800, on in 0i64..9000,
        ) {
            let base = d("2010-01-01");
            let commissioned = base + chrono::Days::new(c as u64);
            let on = base + chrono::Days::new(on as u64);
            let last = on - chrono::Days::new(last as u64);
            let exp = on + chrono::Days::new(exp as u64) - chrono::Days::new(400);
            let mut it = item("X", Category::Rescue, Tracking::Serial);
            it.life_years = Some(life);
            it.inspect_days = Some(days);
            let mut b = SnapshotBuilder::new(&[], &[], &[it], vec![], vec![]);
            b.asset("a", "X", "O", None, None, AssetStatus::Ready,
                Some(day_number(commissioned)), Some(day_number(last)), None);
            b.lot("l", "X", "O", None, Decimal::ONE, Some(day_number(exp)));
            let s = b.finish();
            let r = evaluate(&s, on, 0);
            let st = r.everything.stock;
            prop_assert_eq!(st.over_age == 1, is_over_age(Some(commissioned), Some(life), on));
            prop_assert_eq!(st.inspection_overdue == 1,
                is_inspection_overdue(Some(last), Some(days), on));
            prop_assert_eq!(st.lots_expired == 1, is_expired(Some(exp), on));
        }
    }
}
