//! The sample register for the tests of the services: the rows of its CSV files, the
//! operators' contexts, a store on the running test's engine (empty, or holding the sample),
//! and snapshots of the ledger and stock that prove a refused action wrote nothing.

use std::path::{Path, PathBuf};

use chrono::Duration;
use depot_domain::access::Role;
use depot_domain::{Asset, Barcode, Lot, Stock};
use depot_exchange::InputEncoding;
use depot_service::store::{StockView, Store};
use depot_service::{Ctx, access};

use crate::engines;

/// The officer who imports the sample and adds the others.
pub const OFFICER: &str = "王伟";
/// A quartermaster: scan workflows only.
pub const QM: &str = "李娜";
/// An auditor: reads only.
pub const AUDITOR: &str = "赵敏";

/// A row of `import/sample/assets.csv`.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct AssetCsv {
    pub barcode: String,
    pub item: String,
    pub serial: String,
    pub owner: String,
    pub location: String,
    pub module: String,
    pub status: String,
}

/// A row of `import/sample/lots.csv`.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct LotCsv {
    pub barcode: String,
    pub item: String,
    pub lot: String,
    pub owner: String,
    pub module: String,
    pub quantity: String,
    pub expires: String,
    pub received: String,
}

/// The bundled sample of `import/sample/` (two folders above this crate).
pub fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../import/sample")
}

fn sample_file(name: &str) -> PathBuf {
    sample_dir().join(name)
}

fn rows<T: serde::de::DeserializeOwned>(name: &str) -> Vec<T> {
    let mut r = csv::Reader::from_path(sample_file(name)).unwrap();
    r.deserialize().map(Result::unwrap).collect()
}

pub fn assets() -> Vec<AssetCsv> {
    rows("assets.csv")
}

pub fn lots() -> Vec<LotCsv> {
    rows("lots.csv")
}

/// Ready assets at home (not checked out), in file order.
pub fn ready_home() -> Vec<AssetCsv> {
    assets()
        .into_iter()
        .filter(|a| a.status == "ready" && a.location.is_empty())
        .collect()
}

/// Ready assets at home whose owner is not `owner`.
pub fn ready_home_not_of(owner: &str) -> Vec<AssetCsv> {
    ready_home()
        .into_iter()
        .filter(|a| a.owner != owner)
        .collect()
}

/// The first asset of the sample in `status`, at home.
pub fn asset_in(status: &str) -> AssetCsv {
    assets()
        .into_iter()
        .find(|a| a.status == status && a.location.is_empty())
        .unwrap()
}

/// A ready asset checked out in the sample.
pub fn asset_out() -> AssetCsv {
    assets()
        .into_iter()
        .find(|a| a.status == "ready" && !a.location.is_empty())
        .unwrap()
}

/// A lot of at least `min` pieces.
pub fn lot_with_at_least(min: i64) -> LotCsv {
    lots()
        .into_iter()
        .find(|l| l.quantity.parse::<i64>().is_ok_and(|q| q >= min) && !l.lot.is_empty())
        .unwrap()
}

/// Lots to rotate: of the sample's lots of one item at one place in one module that hold at
/// least 1 and expire after today and the next two days (the one with the most of them), the
/// one that expires last and the one that expires first. First expired, first out: issuing
/// the first goes without a word, issuing the last names the first.
pub fn lots_to_rotate() -> (LotCsv, LotCsv) {
    let today = chrono::Local::now().date_naive();
    let good = |l: &LotCsv| {
        l.expires
            .parse::<chrono::NaiveDate>()
            .is_ok_and(|e| e > today + Duration::days(2))
            && l.quantity.parse::<f64>().is_ok_and(|q| q >= 1.0)
    };
    let all: Vec<LotCsv> = lots().into_iter().filter(good).collect();
    let mut best: Vec<&LotCsv> = Vec::new();
    for l in &all {
        let same: Vec<&LotCsv> = all
            .iter()
            .filter(|o| o.item == l.item && o.owner == l.owner && o.module == l.module)
            .collect();
        if same.len() > best.len() {
            best = same;
        }
    }
    best.sort_by(|a, b| (&a.expires, &a.barcode).cmp(&(&b.expires, &b.barcode)));
    assert!(best.len() >= 3, "the sample has lots to rotate");
    (
        (*best.last().unwrap()).clone(),
        (*best.first().unwrap()).clone(),
    )
}

