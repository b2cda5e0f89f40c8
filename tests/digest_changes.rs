//! The digest's lines below standard against the digest last sent, on both engines and in both
//! languages, from outside: a micro station with five lines of its own (lots it receives) is
//! sent its digest; then one line gets worse, one better, one falls below standard, one is met
//! again and one stays as it was. The second send says so, lists the four and counts the one;
//! `depot digest` marks every line against what was sent, in English and Chinese. Skipped on
//! PostgreSQL, with a line, where no PostgreSQL test server runs.
#![allow(clippy::unwrap_used)]

use std::process::Command;

use depot_store_postgres::testing::TestDb;
use depot_testkit::register::{OFFICER, QM};
use depot_testkit::webhook::listener as hook;
use serde_json::Value;

const UNIT: &str = "WX-T";
const AS_OF: &str = "2026-03-01";

/// `depot` against `db` as `op` in `lang`; it must succeed: its standard output.
fn depot(db: &str, dir: &std::path::Path, op: &str, lang: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_depot"))
        .current_dir(dir)
        .args(["--db", db, "--lang", lang, "--operator", op])
        .args(args)
        .env_remove("DEPOT_OPERATOR")
        .env_remove("DEPOT_DB")
        .env_remove("DEPOT_PIN")
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The rows of `section` in a digest's JSON, each as (what, change), by what.
fn marks(v: &Value, section: &str) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = v[section]
        .as_array()
        .unwrap_or_else(|| panic!("no section {section} in {v}"))
        .iter()
        .map(|r| {
            let t = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
            (t("what"), t("change"))
        })
        .collect();
    rows.sort();
    rows
}

/// (what, change) pairs, by what.
fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = p
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    rows.sort();
    rows
}

