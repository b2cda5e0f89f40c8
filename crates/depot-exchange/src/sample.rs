//! The sample detachment of `import/sample/` and the defaults of `schemas/`, built into the
//! program so that `depot init --sample`, `depot demo` and `depot import defaults` work from
//! any directory.

use crate::columns::Kind;
use crate::import::Source;

macro_rules! file {
    ($kind:ident, $name:literal) => {
        Source::Bytes(
            Kind::$kind,
            concat!("import/sample/", $name),
            include_bytes!(concat!("../../../import/sample/", $name)),
        )
    };
}

/// The sample's files, in import order.
pub fn sources() -> Vec<Source> {
    vec![
        file!(Modules, "modules.csv"),
        file!(Units, "units.csv"),
        file!(Warehouses, "warehouses.csv"),
        file!(TravelTimes, "travel_times.csv"),
        file!(Catalog, "catalog.csv"),
        file!(Assets, "assets.csv"),
        file!(Lots, "lots.csv"),
        file!(Standards, "standards.csv"),
        file!(Targets, "targets.csv"),
    ]
}

macro_rules! shipped {
    ($kind:ident, $name:literal) => {
        Source::Bytes(
            Kind::$kind,
            concat!("schemas/", $name),
            include_bytes!(concat!("../../../schemas/", $name)),
        )
    };
}

/// The shipped defaults of `schemas/`: the disaster modules, and the standards and targets the
/// five-year plans set (duty vehicles per station class, high-end share, compliance, over-age).
pub fn defaults() -> Vec<Source> {
    vec![
        shipped!(Modules, "modules.csv"),
        shipped!(Standards, "standards.csv"),
        shipped!(Targets, "targets.csv"),
    ]
}

/// The operator named on the sample's opening movements when none is given.
pub const SAMPLE_OPERATOR: &str = "sample";