pub fn ctx(name: &str) -> Ctx {
    Ctx::new(Some(name)).unwrap()
}

/// A context `secs` seconds from now: moves the clock past the repeat-scan window.
pub fn ctx_later(name: &str, secs: i64) -> Ctx {
    Ctx::fixed(
        name,
        chrono::Local::now().fixed_offset() + Duration::seconds(secs),
    )
}

/// An empty depot database on the running test's engine.
pub fn new_store() -> Store {
    if engines::is_postgres() {
        let at = depot_service::store::Location::Server(engines::database());
        depot_service::store::at(&at, depot_service::store::Access::Create).unwrap()
    } else {
        depot_service::store::in_memory().unwrap()
    }
}

/// The sample register imported into `store` by the officer; it lands whole.
pub fn import_sample(store: &Store) {
    let report = depot_service::import::files::import(
        store,
        &ctx(OFFICER),
        &depot_exchange::sample::sources(),
        InputEncoding::Auto,
        false,
    )
    .unwrap();
    assert!(report.landed(), "{:?}", report.problems);
}

/// The sample register on the running test's engine, with an officer, a quartermaster and an
/// auditor.
pub fn sample_store() -> Store {
    let store = new_store();
    import_sample(&store);
    let officer = ctx(OFFICER);
    access::add_operator(&store, &officer, QM, Role::Quartermaster, None).unwrap();
    access::add_operator(&store, &officer, AUDITOR, Role::Auditor, None).unwrap();
    store
}

pub fn b(code: &str) -> Barcode {
    Barcode::new(code)
}

pub fn stock(store: &Store, code: &str) -> Option<Stock> {
    store.read().unwrap().stock(code).unwrap()
}

pub fn asset(store: &Store, code: &str) -> Asset {
    match stock(store, code) {
        Some(Stock::Asset(a)) => a,
        other => panic!("{code} is not an asset: {other:?}"),
    }
}

pub fn lot(store: &Store, code: &str) -> Lot {
    match stock(store, code) {
        Some(Stock::Lot(l)) => l,
        other => panic!("{code} is not a lot: {other:?}"),
    }
}

/// The ledger head, and the stock of the barcodes an action might touch.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    pub head: (u64, [u8; 32]),
    pub stock: Vec<Option<Stock>>,
    pub barcodes: u64,
}

pub fn snapshot(store: &Store, codes: &[&str]) -> Snapshot {
    let r = store.read().unwrap();
    Snapshot {
        head: r.ledger_head().unwrap(),
        stock: codes.iter().map(|c| r.stock(c).unwrap()).collect(),
        barcodes: r.stock_count().unwrap(),
    }
}

/// Runs `f`, which must fail, and checks that the ledger and the stock of `codes` are as
/// before; returns the error's message.
pub fn refused<T: std::fmt::Debug>(
    store: &Store,
    codes: &[&str],
    f: impl FnOnce() -> depot_service::Result<T>,
) -> String {
    let before = snapshot(store, codes);
    let out = f();
    let after = snapshot(store, codes);
    assert_eq!(before, after, "a refused action changed the register");
    match out {
        Ok(v) => panic!("expected a refusal, got {v:?}"),
        Err(e) => e.to_string(),
    }
}

/// `verify` passes.
pub fn verified(store: &Store) {
    let report = depot_service::verify::verify(store).unwrap();
    assert!(report.ok(), "{report}");
}
