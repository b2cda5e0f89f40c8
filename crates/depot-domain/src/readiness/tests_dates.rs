//! The engine's day rules on hand-made registers: life ends, inspections and expiry on their
//! boundary days, 29 February, and a property that the engine's day numbers agree with the
//! date rules of `domain::stock`.

#![allow(clippy::unwrap_used)]

use rust_decimal::Decimal;

use super::testing::{d, dec, dn, held_ready, item, line, put_dated, register};
use super::*;
use crate::stock::day_number;
use crate::{AssetStatus, Category, Tracking};

#[test]
fn life_end_on_the_report_date_is_over_age() {
    let mut b = register(vec![line("unit:S1", None, "V1", "1")]);
    put_dated(&mut b, "a", "V1", "S1", dn("2011-11-23"), dn("2026-06-01"));
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
    put_dated(&mut b, "a", "V1", "S1", dn("2012-02-29"), None);
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
    put_dated(&mut b, "a", "V1", "S1", dn("2020-01-01"), dn("2025-11-23"));
    // Never inspected, and its item has an interval: overdue at once.
    put_dated(&mut b, "b", "V1", "S2", dn("2020-01-01"), None);
    // No interval: never overdue.
    put_dated(&mut b, "c", "P1", "S2", None, None);
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
    assert_eq!(r.everything.ready_coverage(), Some(dec("25")));
    // No serialized pieces: no ready rate (lots have their own expiry figures).
    assert_eq!(r.everything.ready_rate(), None);
    assert_eq!(r.everything.stock.lots_expiring, 0);
}

mod agree {
    use super::*;
    use crate::stock::{is_expired, is_inspection_overdue, is_over_age};
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
