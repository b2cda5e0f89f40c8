//! The rotation plan against an independent computation on a test register: each lot's
//! expiry month summed by module, the share of each module's baseline, the purchases that keep
//! every baseline whole, and the lots to use first in expiry order.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::testing::{d, dec, item, line, unit};
use super::*;
use crate::stock::day_number;
use crate::{Category, StandardLine, StationClass, Tracking, UnitKind, Warehouse, WarehouseLevel};

/// A lot of the test register: owner, module, item, quantity, expiry.
type Lot = (
    &'static str,
    Option<&'static str>,
    &'static str,
    u32,
    Option<NaiveDate>,
);

fn standards() -> Vec<StandardLine> {
    vec![
        line("warehouse:CK", Some("water"), "A1", "100"),
        line("warehouse:CK", Some("water"), "A2", "40"),
        line("warehouse:CK", Some("geological"), "A1", "50"),
        // A serialized item: part of the module's baseline, never expiring, never bought here.
        line("warehouse:CK", Some("geological"), "P1", "3"),
        line("warehouse:CK2", Some("water"), "A1", "30"),
        line("unit:S1", None, "A2", "5"),
    ]
}

/// A detachment ZD running warehouses CK and CK2, station S1 below it; lot items A1, A2, and
/// a serialized item P1.
fn snapshot(lots: &[Lot]) -> Snapshot {
    let units = vec![
        unit("ZD", UnitKind::Detachment, None, None),
        unit(
            "S1",
            UnitKind::Station,
            Some("ZD"),
            Some(StationClass::Level1),
        ),
    ];
    let wh = |code: &str| Warehouse {
        code: code.into(),
        name: format!("{code}库"),
        level: WarehouseLevel::City,
        unit: "ZD".into(),
        agreement: false,
        partner: None,
    };
    let items = [
        item("A1", Category::Agent, Tracking::Lot),
        item("A2", Category::Supply, Tracking::Lot),
        item("P1", Category::Protective, Tracking::Serial),
    ];
    let mut b = SnapshotBuilder::new(&units, &[wh("CK"), wh("CK2")], &items, standards(), vec![]);
    for (i, (owner, module, it, q, e)) in lots.iter().enumerate() {
        b.lot(
            &format!("L{i:03}"),
            it,
            owner,
            *module,
            Decimal::from(*q),
            e.map(day_number),
        );
    }
    b.finish()
}

fn ym(d: NaiveDate) -> (i32, u32) {
    (d.year(), d.month())
}

/// The last day of the plan: 24 months after the start of the as-of month (quarter).
fn horizon_end(on: NaiveDate, every: Every) -> NaiveDate {
    let month = match every {
        Every::Month => on.month(),
        Every::Quarter => (on.month() - 1) / 3 * 3 + 1,
    };
    let first = NaiveDate::from_ymd_opt(on.year(), month, 1).unwrap();
    first
        .checked_add_months(Months::new(24))
        .unwrap()
        .pred_opt()
        .unwrap()
}

/// Independently: Σ quantity by (owner, module, item, expiry month) of the lots with a module
/// expiring from `on` to the horizon's end.
fn by_month(
    lots: &[Lot],
    on: NaiveDate,
    every: Every,
) -> BTreeMap<(String, String, String, (i32, u32)), Decimal> {
    let mut m = BTreeMap::new();
    for (owner, module, it, q, e) in lots {
        if let (Some(md), Some(e)) = (module, e)
            && on <= *e
            && *e <= horizon_end(on, every)
        {
            *m.entry((owner.to_string(), md.to_string(), it.to_string(), ym(*e)))
                .or_insert(Decimal::ZERO) += Decimal::from(*q);
        }
    }
    m
}

/// The plan's expiring quantities keyed the same way.
fn plan_by_month(
    s: &Snapshot,
    r: &Rotation,
) -> BTreeMap<(String, String, String, (i32, u32)), Decimal> {
    let mut m = BTreeMap::new();
    for row in &r.rows {
        for (k, q) in row.expiring.iter().enumerate() {
            if !q.is_zero() {
                let key = (
                    s.place(row.owner).code.clone(),
                    s.module(row.module).to_owned(),
                    s.item(row.item).code.to_string(),
                    ym(r.periods[k].end),
                );
                m.insert(key, *q);
            }
        }
    }
    m
}

fn lot_strategy(on: NaiveDate) -> impl Strategy<Value = Lot> {
    (
        prop::sample::select(vec!["CK", "CK2", "S1"]),
        prop::sample::select(vec![Some("water"), Some("geological"), None]),
        prop::sample::select(vec!["A1", "A2"]),
        1u32..60,
        prop::option::weighted(0.9, -90i64..900),
    )
        .prop_map(move |(o, m, i, q, e)| (o, m, i, q, e.map(|e| on + chrono::Duration::days(e))))
}

