//! The figures the readiness screens (dashboard, units, replacements) share: the readiness of
//! one snapshot, kept until a write.

/// The readiness of the register, computed once from a snapshot and kept until a write.
pub struct Reports {
    pub snap: depot_domain::readiness::Snapshot,
    pub ready: depot_domain::readiness::Readiness,
    pub targets: Vec<depot_domain::readiness::TargetResult>,
    pub replacements: Vec<depot_domain::readiness::ReplacementRow>,
    pub by_year: Vec<(i32, depot_domain::readiness::Total)>,
    /// Places in tree order (each unit followed by what is below it).
    pub tree: Vec<u32>,
    pub plan: Option<depot_domain::readiness::Plan>,
    /// The response circles, made when screen 4 first shows them.
    pub circles: Option<depot_domain::readiness::Circles>,
}
