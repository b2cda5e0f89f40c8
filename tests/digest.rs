//! `depot digest` from outside, on the sample with two check-outs made past due: each section
//! lists exactly what an independent reading of the sample's files (and of the check-outs the
//! test made) says needs action, grouped by the place that can act; a role sees what it may
//! act on; every format and both languages.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::{Days, NaiveDate};
use depot_testkit::register::{self, AUDITOR, OFFICER, QM, sample_dir};
use serde_json::Value;
use tempfile::TempDir;

const STATION: &str = "ZHAN-0101";

struct Db {
    dir: TempDir,
    path: PathBuf,
}

impl Db {
    /// The sample, a quartermaster and an auditor, and two pieces checked out by the
    /// quartermaster to [`STATION`], due back `due`.
    fn with_checkouts(due: NaiveDate) -> (Db, [register::AssetCsv; 2]) {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("depot.redb");
        let db = Db { dir, path };
        db.as_(OFFICER)
            .args(["init", "--sample"])
            .assert()
            .success();
        for (who, role) in [(QM, "quartermaster"), (AUDITOR, "auditor")] {
            db.as_(OFFICER)
                .args(["operator", "add", who, "--role", role])
                .assert()
                .success();
        }
        let ready = register::ready_home_not_of(STATION);
        let out = [ready[0].clone(), ready[1].clone()];
        db.as_(QM)
            .args([
                "checkout",
                &out[0].barcode,
                &out[1].barcode,
                "--to",
                STATION,
            ])
            .args(["--due", &due.to_string()])
            .assert()
            .success();
        (db, out)
    }

    fn as_(&self, op: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_depot"));
        c.current_dir(self.dir.path())
            .env_remove("DEPOT_DB")
            .env_remove("DEPOT_OPERATOR")
            .arg("--db")
            .arg(&self.path)
            .arg("--operator")
            .arg(op);
        c
    }

    fn stdout(&self, args: &[&str]) -> String {
        let out = self.as_(AUDITOR).args(args).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["digest", "--format", "json"];
        all.extend(args);
        serde_json::from_str(&self.stdout(&all)).unwrap()
    }
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The rows of one of the sample's files, by column name.
fn csv_rows(name: &str) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(sample_dir().join(name)).unwrap();
    let mut lines = text.lines();
    let head: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    lines
        .map(|l| {
            head.iter()
                .cloned()
                .zip(l.split(',').map(str::to_owned))
                .collect()
        })
        .collect()
}

