//! The trend's stock changed in place ([`super::live`]) against a snapshot built afresh for
//! each date ([`as_of`]): every kind of movement that changes a record (owner, module,
//! status, location, dates, quantity), owners the register does not hold, modules that
//! standards never name, and a target of every metric.

use chrono::{DateTime, Days, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::testing::*;
use super::*;
use crate::movement::{Action, Change, NewMovement};
use crate::{AssetStatus, Metric, Target};

fn target(metric: Metric, scope: &str, value: &str) -> Target {
    Target {
        metric,
        scope: scope.parse().unwrap(),
        target: dec(value),
        deadline: d("2025-09-30"),
        source: None,
    }
}

fn reference() -> Reference {
    let (units, warehouses, mut catalog) = places_and_items();
    for i in &mut catalog {
        if i.code.as_str() == "P1" {
            i.life_years = Some(3);
            i.inspect_days = Some(60);
        }
    }
    let t = |m, s| target(m, s, "60");
    Reference {
        units,
        warehouses,
        catalog,
        standards: vec![
            line("class:level1", None, "V1", "2"),
            line("unit:S2", None, "category:protective", "2"),
            line("unit:GONE", None, "P1", "1"),
            line("warehouse:CK", Some("WATER"), "A1", "100"),
            line("warehouse:CK", Some("WATER"), "P1", "2"),
            line("warehouse:CK", Some("FOAM"), "A1", "40"),
        ],
        targets: vec![
            t(Metric::EquippedRate, ""),
            t(Metric::ReadyRate, "unit:DD"),
            t(Metric::ReadyCoverage, "category:protective"),
            t(Metric::ComplianceRate, ""),
            t(Metric::HighEndShare, "unit:ZD"),
            target(Metric::OverAge, "", "1"),
            t(Metric::Saturation, "unit:DD"),
            target(Metric::ExpiringShare, "", "30"),
            t(Metric::CircleCoverage, ""),
        ],
        modules: vec![],
    }
}

fn mv(day: NaiveDate, action: Action, barcode: &str, item: &str, qty: i64) -> NewMovement {
    NewMovement {
        at: DateTime::parse_from_rfc3339(&format!("{day}T23:30:00+08:00")).unwrap(),
        action,
        barcode: barcode.into(),
        item: item.into(),
        quantity: Decimal::from(qty),
        from: None,
        to: None,
        operator: "op".into(),
        reference: None,
        reason: None,
        changes: vec![],
    }
}

/// Places stock can go to: the register's, and `ZZ`, which it does not hold.
const PLACES: [&str; 5] = ["S1", "S2", "CK", "S3", "ZZ"];
const MODULES: [Option<&str>; 3] = [Some("WATER"), Some("FOAM"), None];

/// What a barcode is: (code, item, a lot).
const CODES: [(&str, &str, bool); 6] = [
    ("V-1", "V1", false),
    ("P-1", "P1", false),
    ("P-2", "P1", false),
    ("L-1", "A1", true),
    ("L-2", "A1", true),
    ("V-2", "V2", false),
];

/// A random ledger over a few barcodes that always applies: each barcode received first,
/// then any movement its kind allows, on random days.
fn arb_ledger() -> impl Strategy<Value = Vec<NewMovement>> {
    let step = (0u8..12, 0usize..6, 0u64..400, 1i64..50, 0usize..5);
    prop::collection::vec(step, 1..80).prop_map(|steps| {
        let mut qty = [None::<i64>; 6];
        let mut out = Vec::new();
        for (a, b, day, q, p) in steps {
            let (code, item, lot) = CODES[b];
            let day = d("2025-01-01") + Days::new(day);
            let place = PLACES[p];
            let module = MODULES[usize::from(a) % 3].map(Into::into);
            let mut m = mv(day, Action::Update, code, item, 1);
            let Some(have) = qty[b] else {
                qty[b] = Some(if lot { q } else { 1 });
                m.action = Action::Receive;
                m.quantity = Decimal::from(qty[b].unwrap_or(1));
                m.to = Some(place.into());
                m.changes.push(Change::Module(module));
                m.changes.push(if lot {
                    Change::Expires(Some(day + Days::new(q as u64 * 9)))
                } else {
                    Change::Commissioned(Some(d("2022-06-01") + Days::new(q as u64 * 20)))
                });
                out.push(m);
                continue;
            };
            if lot {
                m.quantity = Decimal::from(q.min(have));
                match a {
                    0..=2 => {
                        m.action = Action::Issue;
                        qty[b] = Some(have - q.min(have));
                    }
                    3 | 4 => {
                        m.action = Action::Receive;
                        m.quantity = Decimal::from(q);
                        qty[b] = Some(have + q);
                    }
                    5 | 6 => {
                        // The whole lot changes owner.
                        m.action = Action::Transfer;
                        m.quantity = Decimal::from(have);
                        m.to = Some(place.into());
                    }
                    7 => m.changes.push(Change::Module(module)),
                    _ => m
                        .changes
                        .push(Change::Expires(Some(day + Days::new(q as u64)))),
                }
            } else {
                match a {
                    0 | 1 => {
                        m.action = Action::Transfer;
                        m.to = Some(place.into());
                    }
                    2 => m.action = Action::RepairStart,
                    3 => m.action = Action::RepairDone,
                    4 => {
                        m.action = Action::Checkout;
                        m.to = Some(["INC-1", "S1", "ZZ", "V-9", "CK"][p].into());
                        m.changes.push(Change::Due(Some(day + Days::new(q as u64))));
                    }
                    5 => m.action = Action::Checkin,
                    6 => {
                        m.action = Action::Inspect;
                        m.changes.push(Change::LastInspected(Some(day)));
                    }
                    7 => m.changes.push(Change::Module(module)),
                    8 => m.changes.push(Change::Status(AssetStatus::OutOfService)),
                    9 => m.changes.push(Change::Owner(place.into())),
                    10 => m.action = Action::Writeoff,
                    _ => m.changes.push(Change::Commissioned(None)),
                }
            }
            out.push(m);
        }
        out
    })
}

fn replayed(
    r: &Reference,
    ledger: &[NewMovement],
    on: &[NaiveDate],
    scope: Option<&str>,
) -> Result<Option<Vec<TrendPoint>>, TrendError> {
    let mut t = Trend::new(r, scope, on.to_vec());
    for m in ledger {
        if t.push(&m.view())? == Pushed::Late {
            return Ok(None);
        }
    }
    Ok(Some(t.finish()))
}

/// Whether a replay taking `on` must stop at a movement that counts from a day it has taken
/// already, worked out plainly: each movement counts from its own day or its barcode's last,
/// and the dates before the latest such day so far are taken.
fn comes_late(ledger: &[NewMovement], on: &[NaiveDate]) -> bool {
    let mut last: std::collections::HashMap<&str, NaiveDate> = Default::default();
    let mut latest: Option<NaiveDate> = None;
    for m in ledger {
        let own = m.at.date_naive();
        let from = last.get(m.barcode.as_str()).map_or(own, |&l| l.max(own));
        let taken = on.iter().rev().find(|&&d| latest.is_some_and(|l| d < l));
        if taken.is_some_and(|&d| from <= d) {
            return true;
        }
        last.insert(m.barcode.as_str(), from);
        latest = latest.max(Some(from));
    }
    false
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn stock_changed_in_place_equals_each_date_alone(
        mut l in arb_ledger(),
        month in any::<bool>(),
        sorted in any::<bool>(),
    ) {
        if sorted {
            in_date_order(&mut l);
        }
        let r = reference();
        let every = if month { Every::Month } else { Every::Quarter };
        // Dates over the whole ledger, and dates that end half-way through it (the rest of
        // the ledger then only says when its barcodes count from).
        for to in [d("2026-03-01"), d("2025-07-15")] {
            let on = dates(d("2024-12-20"), to, every);
            for scope in [None, Some("DD"), Some("CK"), Some("S2")] {
                match replayed(&r, &l, &on, scope).unwrap() {
                    Some(points) => {
                        prop_assert!(!comes_late(&l, &on));
                        for p in &points {
                            prop_assert_eq!(p, &as_of(&r, &l, p.on, scope).unwrap());
                        }
                    }
                    None => prop_assert!(!sorted && comes_late(&l, &on)),
                }
            }
        }
    }
}

#[test]
fn a_movement_that_cannot_apply_fails_as_it_does_for_a_date_alone() {
    let r = reference();
    let day = d("2025-02-01");
    let mut receive = mv(day, Action::Receive, "V-1", "V1", 1);
    receive.to = Some("S1".into());
    let on = vec![d("2025-03-01")];
    // Another item than the barcode's: one in the catalogue, one not.
    for item in ["P1", "NOPE"] {
        let l = vec![receive.clone(), mv(day, Action::Inspect, "V-1", item, 1)];
        let alone = as_of(&r, &l, on[0], None).unwrap_err();
        assert_eq!(replayed(&r, &l, &on, None).unwrap_err(), alone, "{item}");
    }
    // A barcode that does not exist yet, and one created twice.
    for l in [
        vec![mv(day, Action::Checkin, "V-1", "V1", 1)],
        vec![receive.clone(), receive.clone()],
    ] {
        let alone = as_of(&r, &l, on[0], None).unwrap_err();
        assert_eq!(replayed(&r, &l, &on, None).unwrap_err(), alone);
    }
}
