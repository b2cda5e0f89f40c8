//! `depot report circles` from outside, on the sample with its locations: its figures equal an
//! independent computation from the sample's coordinates and travel-time table (and the
//! saturation that `report readiness` shows); the road factor, speed and threshold change them
//! as they should; `place locate` moves a unit; a circle_coverage target reads the report.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, HashMap};

use depot_testkit::cli::Env;
use depot_testkit::register::sample_dir;
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;

const AS_OF: &str = "2026-11-23";

/// The rows of a sample file as maps from header to cell (the sample quotes nothing).
fn rows(name: &str) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(sample_dir().join(name)).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    lines
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(str::to_owned))
                .collect()
        })
        .collect()
}

fn point(r: &HashMap<String, String>) -> (f64, f64) {
    (r["lat"].parse().unwrap(), r["lon"].parse().unwrap())
}

fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let r = 6371.0088_f64;
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let (dp, dl) = ((b.0 - a.0).to_radians(), (b.1 - a.1).to_radians());
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

fn dec(v: &serde_json::Value) -> Decimal {
    v.to_string().parse().unwrap()
}

fn one_dp(x: f64) -> Decimal {
    Decimal::from_f64(x).unwrap().round_dp(1)
}

/// Per (unit, module): the nearest stocked warehouse, its minutes (one decimal) and whether
/// the unit's own circle holds it; per (area, module): units and those outside; computed from
/// the files alone.
struct Expected {
    units: BTreeMap<(String, String), (String, Decimal, bool)>,
    areas: BTreeMap<(String, String), (u64, u64)>,
    coverage: Decimal,
}

fn expected(env: &Env, factor: f64, kmh: f64, threshold: f64) -> Expected {
    let units = rows("units.csv");
    let places: HashMap<String, (f64, f64)> = units
        .iter()
        .chain(rows("warehouses.csv").iter())
        .map(|r| (r["code"].clone(), point(r)))
        .collect();
    let table: HashMap<(String, String), f64> = rows("travel_times.csv")
        .into_iter()
        .map(|r| {
            (
                (r["from"].clone(), r["to"].clone()),
                r["minutes"].parse().unwrap(),
            )
        })
        .collect();
    let time = |wh: &str, u: &str| -> f64 {
        let key = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        table
            .get(&key(wh, u))
            .or_else(|| table.get(&key(u, wh)))
            .copied()
            .unwrap_or_else(|| haversine_km(places[wh], places[u]) * factor / kmh * 60.0)
    };
    // Saturation as readiness reports it, per warehouse and module.
    let readiness: serde_json::Value = serde_json::from_str(&env.stdout(&[
        "report",
        "readiness",
        "--format",
        "json",
        "--as-of",
        AS_OF,
    ]))
    .unwrap();
    let mut stocked: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in readiness["modules"].as_array().unwrap() {
        let module = m["module"].as_str().unwrap().to_owned();
        if module.is_empty() {
            continue;
        }
        let list = stocked.entry(module).or_default();
        if m["saturation"].as_f64().unwrap() >= threshold {
            list.push(m["warehouse"].as_str().unwrap().to_owned());
        }
    }
    let parent: HashMap<&str, &str> = units
        .iter()
        .map(|u| (u["code"].as_str(), u["parent"].as_str()))
        .collect();
    let kind: HashMap<&str, &str> = units
        .iter()
        .map(|u| (u["code"].as_str(), u["kind"].as_str()))
        .collect();
    let circle_of = |k: &str| match k {
        "corps" => Some(120.0),
        "detachment" => Some(60.0),
        "brigade" => Some(30.0),
        _ => None,
    };
    let chain = |u: &str| -> Vec<String> {
        let mut out = vec![u.to_owned()];
        let mut cur = u;
        while let Some(p) = parent.get(cur).filter(|p| !p.is_empty()) {
            out.push((*p).to_owned());
            cur = p;
        }
        out
    };
    let mut out = Expected {
        units: BTreeMap::new(),
        areas: BTreeMap::new(),
        coverage: Decimal::ZERO,
    };
    let mut inside = 0u64;
    for u in &units {
        let code = u["code"].as_str();
        let ups = chain(code);
        let own = ups
            .iter()
            .find_map(|a| circle_of(kind[a.as_str()]))
            .unwrap_or(120.0);
        for (module, whs) in &stocked {
            let best = whs
                .iter()
                .map(|w| (time(w, code), w.clone()))
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .unwrap();
            let within = best.0 <= own;
            inside += u64::from(within);
            out.units.insert(
                (code.to_owned(), module.clone()),
                (best.1.clone(), one_dp(best.0), within),
            );
            for a in &ups {
                if let Some(c) = circle_of(kind[a.as_str()]) {
                    let e = out.areas.entry((a.clone(), module.clone())).or_default();
                    e.0 += 1;
                    e.1 += u64::from(best.0 > c);
                }
            }
        }
    }
    out.coverage = (Decimal::from(inside) * Decimal::ONE_HUNDRED
        / Decimal::from(out.units.len() as u64))
    .round_dp(2);
    out
}