/// The name of a unit or warehouse, from units.csv or warehouses.csv.
fn name_of(code: &str) -> String {
    csv_rows("units.csv")
        .into_iter()
        .chain(csv_rows("warehouses.csv"))
        .find(|r| r["code"] == code)
        .map(|r| r["name"].clone())
        .unwrap()
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

fn column(v: &Value, section: &str, key: &str) -> Vec<String> {
    v[section]
        .as_array()
        .unwrap_or_else(|| panic!("no section {section}"))
        .iter()
        .map(|r| text(&r[key]))
        .collect()
}

/// Independently, from assets.csv and catalog.csv: the pieces (not retired, of an item with an
/// interval) never inspected or due before `on + days`, and how many of them are due before
/// `on`.
fn inspections(on: NaiveDate, days: u64) -> (BTreeSet<String>, usize) {
    let every: BTreeMap<String, u64> = csv_rows("catalog.csv")
        .into_iter()
        .filter_map(|r| Some((r["item"].clone(), r["inspect_days"].parse().ok()?)))
        .collect();
    let horizon = on + Days::new(days);
    let (mut listed, mut overdue) = (BTreeSet::new(), 0);
    for a in csv_rows("assets.csv") {
        let Some(n) = every.get(&a["item"]) else {
            continue;
        };
        if a["status"] == "retired" {
            continue;
        }
        let due = a["last_inspected"]
            .parse::<NaiveDate>()
            .ok()
            .map(|l| l + Days::new(*n));
        if due.is_none_or(|d| d < on) {
            overdue += 1;
        }
        if due.is_none_or(|d| d < horizon) {
            listed.insert(a["barcode"].clone());
        }
    }
    (listed, overdue)
}

/// Independently, from lots.csv: the lots expiring by `on + days`, and how many before `on`.
fn lots(on: NaiveDate, days: u64) -> (BTreeSet<String>, usize) {
    let (mut listed, mut expired) = (BTreeSet::new(), 0);
    for l in register::lots() {
        let Ok(e) = l.expires.parse::<NaiveDate>() else {
            continue;
        };
        if e <= on + Days::new(days) {
            listed.insert(l.barcode);
            expired += usize::from(e < on);
        }
    }
    (listed, expired)
}

#[test]
fn every_section_lists_what_the_samples_files_say_needs_action() {
    let due = today() + Days::new(20);
    let on = due + Days::new(9);
    let (db, out) = Db::with_checkouts(due);
    // Every row (`--top 0`): the test reads each section whole.
    let v = db.json(&["--as-of", &on.to_string(), "--top", "0"]);
    assert_eq!(v["report"], "digest");

    // Check-outs past due: the two, to the station, issued today by the quartermaster.
    assert_eq!(v["checkouts_past_due"], 2);
    let mut rows = v["past_due"].as_array().unwrap().clone();
    rows.sort_by_key(|r| text(&r["barcode"]));
    let mut want = out.to_vec();
    want.sort_by(|a, b| a.barcode.cmp(&b.barcode));
    assert_eq!(rows.len(), 2);
    for (r, a) in rows.iter().zip(&want) {
        assert_eq!(text(&r["barcode"]), a.barcode);
        assert_eq!(text(&r["item"]), a.item);
        assert_eq!(text(&r["owner"]), a.owner);
        assert_eq!(text(&r["location"]), STATION);
        assert_eq!(text(&r["location_name"]), name_of(STATION));
        assert_eq!(text(&r["due"]), due.to_string());
        assert_eq!(r["days_late"], 9);
        assert_eq!(text(&r["checked_out_on"]), today().to_string());
        assert_eq!(text(&r["issued_by"]), QM);
    }

    // Inspections overdue and due within the week.
    let (want, overdue) = inspections(on, 7);
    assert!(overdue > 0 && want.len() > overdue, "the sample has both");
    let got: BTreeSet<String> = column(&v, "inspections", "barcode").into_iter().collect();
    assert_eq!(got, want);
    assert_eq!(v["inspections_overdue"], overdue);
    assert_eq!(v["inspections_due"], want.len() - overdue);

    // Lots expired and expiring within the quarter, each with its module.
    let (want, expired) = lots(on, 90);
    assert!(expired > 0 && want.len() > expired, "the sample has both");
    let got: BTreeSet<String> = column(&v, "expiry", "barcode").into_iter().collect();
    assert_eq!(got, want);
    assert_eq!(v["lots_expired"], expired);
    assert_eq!(v["lots_expiring"], want.len() - expired);

    // Lines below standard: the shortfalls report's; targets: those not met.
    let report = |kind: &str| -> Value {
        serde_json::from_str(&db.stdout(&[
            "report",
            kind,
            "--format",
            "json",
            "--as-of",
            &on.to_string(),
        ]))
        .unwrap()
    };
    // (The same rows, grouped by the place here.)
    let sorted = |v: &Value| {
        let mut rows: Vec<String> = v.as_array().unwrap().iter().map(Value::to_string).collect();
        rows.sort();
        rows
    };
    let lines = sorted(&v["shortfalls"]);
    assert!(!lines.is_empty());
    assert!(lines == sorted(&report("shortfalls")["shortfalls"]));
    let targets = report("targets");
    let short: Vec<&Value> = targets["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"] != "met")
        .collect();
    assert!(!short.is_empty());
    assert_eq!(
        v["targets"].as_array().unwrap().iter().collect::<Vec<_>>(),
        short
    );
    assert_eq!(v["targets_short"], short.len());

    // By place: each place's rows in each section, counted.
    let mut want: BTreeMap<String, [i64; 4]> = BTreeMap::new();
    for (k, (sec, key)) in [
        ("past_due", "owner"),
        ("inspections", "owner"),
        ("expiry", "owner"),
        ("shortfalls", "code"),
    ]
    .into_iter()
    .enumerate()
    {
        for code in column(&v, sec, key) {
            want.entry(code).or_default()[k] += 1;
        }
    }
    let got: BTreeMap<String, [i64; 4]> = v["by_place"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let n = |k: &str| r[k].as_i64().unwrap();
            (
                text(&r["code"]),
                [n("past_due"), n("inspections"), n("lots"), n("lines_short")],
            )
        })
        .collect();
    assert_eq!(got, want);
    // Each section's rows come grouped by the place that can act.
    for (sec, key) in [
        ("inspections", "owner"),
        ("expiry", "owner"),
        ("shortfalls", "code"),
    ] {
        let codes = column(&v, sec, key);
        assert!(codes.windows(2).all(|w| w[0] <= w[1]), "{sec}");
    }
}

