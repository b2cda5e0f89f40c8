//! The port's reads on this engine: `ReadTx` for the engine's reader.

use super::{Stop, ended, until};
use crate::PgReader;
use depot_domain::movement::{Movement, MovementRef};
use depot_domain::stock::{StockRef, StockScan};
use depot_domain::{Barcode, CatalogItem, StandardLine, Target, Unit, Warehouse};
use depot_store::hq::{HqBundle, HqDepot, HqFigures, HqMovement};
use depot_store::{
    AuditEntry, Claims, CountLine, CountRecord, End, Head, KitRecord, OperatorRecord, ReadTx,
    StoreError, Tag,
};
use rust_decimal::Decimal;
use std::ops::ControlFlow;

impl ReadTx for PgReader {
    fn units(&self) -> Result<Vec<Unit>, StoreError> {
        PgReader::units(self)
    }
    fn warehouses(&self) -> Result<Vec<Warehouse>, StoreError> {
        PgReader::warehouses(self)
    }
    fn catalog(&self) -> Result<Vec<CatalogItem>, StoreError> {
        PgReader::catalog(self)
    }
    fn standards(&self) -> Result<Vec<StandardLine>, StoreError> {
        PgReader::standards(self)
    }
    fn targets(&self) -> Result<Vec<Target>, StoreError> {
        PgReader::targets(self)
    }
    fn locations(&self) -> Result<Vec<depot_domain::PlaceLocation>, StoreError> {
        PgReader::locations(self)
    }
    fn travel_times(&self) -> Result<Vec<depot_domain::TravelTime>, StoreError> {
        PgReader::travel_times(self)
    }
    fn stock_count(&self) -> Result<u64, StoreError> {
        PgReader::stock_count(self)
    }
    fn ledger_head(&self) -> Result<(u64, [u8; 32]), StoreError> {
        PgReader::ledger_head(self)
    }
    fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError> {
        PgReader::history(self, barcode)
    }
    fn barcodes_by(&self, tag: Tag, value: &str) -> Result<Vec<Barcode>, StoreError> {
        PgReader::barcodes_by(self, tag, value)
    }
    fn barcodes_by_date(
        &self,
        tag: Tag,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<(chrono::NaiveDate, Barcode)>, StoreError> {
        PgReader::barcodes_by_date(self, tag, from, to)
    }
    fn barcodes_starting(&self, prefix: &str, limit: usize) -> Result<Vec<Barcode>, StoreError> {
        PgReader::barcodes_starting(self, prefix, limit)
    }
    fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        PgReader::meta(self, key)
    }
    fn operators(&self) -> Result<Vec<OperatorRecord>, StoreError> {
        PgReader::operators(self)
    }
    fn operator(&self, name: &str) -> Result<Option<OperatorRecord>, StoreError> {
        PgReader::operator(self, name)
    }
    fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        PgReader::audit_log(self)
    }
    fn counts(&self) -> Result<Vec<CountRecord>, StoreError> {
        PgReader::counts(self)
    }
    fn count_scans(&self, id: u64) -> Result<Vec<(String, Decimal)>, StoreError> {
        PgReader::count_scans(self, id)
    }
    fn count_lines(&self, id: u64) -> Result<Vec<CountLine>, StoreError> {
        PgReader::count_lines(self, id)
    }
    fn codes_ignoring_case(&self, code: &str, limit: usize) -> Result<Vec<String>, StoreError> {
        PgReader::codes_ignoring_case(self, code, limit)
    }
    fn kit(&self, code: &str) -> Result<Option<KitRecord>, StoreError> {
        PgReader::kit(self, code)
    }
    fn kits(&self) -> Result<Vec<KitRecord>, StoreError> {
        PgReader::kits(self)
    }
    fn recipients(&self) -> Result<Vec<depot_store::RecipientRecord>, StoreError> {
        PgReader::recipients(self)
    }
    fn digests_sent(&self) -> Result<Vec<depot_store::SentRecord>, StoreError> {
        PgReader::digests_sent(self)
    }
    fn hq_depots(&self) -> Result<Vec<HqDepot>, StoreError> {
        PgReader::hq_depots(self)
    }
    fn hq_depot(&self, code: &str) -> Result<Option<HqDepot>, StoreError> {
        PgReader::hq_depot(self, code)
    }
    fn hq_bundles(&self, depot: &str) -> Result<Vec<HqBundle>, StoreError> {
        PgReader::hq_bundles(self, depot)
    }
    fn hq_file(&self, depot: &str, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        PgReader::hq_file(self, depot, name)
    }
    fn hq_movements(&self, depot: &str, from: u64, to: u64) -> Result<Vec<HqMovement>, StoreError> {
        PgReader::hq_movements(self, depot, from, to)
    }
    fn hq_shipment_movements(
        &self,
        depot: &str,
        from: u64,
        to: u64,
    ) -> Result<Vec<HqMovement>, StoreError> {
        PgReader::hq_shipment_movements(self, depot, from, to)
    }

    fn hq_figures(&self, depot: &str) -> Result<Vec<HqFigures>, StoreError> {
        PgReader::hq_figures(self, depot)
    }

    fn visit_stock(
        &self,
        f: &mut dyn FnMut(StockRef<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        ended(PgReader::for_each_stock(self, |r| until(f(r))))
    }
    fn visit_stock_linked(
        &self,
        f: &mut dyn FnMut(StockRef<'_>, Head) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        ended(PgReader::for_each_stock_linked(self, |r, h| until(f(r, h))))
    }
    fn visit_movements(
        &self,
        since: u64,
        f: &mut dyn FnMut(Movement) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        ended(PgReader::for_each_movement(self, since, |m| until(f(m))))
    }
    fn visit_movements_linked(
        &self,
        since: u64,
        f: &mut dyn FnMut(Movement, u64) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        ended(PgReader::for_each_movement_linked(self, since, |m, p| {
            until(f(m, p))
        }))
    }
    fn visit_movement_refs(
        &self,
        since: u64,
        f: &mut dyn FnMut(u64, u64, MovementRef<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        PgReader::for_each_movement_ref(self, since, |seq, prev, m| {
            Ok::<_, StoreError>(f(seq, prev, m))
        })
    }
    fn visit_scan(
        &self,
        from: End,
        f: &mut dyn FnMut(&str, StockScan<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        ended(PgReader::scan_stock(self, from, |b, s| {
            Ok::<_, Stop>(f(b, s))
        }))
    }
    fn visit_scan_claimed(
        &self,
        from: End,
        claims: &Claims,
        f: &mut dyn FnMut(&str, StockScan<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        ended(PgReader::scan_claimed(self, from, claims, |b, s| {
            until(f(b, s))
        }))
    }
    fn visit_stock_claimed(
        &self,
        from: End,
        claims: &Claims,
        f: &mut dyn FnMut(StockRef<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        ended(PgReader::for_each_stock_claimed(self, from, claims, |r| {
            until(f(r))
        }))
    }
}
