#![allow(clippy::unwrap_used)]

use rust_decimal::Decimal;

use super::testing::{d, dec, item, line, unit};
use super::*;
use crate::geo::{GeoPoint, PlaceLocation, Roads, TravelTime};
use crate::{Category, Metric, Target, Tracking, UnitKind, Warehouse, WarehouseLevel};

/// Everything on the meridian 120° E, so that a tenth of a degree of latitude is
/// 11.1195 km: 14.455 minutes at the default road factor 1.3 and 60 km/h.
const KM_PER_DEGREE: f64 = 111.195_080;

fn minutes(degrees: f64) -> f64 {
    degrees * KM_PER_DEGREE * 1.3
}

fn wh(code: &str, run_by: &str) -> Warehouse {
    Warehouse {
        code: code.into(),
        name: format!("{code}名"),
        level: WarehouseLevel::County,
        unit: run_by.into(),
        agreement: false,
        partner: None,
    }
}

/// Corps ZZ, detachment ZD, brigade DD; stations S1, S2 and S4 (no location) under DD, S3
/// under ZD. CK1 holds its whole water baseline, CK2 half of it; CK3 (no location) its whole
/// mountain baseline, reached only through the travel-time table.
fn snapshot(targets: Vec<Target>) -> Snapshot {
    let units = vec![
        unit("ZZ", UnitKind::Corps, None, None),
        unit("ZD", UnitKind::Detachment, Some("ZZ"), None),
        unit("DD", UnitKind::Brigade, Some("ZD"), None),
        unit("S1", UnitKind::Station, Some("DD"), None),
        unit("S2", UnitKind::Station, Some("DD"), None),
        unit("S3", UnitKind::Station, Some("ZD"), None),
        unit("S4", UnitKind::Station, Some("DD"), None),
    ];
    let warehouses = [wh("CK1", "ZD"), wh("CK2", "DD"), wh("CK3", "DD")];
    let standards = vec![
        line("warehouse:CK1", Some("water"), "A1", "10"),
        line("warehouse:CK2", Some("water"), "A1", "10"),
        line("warehouse:CK3", Some("mountain"), "A1", "10"),
    ];
    let a1 = item("A1", Category::Rescue, Tracking::Lot);
    let mut b = SnapshotBuilder::new(&units, &warehouses, &[a1], standards, targets);
    b.lot("L1", "A1", "CK1", Some("water"), dec("10"), None);
    b.lot("L2", "A1", "CK2", Some("water"), dec("5"), None);
    b.lot("L3", "A1", "CK3", Some("mountain"), dec("10"), None);
    let mut s = b.finish();
    let at = |code: &str, lat: &str| PlaceLocation {
        code: code.into(),
        point: GeoPoint::new(dec(lat), dec("120")).unwrap(),
    };
    let locations = [
        at("ZZ", "30"),
        at("ZD", "30"),
        at("DD", "30.1"),
        at("S1", "30.2"),
        at("S2", "30.5"),
        at("S3", "31"),
        at("CK1", "30"),
        at("CK2", "30.5"),
    ];
    let time = |from: &str, to: &str, m: &str| TravelTime {
        from: from.into(),
        to: to.into(),
        minutes: dec(m),
    };
    s.set_geo(
        &locations,
        &[time("CK3", "S2", "20"), time("S1", "CK3", "25")],
    );
    s
}

fn reach(c: &Circles, s: &Snapshot, unit: &str, module: &str) -> Option<(String, f64, bool)> {
    let u = s.place_id(unit).unwrap();
    let row = c
        .units
        .iter()
        .find(|r| r.unit == u && s.module(r.module) == module)
        .unwrap();
    row.reach
        .map(|r| (s.place(r.warehouse).code.clone(), r.minutes, r.estimated))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.01
}

