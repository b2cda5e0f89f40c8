//! Headquarters' reports and `hq verify` from outside: `report readiness --by depot` in every
//! format and both languages, one depot's lines (`--scope`), `report stale` (exit status 0
//! whether or not a depot is listed), `hq verify` (0 when all is well), and the error on a
//! database without depots, which says how depots get there.
#![allow(clippy::unwrap_used)]

use depot_testkit::cli::Env;
use predicates::prelude::*;

/// `depot` on the headquarters database `hq.redb` in the same directory.
fn hq(env: &Env, lang: &str) -> assert_cmd::Command {
    let mut c = env.against(std::path::Path::new("hq.redb"));
    c.args(["--operator", "张强", "--lang", lang]);
    c
}

#[test]
fn headquarters_reports_by_depot_stale_and_verify() {
    let env = Env::sample();
    env.depot()
        .args(["export", "bundle", "--out", "b1"])
        .assert()
        .success();

    // The depot's own database has no depots: said, with how they get to headquarters.
    env.depot()
        .args(["report", "readiness", "--by", "depot"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("depot hq ingest"));
    env.depot()
        .args(["--lang", "zh", "report", "stale"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("总部数据库"));

    hq(&env, "en")
        .args(["hq", "ingest", "--trust-new", "b1"])
        .assert()
        .success();

    let csv = hq(&env, "en")
        .args([
            "report",
            "readiness",
            "--by",
            "depot",
            "--format",
            "csv",
            "--section",
            "by_depot",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with("depot,depot name,as of,"), "{csv}");
    assert!(csv.contains("ZD-QZ,清州市消防救援支队,"), "{csv}");
    assert!(csv.contains(",current,"), "{csv}");

    hq(&env, "zh")
        .args(["report", "readiness", "--by", "depot", "--width", "200"])
        .assert()
        .success()
        .stdout(predicate::str::contains("各库战备状态"))
        .stdout(predicate::str::contains("ZD-QZ"));
    let json = hq(&env, "en")
        .args(["report", "shortfalls", "--by", "depot", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert!(!json["shortfalls"].as_array().unwrap().is_empty());
    hq(&env, "en")
        .args([
            "report",
            "readiness",
            "--by",
            "depot",
            "--format",
            "xlsx",
            "--out",
            "hq.xlsx",
        ])
        .assert()
        .success();
    assert!(env.dir.path().join("hq.xlsx").exists());

    // One depot's lines: its readiness.csv rows; an unknown depot is named.
    let lines = hq(&env, "en")
        .args([
            "report",
            "readiness",
            "--by",
            "depot",
            "--scope",
            "ZD-QZ",
            "--format",
            "csv",
            "--section",
            "readiness",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let own = std::fs::read_to_string(env.dir.path().join("b1/readiness.csv")).unwrap();
    let lines = String::from_utf8(lines).unwrap();
    assert_eq!(
        lines.lines().skip(1).collect::<Vec<_>>(),
        own.lines().skip(1).collect::<Vec<_>>()
    );
    hq(&env, "en")
        .args(["report", "readiness", "--by", "depot", "--scope", "ZD-XX"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("ZD-XX").and(predicate::str::contains("ZD-QZ")));

    // Stale: exit status 0 listed or not.
    hq(&env, "en")
        .args(["report", "stale", "--format", "csv", "--section", "stale"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ZD-QZ").not());
    hq(&env, "en")
        .args([
            "report",
            "stale",
            "--as-of",
            "2099-01-01",
            "--format",
            "csv",
            "--section",
            "stale",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("ZD-QZ"));

    hq(&env, "en")
        .args(["hq", "verify"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "depot ZD-QZ (清州市消防救援支队) OK",
        ));
    hq(&env, "zh")
        .args(["hq", "verify", "--depot", "ZD-QZ"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "库 ZD-QZ（清州市消防救援支队）正常",
        ));
}

/// `report trend --by depot` from outside: a row per depot and date, "no bundle yet" before
/// its bundle, in both languages, the workbook written; a first date after the last refused.
#[test]
fn the_trend_by_depot() {
    let env = Env::sample();
    env.depot()
        .args(["export", "bundle", "--out", "b1"])
        .assert()
        .success();
    hq(&env, "en")
        .args(["hq", "ingest", "--trust-new", "b1"])
        .assert()
        .success();
    let span = [
        "--from",
        "2000-01-01",
        "--to",
        "2099-10-01",
        "--every",
        "quarter",
    ];
    let json = hq(&env, "en")
        .args(["report", "trend", "--by", "depot", "--format", "json"])
        .args(span)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let rows = json["by_depot"].as_array().unwrap();
    assert_eq!(rows.len(), 400);
    assert_eq!(rows[0]["state"], "no bundle yet");
    assert_eq!(rows[0]["equipped_rate"], serde_json::Value::Null);
    assert_eq!(rows[399]["state"], "bundle");
    assert_eq!(rows[399]["depot"], "ZD-QZ");
    assert!(rows[399]["equipped_rate"].as_f64().unwrap() > 50.0);
    hq(&env, "zh")
        .args(["report", "trend", "--by", "depot", "--width", "200"])
        .args(span)
        .assert()
        .success()
        .stdout(predicate::str::contains("各库战备状态变化趋势"))
        .stdout(predicate::str::contains("尚无数据包"));
    hq(&env, "en")
        .args([
            "report", "trend", "--by", "depot", "--format", "xlsx", "--out", "t.xlsx",
        ])
        .args(span)
        .assert()
        .success();
    assert!(env.dir.path().join("t.xlsx").exists());
    hq(&env, "en")
        .args([
            "report",
            "trend",
            "--by",
            "depot",
            "--from",
            "2026-05-01",
            "--to",
            "2026-04-01",
        ])
        .assert()
        .failure();
}
