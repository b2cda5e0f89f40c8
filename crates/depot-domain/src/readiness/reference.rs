//! What a replay of the ledger builds on and how it fails: the register's reference data, and
//! the errors of a movement that cannot be replayed. Shared by the trend ([`super::trend`])
//! and the stock it changes in place ([`super::live`]).

use super::SnapshotBuilder;
use crate::replay::ReplayError;
use crate::{CatalogItem, Module, StandardLine, Target, Unit, Warehouse};

/// The reference data of the register: what a snapshot is built on besides the stock.
#[derive(Debug, Clone, Default)]
pub struct Reference {
    pub units: Vec<Unit>,
    pub warehouses: Vec<Warehouse>,
    pub catalog: Vec<CatalogItem>,
    pub standards: Vec<StandardLine>,
    pub targets: Vec<Target>,
    pub modules: Vec<Module>,
}

impl Reference {
    /// A builder of a snapshot on this reference data, without stock yet.
    pub fn builder(&self) -> SnapshotBuilder {
        SnapshotBuilder::new(
            &self.units,
            &self.warehouses,
            &self.catalog,
            self.standards.clone(),
            self.targets.clone(),
        )
    }
}

/// Why a movement cannot be replayed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrendError {
    #[error("movement of {barcode}: item {item} is not in the catalogue")]
    NotInCatalogue { barcode: String, item: String },
    #[error(transparent)]
    Replay(#[from] ReplayError),
}