fn report(env: &Env, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["report", "circles", "--format", "json", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    serde_json::from_str(&env.stdout(&args)).unwrap()
}

fn check(got: &serde_json::Value, want: &Expected) {
    let units: BTreeMap<(String, String), (String, Decimal, bool)> = got["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                (
                    u["code"].as_str().unwrap().to_owned(),
                    u["module"].as_str().unwrap().to_owned(),
                ),
                (
                    u["warehouse"].as_str().unwrap().to_owned(),
                    dec(&u["minutes"]),
                    u["within"].as_bool().unwrap(),
                ),
            )
        })
        .collect();
    assert_eq!(units, want.units);
    let areas: BTreeMap<(String, String), (u64, u64)> = got["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                (
                    a["area"].as_str().unwrap().to_owned(),
                    a["module"].as_str().unwrap().to_owned(),
                ),
                (a["units"].as_u64().unwrap(), a["outside"].as_u64().unwrap()),
            )
        })
        .collect();
    assert_eq!(areas, want.areas);
    assert_eq!(dec(&got["circle_coverage"]), want.coverage);
}

#[test]
fn the_circles_equal_an_independent_computation() {
    let env = Env::sample();
    let got = report(&env, &[]);
    let want = expected(&env, 1.3, 60.0, 80.0);
    check(&got, &want);
    // The sample shows circles: some units are outside, some times come from the table.
    let outside = got["outside"].as_u64().unwrap();
    assert!(
        outside > 0 && outside < want.units.len() as u64,
        "{outside}"
    );
    assert!(got["from_table"].as_u64().unwrap() > 0);
    assert_eq!(got["road_factor"], 1.3);
    assert_eq!(got["speed_kmh"], 60);

    let slow = report(
        &env,
        &[
            "--road-factor",
            "1.5",
            "--speed",
            "40",
            "--threshold",
            "0.95",
        ],
    );
    let want_slow = expected(&env, 1.5, 40.0, 95.0);
    check(&slow, &want_slow);
    assert_ne!(want_slow.units, want.units);

    // One module, by its Chinese name.
    let water = report(&env, &["--module", "水域"]);
    assert!(
        water["units"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["module"] == "water")
    );
    let out = env
        .depot()
        .args(["report", "circles", "--module", "nosuch"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no reserve module 'nosuch'"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn placing_a_unit_moves_it_into_the_circle() {
    let env = Env::sample();
    let find = |v: &serde_json::Value| {
        v["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["code"] == "ZHAN-0403" && u["module"] == "water")
            .cloned()
            .unwrap()
    };
    let before = find(&report(&env, &[]));
    assert_eq!(before["within"], false);
    // Next to the city depot.
    let said = env.stdout(&["place", "locate", "ZHAN-0403", "28.6650", "118.4380"]);
    assert!(said.contains("ZHAN-0403 is at 28.6650, 118.4380"), "{said}");
    let after = find(&report(&env, &[]));
    assert_eq!(after["within"], true);
    assert_eq!(after["warehouse"], "CK-SJ");
    let again = env.stdout(&["place", "locate", "ZHAN-0403", "28.6650", "118.4380"]);
    assert!(again.contains("already"), "{again}");
    for (args, said) in [
        (vec!["NOSUCH", "28", "118"], "NOSUCH"),
        (vec!["ZHAN-0403", "118.4", "28.6"], "not in decimal degrees"),
        (vec!["ZHAN-0403", "north", "118"], "not in decimal degrees"),
    ] {
        let out = env
            .depot()
            .args(["place", "locate"])
            .args(&args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && err.contains(said),
            "{args:?}: {err}"
        );
    }
    let zh = env
        .depot()
        .args(["--lang", "zh", "place", "locate", "ZHAN-0403", "95", "118"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&zh.stderr).contains("不是十进制度数"));
}

#[test]
fn the_circle_coverage_target_reads_the_report() {
    let env = Env::sample();
    let file = env.write(
        "targets.csv",
        "metric,scope,target,deadline\ncircle_coverage,,90,2027-12-31\n响应圈覆盖率,unit:DD-01,100,2025-12-31\n",
    );
    env.depot()
        .arg("import")
        .arg("targets")
        .arg(&file)
        .assert()
        .success();
    let all = dec(&report(&env, &[])["circle_coverage"]);
    let dd01 = dec(&report(&env, &["--scope", "DD-01"])["circle_coverage"]);
    let v: serde_json::Value = serde_json::from_str(
        &env.stdout(&["report", "targets", "--format", "json", "--as-of", AS_OF]),
    )
    .unwrap();
    let rows: Vec<&serde_json::Value> = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["metric"] == "circle_coverage")
        .collect();
    assert_eq!(rows.len(), 2);
    let scoped = |s: &str| *rows.iter().find(|t| t["scope"] == s).unwrap();
    assert_eq!(dec(&scoped("")["actual"]), all);
    assert_eq!(scoped("")["status"], "behind");
    assert!(scoped("")["gap"].as_u64().unwrap() > 0);
    assert_eq!(dec(&scoped("unit:DD-01")["actual"]), dd01);
    assert_eq!(dd01, Decimal::ONE_HUNDRED);
    assert_eq!(scoped("unit:DD-01")["status"], "met");
}

#[test]
fn both_languages_and_every_format() {
    let env = Env::sample();
    let zh = env.stdout(&["--lang", "zh", "report", "circles", "--as-of", AS_OF]);
    assert!(
        zh.contains("应急响应圈") && zh.contains("县（市、区）内半小时"),
        "{zh}"
    );
    let en = env.stdout(&["report", "circles", "--as-of", AS_OF]);
    assert!(
        en.contains("Response circles") && en.contains("county, 30 min"),
        "{en}"
    );
    let csv = env.stdout(&[
        "report",
        "circles",
        "--as-of",
        AS_OF,
        "--format",
        "csv",
        "--section",
        "areas",
    ]);
    assert!(csv.starts_with("area,area name,level"), "{csv}");
    let book = env.path("circles.xlsx");
    env.depot()
        .args([
            "report", "circles", "--as-of", AS_OF, "--format", "xlsx", "--out",
        ])
        .arg(&book)
        .assert()
        .success();
    assert!(book.exists());
    let out = env
        .depot()
        .args(["report", "circles", "--speed", "0"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("not a number above 0"),
        "{err}"
    );
}

#[test]
fn the_units_outside_are_a_list_in_json_and_a_row_each_in_csv() {
    let env = Env::sample();
    let got = report(&env, &[]);
    let mut listed: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for a in got["areas"].as_array().unwrap() {
        let units = a["outside_units"].as_array().unwrap();
        assert_eq!(units.len() as u64, a["outside"].as_u64().unwrap(), "{a}");
        let key = (
            a["area"].as_str().unwrap().to_owned(),
            a["module"].as_str().unwrap().to_owned(),
        );
        for u in units {
            assert!(!u["name"].as_str().unwrap().is_empty(), "{u}");
            listed
                .entry(key.clone())
                .or_default()
                .push(u["code"].as_str().unwrap().to_owned());
        }
    }
    assert!(
        listed.values().map(Vec::len).sum::<usize>() > 1,
        "the sample has units outside"
    );
    // The `outside_units` section says the same, a unit a row.
    let mut rows: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for r in got["outside_units"].as_array().unwrap() {
        let key = (
            r["area"].as_str().unwrap().to_owned(),
            r["module"].as_str().unwrap().to_owned(),
        );
        rows.entry(key)
            .or_default()
            .push(r["unit"].as_str().unwrap().to_owned());
    }
    assert_eq!(rows, listed);

    // CSV: one value a cell; the areas leave the list out, the outside section has it.
    let csv = |section: &str| {
        env.stdout(&[
            "report",
            "circles",
            "--as-of",
            AS_OF,
            "--format",
            "csv",
            "--section",
            section,
        ])
    };
    let areas = csv("areas");
    let header = areas.lines().next().unwrap();
    assert!(!header.contains("units outside"), "{header}");
    assert_eq!(header.split(',').count(), 14, "{header}");
    let outside = csv("outside_units");
    let mut lines = outside.lines();
    assert_eq!(
        lines.next().unwrap(),
        "area,area name,module,module name,unit,unit name,minutes,estimated"
    );
    let units: Vec<(String, String)> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_owned(), f[4].to_owned())
        })
        .collect();
    let want: Vec<(String, String)> = rows
        .iter()
        .flat_map(|((a, _), us)| us.iter().map(|u| (a.clone(), u.clone())))
        .collect();
    let mut sorted = units.clone();
    sorted.sort();
    let mut want_sorted = want;
    want_sorted.sort();
    assert_eq!(sorted, want_sorted);
}
