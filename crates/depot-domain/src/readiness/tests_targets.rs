//! Targets, shortfalls and the replacement plan on hand-made registers.

#![allow(clippy::unwrap_used)]

use rust_decimal::Decimal;

use super::testing::{d, dec, dn, line, put, register};
use super::*;
use crate::{AssetStatus, Metric, Target};

fn target(metric: Metric, scope: &str, value: &str, deadline: &str) -> Target {
    Target {
        metric,
        scope: scope.parse().unwrap(),
        target: dec(value),
        deadline: d(deadline),
        source: None,
    }
}

#[test]
fn targets_are_met_on_track_or_behind_with_the_gap() {
    let mut b = register(vec![
        line("unit:S1", None, "P1", "2"),
        line("unit:S2", None, "P1", "1"),
    ]);
    put(&mut b, "a", "P1", "S1");
    put(&mut b, "b", "P1", "S2");
    b.asset(
        "v",
        "V1",
        "S3",
        None,
        None,
        AssetStatus::Ready,
        dn("2010-01-01"),
        dn("2026-06-01"),
        None,
    );
    let mut s = b.finish();
    s.targets = vec![
        target(Metric::ComplianceRate, "", "100", "2025-12-31"),
        target(Metric::ComplianceRate, "unit:DD", "50", "2027-12-31"),
        target(Metric::ComplianceRate, "unit:DD", "50", "2025-12-31"),
        target(Metric::OverAge, "", "0", "2024-12-31"),
        target(Metric::OverAge, "", "0", "2026-12-31"),
        target(Metric::HighEndShare, "category:vehicle", "30", "2026-12-31"),
    ];
    let r = judge_targets(&s, d("2026-11-23"));
    let st: Vec<TargetStatus> = r.iter().map(|t| t.status).collect();
    assert_eq!(
        st,
        [
            TargetStatus::Missed,
            TargetStatus::Met,
            TargetStatus::Met,
            TargetStatus::Missed,
            TargetStatus::Behind,
            TargetStatus::Met,
        ]
    );
    assert_eq!(r[0].actual, Some(dec("50")));
    assert_eq!((r[0].gap, r[0].gap_unit), (1, GapUnit::Places));
    // DD has S1 (short) and S2 (equipped): 50 %, judged on the report date.
    assert!(r.iter().all(|t| t.judged_on == d("2026-11-23")));
    // Over-age is judged as of the report date, not on the deadline (finding 2): the vehicle
    // reached its life end on 2025-01-01, and the target of 0 by 2024-12-31 is missed.
    assert_eq!(r[3].actual, Some(Decimal::ONE));
    assert_eq!((r[3].gap, r[3].gap_unit), (1, GapUnit::OverAgePieces));
    assert_eq!((r[4].gap, r[4].status), (1, TargetStatus::Behind));
}

#[test]
fn rate_targets_count_their_gap_in_lines_and_pieces() {
    let mut b = register(vec![
        line("unit:S1", None, "P1", "4"),
        line("unit:S2", None, "P1", "1"),
        line("unit:S3", None, "A1", "1000"),
    ]);
    put(&mut b, "a", "P1", "S1");
    put(&mut b, "b", "P1", "S2");
    b.lot("l", "A1", "S3", None, dec("1000"), None);
    let mut s = b.finish();
    s.targets = vec![
        target(Metric::EquippedRate, "", "100", "2027-12-31"),
        target(Metric::EquippedRate, "", "80", "2027-12-31"),
        target(Metric::ReadyRate, "", "100", "2027-12-31"),
    ];
    let r = judge_targets(&s, d("2026-11-23"));
    // (0.25 + 1 + 1) / 3 = 75 %: one line to bring up for 100 %, one for 80 %.
    assert_eq!(r[0].actual.map(|a| a.round_dp(2)), Some(dec("75")));
    assert_eq!((r[0].gap, r[0].gap_unit), (1, GapUnit::Lines));
    assert_eq!(r[1].gap, 1);
    // Two pieces, both ready: the 1000 kg of the lot do not count in the ready rate.
    assert_eq!(r[2].actual, Some(dec("100")));
    assert_eq!(r[2].status, TargetStatus::Met);
}

