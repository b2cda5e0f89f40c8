//! The rules of the engine on hand-made registers.

#![allow(clippy::unwrap_used)]

use rust_decimal::Decimal;

use super::testing::*;
use super::*;
use crate::{AssetStatus, Category, UnitKind};
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