#[test]
fn for_a_role_or_a_unit() {
    let due = today() + Days::new(20);
    let on = (due + Days::new(1)).to_string();
    let (db, out) = Db::with_checkouts(due);
    let qm = db.json(&["--as-of", &on, "--for", "quartermaster"]);
    for k in ["past_due", "inspections", "expiry"] {
        assert!(qm[k].is_array(), "{k}");
    }
    for k in ["shortfalls", "targets"] {
        assert!(qm.get(k).is_none(), "{k}");
    }
    assert_eq!(qm["for"], "quartermaster");
    let officer = db.json(&["--as-of", &on, "--for", "管理员"]);
    for k in ["past_due", "inspections", "expiry", "shortfalls", "targets"] {
        assert!(officer[k].is_array(), "{k}");
    }
    let auditor = db.json(&["--as-of", &on, "--for", "auditor"]);
    assert_eq!(auditor["by_place"], serde_json::json!([]));
    assert!(auditor.get("past_due").is_none());
    // A unit: only what it and the places below it hold.
    let owner = &out[0].owner;
    let unit = db.json(&["--as-of", &on, "--for", owner]);
    assert_eq!(unit["scope"], owner.as_str());
    assert_eq!(unit["scope_name"], name_of(owner).as_str());
    assert!(column(&unit, "past_due", "barcode").contains(&out[0].barcode));
    let all = db.json(&["--as-of", &on]);
    let mine = |v: &Value| -> BTreeSet<String> {
        column(v, "inspections", "barcode").into_iter().collect()
    };
    let want: BTreeSet<String> = all["inspections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["owner"] == owner.as_str())
        .map(|r| text(&r["barcode"]))
        .collect();
    assert!(mine(&unit).is_superset(&want));
    assert!(mine(&unit).len() < mine(&all).len());
    // An unknown code is refused, as a report's scope is.
    db.as_(AUDITOR)
        .args(["--lang", "en", "digest", "--for", "NO-SUCH"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("'NO-SUCH'"));
}

#[test]
fn every_format_and_both_languages() {
    let due = today() + Days::new(20);
    let on = (due + Days::new(3)).to_string();
    let (db, out) = Db::with_checkouts(due);
    let bc = out[0].barcode.as_str();
    let zh = db.stdout(&["--lang", "zh", "digest", "--as-of", &on, "--width", "200"]);
    for want in [
        "待办摘要",
        "按负责处理的单位或储备库",
        "借出逾期未还",
        "借出日期",
        "经办人",
        QM,
        bc,
        "逾期及 7 天内到期",
        "已过期及 90 天内到期的批次",
        "未达成的目标",
        "逾期未达成",
    ] {
        assert!(zh.contains(want), "no '{want}' in:\n{zh}");
    }
    let en = db.stdout(&["--lang", "en", "digest", "--as-of", &on, "--width", "200"]);
    for want in [
        "Digest: what needs action",
        "By who can act",
        "Check-outs past due",
        "checked out on",
        "issued by",
        "Overdue, or due within 7 days",
        "Targets behind or missed",
        "missed",
        bc,
    ] {
        assert!(en.contains(want), "no '{want}' in:\n{en}");
    }
    // --within: the days ahead for both.
    let wide = db.stdout(&["--lang", "en", "digest", "--as-of", &on, "--within", "30"]);
    assert!(wide.contains("Overdue, or due within 30 days"));
    assert!(wide.contains("Lots expired, or expiring within 30 days"));

    // More than a month after the register was imported: the chart has two months to draw
    // (before the import the register was not kept, and a month alone is no trend).
    let later = (due + Days::new(40)).to_string();
    let html = db.stdout(&[
        "--lang", "zh", "digest", "--as-of", &later, "--format", "html",
    ]);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh\">"));
    assert!(html.contains("<h1>待办摘要</h1>"));
    assert!(html.contains(&format!("<td>{bc}</td>")));
    assert!(html.contains(&format!("<td>{QM}</td>")));
    assert!(html.trim_end().ends_with("</html>"));
    // The page ends with the rates of the last 12 months, drawn with the targets behind or
    // missed; a quartermaster's digest, which lists no targets, has no chart.
    let trend = html.find("近 12 个月的主要指标").expect("no trend section");
    let chart = &html[trend..];
    assert!(
        chart.contains("<svg") && chart.contains("配备率"),
        "{chart}"
    );
    assert!(
        chart.contains("stroke-dasharray"),
        "no target line: {chart}"
    );
    let qm = db.stdout(&[
        "--lang",
        "zh",
        "digest",
        "--as-of",
        &on,
        "--for",
        "quartermaster",
        "--format",
        "html",
    ]);
    assert!(!qm.contains("<svg") && !qm.contains("近 12 个月"), "{qm}");
    // The other formats list what needs action only.
    assert!(!zh.contains("近 12 个月"), "{zh}");

    let csv = db.stdout(&[
        "--lang",
        "en",
        "digest",
        "--as-of",
        &on,
        "--format",
        "csv",
        "--section",
        "past_due",
    ]);
    let mut lines = csv.lines();
    assert!(
        lines.next().unwrap().ends_with("checked out on,issued by"),
        "{csv}"
    );
    assert_eq!(lines.filter(|l| l.contains(QM)).count(), 2, "{csv}");

    let book = db.dir.path().join("digest.xlsx");
    db.as_(AUDITOR)
        .args([
            "--lang", "en", "digest", "--as-of", &later, "--format", "xlsx", "--out",
        ])
        .arg(&book)
        .assert()
        .success();
    // The summary, then a sheet per section, named by its title (cut to fit a sheet's name).
    let names = sheet_names(&book);
    assert_eq!(names.len(), 8, "{names:?}");
    for want in [
        "Headline rates over the last 12 months",
        "Summary",
        "Check-outs past due",
        "Overdue, or due within 7 days",
        "Targets behind or missed",
    ] {
        assert!(
            names
                .iter()
                .any(|n| n.len() > 6 && want.starts_with(n.as_str())),
            "{want} in {names:?}"
        );
    }
}