/// The whole story on the database at `db` (`dir`: a folder for the files it imports).
fn story(db: &str, dir: &std::path::Path) {
    let run = |op: &str, args: &[&str]| depot(db, dir, op, "en", args);
    run(OFFICER, &["init", "--sample"]);
    run(OFFICER, &["operator", "add", QM, "--role", "quartermaster"]);
    std::fs::write(
        dir.join("units.csv"),
        format!("code,name,kind,parent,class\n{UNIT},测试微型消防站,micro,DD-01,\n"),
    )
    .unwrap();
    run(OFFICER, &["import", "units", "units.csv"]);
    // Five lines of the station's own, each of 10.
    let mut standards = String::from("scope,module,what,required\n");
    for item in ["A-KR", "A-GF", "S-ZC", "S-MB", "O-SD"] {
        standards.push_str(&format!("unit:{UNIT},,{item},10\n"));
    }
    std::fs::write(dir.join("standards.csv"), standards).unwrap();
    run(OFFICER, &["import", "standards", "standards.csv"]);
    let receive = |item: &str, qty: &str| {
        let out = run(QM, &["receive", item, "--qty", qty, "--to", UNIT]);
        out.trim().to_owned()
    };
    let worse = receive("A-KR", "5");
    receive("A-GF", "2");
    let new = receive("S-ZC", "10");
    receive("S-MB", "4");
    receive("O-SD", "1");

    let (url, bodies) = hook();
    run(OFFICER, &["notify", "add", UNIT, "webhook", &url]);
    let first = run(QM, &["digest", "--send", "--as-of", AS_OF]);
    // The first digest sent is compared with nothing.
    assert!(!first.contains("lines below standard since"), "{first}");
    let sent: Value = serde_json::from_slice(&bodies.lock().unwrap()[0]).unwrap();
    assert!(sent.get("lines_new").is_none(), "{sent}");
    assert_eq!(sent["lines_short"], 4, "{sent}");

    // Between the two: A-KR worse (5 → 3), A-GF better (2 → 5), S-ZC below standard (10 →
    // 9), S-MB met (4 → 10), O-SD as it was.
    run(
        OFFICER,
        &["writeoff", &worse, "--reason", "损坏", "--qty", "2"],
    );
    receive("A-GF", "3");
    run(
        OFFICER,
        &["writeoff", &new, "--reason", "损坏", "--qty", "1"],
    );
    receive("S-MB", "6");

    let second = run(QM, &["digest", "--send", "--as-of", AS_OF]);
    assert!(
        second.contains(
            "lines below standard since the last digest sent: 1 new, 1 worse, 1 better, 1 at standard again, 1 unchanged"
        ),
        "{second}"
    );
    let sent: Value = serde_json::from_slice(&bodies.lock().unwrap()[1]).unwrap();
    for (key, n) in [
        ("lines_short", 4),
        ("lines_new", 1),
        ("lines_worse", 1),
        ("lines_better", 1),
        ("lines_unchanged", 1),
        ("lines_resolved", 1),
    ] {
        assert_eq!(sent[key], n, "{key}: {sent}");
    }
    // Sent: what changed; the unchanged line counted, not listed.
    assert_eq!(
        marks(&sent, "shortfalls"),
        pairs(&[("A-KR", "worse"), ("A-GF", "better"), ("S-ZC", "new")])
    );
    assert_eq!(marks(&sent, "resolved"), pairs(&[("S-MB", "")]));
    let resolved = &sent["resolved"][0];
    assert_eq!(resolved["held"].to_string(), "10", "{resolved}");

    // Nothing changed since: not sent again.
    let third = run(QM, &["digest", "--send", "--as-of", AS_OF]);
    assert!(third.contains("not sent again"), "{third}");
    assert_eq!(bodies.lock().unwrap().len(), 2);

    // `depot digest` for the station marks every line against the digest last sent (the
    // second): nothing changed since, in either language.
    let json = run(
        QM,
        &[
            "digest", "--for", UNIT, "--as-of", AS_OF, "--format", "json",
        ],
    );
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        marks(&v, "shortfalls"),
        pairs(&[
            ("A-KR", "unchanged"),
            ("A-GF", "unchanged"),
            ("S-ZC", "unchanged"),
            ("O-SD", "unchanged"),
        ])
    );
    // One more change, and the station's digest says it in Chinese.
    receive("A-KR", "7");
    // The station's digest in Chinese, one section as CSV.
    let section_zh = |name: &str| {
        depot(
            db,
            dir,
            QM,
            "zh",
            &[
                "digest",
                "--for",
                UNIT,
                "--as-of",
                AS_OF,
                "--format",
                "csv",
                "--section",
                name,
            ],
        )
    };
    let zh = section_zh("shortfalls");
    let rows: Vec<&str> = zh.lines().collect();
    assert!(rows[0].contains("较上次摘要"), "{zh}");
    let row_of = |item: &str| {
        rows.iter()
            .find(|r| r.contains(&format!(",{item},")))
            .unwrap_or_else(|| panic!("{item} in {zh}"))
            .to_string()
    };
    assert!(row_of("A-GF").contains("未变"), "{zh}");
    assert!(!zh.contains(",A-KR,"), "A-KR is met now: {zh}");
    let resolved = section_zh("resolved");
    assert!(resolved.contains(",A-KR,"), "{resolved}");
    let table = depot(
        db,
        dir,
        QM,
        "zh",
        &["digest", "--for", UNIT, "--as-of", AS_OF, "--width", "200"],
    );
    for word in [
        "自上次摘要以来已满足标准的条目",
        "已满足标准的条目",
        "对比的上次摘要",
    ] {
        assert!(table.contains(word), "{word}: {table}");
    }
}

#[test]
fn the_second_digest_says_which_lines_got_worse_better_new_or_met_on_redb() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("depot.redb");
    story(db.to_str().unwrap(), dir.path());
}

#[test]
fn the_second_digest_says_which_lines_got_worse_better_new_or_met_on_postgres() {
    let Some(pg) = TestDb::new() else {
        eprintln!("no PostgreSQL test server: skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    story(&pg.url, dir.path());
}
