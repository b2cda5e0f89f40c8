//! Plain types and rules of the domain: no database, no terminal, no I/O.

pub mod access;
pub mod dates;
pub mod ids;
pub mod movement;
pub mod readiness;
pub mod register;
pub mod replay;
pub mod scan;
pub mod standard;
pub mod stock;
pub mod units;
pub mod vocab;

pub use ids::{Barcode, ItemCode, ModuleCode, Operator, PlaceCode, UnitCode, WarehouseCode};
pub use movement::{Action, Change, Movement, NewMovement};
pub use register::{
    CatalogItem, Module, SHIPPED_MODULES, Unit, Warehouse, module_code, shipped_modules,
};
pub use standard::{Scope, StandardLine, Target, TargetScope, What};
pub use stock::{Asset, AssetRef, Lot, LotRef, Stock, StockRef};
pub use vocab::{
    AssetStatus, Category, Metric, StationClass, Tracking, UnitKind, Vocabulary, WarehouseLevel,
};
