//! The port's read snapshot: each call handed to the engine behind it.

use std::ops::ControlFlow;

use rust_decimal::Decimal;

use crate::domain::movement::Movement;
use crate::domain::{Barcode, CatalogItem, Module, StandardLine, Stock, Target, Unit, Warehouse};

use super::hq::{HqBundle, HqDepot, HqMovement};
use super::{
    AuditEntry, Claims, CountLine, CountRecord, End, Head, KitRecord, OperatorRecord, Reader,
    ReaderOf, StockRow, StockScan, StockView, StoreError, Tag,
};

impl Reader {
    forward! { ReaderOf;
        fn units(&self) -> Result<Vec<Unit>, StoreError>;
        fn warehouses(&self) -> Result<Vec<Warehouse>, StoreError>;
        fn modules(&self) -> Result<Vec<Module>, StoreError>;
        fn catalog(&self) -> Result<Vec<CatalogItem>, StoreError>;
        fn standards(&self) -> Result<Vec<StandardLine>, StoreError>;
        fn targets(&self) -> Result<Vec<Target>, StoreError>;
        /// How many barcodes the register holds.
        fn stock_count(&self) -> Result<u64, StoreError>;
        /// The number of the last movement and its hash (0 and zeros for an empty ledger).
        fn ledger_head(&self) -> Result<(u64, [u8; 32]), StoreError>;
        /// The movements of one barcode, oldest first.
        fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError>;
        /// The barcodes whose `tag` (owner, item, module …) has `value`, in barcode order.
        fn barcodes_by(&self, tag: Tag, value: &str) -> Result<Vec<Barcode>, StoreError>;
        /// Barcodes whose date (life end or expiry) falls in `from..=to`, with the date.
        fn barcodes_by_date(&self, tag: Tag, from: chrono::NaiveDate, to: chrono::NaiveDate) -> Result<Vec<(chrono::NaiveDate, Barcode)>, StoreError>;
        /// Every barcode that starts with `prefix`, up to `limit` of them.
        fn barcodes_starting(&self, prefix: &str, limit: usize) -> Result<Vec<Barcode>, StoreError>;
        /// A value of the meta table.
        fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError>;
        fn operators(&self) -> Result<Vec<OperatorRecord>, StoreError>;
        fn operator(&self, name: &str) -> Result<Option<OperatorRecord>, StoreError>;
        fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError>;
        fn counts(&self) -> Result<Vec<CountRecord>, StoreError>;
        fn count_scans(&self, id: u64) -> Result<Vec<(String, Decimal)>, StoreError>;
        /// What count `id` decided at its close (empty: open, or closed before depot kept it).
        fn count_lines(&self, id: u64) -> Result<Vec<CountLine>, StoreError>;
        /// Codes (barcodes, units, warehouses) equal to `code` ignoring case.
        fn codes_ignoring_case(&self, code: &str, limit: usize) -> Result<Vec<String>, StoreError>;
        fn kit(&self, code: &str) -> Result<Option<KitRecord>, StoreError>;
        fn kits(&self) -> Result<Vec<KitRecord>, StoreError>;
        /// Headquarters: the depots enrolled, in code order.
        fn hq_depots(&self) -> Result<Vec<HqDepot>, StoreError>;
        fn hq_depot(&self, code: &str) -> Result<Option<HqDepot>, StoreError>;
        /// Headquarters: the bundles of `depot` ingested, in the order of their last seq.
        fn hq_bundles(&self, depot: &str) -> Result<Vec<HqBundle>, StoreError>;
        /// Headquarters: a snapshot file of `depot`'s latest bundle (`hq::SNAPSHOT_FILES`).
        fn hq_file(&self, depot: &str, name: &str) -> Result<Option<Vec<u8>>, StoreError>;
        /// Headquarters: the movements `from..=to` held of `depot`, in seq order.
        fn hq_movements(&self, depot: &str, from: u64, to: u64) -> Result<Vec<HqMovement>, StoreError>;
    }

    /// Visits every asset and lot in barcode order; stops at the first error `f` returns.
    pub fn for_each_stock<E: From<StoreError>>(
        &self,
        f: impl FnMut(&str, StockRow<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        on!(&self.engine, ReaderOf, e => e.for_each_stock(f))
    }

    /// [`Self::for_each_stock`], with what each row keeps of its barcode's last movement.
    pub fn for_each_stock_linked<E: From<StoreError>>(
        &self,
        f: impl FnMut(&str, StockRow<'_>, Head) -> Result<(), E>,
    ) -> Result<(), E> {
        on!(&self.engine, ReaderOf, e => e.for_each_stock_linked(f))
    }

    /// Visits the ledger from `since` (inclusive) on, in order.
    pub fn for_each_movement<E: From<StoreError>>(
        &self,
        since: u64,
        f: impl FnMut(Movement) -> Result<(), E>,
    ) -> Result<(), E> {
        on!(&self.engine, ReaderOf, e => e.for_each_movement(since, f))
    }

    /// [`Self::for_each_movement`], with the number of the same barcode's movement before
    /// each one (0: none).
    pub fn for_each_movement_linked<E: From<StoreError>>(
        &self,
        since: u64,
        f: impl FnMut(Movement, u64) -> Result<(), E>,
    ) -> Result<(), E> {
        on!(&self.engine, ReaderOf, e => e.for_each_movement_linked(since, f))
    }

    /// Visits assets and lots from one end of the barcode order until `f` breaks off.
    pub fn scan_stock<E: From<StoreError>>(
        &self,
        from: End,
        f: impl FnMut(&str, StockScan<'_>) -> Result<ControlFlow<()>, E>,
    ) -> Result<(), E> {
        on!(&self.engine, ReaderOf, e => e.scan_stock(from, f))
    }

    /// [`Self::scan_stock`] over the rows `claims` gives out: two threads reading from the
    /// two ends visit every row once.
    pub fn scan_claimed<E: From<StoreError>>(
        &self,
        from: End,
        claims: &Claims,
        f: impl FnMut(&str, StockScan<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        on!(&self.engine, ReaderOf, e => e.scan_claimed(from, claims, f))
    }

    /// [`Self::for_each_stock`] over the rows `claims` gives out, from one end.
    pub fn for_each_stock_claimed<E: From<StoreError>>(
        &self,
        from: End,
        claims: &Claims,
        f: impl FnMut(&str, StockRow<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        on!(&self.engine, ReaderOf, e => e.for_each_stock_claimed(from, claims, f))
    }
}

impl StockView for Reader {
    fn stock(&self, barcode: &str) -> Result<Option<Stock>, StoreError> {
        on!(&self.engine, ReaderOf, e => e.stock(barcode))
    }
    fn item(&self, code: &str) -> Result<Option<CatalogItem>, StoreError> {
        on!(&self.engine, ReaderOf, e => e.item(code))
    }
    fn unit(&self, code: &str) -> Result<Option<Unit>, StoreError> {
        on!(&self.engine, ReaderOf, e => e.unit(code))
    }
    fn warehouse(&self, code: &str) -> Result<Option<Warehouse>, StoreError> {
        on!(&self.engine, ReaderOf, e => e.warehouse(code))
    }
    fn module(&self, code: &str) -> Result<Option<Module>, StoreError> {
        on!(&self.engine, ReaderOf, e => e.module(code))
    }
    fn modules(&self) -> Result<Vec<Module>, StoreError> {
        on!(&self.engine, ReaderOf, e => StockView::modules(e))
    }
}
