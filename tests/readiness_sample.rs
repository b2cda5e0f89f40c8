//! The sample detachment imported, readiness exported as of 2026-11-23, and the export and the
//! rolled-up rates checked against figures computed here, independently and plainly, from the
//! CSV files of import/sample/.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use depot_domain::readiness::Within;
use depot_exchange::{CsvOptions, InputEncoding, sample};
use depot_service::export::csv::{ExportKind, ExportOptions, export};
use depot_service::import::files::import;
use depot_service::{Ctx, readiness};

const AS_OF: &str = "2026-11-23";

type Rec = HashMap<String, String>;

fn read(name: &str) -> Vec<Rec> {
    let path = format!("{}/import/sample/{name}", env!("CARGO_MANIFEST_DIR"));
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(|v| v.trim().to_owned()))
                .collect()
        })
        .collect()
}

fn date(s: &str) -> Option<NaiveDate> {
    (!s.is_empty()).then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
}

/// Commissioned plus whole years, the plain way: same month and day, 29 February → 28.
fn life_end(c: NaiveDate, years: i32) -> NaiveDate {
    let y = c.year() + years;
    NaiveDate::from_ymd_opt(y, c.month(), c.day())
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(y, 2, 28).unwrap())
}

/// One line of a standard at one place, as computed here.
#[derive(Debug, Clone, PartialEq)]
struct Expected {
    required: Decimal,
    held: Decimal,
    ready: Decimal,
}

fn expected_lines(on: NaiveDate) -> BTreeMap<(String, String, String), Expected> {
    let units = read("units.csv");
    let catalog: HashMap<String, Rec> = read("catalog.csv")
        .into_iter()
        .map(|r| (r["item"].clone(), r))
        .collect();
    let assets = read("assets.csv");
    let lots = read("lots.csv");
    let mut out = BTreeMap::new();
    for line in read("standards.csv") {
        let (kind, code) = line["scope"].split_once(':').unwrap();
        let places: Vec<String> = match kind {
            "class" => units
                .iter()
                .filter(|u| u["class"] == code)
                .map(|u| u["code"].clone())
                .collect(),
            _ => vec![code.to_owned()],
        };
        let what = line["what"].clone();
        let matches = |item: &str| match what.strip_prefix("category:") {
            Some(cat) => catalog[item]["category"] == cat,
            None => item == what,
        };
        let module = line["module"].clone();
        let in_module = |m: &str| module.is_empty() || m == module;
        let required: Decimal = line["required"].parse().unwrap();
        for place in places {
            let (mut held, mut ready) = (Decimal::ZERO, Decimal::ZERO);
            for a in &assets {
                if a["owner"] != place || !matches(&a["item"]) || !in_module(&a["module"]) {
                    continue;
                }
                let status = if a["status"].is_empty() {
                    "ready"
                } else {
                    a["status"].as_str()
                };
                if status == "retired" {
                    continue;
                }
                held += Decimal::ONE;
                let item = &catalog[&a["item"]];
                let young = match (date(&a["commissioned"]), item["life_years"].as_str()) {
                    (Some(c), y) if !y.is_empty() => on < life_end(c, y.parse().unwrap()),
                    _ => true,
                };
                let inspected = match item["inspect_days"].as_str() {
                    "" => true,
                    days => date(&a["last_inspected"])
                        .is_some_and(|l| (on - l).num_days() <= days.parse::<i64>().unwrap()),
                };
                let home = a["location"].is_empty() || a["location"] == place;
                if status == "ready" && home && young && inspected {
                    ready += Decimal::ONE;
                }
            }
            for l in &lots {
                if l["owner"] != place || !matches(&l["item"]) || !in_module(&l["module"]) {
                    continue;
                }
                let q: Decimal = l["quantity"].parse().unwrap();
                held += q;
                if date(&l["expires"]).is_none_or(|e| e >= on) {
                    ready += q;
                }
            }
            out.insert(
                (place, module.clone(), what.clone()),
                Expected {
                    required,
                    held,
                    ready,
                },
            );
        }
    }
    out
}

/// The places under `root` (itself included), warehouses run by them included.
fn subtree(root: &str) -> HashSet<String> {
    let units = read("units.csv");
    let mut set: HashSet<String> = HashSet::from([root.to_owned()]);
    loop {
        let before = set.len();
        for u in &units {
            if set.contains(&u["parent"]) {
                set.insert(u["code"].clone());
            }
        }
        if set.len() == before {
            break;
        }
    }
    for w in read("warehouses.csv") {
        if set.contains(&w["unit"]) {
            set.insert(w["code"].clone());
        }
    }
    set
}

struct Rates {
    equipped: Decimal,
    ready: Decimal,
    compliant: usize,
    with_lines: usize,
}

/// The rates of EXCHANGE.md version 2: every line weighs the same.
fn rates<'a>(lines: impl Iterator<Item = (&'a String, &'a Expected)>) -> Rates {
    let (mut n, mut held, mut ready) = (0u32, Decimal::ZERO, Decimal::ZERO);
    let mut places: HashMap<&String, bool> = HashMap::new();
    for (place, e) in lines {
        n += 1;
        held += (e.held / e.required).min(Decimal::ONE);
        ready += (e.ready / e.required).min(Decimal::ONE);
        *places.entry(place).or_insert(true) &= e.held >= e.required;
    }
    Rates {
        equipped: held * Decimal::ONE_HUNDRED / Decimal::from(n),
        ready: ready * Decimal::ONE_HUNDRED / Decimal::from(n),
        compliant: places.values().filter(|ok| **ok).count(),
        with_lines: places.len(),
    }
}