#[test]
fn the_nearest_stocked_warehouse_by_table_or_estimate() {
    let s = snapshot(vec![]);
    let r = evaluate(&s, d("2026-12-01"), 0);
    let c = circles(&s, &r, Within::Everything, CircleSpec::default());
    assert_eq!(c.modules.len(), 2);
    // CK2 holds half its baseline: below 80 %, it serves nobody.
    let (wh, m, est) = reach(&c, &s, "S2", "water").unwrap();
    assert_eq!((wh.as_str(), est), ("CK1", true));
    assert!(close(m, minutes(0.5)), "{m}");
    let (wh, m, _) = reach(&c, &s, "S3", "water").unwrap();
    assert_eq!(wh, "CK1");
    assert!(close(m, minutes(1.0)), "{m}");
    // CK3 has no location: the table's times only, either way round.
    assert_eq!(
        reach(&c, &s, "S2", "mountain"),
        Some(("CK3".into(), 20.0, false))
    );
    assert_eq!(
        reach(&c, &s, "S1", "mountain"),
        Some(("CK3".into(), 25.0, false))
    );
    assert_eq!(reach(&c, &s, "DD", "mountain"), None);
    assert_eq!(c.unlocated, vec![s.place_id("S4").unwrap()]);
    // Water: ZZ, ZD, DD, S1 inside their own circle, S2 (county, 72 min) and S3 (city,
    // 145 min) not; mountain: S1 and S2 only.
    assert_eq!(c.coverage(), Some(dec("50")));
    let mountain = s.modules.iter().position(|m| m == "mountain").unwrap() as u16;
    assert_eq!(
        c.coverage_in(Some(mountain)),
        percent(Decimal::from(2), Decimal::from(6))
    );
    assert_eq!(c.outside(), 6);
    assert_eq!((c.from_table, c.estimated), (2, 6));

    // A lower threshold lets CK2 serve: S2 is at it, S3 half a degree from it.
    let low = CircleSpec {
        threshold: dec("50"),
        ..CircleSpec::default()
    };
    let c = circles(&s, &r, Within::Everything, low);
    assert_eq!(
        reach(&c, &s, "S2", "water"),
        Some(("CK2".into(), 0.0, true))
    );
    let (wh, m, _) = reach(&c, &s, "S3", "water").unwrap();
    assert_eq!(wh, "CK2");
    assert!(close(m, minutes(0.5)), "{m}");
    // DD: CK1 a tenth of a degree away, CK2 four tenths.
    assert_eq!(reach(&c, &s, "DD", "water").unwrap().0, "CK1");

    // The road factor and the speed make the estimate.
    let straight = CircleSpec {
        roads: Roads {
            factor: 1.0,
            kmh: 30.0,
        },
        ..CircleSpec::default()
    };
    let c = circles(&s, &r, Within::Everything, straight);
    let (_, m, _) = reach(&c, &s, "S2", "water").unwrap();
    assert!(close(m, 0.5 * KM_PER_DEGREE * 2.0), "{m}");
}

#[test]
fn areas_list_the_units_outside_their_circle() {
    let s = snapshot(vec![]);
    let r = evaluate(&s, d("2026-12-01"), 0);
    let water = CircleSpec {
        module: s
            .modules
            .iter()
            .position(|m| m == "water")
            .map(|m| m as u16),
        ..CircleSpec::default()
    };
    let c = circles(&s, &r, Within::Everything, water);
    let rows: Vec<(&str, CircleLevel, u32, Vec<&str>)> = c
        .areas
        .iter()
        .map(|a| {
            let outside = a
                .outside
                .iter()
                .map(|i| s.place(c.units[*i as usize].unit).code.as_str())
                .collect();
            (s.place(a.area).code.as_str(), a.level, a.units, outside)
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("ZZ", CircleLevel::Province, 6, vec!["S3"]),
            ("ZD", CircleLevel::City, 5, vec!["S2", "S3"]),
            ("DD", CircleLevel::County, 3, vec!["S2"]),
        ]
    );
    let seat = c.areas[2].seat.unwrap();
    assert_eq!(s.place(seat.warehouse).code, "CK1");
    assert!(close(seat.minutes, minutes(0.1)));
    // A scope: the brigade and what lies below it.
    let dd = Within::Place(s.place_id("DD").unwrap());
    let c = circles(&s, &r, dd, water);
    assert_eq!(c.areas.len(), 1);
    assert_eq!(c.units.len(), 3);
}

#[test]
fn the_circle_coverage_target() {
    let target = |scope: &str, value: &str, deadline: &str| Target {
        metric: Metric::CircleCoverage,
        scope: scope.parse().unwrap(),
        target: dec(value),
        deadline: d(deadline),
        source: None,
    };
    let s = snapshot(vec![
        target("", "75", "2027-12-31"),
        target("unit:DD", "50", "2027-12-31"),
        target("category:rescue", "50", "2027-12-31"),
        target("unit:NOSUCH", "50", "2025-12-31"),
    ]);
    let got: Vec<_> = judge_targets(&s, d("2026-12-01"))
        .iter()
        .map(|t| (t.actual, t.status, t.gap, t.gap_unit))
        .collect();
    let u = GapUnit::UnitModules;
    assert_eq!(
        got,
        [
            // 6 of 12 inside; 75 % needs 9.
            (Some(dec("50")), TargetStatus::Behind, 3, u),
            // DD, S1, S2: water DD and S1, mountain S1 and S2 inside: 4 of 6.
            (
                Some(percent(Decimal::from(4), Decimal::from(6)).unwrap()),
                TargetStatus::Met,
                0,
                u
            ),
            (None, TargetStatus::Behind, 0, u),
            (None, TargetStatus::Missed, 0, u),
        ]
    );
}