fn sheet_names(path: &Path) -> Vec<String> {
    use calamine::Reader;
    let wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    wb.sheet_names().to_vec()
}

/// At headquarters the officer's digest lists the depots whose last bundle is stale, and only
/// them; a depot's own digest has no such section.
#[test]
fn headquarters_lists_the_depots_whose_bundle_is_stale() {
    let env = depot_testkit::cli::Env::sample();
    env.depot()
        .args(["export", "bundle", "--out", "b1"])
        .assert()
        .success();
    let json = |db: &str, args: &[&str]| -> Value {
        let out = env
            .against(Path::new(db))
            .args(["--lang", "en", "digest", "--format", "json"])
            .args(args)
            .assert()
            .success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    };
    assert!(json("depot.redb", &[]).get("stale").is_none());
    env.against(Path::new("hq.redb"))
        .args(["--operator", "张强", "hq", "ingest", "--trust-new", "b1"])
        .assert()
        .success();
    assert_eq!(json("hq.redb", &[])["stale"], serde_json::json!([]));
    let later = json("hq.redb", &["--as-of", "2099-01-01"]);
    assert_eq!(column(&later, "stale", "depot"), ["ZD-QZ"]);
    // Not a quartermaster's to act on.
    let qm = json(
        "hq.redb",
        &["--as-of", "2099-01-01", "--for", "quartermaster"],
    );
    assert!(qm.get("stale").is_none());
}