#[test]
fn shortfalls_point_at_spare_stock_nearest_first() {
    let mut b = register(vec![
        line("unit:S1", None, "P1", "3"),
        line("unit:S2", None, "P1", "2"),
    ]);
    put(&mut b, "a", "P1", "S1");
    for i in 0..4 {
        put(&mut b, &format!("s2-{i}"), "P1", "S2");
    }
    for i in 0..5 {
        put(&mut b, &format!("s3-{i}"), "P1", "S3");
    }
    let s = b.finish();
    let r = evaluate(&s, d("2026-11-23"), 0);
    let all = shortfalls(&s, &r, Within::Everything);
    assert_eq!(all.len(), 1);
    let f = &all[0];
    assert_eq!((f.missing, f.not_ready), (dec("2"), dec("2")));
    let from: Vec<(&str, Decimal)> = f
        .sources
        .iter()
        .map(|x| (s.place(x.place).code.as_str(), x.spare))
        .collect();
    // S2 is a sibling (2 steps) and can give 2 without falling short; S3 is not needed.
    assert_eq!(from, [("S2", dec("2"))]);
    // Outside the scope: nothing.
    let s3 = s.place_id("S3").unwrap();
    assert!(shortfalls(&s, &r, Within::Place(s3)).is_empty());
}

/// V1 engines commissioned in 2010 (over-age by 2025), inspected, ready: (barcode, owner).
fn over_age_engines(b: &mut SnapshotBuilder, pieces: &[(&str, &str)]) {
    for (code, owner) in pieces {
        b.asset(
            code,
            "V1",
            owner,
            None,
            None,
            AssetStatus::Ready,
            dn("2010-03-01"),
            dn("2026-06-01"),
            None,
        );
    }
}

#[test]
fn plan_replaces_what_raises_the_ready_rate_first_and_carries_the_rest() {
    let mut b = register(vec![line("unit:S1", None, "V1", "1")]);
    // Over-age on the report date: at S3 (no line: no gain) and at S1 (its line).
    over_age_engines(&mut b, &[("old-s3", "S3"), ("old-s1", "S1")]);
    let s = b.finish();
    let rows = replacements(&s, Within::Everything);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].due_year, 2025);
    let by_year = totals_by_year(&rows);
    assert_eq!(by_year[0].1.cost, dec("4000000"));
    let budgets = [
        Budget {
            year: 2026,
            amount: dec("2500000"),
        },
        Budget {
            year: 2027,
            amount: dec("2000000"),
        },
    ];
    let p = plan(&s, Within::Everything, d("2026-11-23"), &budgets);
    assert_eq!(p.baseline.ready_rate(), Some(Decimal::ZERO));
    let y = &p.years[0];
    assert_eq!(y.replaced.len(), 1);
    assert_eq!(s.asset_barcode(y.replaced[0]), "old-s1");
    assert_eq!((y.carried, y.spent), (1, dec("2000000")));
    assert_eq!(y.figures.ready_coverage(), Some(dec("100")));
    // old-s3 is still over-age: one of two pieces ready.
    assert_eq!(y.figures.ready_rate(), Some(dec("50")));
    assert_eq!(y.figures.stock.over_age, 1);
    let y = &p.years[1];
    assert_eq!(y.replaced.len(), 1);
    assert_eq!(s.asset_barcode(y.replaced[0]), "old-s3");
    assert_eq!(y.figures.stock.over_age, 0);
    assert_eq!(p.unpriced, 0);
}

#[test]
fn plan_ranks_by_ready_coverage_every_line_weighing_the_same() {
    // S1 lacks its one engine; S2 lacks 10 of 10 by two lines. Σ min(ready, required) (version
    // 1) would rank S2's piece first (it counts for two lines); version 2 weighs each line the
    // same, and the engine S1 lacks raises ready coverage by a whole line.
    let mut b = register(vec![
        line("unit:S1", None, "V1", "1"),
        line("unit:S2", None, "V1", "10"),
        line("unit:S2", None, "category:vehicle", "10"),
    ]);
    over_age_engines(&mut b, &[("s1-old", "S1"), ("s2-old", "S2")]);
    let s = b.finish();
    let budgets = [Budget {
        year: 2026,
        amount: dec("2000000"),
    }];
    let p = plan(&s, Within::Everything, d("2026-11-23"), &budgets);
    let y = &p.years[0];
    assert_eq!(y.replaced.len(), 1);
    assert_eq!(s.asset_barcode(y.replaced[0]), "s1-old");
    assert_eq!(
        y.figures.ready_coverage().map(|c| c.round_dp(2)),
        Some(dec("33.33"))
    );
}
