//! What the tests of shipments between depots share: a depot's register built from the
//! sample under its own code, its key; shipping, receiving, and who holds a piece.
#![allow(dead_code)]

use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset};
use depot_domain::stock::is_held;
use depot_domain::{Barcode, Stock};
use depot_exchange::InputEncoding;
use depot_exchange::bundle::DepotKey;
use depot_exchange::bundle::manifest::unhex;
use depot_report::ReportKind;
use depot_report::table::to_json;
use depot_report::words::Lang;
use depot_service::Ctx;
use depot_service::bundle::{BundleRequest, export_bundle};
use depot_service::hq::report::{HqSpec, build};
use depot_service::hq::{self, IngestOptions};
use depot_service::ship::{ReceiveRequest, ShipRequest, enrol_peer, receive_shipment, ship};
use depot_service::store::Store;
use depot_testkit::register::*;

/// A depot: its register (the sample's places and catalogue under its own top unit, with the
/// sample's stock or none), its key and code.
pub struct Depot {
    pub code: &'static str,
    pub store: Store,
    pub key: DepotKey,
}

pub fn depot(code: &'static str, with_stock: bool) -> Depot {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(sample_dir()).unwrap() {
        let p = f.unwrap().path();
        if p.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        let name = p.file_name().unwrap().to_str().unwrap().to_owned();
        let text = std::fs::read_to_string(&p).unwrap().replace("ZD-QZ", code);
        let keep = with_stock || !matches!(name.as_str(), "assets.csv" | "lots.csv");
        let text = match keep {
            true => text,
            false => text.lines().next().unwrap().to_owned() + "\n",
        };
        std::fs::write(dir.path().join(&name), text).unwrap();
    }
    let store = new_store();
    let sources = depot_service::import::files::sources_in(dir.path()).unwrap();
    let report = depot_service::import::files::import(
        &store,
        &ctx(OFFICER),
        &sources,
        InputEncoding::Auto,
        false,
    )
    .unwrap();
    assert!(report.landed(), "{code}: {:?}", report.problems);
    let officer = ctx(OFFICER);
    depot_service::access::add_operator(
        &store,
        &officer,
        QM,
        depot_domain::access::Role::Quartermaster,
        None,
    )
    .unwrap();
    Depot {
        code,
        store,
        key: DepotKey::generate().unwrap(),
    }
}

/// `a` enrols `b`'s key.
pub fn enrol(a: &Depot, b: &Depot) {
    let k = unhex::<32>(&b.key.public_hex()).unwrap();
    enrol_peer(&a.store, &ctx(OFFICER), b.code, k, false).unwrap();
}

/// A quartermaster's context `days` days and `secs` seconds from now.
pub fn later(days: i64, secs: i64) -> Ctx {
    let now: DateTime<FixedOffset> = chrono::Local::now().fixed_offset();
    Ctx::fixed(QM, now + Duration::days(days) + Duration::seconds(secs))
}

pub fn send(
    from: &Depot,
    to: &str,
    out: &Path,
    codes: &[&str],
    return_by: Option<chrono::NaiveDate>,
    at: &Ctx,
) -> depot_service::Result<depot_service::ship::Shipped> {
    let barcodes: Vec<Barcode> = codes.iter().map(|c| b(c)).collect();
    ship(
        &from.store,
        at,
        &ShipRequest {
            out,
            to,
            barcodes: &barcodes,
            return_by,
            reference: Some("调拨令 2026-17"),
            depot: None,
            key: &from.key,
        },
    )
}

pub fn take(
    d: &Depot,
    dir: &Path,
    found: Option<&[&str]>,
    receipt: &Path,
    at: &Ctx,
) -> depot_service::Result<depot_service::ship::ReceiveOut> {
    let found: Option<Vec<Barcode>> = found.map(|f| f.iter().map(|c| b(c)).collect());
    receive_shipment(
        &d.store,
        at,
        &ReceiveRequest {
            dir,
            found: found.as_deref(),
            receipt_out: receipt,
            depot: None,
            key: &d.key,
        },
    )
}

/// Whether `d` holds `code`: counts it for one of its places.
pub fn holds(d: &Depot, code: &str) -> bool {
    match stock(&d.store, code) {
        Some(Stock::Asset(a)) => is_held(a.status),
        Some(Stock::Lot(l)) => l.quantity > rust_decimal::Decimal::ZERO,
        None => false,
    }
}

/// Each of `codes` is held by exactly one of the depots, the one `at` names.
pub fn held_once(depots: &[&Depot], codes: &[&str], at: &[&str]) {
    for (code, owner) in codes.iter().zip(at) {
        let holders: Vec<&str> = depots
            .iter()
            .filter(|d| holds(d, code))
            .map(|d| d.code)
            .collect();
        assert_eq!(holders, vec![*owner], "{code}");
    }
}

/// Headquarters' `report transit` once each of `depots` has sent it a bundle as of `day`'s
/// date (written into `dir` as `CODE-tag`): its rows.
pub fn transit_rows(
    hq: &Store,
    depots: &[&Depot],
    day: &Ctx,
    dir: &Path,
    tag: &str,
) -> Vec<serde_json::Value> {
    for d in depots {
        let out = dir.join(format!("{}-{tag}", d.code));
        export_bundle(
            &d.store,
            &BundleRequest {
                out: &out,
                as_of: day.stamp().date_naive(),
                full: false,
                depot: None,
                key: &d.key,
                created: day.stamp(),
            },
        )
        .unwrap();
        hq::ingest(hq, &ctx(OFFICER), &out, IngestOptions { trust_new: true }).unwrap();
    }
    let spec = HqSpec {
        kind: ReportKind::Transit,
        depot: None,
        today: day.stamp().date_naive(),
        stale_days: 45,
    };
    let r = to_json(&build(hq, &spec, Lang::En).unwrap());
    r["transit"].as_array().unwrap().clone()
}
