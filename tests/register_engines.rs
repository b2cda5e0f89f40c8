//! `import register` on either engine: the same register, the same pieces and barcodes, the
//! import's record, the shelves, the labels' walk and the labelling counts.
#![allow(clippy::unwrap_used)]

use depot_exchange::register::MapFile;
use depot_service::import::register::{RegisterOptions, import_record, import_register, shelf};
use depot_testkit::on_both_engines;
use depot_testkit::register::{OFFICER, ctx, sample_store};

fn fixture() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/register/register.xlsx")
}

on_both_engines! {
#[test]
fn a_register_lands_with_its_record_shelves_and_counts() {
    let store = sample_store();
    let map: MapFile = toml::from_str(
        "[items]\n\"抢险救援车\" = \"V-JY\"\n[places]\n\"滨江站\" = \"ZHAN-0102\"\n",
    )
    .unwrap();
    let opts = RegisterOptions {
        map,
        barcode_prefix: Some("jh".into()),
        ..RegisterOptions::default()
    };
    let report = import_register(&store, &ctx(OFFICER), &fixture(), &opts).unwrap();
    assert!(report.ok(), "{:?} {:?}", report.unresolved, report.problems);
    let record = import_record(&store, 1).unwrap().unwrap();
    assert_eq!((record.assets, record.lots), (19, 2));
    assert_eq!(
        record.given,
        Some(("JH000001".to_owned(), "JH000021".to_owned())),
        "the prefix is folded to capitals"
    );
    assert_eq!(shelf(&store, "JH000003").unwrap().as_deref(), Some("器材库2号架"));
    let walk: Vec<String> = depot_service::label::for_import(&store, 1)
        .unwrap()
        .iter()
        .map(|l| l.barcode.to_string())
        .collect();
    assert_eq!(walk.first().map(String::as_str), Some("JH000020"), "{walk:?}");
    // An owner's labels go by shelf too.
    let owner: Vec<String> = depot_service::label::for_owner(&store, "ZHAN-0102", None)
        .unwrap()
        .iter()
        .map(|l| l.barcode.to_string())
        .collect();
    let at = |code: &str| owner.iter().position(|b| b == code).unwrap();
    assert!(at("JH000018") < at("JH000003") && at("JH000003") < at("JH000001"));
    let counts = depot_service::count::open_for_import(&store, &ctx(OFFICER), 1).unwrap();
    let places: Vec<&str> = counts.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(places, ["CK-XJ-01", "ZHAN-0101", "ZHAN-0102"]);
    depot_testkit::register::verified(&store);
}
}