#[test]
fn sample_readiness_matches_an_independent_count() {
    let on = date(AS_OF).unwrap();
    let store = depot_service::store::in_memory().unwrap();
    let ctx = Ctx::new(Some("test")).unwrap();
    let report = import(&store, &ctx, &sample::sources(), InputEncoding::Auto, false).unwrap();
    assert!(report.landed(), "{:?}", report.problems);

    // The export, row by row.
    let opts = ExportOptions {
        csv: CsvOptions::default(),
        as_of: on,
        since: 1,
    };
    let mut buf = Vec::new();
    let n = export(
        &depot_service::export::Extract::open(&store).unwrap(),
        ExportKind::Readiness,
        &opts,
        &mut buf,
    )
    .unwrap();
    let mut r = csv::Reader::from_reader(buf.as_slice());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "scope",
            "scope_name",
            "module",
            "what",
            "required",
            "held",
            "ready",
            "equipped",
            "ready_met"
        ]
    );
    let expected = expected_lines(on);
    assert_eq!(n as usize, expected.len());
    for rec in r.records() {
        let rec = rec.unwrap();
        let key = (rec[0].to_owned(), rec[2].to_owned(), rec[3].to_owned());
        let e = &expected[&key];
        let dec = |i: usize| rec[i].parse::<Decimal>().unwrap();
        assert_eq!(
            (dec(4), dec(5), dec(6)),
            (e.required, e.held, e.ready),
            "{key:?}"
        );
        let yes = |b: bool| if b { "yes" } else { "no" };
        assert_eq!(&rec[7], yes(e.held >= e.required), "{key:?}");
        assert_eq!(&rec[8], yes(e.ready >= e.required), "{key:?}");
    }

    // The rolled-up rates: everything, a brigade with a county depot, and a station.
    let snap = readiness::load(&store).unwrap();
    let rd = readiness::readiness(&snap, on, 90);
    for scope in [None, Some("DD-03"), Some("DD-01"), Some("ZHAN-0304")] {
        let places = scope.map(subtree);
        let want = rates(
            expected
                .iter()
                .filter(|((p, _, _), _)| places.as_ref().is_none_or(|s| s.contains(p)))
                .map(|((p, _, _), e)| (p, e)),
        );
        let w = readiness::scope(&snap, scope).unwrap();
        let got = rd.figures(w);
        // Each line's ratio is rounded to 12 places before the engine adds them.
        let close =
            |a: Option<Decimal>, b: Decimal| a.is_some_and(|a| (a - b).abs() < Decimal::new(1, 8));
        assert!(close(got.equipped_rate(), want.equipped), "{scope:?}");
        assert!(close(got.ready_coverage(), want.ready), "{scope:?}");
        assert_eq!(
            (
                got.places_compliant as usize,
                got.places_with_lines as usize
            ),
            (want.compliant, want.with_lines),
            "{scope:?}"
        );
    }
    assert!(matches!(
        readiness::scope(&snap, Some("DD-03")).unwrap(),
        Within::Place(_)
    ));

    // Over-age and overdue inspections, counted plainly over every asset.
    let catalog: HashMap<String, Rec> = read("catalog.csv")
        .into_iter()
        .map(|r| (r["item"].clone(), r))
        .collect();
    let (mut over, mut overdue, mut held, mut ready) = (0u64, 0u64, 0u64, 0u64);
    for a in read("assets.csv")
        .iter()
        .filter(|a| a["status"] != "retired")
    {
        let item = &catalog[&a["item"]];
        let is_over = if let (Some(c), y) = (date(&a["commissioned"]), item["life_years"].as_str())
            && !y.is_empty()
            && on >= life_end(c, y.parse().unwrap())
        {
            over += 1;
            true
        } else {
            false
        };
        let is_overdue = if !item["inspect_days"].is_empty()
            && date(&a["last_inspected"])
                .is_none_or(|l| (on - l).num_days() > item["inspect_days"].parse::<i64>().unwrap())
        {
            overdue += 1;
            true
        } else {
            false
        };
        held += 1;
        let at_owner = a["location"].is_empty() || a["location"] == a["owner"];
        let status_ready = a["status"].is_empty() || a["status"] == "ready";
        ready += u64::from(status_ready && at_owner && !is_over && !is_overdue);
    }
    assert_eq!(rd.everything.stock.over_age, over);
    assert_eq!(rd.everything.stock.inspection_overdue, overdue);
    // 完好率 (finding 1): ready pieces / pieces held, not a sum over the lines' quantities.
    assert_eq!(
        rd.everything.ready_rate(),
        Some(Decimal::from(ready) * Decimal::ONE_HUNDRED / Decimal::from(held))
    );
    assert!(rd.everything.ready_rate() < Some(Decimal::from(90)));
    // The sample is built to fall short somewhere on this date.
    assert!(over > 0 && overdue > 0);
    assert!(rd.everything.compliance_rate() < Some(Decimal::ONE_HUNDRED));
}
