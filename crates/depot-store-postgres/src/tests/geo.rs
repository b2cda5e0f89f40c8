//! The places' locations and travel times (schema version 10, "places located") on a server: a
//! register of version 8 gets them, and a targets' metric check that takes circle_coverage,
//! when its owner opens it; the terminals' role of the recipe writes them only as an officer.

use depot_domain::{GeoPoint, Metric, PlaceLocation, Target, TargetScope, TravelTime};
use depot_store::Store;
use rust_decimal::Decimal;

use crate::testing::TestDb;
use crate::{Mode, PgStore};

/// What makes a register of the current version one of version 8: no locations, no travel
/// times, and the metric check of a register made before circle_coverage.
const BACK_TO_8: &str = "DROP TABLE depot.digest_lines, depot.travel_times, depot.place_locations; \
     ALTER TABLE depot.targets DROP CONSTRAINT targets_metric_check, \
     ADD CONSTRAINT targets_metric_check CHECK (metric IN ('equipped_rate', 'ready_rate', \
     'ready_coverage', 'compliance_rate', 'high_end_share', 'over_age', 'saturation')); \
     UPDATE depot.schema_version SET version = 8";

#[test]
fn a_version_8_register_gets_the_places_located_and_only_an_officer_writes_them() {
    let Some(db) = TestDb::new() else { return };
    let (role, mut admin, terminal) = super::officers_register(&db);
    admin.batch_execute(BACK_TO_8).unwrap();
    // Version 8 refuses the new metric.
    let coverage = Target {
        metric: Metric::CircleCoverage,
        scope: TargetScope::Everything,
        target: Decimal::from(90),
        deadline: "2027-12-31".parse().unwrap(),
        source: None,
    };
    let e = admin
        .batch_execute(
            "INSERT INTO depot.targets (metric, scope, deadline, source, target) \
             VALUES ('circle_coverage', '', '2027-12-31', '', 90)",
        )
        .unwrap_err();
    let constraint = e.as_db_error().and_then(|d| d.constraint());
    assert_eq!(constraint, Some("targets_metric_check"), "{e:?}");

    let owner = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    assert_eq!(super::schema_version(&mut admin), crate::SCHEMA_VERSION);
    let r = owner.read().unwrap();
    assert_eq!(r.locations().unwrap(), vec![]);
    assert_eq!(r.travel_times().unwrap(), vec![]);
    drop(r);
    owner.write(|w| w.put_target(&coverage)).unwrap();

    let here = PlaceLocation {
        code: "ZHAN-1".into(),
        point: GeoPoint::new("28.7".parse().unwrap(), "118.4".parse().unwrap()).unwrap(),
    };
    let road = TravelTime {
        from: "CK".into(),
        to: "ZHAN-1".into(),
        minutes: Decimal::from(25),
    };
    let officer = Store::new(PgStore::open(&terminal, Mode::Existing).unwrap());
    officer.sign_in("王伟", &|_| None).unwrap().unwrap();
    officer
        .write(|w| {
            w.put_location(&here)?;
            w.put_travel_time(&road)
        })
        .unwrap();
    let qm = Store::new(PgStore::open(&terminal, Mode::Existing).unwrap());
    qm.sign_in("li", &|_| None).unwrap().unwrap();
    let moved = PlaceLocation {
        code: "CK".into(),
        ..here.clone()
    };
    let e = qm.write(|w| w.put_location(&moved)).unwrap_err();
    assert!(e.to_string().contains("only a signed-in officer"), "{e}");
    // A place the register does not hold is refused by the database itself.
    let nowhere = TravelTime {
        to: "NOSUCH".into(),
        ..road.clone()
    };
    assert!(owner.write(|w| w.put_travel_time(&nowhere)).is_err());
    let r = owner.read().unwrap();
    assert_eq!(r.locations().unwrap(), vec![here]);
    assert_eq!(r.travel_times().unwrap(), vec![road]);
    drop((r, owner, officer, qm, admin));
    super::drop_with_role(db, &role);
}