/// Whether a row stands for rows not listed: a cell of it reads "… and K more".
fn more_of(row: &Value) -> Option<String> {
    row.as_object()?
        .values()
        .filter_map(Value::as_str)
        .find(|s| s.starts_with('…'))
        .map(str::to_owned)
}

#[test]
fn a_long_digest_lists_the_first_of_each_place_and_counts_the_rest() {
    let due = today() + Days::new(20);
    let on = (due + Days::new(9)).to_string();
    let (db, _) = Db::with_checkouts(due);
    let all = db.json(&["--as-of", &on, "--top", "0"]);
    let top = db.json(&["--as-of", &on, "--top", "1"]);
    // The figures and the counts by place are the whole digest's.
    for (k, v) in all.as_object().unwrap() {
        if !v.is_array() || k == "by_place" {
            assert_eq!(top[k], *v, "{k}");
        }
    }
    let mut cut = 0;
    for (section, place) in [
        ("past_due", "owner"),
        ("inspections", "owner"),
        ("expiry", "owner"),
        ("shortfalls", "code"),
    ] {
        let whole = all[section].as_array().unwrap();
        let listed = top[section].as_array().unwrap();
        let mut groups: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
        for r in whole {
            groups.entry(text(&r[place])).or_default().push(r);
        }
        let mut seen: BTreeMap<String, (Vec<&Value>, Vec<String>)> = BTreeMap::new();
        for r in listed {
            let e = seen.entry(text(&r[place])).or_default();
            match more_of(r) {
                Some(words) => e.1.push(words),
                None => e.0.push(r),
            }
        }
        assert_eq!(
            groups.keys().collect::<Vec<_>>(),
            seen.keys().collect::<Vec<_>>(),
            "{section}"
        );
        for (p, rows) in &groups {
            let (shown, more) = &seen[p];
            assert_eq!(shown.as_slice(), &rows[..1], "{section} {p}");
            if rows.len() > 1 {
                cut += 1;
                assert_eq!(
                    more,
                    &[format!(
                        "… and {} more (all of them: --top 0)",
                        rows.len() - 1
                    )],
                    "{section} {p}"
                );
            } else {
                assert!(more.is_empty(), "{section} {p}");
            }
        }
    }
    assert!(cut > 0, "the sample has no place with more than one row");
    assert_eq!(all["by_place"], top["by_place"]);
    // The counts by place count what is not listed too.
    let zh = db.stdout(&["--lang", "zh", "digest", "--as-of", &on, "--top", "1"]);
    assert!(zh.contains("……另有"), "{zh}");
    let en = db.stdout(&["digest", "--as-of", &on]);
    let whole = db.stdout(&["digest", "--as-of", &on, "--top", "0"]);
    assert!(en.lines().count() < whole.lines().count());
    assert!(!whole.contains("… and"), "{whole}");
}