proptest! {
    #[test]
    fn the_plan_equals_an_independent_computation(
        lots in prop::collection::vec(lot_strategy(d("2026-11-23")), 0..40),
        quarter in any::<bool>(),
    ) {
        let on = d("2026-11-23");
        let s = snapshot(&lots);
        let every = if quarter { Every::Quarter } else { Every::Month };
        let r = rotation(&s, Within::Everything, on, every, dec("25"));
        let want = by_month(&lots, on, every);
        if every == Every::Month {
            prop_assert_eq!(plan_by_month(&s, &r), want.clone());
        }
        // By module, per period (months summed into quarters independently).
        let period_of = |e: (i32, u32)| match every {
            Every::Month => e,
            Every::Quarter => (e.0, (e.1 - 1) / 3),
        };
        let mut want_mod: BTreeMap<(String, String, (i32, u32)), Decimal> = BTreeMap::new();
        for ((o, m, _, e), q) in &want {
            *want_mod.entry((o.clone(), m.clone(), period_of(*e))).or_default() += q;
        }
        let mut got_mod: BTreeMap<(String, String, (i32, u32)), Decimal> = BTreeMap::new();
        for row in &r.rows {
            for (k, q) in row.expiring.iter().enumerate().filter(|(_, q)| !q.is_zero()) {
                let key = (s.place(row.owner).code.clone(), s.module(row.module).to_owned(),
                    period_of(ym(r.periods[k].end)));
                *got_mod.entry(key).or_default() += q;
            }
        }
        prop_assert_eq!(&got_mod, &want_mod);
        // The share of a module's baseline: the mean over its lines of min(expiring/required, 1).
        for ms in &r.modules {
            let (o, m) = (s.place(ms.owner).code.clone(), s.module(ms.module).to_owned());
            let lines: Vec<_> = standards().into_iter()
                .filter(|l| l.scope.to_string() == format!("warehouse:{o}")
                    && l.module.as_ref().map(|x| x.as_str()) == Some(m.as_str()))
                .collect();
            prop_assert_eq!(ms.lines, lines.len());
            let sum: Decimal = lines.iter().map(|l| {
                let e = want.iter()
                    .filter(|((wo, wm, wi, wym), _)| *wo == o && *wm == m
                        && *wi == l.what.to_string() && period_of(*wym) == period_of(ym(r.periods[ms.period].end)))
                    .map(|(_, q)| *q).sum::<Decimal>();
                line_ratio(e, l.required)
            }).sum();
            let share = percent(sum, Decimal::from(lines.len() as u64)).unwrap();
            prop_assert_eq!(ms.share, share);
            prop_assert_eq!(ms.over, share > dec("25"));
        }
        // Every period where a module loses some of its baseline is listed.
        let losing: std::collections::BTreeSet<_> = want
            .keys()
            .filter(|(o, m, i, _)| {
                standards().iter().any(|l| {
                    l.scope.to_string() == format!("warehouse:{o}")
                        && l.module.as_ref().map(|x| x.as_str()) == Some(m.as_str())
                        && l.what.to_string() == *i
                })
            })
            .map(|(o, m, _, e)| (o.clone(), m.clone(), period_of(*e)))
            .collect();
        prop_assert_eq!(r.modules.len(), losing.len());
        // The purchases keep every baseline whole through every period, and buy no more.
        for (i, row) in r.rows.iter().enumerate() {
            let Some(base) = row.required else { continue };
            let mut have = row.held;
            for (k, lost) in row.expiring.iter().enumerate() {
                have -= lost;
                let bought: Decimal = r.buys.iter().filter(|b| b.row == i && b.period == k)
                    .map(|b| b.quantity).sum();
                have += bought;
                prop_assert!(have >= base);
                if !bought.is_zero() {
                    prop_assert_eq!(have, base);
                }
            }
        }
        for b in &r.buys {
            prop_assert_eq!(b.cost, Some(b.quantity * Decimal::from(1000)));
        }
        // Lots to use first: those expiring within the plan, earliest first.
        let n = lots.iter().filter(|(_, m, _, _, e)| m.is_some()
            && e.is_some_and(|e| on <= e && e <= horizon_end(on, every))).count();
        prop_assert_eq!(r.use_first.len(), n);
        prop_assert!(r.use_first.windows(2).all(|w| w[0].expires <= w[1].expires));
    }
}

