//! Importing again: unchanged rows are no error and add nothing, changed ones land through a
//! movement; dry runs; and the export → import round trip.

use predicates::prelude::*;

use depot_testkit::cli;
use depot_testkit::cli::{ASSETS_HEADER, Env, LOTS_HEADER};
use depot_testkit::register::sample_dir;

/// The last line of the movements export, split into cells (the tests' values hold no commas).
fn last_movement(env: &Env) -> Vec<String> {
    let m = env.export("movements");
    m.lines()
        .last()
        .unwrap()
        .split(',')
        .map(String::from)
        .collect()
}

#[test]
fn reimporting_the_sample_changes_nothing() {
    let env = Env::sample();
    let before = env.snapshot();
    env.depot()
        .args(["import"])
        .arg(sample_dir())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("assets: 0 new, 0 changed, 3390 unchanged")
                .and(predicate::str::contains(
                    "lots: 0 new, 0 changed, 300 unchanged",
                ))
                .and(predicate::str::contains(
                    "units: 0 new, 0 changed, 33 unchanged",
                ))
                .and(predicate::str::contains("; 0 movements")),
        );
    assert_eq!(before, env.snapshot());
    env.verify_ok();
}

#[test]
fn a_changed_asset_row_lands_one_update_movement() {
    let env = Env::reference();
    let row = "QZR001,V-SG,SN1,ZHAN-0001,,,ready,2020-01-01,2026-01-01,";
    env.write("a.csv", format!("{ASSETS_HEADER}{row}\n"));
    env.depot()
        .args(["import", "assets", "a.csv"])
        .assert()
        .success();
    let n = env.movement_count();

    // New status and new owner on the same row.
    let changed = "QZR001,V-SG,SN1,ZHAN-0101,,,out_of_service,2020-01-01,2026-01-01,";
    env.write("a.csv", format!("{ASSETS_HEADER}{changed}\n"));
    env.depot()
        .args(["import", "assets", "a.csv"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "assets: 0 new, 1 changed, 0 unchanged; 1 movements",
        ));
    assert_eq!(env.movement_count(), n + 1);
    let m = last_movement(&env);
    assert_eq!((m[2].as_str(), m[3].as_str()), ("update", "QZR001"));
    assert_eq!(m[8], cli::OPERATOR);
    let detail = m.last().unwrap();
    assert!(detail.contains("owner=ZHAN-0101"), "{detail}");
    assert!(detail.contains("status=out_of_service"), "{detail}");
    let assets = env.export("assets");
    assert!(assets.contains(&format!("{changed}\n")), "{assets}");
    env.verify_ok();

    // The same file again: nothing more.
    env.depot()
        .args(["import", "assets", "a.csv"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "assets: 0 new, 0 changed, 1 unchanged; 0 movements",
        ));
    assert_eq!(env.movement_count(), n + 1);
}

#[test]
fn a_changed_lot_quantity_lands_an_adjust_movement() {
    let env = Env::reference();
    env.write(
        "l.csv",
        format!("{LOTS_HEADER}QZR010,A-GF,B1,CK-SJ,,100,,\n"),
    );
    env.depot()
        .args(["import", "lots", "l.csv"])
        .assert()
        .success();
    let n = env.movement_count();
    // Sandbags (O-SD) are counted in 个: a fractional quantity is a bad row, naming the unit.
    env.write(
        "s.csv",
        format!("{LOTS_HEADER}QZR011,O-SD,B1,CK-SJ,,87.5,,\n"),
    );
    env.depot()
        .args(["import", "lots", "s.csv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("个 counts whole pieces"));
    assert_eq!(env.movement_count(), n);
    // Dry powder (A-GF) is weighed in kg.
    env.write(
        "l.csv",
        format!("{LOTS_HEADER}QZR010,A-GF,B1,CK-SJ,,87.5,,\n"),
    );
    env.depot()
        .args(["import", "lots", "l.csv"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "lots: 0 new, 1 changed, 0 unchanged; 1 movements",
        ));
    assert_eq!(env.movement_count(), n + 1);
    let m = last_movement(&env);
    assert_eq!(
        (m[2].as_str(), m[3].as_str(), m[5].as_str()),
        ("adjust", "QZR010", "-12.5")
    );
    assert!(
        env.export("lots")
            .contains("QZR010,A-GF,B1,CK-SJ,,87.5,,\n")
    );
    env.verify_ok();
}

#[test]
fn a_good_dry_run_says_what_it_would_do_and_changes_nothing() {
    let env = Env::sample();
    env.write(
        "a.csv",
        format!(
            "{ASSETS_HEADER}QZN001,V-SG,,ZHAN-0001,,,,2020-01-01,,\n\
             QZ56977190,V-JY,LQZ8LMF11MB121209,ZHAN-0001,,,ready,2012-02-25,2026-09-28,清A·1653应急\n"
        ),
    );
    let before = env.snapshot();
    env.depot()
        .args(["import", "assets", "a.csv", "--dry-run"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("dry run, nothing was changed").and(predicate::str::contains(
                "assets: 1 new, 1 changed, 0 unchanged; 2 movements",
            )),
        );
    assert_eq!(before, env.snapshot());
    // The real import then does what the dry run said.
    env.depot()
        .args(["import", "assets", "a.csv"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "imported: assets: 1 new, 1 changed, 0 unchanged; 2 movements",
        ));
    assert_ne!(before, env.snapshot());
    env.verify_ok();
}

#[test]
fn a_bad_dry_run_reports_the_same_and_changes_nothing() {
    let env = Env::sample();
    let file = format!(
        "{ASSETS_HEADER}QZN010,NOPE,,ZHAN-0001,,,,2020-01-01,,\n\
         QZN011,V-SG,,ZHAN-0001,,,,2019-02-30,,\n"
    );
    let real = env.refused("assets", "a.csv", &file);
    std::fs::remove_file(env.path("a.rejected.csv")).unwrap();
    let dry = env.refused_cmd(&["import", "assets", "a.csv", "--dry-run"]);
    let errors =
        |s: &str| -> Vec<String> { cli::error_lines(s).into_iter().map(String::from).collect() };
    assert_eq!(errors(&real), errors(&dry));
    assert_eq!(errors(&dry).len(), 2, "{dry}");
    // A dry run writes nothing, not even the rejects file.
    assert!(!env.path("a.rejected.csv").exists());
}

#[test]
fn assets_and_lots_round_trip_through_export_and_import() {
    let first = Env::sample();
    let assets = first.export("assets");
    let lots = first.export("lots");

    let second = Env::reference();
    second.write("rt/assets.csv", &assets);
    second.write("rt/lots.csv", &lots);
    second
        .depot()
        .args(["import", "rt"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("assets: 3390 new")
                .and(predicate::str::contains("lots: 300 new")),
        );
    assert_eq!(second.export("assets"), assets);
    assert_eq!(second.export("lots"), lots);
    second.verify_ok();
}

#[test]
fn an_excel_mode_export_imports_back_to_the_same_register() {
    let first = Env::sample();
    let file = first.path("assets-excel.csv");
    first
        .depot()
        .args(["export", "assets", "--excel", "--out"])
        .arg(&file)
        .assert()
        .success();
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF") && bytes.windows(2).any(|w| w == b"\r\n"));

    let second = Env::reference();
    second
        .depot()
        .args(["import", "assets"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("assets: 3390 new"));
    assert_eq!(second.export("assets"), first.export("assets"));
    second.verify_ok();
}
