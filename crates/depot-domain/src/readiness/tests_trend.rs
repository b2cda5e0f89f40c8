//! Readiness over time: one replay of the ledger agrees, date by date, with the figures
//! computed for each date alone.

use chrono::{DateTime, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::testing::*;
use super::*;
use crate::movement::{Action, Change, NewMovement};
use crate::{AssetStatus, Metric, Target};

fn reference() -> Reference {
    let (units, warehouses, catalog) = places_and_items();
    Reference {
        units,
        warehouses,
        catalog,
        standards: vec![
            line("class:level1", None, "V1", "2"),
            line("warehouse:CK", Some("WATER"), "A1", "100"),
            line("warehouse:CK", Some("WATER"), "P1", "2"),
        ],
        targets: vec![Target {
            metric: Metric::EquippedRate,
            scope: "".parse().unwrap(),
            target: dec("95"),
            deadline: d("2027-12-31"),
            source: None,
        }],
        modules: vec![],
    }
}

fn mv(
    day: &str,
    action: Action,
    barcode: &str,
    item: &str,
    qty: i64,
    to: Option<&str>,
) -> NewMovement {
    NewMovement {
        at: DateTime::parse_from_rfc3339(&format!("{day}T09:00:00+08:00")).unwrap(),
        action,
        barcode: barcode.into(),
        item: item.into(),
        quantity: Decimal::from(qty),
        from: None,
        to: to.map(Into::into),
        operator: "op".into(),
        reference: None,
        reason: None,
        changes: vec![],
    }
}

fn with(mut m: NewMovement, c: Change) -> NewMovement {
    m.changes.push(c);
    m
}

/// A year of a small register: vehicles received, inspected, sent for repair and written off,
/// a lot of agent received into the warehouse's module and issued from.
fn ledger() -> Vec<NewMovement> {
    vec![
        with(
            mv("2025-01-05", Action::Opening, "V-1", "V1", 1, Some("S1")),
            Change::Commissioned(Some(d("2010-03-01"))),
        ),
        with(
            mv("2025-01-05", Action::Opening, "V-2", "V1", 1, Some("S1")),
            Change::Commissioned(Some(d("2024-06-01"))),
        ),
        mv("2025-02-10", Action::Receive, "V-3", "V1", 1, Some("S3")),
        with(
            mv("2025-02-11", Action::Receive, "L-1", "A1", 60, Some("CK")),
            Change::Module(Some("WATER".into())),
        ),
        with(
            mv("2025-02-11", Action::Receive, "P-1", "P1", 1, Some("CK")),
            Change::Module(Some("WATER".into())),
        ),
        mv("2025-03-20", Action::RepairStart, "V-2", "V1", 1, None),
        mv("2025-04-02", Action::Issue, "L-1", "A1", 25, None),
        mv("2025-05-15", Action::RepairDone, "V-2", "V1", 1, None),
        with(
            mv("2025-06-01", Action::Inspect, "V-1", "V1", 1, None),
            Change::LastInspected(Some(d("2025-06-01"))),
        ),
        mv("2025-07-30", Action::Writeoff, "V-1", "V1", 1, None),
        with(
            mv("2025-08-03", Action::Receive, "L-2", "A1", 80, Some("CK")),
            Change::Module(Some("WATER".into())),
        ),
        with(
            mv("2025-09-09", Action::Update, "V-3", "V1", 1, None),
            Change::Status(AssetStatus::OutOfService),
        ),
    ]
}

fn replayed(
    r: &Reference,
    ledger: &[NewMovement],
    on: &[NaiveDate],
    scope: Option<&str>,
) -> Option<Vec<TrendPoint>> {
    let mut t = Trend::new(r, scope, on.to_vec());
    for m in ledger {
        if t.push(&m.view()).unwrap() == Pushed::Late {
            return None;
        }
    }
    Some(t.finish())
}

#[test]
fn dates_step_by_month_or_quarter_and_end_on_the_last_day() {
    assert_eq!(
        dates(d("2025-01-31"), d("2025-04-15"), Every::Month),
        vec![
            d("2025-01-31"),
            d("2025-02-28"),
            d("2025-03-31"),
            d("2025-04-15")
        ]
    );
    assert_eq!(
        dates(d("2025-01-01"), d("2025-07-01"), Every::Quarter),
        vec![d("2025-01-01"), d("2025-04-01"), d("2025-07-01")]
    );
    assert!(dates(d("2025-02-01"), d("2025-01-01"), Every::Month).is_empty());
}

#[test]
fn one_replay_equals_each_date_alone_and_the_figures_move() {
    let r = reference();
    let l = ledger();
    let on = dates(d("2024-12-01"), d("2025-10-01"), Every::Month);
    for scope in [None, Some("DD"), Some("CK"), Some("S3")] {
        let points = replayed(&r, &l, &on, scope).unwrap();
        assert_eq!(points.len(), on.len());
        for p in &points {
            assert_eq!(
                *p,
                as_of(&r, &l, p.on, scope).unwrap(),
                "{scope:?} {}",
                p.on
            );
        }
    }
    let points = replayed(&r, &l, &on, None).unwrap();
    let f = |i: usize| points[i].figures.clone().unwrap();
    // Before the first movement the register was not kept yet: no figures, no module, no
    // target judged (not a register holding nothing, judged missed).
    assert_eq!(points[0].figures, None);
    assert!(points[0].modules.is_empty() && points[0].targets.is_empty());
    // March: three vehicles and a protective set, V-1 over-age (15 years from 2010).
    assert_eq!(f(3).stock.pieces, 4);
    assert_eq!(f(3).stock.over_age, 1);
    // April: V-2 under repair; May: 35 of agent left of a baseline of 100.
    assert_eq!(f(4).stock.maintenance, 1);
    let water = |i: usize| {
        points[i]
            .modules
            .iter()
            .find(|(m, _)| m == "WATER")
            .unwrap()
            .1
    };
    assert!(water(5).equipped_rate() < water(4).equipped_rate());
    // August: V-1 written off, no longer over-age; September: the agent back above its
    // baseline.
    assert_eq!(f(8).stock.over_age, 0);
    assert!(water(9).equipped_rate() > water(8).equipped_rate());
    assert_eq!(points[8].targets.len(), 1);
    assert_eq!(points[8].targets[0].judged_on, on[8]);
}

#[test]
fn a_movement_dated_before_a_date_taken_stops_the_replay() {
    let r = reference();
    let mut l = ledger();
    // Recorded last, dated in March: the March figures were taken by then.
    l.push(mv(
        "2025-03-02",
        Action::Receive,
        "V-9",
        "V1",
        1,
        Some("S2"),
    ));
    let on = dates(d("2025-01-01"), d("2025-10-01"), Every::Month);
    assert!(replayed(&r, &l, &on, None).is_none());
    let april = as_of(&r, &l, d("2025-04-01"), None).unwrap();
    let before = as_of(&r, &l[..l.len() - 1], d("2025-04-01"), None).unwrap();
    assert_eq!(
        april.figures.unwrap().stock.pieces,
        before.figures.unwrap().stock.pieces + 1
    );
}

#[test]
fn a_movement_dated_before_its_barcodes_last_counts_from_the_last() {
    let r = reference();
    let l = vec![
        mv("2025-03-10", Action::Receive, "V-1", "V1", 1, Some("S1")),
        mv("2025-03-01", Action::Transfer, "V-1", "V1", 1, Some("S2")),
    ];
    // March 5: no movement counts yet (the receipt counts from the 10th, the transfer from
    // its barcode's last day): the ledger has not begun.
    let p = as_of(&r, &l, d("2025-03-05"), Some("S2")).unwrap();
    assert_eq!(p.figures, None);
    let p = as_of(&r, &l, d("2025-03-10"), Some("S2")).unwrap();
    assert_eq!(p.figures.unwrap().stock.pieces, 1);
    let on = vec![d("2025-03-05"), d("2025-03-10")];
    let points = replayed(&r, &l, &on, Some("S2")).unwrap();
    assert_eq!(points[0].figures, None);
    assert_eq!(points[1].figures.clone().unwrap().stock.pieces, 1);
    // With a movement before March 5 (elsewhere), S2 holds nothing on that day: zero.
    let mut l = l;
    l.insert(
        0,
        mv("2025-03-01", Action::Opening, "V-2", "V1", 1, Some("S1")),
    );
    let points = replayed(&r, &l, &on, Some("S2")).unwrap();
    assert_eq!(points[0].figures.clone().unwrap().stock.pieces, 0);
    assert_eq!(
        points[0],
        as_of(&r, &l, d("2025-03-05"), Some("S2")).unwrap()
    );
}

/// A random ledger over a few barcodes: the actions that apply to each kind, on random days.
fn arb_ledger() -> impl Strategy<Value = Vec<NewMovement>> {
    let step = (0u8..10, 0usize..6, 0i64..400, 1i64..50);
    prop::collection::vec(step, 1..60).prop_map(|steps| {
        let codes = ["V-1", "V-2", "P-1", "L-1", "L-2", "V-3"];
        let mut made = [false; 6];
        let mut qty = [0i64; 6];
        let mut out = Vec::new();
        for (a, b, day, q) in steps {
            let day = (d("2025-01-01") + chrono::Days::new(day as u64)).to_string();
            let lot = b == 3 || b == 4;
            let item = match b {
                0 | 1 | 5 => "V1",
                2 => "P1",
                _ => "A1",
            };
            let place = ["S1", "S2", "CK", "S3"][a as usize % 4];
            let m = if !made[b] {
                made[b] = true;
                qty[b] = if lot { q } else { 1 };
                let m = mv(&day, Action::Receive, codes[b], item, qty[b], Some(place));
                let m = with(m, Change::Module(Some("WATER".into())));
                if lot {
                    m
                } else {
                    with(m, Change::Commissioned(Some(d("2011-01-01"))))
                }
            } else if lot {
                let q = q.min(qty[b]);
                qty[b] -= q;
                mv(&day, Action::Issue, codes[b], item, q, None)
            } else {
                match a {
                    0 | 1 => mv(&day, Action::Transfer, codes[b], item, 1, Some(place)),
                    2 => mv(&day, Action::RepairStart, codes[b], item, 1, None),
                    3 => mv(&day, Action::RepairDone, codes[b], item, 1, None),
                    4 => mv(&day, Action::Checkout, codes[b], item, 1, Some("INC-1")),
                    5 => mv(&day, Action::Checkin, codes[b], item, 1, None),
                    _ => with(
                        mv(&day, Action::Inspect, codes[b], item, 1, None),
                        Change::LastInspected(Some(d(&day))),
                    ),
                }
            };
            out.push(m);
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn one_replay_equals_each_date_alone(mut l in arb_ledger(), sorted in any::<bool>(), quarter in any::<bool>()) {
        if sorted {
            in_date_order(&mut l);
        }
        let r = reference();
        let every = if quarter { Every::Quarter } else { Every::Month };
        let on = dates(d("2024-12-15"), d("2026-03-01"), every);
        for scope in [None, Some("DD"), Some("CK")] {
            match replayed(&r, &l, &on, scope) {
                Some(points) => {
                    for p in &points {
                        prop_assert_eq!(p, &as_of(&r, &l, p.on, scope).unwrap());
                    }
                }
                // Only a ledger out of date order stops the replay.
                None => prop_assert!(!sorted),
            }
        }
    }
}
