//! Headquarters' response circles (`depot report circles --by depot`), on both engines: two
//! depots send bundles of schema version 2 with their places, where one depot's county lies
//! far from its own warehouses and is covered only by the neighbour's; a third sends a
//! version-1 bundle (no places) and is reported as having no locations. Every unit's nearest
//! stocked warehouse and its minutes equal an independent computation from the same
//! coordinates and tables (haversine, road factor 1.3, 60 km/h, the table where given);
//! `circle_coverage` is judged by depot; a bundle whose units.csv was edited is refused.
#![allow(clippy::unwrap_used)]

mod hq_support;

use std::collections::BTreeMap;
use std::path::Path;

use depot_exchange::InputEncoding;
use depot_exchange::bundle::DepotKey;
use depot_exchange::bundle::manifest::{MANIFEST, Manifest};
use depot_report::table::to_json;
use depot_report::words::Lang;
use depot_report::{ReportKind, ReportSpec};
use depot_service::Ctx;
use depot_service::hq::report::{HqSpec, build, build_circles};
use depot_service::hq::{self, IngestOptions};
use depot_testkit::on_both_engines;
use depot_testkit::register::*;
use hq_support::*;
use serde_json::Value;

const CATALOG: &str = "item,name,category,tracking,uom,life_years,inspect_days,high_end,unit_price\n\
W1,救生衣,rescue,lot,件,,,no,100\n";

/// A depot: code, units, warehouses, standards, lots, travel times.
struct Files {
    code: &'static str,
    units: &'static str,
    warehouses: &'static str,
    standards: &'static str,
    lots: &'static str,
    times: &'static str,
}

/// Depot A: its brigade DD-A2 lies a degree east, next to depot B's warehouse CK-B; its table
/// makes CK-A to DD-A1 40 minutes (longer than the estimate: the table wins).
const A: Files = Files {
    code: "ZD-A",
    units: "code,name,kind,parent,class,lat,lon\n\
ZD-A,甲市支队,detachment,,,30.0,120.0\n\
DD-A1,甲一大队,brigade,ZD-A,,30.0,120.1\n\
ZA-S1,甲一站,station,DD-A1,level2,30.02,120.12\n\
DD-A2,甲二大队,brigade,ZD-A,,30.0,121.0\n\
ZA-S2,甲二站,station,DD-A2,level2,,\n",
    warehouses: "code,name,level,unit,agreement,partner,lat,lon\n\
CK-A,甲市储备库,city,ZD-A,no,,30.0,120.01\n",
    standards: "scope,module,what,required\nwarehouse:CK-A,water,W1,10\n",
    lots: "barcode,item,lot,owner,module,quantity,expires,received\nA-L1,W1,,CK-A,water,10,,\n",
    times: "from,to,minutes\nCK-A,DD-A1,40\n",
};

/// Depot B: CK-B (county, stocked) beside A's DD-A2; CK-B2 half stocked, which does not count.
const B: Files = Files {
    code: "ZD-B",
    units: "code,name,kind,parent,class,lat,lon\n\
ZD-B,乙市支队,detachment,,,30.0,121.1\n\
DD-B1,乙一大队,brigade,ZD-B,,30.05,121.05\n",
    warehouses: "code,name,level,unit,agreement,partner,lat,lon\n\
CK-B,乙县储备库,county,DD-B1,no,,30.0,121.02\n\
CK-B2,乙市储备库,city,ZD-B,no,,30.0,121.1\n",
    standards: "scope,module,what,required\nwarehouse:CK-B,water,W1,10\nwarehouse:CK-B2,water,W1,10\n",
    lots: "barcode,item,lot,owner,module,quantity,expires,received\n\
B-L1,W1,,CK-B,water,12,,\nB-L2,W1,,CK-B2,water,5,,\n",
    times: "from,to,minutes\nDD-B1,CK-B,9.5\n",
};

/// Depot C: sends a version-1 bundle.
const C: Files = Files {
    code: "ZD-C",
    units: "code,name,kind,parent,class,lat,lon\nZD-C,丙市支队,detachment,,,31.0,120.0\n",
    warehouses: "code,name,level,unit,agreement,partner,lat,lon\n\
CK-C,丙市储备库,city,ZD-C,no,,31.0,120.0\n",
    standards: "scope,module,what,required\nwarehouse:CK-C,water,W1,10\n",
    lots: "barcode,item,lot,owner,module,quantity,expires,received\nC-L1,W1,,CK-C,water,10,,\n",
    times: "from,to,minutes\n",
};

