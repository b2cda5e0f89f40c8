//! The sample detachment of `import/sample/`, built into the program so that `depot init
//! --sample` and `depot demo` work from any directory.

use super::columns::Kind;
use super::import::Source;

macro_rules! file {
    ($kind:ident, $name:literal) => {
        Source::Bytes(
            Kind::$kind,
            concat!("import/sample/", $name),
            include_bytes!(concat!("../../import/sample/", $name)),
        )
    };
}

/// The sample's files, in import order.
pub fn sources() -> Vec<Source> {
    vec![
        file!(Modules, "modules.csv"),
        file!(Units, "units.csv"),
        file!(Warehouses, "warehouses.csv"),
        file!(Catalog, "catalog.csv"),
        file!(Assets, "assets.csv"),
        file!(Lots, "lots.csv"),
        file!(Standards, "standards.csv"),
        file!(Targets, "targets.csv"),
    ]
}

/// The operator named on the sample's opening movements when none is given.
pub const SAMPLE_OPERATOR: &str = "sample";
