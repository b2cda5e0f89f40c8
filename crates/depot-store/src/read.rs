//! The port's read snapshot: [`ReadTx`], the contract every engine's snapshot keeps, and
//! [`Reader`], the snapshot a service holds.

use std::ops::ControlFlow;

use rust_decimal::Decimal;

use depot_domain::movement::{Movement, MovementRef};
use depot_domain::{
    Barcode, CatalogItem, Module, PlaceLocation, StandardLine, Stock, Target, TravelTime, Unit,
    Warehouse,
};

use crate::hq::{HqBundle, HqDepot, HqFigures, HqMovement};
use depot_domain::stock::{StockRef, StockScan};

use crate::{
    AuditEntry, Claims, CountLine, CountRecord, End, Head, KitRecord, OperatorRecord,
    RecipientRecord, SentRecord, StockView, StoreError, Tag,
};

/// A consistent read-only snapshot of the register, as an engine gives it.
///
/// The visits (`visit_*`) hand each row to a callback that answers whether to go on; a
/// service calls them through [`Reader`]'s `for_each_*` and `scan_*`, which carry the
/// service's own error out of the callback.
pub trait ReadTx: StockView + Send + Sync {
    fn units(&self) -> Result<Vec<Unit>, StoreError>;
    fn warehouses(&self) -> Result<Vec<Warehouse>, StoreError>;
    fn catalog(&self) -> Result<Vec<CatalogItem>, StoreError>;
    fn standards(&self) -> Result<Vec<StandardLine>, StoreError>;
    fn targets(&self) -> Result<Vec<Target>, StoreError>;
    /// The places' locations, by code.
    fn locations(&self) -> Result<Vec<PlaceLocation>, StoreError>;
    /// The travel-time table, by from and to.
    fn travel_times(&self) -> Result<Vec<TravelTime>, StoreError>;
    /// How many barcodes the register holds.
    fn stock_count(&self) -> Result<u64, StoreError>;
    /// The number of the last movement and its hash (0 and zeros for an empty ledger).
    fn ledger_head(&self) -> Result<(u64, [u8; 32]), StoreError>;
    /// The movements of one barcode, oldest first.
    fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError>;
    /// The barcodes whose `tag` (owner, item, module …) has `value`, in barcode order.
    fn barcodes_by(&self, tag: Tag, value: &str) -> Result<Vec<Barcode>, StoreError>;
    /// Barcodes whose date (life end or expiry) falls in `from..=to`, with the date.
    fn barcodes_by_date(
        &self,
        tag: Tag,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<(chrono::NaiveDate, Barcode)>, StoreError>;
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
    /// The digest's recipients, by audience then address.
    fn recipients(&self) -> Result<Vec<RecipientRecord>, StoreError>;
    /// What was last sent to each recipient, by audience then address.
    fn digests_sent(&self) -> Result<Vec<SentRecord>, StoreError>;
    /// Headquarters: the depots enrolled, in code order.
    fn hq_depots(&self) -> Result<Vec<HqDepot>, StoreError>;
    fn hq_depot(&self, code: &str) -> Result<Option<HqDepot>, StoreError>;
    /// Headquarters: the bundles of `depot` ingested, in the order of their last seq.
    fn hq_bundles(&self, depot: &str) -> Result<Vec<HqBundle>, StoreError>;
    /// Headquarters: a snapshot file of `depot`'s latest bundle (`hq::SNAPSHOT_FILES`).
    fn hq_file(&self, depot: &str, name: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Headquarters: the movements `from..=to` held of `depot`, in seq order.
    fn hq_movements(&self, depot: &str, from: u64, to: u64) -> Result<Vec<HqMovement>, StoreError>;
    /// Headquarters: the movements `from..=to` held of `depot` that name a shipment
    /// ([`HqMovement::of_shipments`]), in seq order: what `report transit` reads, without
    /// reading the rest of the ledger (an index on each engine).
    fn hq_shipment_movements(
        &self,
        depot: &str,
        from: u64,
        to: u64,
    ) -> Result<Vec<HqMovement>, StoreError>;

    /// Headquarters: the figures of each bundle of `depot` kept, by as-of date, then when
    /// the depot wrote it.
    fn hq_figures(&self, depot: &str) -> Result<Vec<HqFigures>, StoreError>;

    /// Visits every asset and lot in barcode order until `f` breaks off.
    fn visit_stock(
        &self,
        f: &mut dyn FnMut(StockRef<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError>;
    /// [`Self::visit_stock`], with what each row keeps of its barcode's last movement.
    fn visit_stock_linked(
        &self,
        f: &mut dyn FnMut(StockRef<'_>, Head) -> ControlFlow<()>,
    ) -> Result<(), StoreError>;
    /// Visits the ledger from `since` (inclusive) on, in order, until `f` breaks off.
    fn visit_movements(
        &self,
        since: u64,
        f: &mut dyn FnMut(Movement) -> ControlFlow<()>,
    ) -> Result<(), StoreError>;
    /// [`Self::visit_movements`] as a replay reads them, with each one's number and the number
    /// of the same barcode's movement before it (0: none): an engine that can lend a movement
    /// from where it is stored, decoding only what a replay needs, does (the trend reads the
    /// whole ledger so); this one decodes each in full.
    fn visit_movement_refs(
        &self,
        since: u64,
        f: &mut dyn FnMut(u64, u64, MovementRef<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        self.visit_movements_linked(since, &mut |m, prev| f(m.seq, prev, m.body.view()))
    }
    /// [`Self::visit_movements`], with the number of the same barcode's movement before each
    /// one (0: none).
    fn visit_movements_linked(
        &self,
        since: u64,
        f: &mut dyn FnMut(Movement, u64) -> ControlFlow<()>,
    ) -> Result<(), StoreError>;
    /// Visits assets and lots from one end of the barcode order until `f` breaks off.
    fn visit_scan(
        &self,
        from: End,
        f: &mut dyn FnMut(&str, StockScan<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError>;
    /// [`Self::visit_scan`] over the rows `claims` gives out: two threads reading from the two
    /// ends visit every row once.
    fn visit_scan_claimed(
        &self,
        from: End,
        claims: &Claims,
        f: &mut dyn FnMut(&str, StockScan<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError>;
    /// [`Self::visit_stock`] over the rows `claims` gives out, from one end.
    fn visit_stock_claimed(
        &self,
        from: End,
        claims: &Claims,
        f: &mut dyn FnMut(StockRef<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError>;
}

/// A consistent read-only snapshot: an engine's [`ReadTx`].
pub struct Reader(Box<dyn ReadTx>);

impl Reader {
    pub fn new(tx: impl ReadTx + 'static) -> Reader {
        Reader(Box::new(tx))
    }
}

impl std::ops::Deref for Reader {
    type Target = dyn ReadTx;
    fn deref(&self) -> &(dyn ReadTx + 'static) {
        &*self.0
    }
}

/// Runs a visit whose callback may fail with the caller's error `E`: the first error stops the
/// visit and is returned.
pub(crate) fn carrying<E: From<StoreError>>(
    visit: impl FnOnce(
        &mut dyn FnMut(Result<ControlFlow<()>, E>) -> ControlFlow<()>,
    ) -> Result<(), StoreError>,
) -> Result<(), E> {
    let mut failed = None;
    visit(&mut |r| match r {
        Ok(flow) => flow,
        Err(e) => {
            failed = Some(e);
            ControlFlow::Break(())
        }
    })?;
    failed.map_or(Ok(()), Err)
}

fn go<E>(r: Result<(), E>) -> Result<ControlFlow<()>, E> {
    r.map(|()| ControlFlow::Continue(()))
}

impl dyn ReadTx + '_ {
    /// Visits every asset and lot in barcode order; stops at the first error `f` returns.
    pub fn for_each_stock<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(StockRef<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        carrying(|k| self.visit_stock(&mut |row| k(go(f(row)))))
    }

    /// [`Self::for_each_stock`], with what each row keeps of its barcode's last movement.
    pub fn for_each_stock_linked<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(StockRef<'_>, Head) -> Result<(), E>,
    ) -> Result<(), E> {
        carrying(|k| self.visit_stock_linked(&mut |row, h| k(go(f(row, h)))))
    }

    /// Visits the ledger from `since` (inclusive) on, in order.
    pub fn for_each_movement<E: From<StoreError>>(
        &self,
        since: u64,
        mut f: impl FnMut(Movement) -> Result<(), E>,
    ) -> Result<(), E> {
        carrying(|k| self.visit_movements(since, &mut |m| k(go(f(m)))))
    }

    /// [`Self::for_each_movement`] as a replay reads the movements, each with its number and
    /// its barcode's movement before it ([`ReadTx::visit_movement_refs`]).
    pub fn for_each_movement_ref<E: From<StoreError>>(
        &self,
        since: u64,
        mut f: impl FnMut(u64, u64, MovementRef<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        carrying(|k| self.visit_movement_refs(since, &mut |seq, prev, m| k(go(f(seq, prev, m)))))
    }

    /// [`Self::for_each_movement`], with the number of the same barcode's movement before
    /// each one (0: none).
    pub fn for_each_movement_linked<E: From<StoreError>>(
        &self,
        since: u64,
        mut f: impl FnMut(Movement, u64) -> Result<(), E>,
    ) -> Result<(), E> {
        carrying(|k| self.visit_movements_linked(since, &mut |m, p| k(go(f(m, p)))))
    }

    /// Visits assets and lots from one end of the barcode order until `f` breaks off.
    pub fn scan_stock<E: From<StoreError>>(
        &self,
        from: End,
        mut f: impl FnMut(&str, StockScan<'_>) -> Result<ControlFlow<()>, E>,
    ) -> Result<(), E> {
        carrying(|k| self.visit_scan(from, &mut |b, s| k(f(b, s))))
    }

    /// [`Self::scan_stock`] over the rows `claims` gives out: two threads reading from the
    /// two ends visit every row once.
    pub fn scan_claimed<E: From<StoreError>>(
        &self,
        from: End,
        claims: &Claims,
        mut f: impl FnMut(&str, StockScan<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        carrying(|k| self.visit_scan_claimed(from, claims, &mut |b, s| k(go(f(b, s)))))
    }

    /// [`Self::for_each_stock`] over the rows `claims` gives out, from one end.
    pub fn for_each_stock_claimed<E: From<StoreError>>(
        &self,
        from: End,
        claims: &Claims,
        mut f: impl FnMut(StockRef<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        carrying(|k| self.visit_stock_claimed(from, claims, &mut |row| k(go(f(row)))))
    }
}

impl StockView for Reader {
    fn stock(&self, barcode: &str) -> Result<Option<Stock>, StoreError> {
        self.0.stock(barcode)
    }
    fn item(&self, code: &str) -> Result<Option<CatalogItem>, StoreError> {
        self.0.item(code)
    }
    fn unit(&self, code: &str) -> Result<Option<Unit>, StoreError> {
        self.0.unit(code)
    }
    fn warehouse(&self, code: &str) -> Result<Option<Warehouse>, StoreError> {
        self.0.warehouse(code)
    }
    fn module(&self, code: &str) -> Result<Option<Module>, StoreError> {
        self.0.module(code)
    }
    fn modules(&self) -> Result<Vec<Module>, StoreError> {
        StockView::modules(&*self.0)
    }
}
