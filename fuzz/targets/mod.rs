//! The bodies of the fuzz targets, one module each, `run(data)` taking libFuzzer's bytes.
//!
//! The fuzz crate (`fuzz/`, nightly, `cargo fuzz run NAME`) calls them from `fuzz_targets/`;
//! the main crate's `tests/fuzz_seeds.rs` includes this module and runs every file of
//! `fuzz/corpus/NAME/` through them on stable, so the seeds and the reproducers of the bugs
//! fuzzing found stay checked by `cargo test`.
//!
//! A target panics only when depot does something wrong: a panic inside depot, or an
//! assertion here about what it promises (a refused open leaves the file as it was, a dry run
//! changes nothing, every problem names its file and a line of it).

pub mod fixture;

pub mod barcode;
pub mod db_open;
pub mod import;
pub mod import_assets;
pub mod import_catalog;
pub mod import_lots;
pub mod import_modules;
pub mod import_standards;
pub mod import_targets;
pub mod import_units;
pub mod import_warehouses;
pub mod scan_stream;

/// A target's body: libFuzzer's bytes in, a panic when depot breaks a promise.
pub type Run = fn(&[u8]);

/// The targets by name (the name of their `fuzz_targets/` file and `corpus/` folder).
pub const ALL: &[(&str, Run)] = &[
    ("barcode", barcode::run),
    ("db_open", db_open::run),
    ("import_assets", import_assets::run),
    ("import_catalog", import_catalog::run),
    ("import_lots", import_lots::run),
    ("import_modules", import_modules::run),
    ("import_standards", import_standards::run),
    ("import_targets", import_targets::run),
    ("import_units", import_units::run),
    ("import_warehouses", import_warehouses::run),
    ("scan_stream", scan_stream::run),
];