/// Depot D, which uses one of A's codes (DD-A1) for a brigade of its own, far from it.
const D: Files = Files {
    code: "ZD-D",
    units: "code,name,kind,parent,class,lat,lon\n\
ZD-D,丁市支队,detachment,,,32.0,120.0\n\
DD-A1,丁一大队,brigade,ZD-D,,32.0,120.02\n",
    warehouses: "code,name,level,unit,agreement,partner,lat,lon\n\
CK-D,丁市储备库,city,ZD-D,no,,32.0,120.01\n",
    standards: "scope,module,what,required\nwarehouse:CK-D,water,W1,10\n",
    lots: "barcode,item,lot,owner,module,quantity,expires,received\nD-L1,W1,,CK-D,water,10,,\n",
    times: "from,to,minutes\n",
};

fn depot(f: &Files) -> Depot {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("catalog.csv", CATALOG),
        ("units.csv", f.units),
        ("warehouses.csv", f.warehouses),
        ("standards.csv", f.standards),
        ("lots.csv", f.lots),
        ("travel_times.csv", f.times),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let store = depot_service::store::in_memory().unwrap();
    let sources = depot_service::import::files::sources_in(dir.path()).unwrap();
    let report = depot_service::import::files::import(
        &store,
        &Ctx::fixed(OFFICER, at(day(4, 30), 0)),
        &sources,
        InputEncoding::Auto,
        false,
    )
    .unwrap();
    assert!(report.landed(), "{}: {:?}", f.code, report.problems);
    Depot {
        code: f.code,
        store,
        key: DepotKey::generate().unwrap(),
    }
}

/// Rewrites the version-2 bundle in `dir` as version 1 would have been: no places, signed.
fn as_version_1(dir: &Path, key: &DepotKey) {
    let m = Manifest::parse(&std::fs::read(dir.join(MANIFEST)).unwrap()).unwrap();
    let mut body = m.body;
    body.schema_version = 1;
    body.files.truncate(6);
    for f in ["units.csv", "warehouses.csv", "travel_times.csv"] {
        std::fs::remove_file(dir.join(f)).unwrap();
    }
    std::fs::write(dir.join(MANIFEST), Manifest::sign(body, key).to_json()).unwrap();
}

/// Haversine, as the plans' estimate takes it: km on a sphere of the Earth's mean radius.
fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let r = 6371.0088_f64;
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let (dp, dl) = ((b.0 - a.0).to_radians(), (b.1 - a.1).to_radians());
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

