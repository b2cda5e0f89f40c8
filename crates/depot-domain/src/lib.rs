//! Plain types and rules of the domain: no database, no terminal, no I/O.

pub mod access;
pub mod dates;
pub mod geo;
pub mod ids;
mod lang;
pub mod movement;
pub mod msg;
pub mod notify;
pub mod readiness;
pub mod register;
pub mod replay;
pub mod scan;
pub mod standard;
pub mod stock;
pub mod units;
pub mod vocab;

pub use geo::{GeoPoint, PlaceLocation, Roads, TravelTime};
pub use ids::{Barcode, ItemCode, ModuleCode, Operator, PlaceCode, UnitCode, WarehouseCode};
pub use lang::{Lang, io_said, io_zh};
pub use movement::{Action, Change, Movement, NewMovement};
pub use register::{
    CatalogItem, Module, SHIPPED_MODULES, Unit, Warehouse, module_code, shipped_modules,
};
pub use standard::{Scope, StandardLine, Target, TargetScope, What};
pub use stock::{Asset, AssetRef, Lot, LotRef, Stock, StockRef};
pub use vocab::{
    AssetStatus, Category, Metric, StationClass, Tracking, UnitKind, Vocabulary, WarehouseLevel,
};

/// Whether work over `rows` rows (assets, lots) is worth splitting between two threads: a
/// large register, and a machine with a second core.
pub fn two_threads_for(rows: u64) -> bool {
    /// Below this, a thread costs more than it saves.
    const FROM: u64 = 50_000;
    rows >= FROM && std::thread::available_parallelism().is_ok_and(|p| p.get() >= 2)
}

/// Runs `here` on this thread and `there` on a thread beside it, and returns both results. A
/// panic on the other thread is resumed on this one.
pub fn both<A, B: Send>(here: impl FnOnce() -> A, there: impl FnOnce() -> B + Send) -> (A, B) {
    std::thread::scope(|s| {
        let there = s.spawn(there);
        let a = here();
        (
            a,
            there
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e)),
        )
    })
}