#[test]
fn a_month_that_takes_more_than_the_threshold_is_flagged_and_bought_for() {
    let on = d("2026-11-23");
    let lots: Vec<Lot> = vec![
        ("CK", Some("water"), "A1", 60, Some(d("2027-01-31"))),
        ("CK", Some("water"), "A1", 40, Some(d("2027-03-01"))),
        ("CK", Some("water"), "A2", 40, None),
        // Expired before the as-of date: not held, not in the plan.
        ("CK", Some("water"), "A1", 99, Some(d("2026-11-22"))),
        ("CK2", Some("water"), "A1", 30, Some(d("2028-12-01"))),
    ];
    let s = snapshot(&lots);
    let r = rotation(&s, Within::Everything, on, Every::Month, dec("25"));
    assert_eq!(r.periods.len(), 24);
    assert_eq!(r.periods[0].start, on);
    assert_eq!(r.periods[23].end, d("2028-10-31"));
    // January: 60 of water's A1 line of 100 (0.6) and nothing of A2: (0.6 + 0) / 2 = 30 %.
    let jan = r.modules.iter().find(|m| m.period == 2).unwrap();
    assert_eq!((jan.share, jan.over), (dec("30"), true));
    let mar = r.modules.iter().find(|m| m.period == 4).unwrap();
    assert_eq!((mar.share, mar.over), (dec("20"), false));
    assert_eq!(r.expiring_share(&s, Within::Everything), Some(dec("30")));
    // Beyond the plan: CK2's lot, December 2028.
    assert_eq!(r.use_first.len(), 2);
    assert_eq!(s.lot_barcode(r.use_first[0].lot), "L000");
    // S1's standard counts A2, not A1: no station to send A1 to.
    assert!(r.use_first[0].to.is_empty());
    // Geological A1 is short of its 50 already: bought now (its P1 pieces are not lots, and
    // not bought here); water's A1 as its lots expire.
    let buys: Vec<_> = r.buys.iter().map(|b| (b.by, b.quantity)).collect();
    assert_eq!(
        buys,
        [
            (on, dec("50")),
            (d("2027-01-31"), dec("60")),
            (d("2027-03-01"), dec("40"))
        ]
    );
    assert_eq!(r.buys[1].cost, Some(dec("60000")));
    let q = rotation(&s, Within::Everything, on, Every::Quarter, dec("25"));
    assert_eq!(q.periods.len(), 8);
    assert_eq!(q.periods[0].label(Every::Quarter), "2026-Q4");
    assert_eq!(q.periods[1].label(Every::Quarter), "2027-Q1");
    // Both January and March fall in the first quarter of 2027: all of A1's 100.
    assert_eq!(q.modules[0].share, dec("50"));
}

#[test]
fn the_expiring_share_target_is_the_largest_month_and_lower_is_better() {
    let on = d("2026-11-23");
    let lots: Vec<Lot> = vec![
        ("CK", Some("water"), "A1", 60, Some(d("2027-01-31"))),
        ("CK", Some("water"), "A1", 40, Some(d("2027-03-01"))),
    ];
    let mut s = snapshot(&lots);
    let target = |scope: &str, value: &str, deadline: &str| crate::Target {
        metric: crate::Metric::ExpiringShare,
        scope: scope.parse().unwrap(),
        target: dec(value),
        deadline: d(deadline),
        source: None,
    };
    s.targets = vec![
        target("", "20", "2027-12-31"),
        target("unit:ZD", "30", "2027-12-31"),
        target("unit:S1", "10", "2025-12-31"),
        target("category:supply", "10", "2025-12-31"),
        target("", "15", "2025-12-31"),
        target("unit:NOSUCH", "50", "2027-12-31"),
    ];
    let r = judge_targets(&s, on);
    let got: Vec<_> = r.iter().map(|t| (t.actual, t.status, t.gap)).collect();
    assert_eq!(
        got,
        [
            // January takes 30 % of water's baseline at CK; March 20 %, not more than 20.
            (Some(dec("30")), TargetStatus::Behind, 1),
            (Some(dec("30")), TargetStatus::Met, 0),
            // S1 has no module baseline: nothing to measure.
            (None, TargetStatus::Missed, 0),
            // The supply lines (A2) lose nothing.
            (Some(Decimal::ZERO), TargetStatus::Met, 0),
            (Some(dec("30")), TargetStatus::Missed, 2),
            (None, TargetStatus::Behind, 0),
        ]
    );
    assert!(r.iter().all(|t| t.gap_unit == GapUnit::ModuleMonths));
}