fn rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            head.iter()
                .zip(l.split(','))
                .map(|(h, v)| ((*h).to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

/// The independent computation: per located unit of A and B, the nearest warehouse whose
/// water module is at or above 80 % (CK-A, CK-B: CK-B2 is at 50 %) and its minutes.
fn expected() -> BTreeMap<String, (String, f64, u32)> {
    let mut points = BTreeMap::new();
    let mut circle = BTreeMap::new();
    let mut table = BTreeMap::new();
    for f in [&A, &B] {
        let units = rows(f.units);
        for u in &units {
            if !u["lat"].is_empty() {
                points.insert(
                    u["code"].clone(),
                    (u["lat"].parse().unwrap(), u["lon"].parse().unwrap()),
                );
                let own = match u["kind"].as_str() {
                    "detachment" => 60,
                    _ => 30,
                };
                circle.insert(u["code"].clone(), own);
            }
        }
        for w in rows(f.warehouses) {
            points.insert(
                w["code"].clone(),
                (w["lat"].parse().unwrap(), w["lon"].parse().unwrap()),
            );
        }
        for t in rows(f.times) {
            let m: f64 = t["minutes"].parse().unwrap();
            table.insert((t["from"].clone(), t["to"].clone()), m);
        }
    }
    let stocked = ["CK-A", "CK-B"];
    circle
        .iter()
        .map(|(u, c)| {
            let best = stocked
                .iter()
                .map(|w| {
                    let given = table
                        .get(&((*w).to_owned(), u.clone()))
                        .or_else(|| table.get(&(u.clone(), (*w).to_owned())));
                    let m = given
                        .copied()
                        .unwrap_or_else(|| km(points[*w], points[u]) * 1.3 / 60.0 * 60.0);
                    ((*w).to_owned(), m)
                })
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap();
            (u.clone(), (best.0, best.1, *c))
        })
        .collect()
}

fn spec(depot: Option<&str>) -> HqSpec {
    HqSpec {
        kind: ReportKind::Circles,
        depot: depot.map(str::to_owned),
        today: day(5, 1),
        stale_days: 45,
    }
}

fn circles_json(hq: &depot_service::store::Store, depot: Option<&str>) -> Value {
    let ask = ReportSpec::new(ReportKind::Circles, None, day(5, 1));
    to_json(&build_circles(hq, &spec(depot), &ask, Lang::En).unwrap())
}

/// Sends A and B as version 2, C as version 1; returns the bundles' folder.
fn send_all(hq: &depot_service::store::Store) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in [&A, &B, &C] {
        let d = depot(f);
        let out = dir.path().join(f.code);
        send(&d, &out, day(5, 1));
        if f.code == "ZD-C" {
            as_version_1(&out, &d.key);
        }
        hq::ingest(hq, &ctx(OFFICER), &out, IngestOptions { trust_new: true }).unwrap();
    }
    dir
}

on_both_engines! {
    #[test]
    fn the_service_s_circles_equal_an_independent_computation() {
        let hq = new_store();
        let _bundles = send_all(&hq);
        let got = circles_json(&hq, None);
        let want = expected();
        let units: BTreeMap<String, (String, f64, bool, String)> = got["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                (
                    u["code"].as_str().unwrap().to_owned(),
                    (
                        u["warehouse"].as_str().unwrap().to_owned(),
                        u["minutes"].as_f64().unwrap(),
                        u["within"].as_bool().unwrap(),
                        u["warehouse_depot"].as_str().unwrap().to_owned(),
                    ),
                )
            })
            .collect();
        assert_eq!(
            units.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "{got:#}"
        );
        for (u, (wh, minutes, circle)) in &want {
            let (gw, gm, inside, depot) = &units[u];
            assert_eq!(gw, wh, "{u}");
            assert!((gm - (minutes * 10.0).round() / 10.0).abs() < 1e-9, "{u}: {gm} vs {minutes}");
            assert_eq!(*inside, *minutes <= f64::from(*circle), "{u}");
            assert_eq!(depot, if wh == "CK-A" { "ZD-A" } else { "ZD-B" }, "{u}");
        }
        // DD-A2's county is covered only by the neighbour's warehouse.
        assert_eq!(units["DD-A2"].0, "CK-B");
        assert!(units["DD-A2"].2);
        assert_eq!(units["DD-A1"].1, 40.0, "the table's minutes, not the estimate");
        assert!(!units["DD-A1"].2);
        // The province, each depot's city and the counties are areas.
        let areas: Vec<(&str, &str)> = got["areas"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["area"].as_str().unwrap(), a["level"].as_str().unwrap()))
            .collect();
        assert_eq!(
            areas,
            [
                ("*", "province"),
                ("ZD-A", "city"),
                ("ZD-B", "city"),
                ("DD-A1", "county"),
                ("DD-A2", "county"),
                ("DD-B1", "county"),
            ]
        );
        // Per depot: A has 4 located units (one of them outside: DD-A1), one without a
        // location, one served by B; C has no locations.
        let by: BTreeMap<&str, &Value> = got["by_depot"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["depot"].as_str().unwrap(), d))
            .collect();
        let a = by["ZD-A"];
        assert_eq!(a["units_located"], 4);
        assert_eq!(a["units_unlocated"], 1);
        assert_eq!(a["outside"], 1);
        assert_eq!(a["served_by_others"], 1);
        assert_eq!(a["circle_coverage"].as_f64().unwrap(), 75.0);
        assert_eq!(by["ZD-B"]["circle_coverage"].as_f64().unwrap(), 100.0);
        assert_eq!(by["ZD-C"]["units_located"], 0);
        assert!(by["ZD-C"]["places"].as_str().unwrap().contains("no locations"));
        assert_eq!(got["depots_without_places"], 1);
        let unlocated: Vec<&str> = got["unlocated"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["code"].as_str().unwrap())
            .collect();
        assert_eq!(unlocated, ["ZA-S2"]);
        // CK-B2 (50 %) does not count; C's warehouse, without a location in any bundle
        // kept, is not among the stocked.
        let stocked: BTreeMap<&str, bool> = got["stocked"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["warehouse"].as_str().unwrap(), s["counts"].as_bool().unwrap()))
            .collect();
        assert_eq!(stocked, BTreeMap::from([("CK-A", true), ("CK-B", true), ("CK-B2", false)]));

        // --scope: A's units only, their nearest warehouse still B's where it is.
        let only = circles_json(&hq, Some("ZD-A"));
        let scoped: Vec<&str> = only["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["code"].as_str().unwrap())
            .collect();
        assert_eq!(scoped, ["DD-A1", "DD-A2", "ZA-S1", "ZD-A"]);
        // Every format and both languages.
        let ask = ReportSpec::new(ReportKind::Circles, None, day(5, 1));
        let zh = build_circles(&hq, &spec(None), &ask, Lang::Zh).unwrap();
        assert!(zh.title.contains("响应圈"), "{}", zh.title);
        for format in [depot_report::Format::Table, depot_report::Format::Csv, depot_report::Format::Json] {
            let out = depot_report::output::write(
                &zh,
                &depot_report::Output {
                    format,
                    section: (format == depot_report::Format::Csv).then(|| "by_depot".to_owned()),
                    out: None,
                    width: 200,
                    excel: false,
                },
                Lang::Zh,
                ("hq", day(5, 1)),
            );
            let out = String::from_utf8(out.unwrap()).unwrap();
            assert!(out.contains("甲市支队") && out.contains("ZD-C"), "{format:?}: {out}");
        }
    }

    #[test]
    fn circle_coverage_is_judged_by_depot() {
        let hq = new_store();
        let _bundles = send_all(&hq);
        import_files(
            &hq,
            &[(
                "targets.csv",
                "metric,scope,target,deadline,source\ncircle_coverage,,100,2027-12-31,plan\n",
            )],
        );
        let s = HqSpec { kind: ReportKind::Targets, ..spec(None) };
        let got = to_json(&build(&hq, &s, Lang::En).unwrap());
        let by: BTreeMap<&str, &Value> = got["targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["depot"].as_str().unwrap(), t))
            .collect();
        assert_eq!(by["ZD-A"]["actual"].as_f64().unwrap(), 75.0, "{got:#}");
        assert_eq!(by["ZD-A"]["status"], "behind");
        assert_eq!(by["ZD-A"]["gap"], 1);
        assert_eq!(by["ZD-B"]["actual"].as_f64().unwrap(), 100.0);
        assert_eq!(by["ZD-B"]["status"], "met");
        assert_eq!(by["ZD-C"]["status"], "not_available");
    }

    #[test]
    fn a_bundle_with_an_edited_units_csv_is_refused() {
        let hq = new_store();
        let d = depot(&A);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a");
        send(&d, &out, day(5, 1));
        let path = out.join("units.csv");
        let text = std::fs::read_to_string(&path).unwrap().replace("甲二大队", "甲三大队");
        std::fs::write(&path, text).unwrap();
        let e = hq::ingest(&hq, &ctx(OFFICER), &out, IngestOptions { trust_new: true }).unwrap_err();
        assert!(e.to_string().contains("units.csv"), "{e}");
        assert!(hq.read().unwrap().hq_depots().unwrap().is_empty());
    }

    /// A code two depots both use is each depot's own, shown as DEPOT/CODE: one depot's
    /// table (A's 40 minutes from CK-A to its DD-A1) does not reach the other's place of that
    /// code, which is measured from where its own bundle puts it.
    #[test]
    fn a_code_two_depots_use_is_each_depot_s_own() {
        let hq = new_store();
        let dir = tempfile::tempdir().unwrap();
        for f in [&A, &B, &D] {
            let d = depot(f);
            let out = dir.path().join(f.code);
            send(&d, &out, day(5, 1));
            hq::ingest(&hq, &ctx(OFFICER), &out, IngestOptions { trust_new: true }).unwrap();
        }
        let got = circles_json(&hq, None);
        let unit = |code: &str| -> (String, f64) {
            let u = got["units"]
                .as_array()
                .unwrap()
                .iter()
                .find(|u| u["code"] == code)
                .unwrap_or_else(|| panic!("{code} in {got:#}"));
            (u["warehouse"].as_str().unwrap().to_owned(), u["minutes"].as_f64().unwrap())
        };
        let codes: Vec<&str> = got["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["code"].as_str().unwrap())
            .filter(|c| c.contains("DD-A1"))
            .collect();
        assert_eq!(codes, ["ZD-A/DD-A1", "ZD-D/DD-A1"], "{got:#}");
        assert_eq!(unit("ZD-A/DD-A1"), ("CK-A".to_owned(), 40.0));
        let (wh, m) = unit("ZD-D/DD-A1");
        assert_eq!(wh, "CK-D");
        assert!(m < 5.0, "{m}");
        // A code one depot uses stays as it is.
        assert_eq!(unit("DD-A2").0, "CK-B");
    }
}
