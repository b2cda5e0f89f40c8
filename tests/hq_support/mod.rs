//! What the tests of headquarters share: three depots built from different data (in-memory
//! redb registers), the changes between their bundle rounds, their bundles sent and ingested.
#![allow(dead_code)]

use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use depot_exchange::InputEncoding;
use depot_exchange::bundle::DepotKey;
use depot_service::Ctx;
use depot_service::bundle::{BundleRequest, export_bundle};
use depot_service::hq::{self, IngestOptions};
use depot_service::store::StockView;
use depot_service::store::Store;
use depot_service::workflow::{self, CheckoutReq};
use depot_testkit::register::*;

pub fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// The bundle rounds' dates.
pub const ROUNDS: [(u32, u32); 3] = [(5, 1), (6, 1), (7, 1)];

pub fn at(on: NaiveDate, secs: i64) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("{on}T17:00:00+08:00")).unwrap() + Duration::seconds(secs)
}

/// A depot: its register, its key, its code.
pub struct Depot {
    pub code: &'static str,
    pub store: Store,
    pub key: DepotKey,
}

/// The sample's files with the top unit renamed to `code`, keeping only the assets, lots and
/// standard lines `keep` lets through (by their row number), imported into a new register.
pub fn depot_from_sample(code: &'static str, name: &str, keep: fn(&str, usize) -> bool) -> Depot {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("import/sample");
    for f in std::fs::read_dir(&src).unwrap() {
        let p = f.unwrap().path();
        if p.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        let file = p.file_name().unwrap().to_str().unwrap().to_owned();
        let text = std::fs::read_to_string(&p).unwrap();
        let text = text
            .replace("ZD-QZ", code)
            .replace("清州市消防救援支队", name);
        let kept: Vec<&str> = text
            .lines()
            .enumerate()
            .filter(|(i, _)| *i == 0 || keep(&file, *i))
            .map(|(_, l)| l)
            .collect();
        std::fs::write(dir.path().join(&file), kept.join("\n") + "\n").unwrap();
    }
    let store = depot_service::store::in_memory().unwrap();
    let sources = depot_service::import::files::sources_in(dir.path()).unwrap();
    let t0 = at(day(4, 30), 0);
    let report = depot_service::import::files::import(
        &store,
        &Ctx::fixed(OFFICER, t0),
        &sources,
        InputEncoding::Auto,
        false,
    )
    .unwrap();
    assert!(report.landed(), "{code}: {:?}", report.problems);
    Depot {
        code,
        store,
        key: DepotKey::generate().unwrap(),
    }
}

/// Three depots from different data: the whole sample; two assets of three and every other
/// lot; a third of the assets and the first 60 lines of standards.
pub fn three_depots() -> Vec<Depot> {
    vec![
        depot_from_sample("ZD-QZ", "清州市消防救援支队", |_, _| true),
        depot_from_sample("ZD-LS", "临山市消防救援支队", |f, i| match f {
            "assets.csv" => i % 3 != 0,
            "lots.csv" => i % 2 == 0,
            _ => true,
        }),
        depot_from_sample("ZD-HB", "河滨市消防救援支队", |f, i| match f {
            "assets.csv" => i % 3 == 1,
            "standards.csv" => i <= 60,
            _ => true,
        }),
    ]
}

/// Ready assets at home that the depot holds.
pub fn ready_here(d: &Depot) -> Vec<String> {
    let r = d.store.read().unwrap();
    ready_home()
        .into_iter()
        .filter(|a| r.stock(&a.barcode).unwrap().is_some())
        .map(|a| a.barcode)
        .collect()
}

/// Between rounds: check-outs to an incident, inspections and a write-off, on `on`.
pub fn changes(d: &Depot, round: usize, on: NaiveDate) {
    let ready = ready_here(d);
    let pick = |k: usize| b(&ready[round * 20 + k]);
    let mut secs = 0;
    let mut ctx = || {
        secs += 100;
        Ctx::fixed(OFFICER, at(on, -36_000 + secs))
    };
    for k in 0..3 {
        let req = CheckoutReq {
            reference: Some(format!("INC-{round}-{k}")),
            ..CheckoutReq::default()
        };
        workflow::checkout(&d.store, &ctx(), &pick(k), &req).unwrap();
    }
    for k in 3..6 {
        workflow::inspect(&d.store, &ctx(), &pick(k), Some(on), k == 5).unwrap();
    }
    workflow::writeoff(&d.store, &ctx(), &pick(6), "damaged beyond repair", None).unwrap();
}

/// The depot's bundle as of `on`, written that day, into `out`.
pub fn send(d: &Depot, out: &Path, on: NaiveDate) {
    export_bundle(
        &d.store,
        &BundleRequest {
            out,
            as_of: on,
            full: false,
            depot: None,
            key: &d.key,
            created: at(on, 0),
        },
    )
    .unwrap();
}

/// Every depot's bundle rounds, ingested at `hq` in order; returns the bundles' folder.
pub fn rounds(hq: &Store, depots: &[Depot]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (n, (m, dd)) in ROUNDS.iter().enumerate() {
        let on = day(*m, *dd);
        for d in depots {
            if n > 0 {
                changes(d, n, on);
            }
            let out = dir.path().join(format!("{}-{n}", d.code));
            send(d, &out, on);
            hq::ingest(hq, &ctx(OFFICER), &out, IngestOptions { trust_new: true }).unwrap();
        }
    }
    dir
}

pub fn last_day() -> NaiveDate {
    let (m, d) = ROUNDS[ROUNDS.len() - 1];
    day(m, d)
}

/// Imports the files `(name, text)` into `hq` as the officer; they land whole.
pub fn import_files(hq: &Store, files: &[(&str, &str)]) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let report = depot_service::import::files::import(
        hq,
        &ctx(OFFICER),
        &depot_service::import::files::sources_in(dir.path()).unwrap(),
        InputEncoding::Auto,
        false,
    )
    .unwrap();
    assert!(report.landed(), "{:?}", report.problems);
}
