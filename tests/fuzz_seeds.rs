//! The fuzz targets of `fuzz/` on stable: every file of `fuzz/corpus/TARGET/` (the seeds, and
//! the inputs that once made depot panic) goes through its target, which panics when depot
//! breaks one of its promises. A failing file is named.
#![allow(clippy::unwrap_used)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

#[path = "../fuzz/targets/mod.rs"]
mod targets;

fn seeds(target: &str) {
    let run = targets::ALL
        .iter()
        .find(|(name, _)| *name == target)
        .map(|&(_, run)| run)
        .unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    let failed: Vec<String> = files
        .iter()
        .filter(|f| {
            let data = std::fs::read(f).unwrap();
            catch_unwind(AssertUnwindSafe(|| run(&data))).is_err()
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "{target}: {} of {} seeds fail:\n{}",
        failed.len(),
        files.len(),
        failed.join("\n")
    );
}

/// Every target has its test below.
#[test]
fn every_target_is_tested() {
    let source = include_str!("fuzz_seeds.rs");
    for (name, _) in targets::ALL {
        assert!(
            source.contains(&format!("fn {name}()")),
            "no test for target {name}"
        );
    }
}

#[test]
fn barcode() {
    seeds("barcode");
}

#[test]
fn db_open() {
    seeds("db_open");
}

#[test]
fn import_assets() {
    seeds("import_assets");
}

#[test]
fn import_catalog() {
    seeds("import_catalog");
}

#[test]
fn import_lots() {
    seeds("import_lots");
}

#[test]
fn import_modules() {
    seeds("import_modules");
}

#[test]
fn import_standards() {
    seeds("import_standards");
}

#[test]
fn import_targets() {
    seeds("import_targets");
}

#[test]
fn import_units() {
    seeds("import_units");
}

#[test]
fn import_warehouses() {
    seeds("import_warehouses");
}

#[test]
fn scan_stream() {
    seeds("scan_stream");
}
