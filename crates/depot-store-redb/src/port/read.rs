//! The port's reads on this engine: `ReadTx` for the engine's reader.

use super::{Stop, ended, until};
use crate::*;
use depot_domain::movement::{Movement, MovementRef};
use depot_domain::{Barcode, CatalogItem, StandardLine, Target, Unit, Warehouse};
use depot_store::ReadTx;
use depot_store::hq::{HqBundle, HqDepot, HqFigures, HqMovement};
use rust_decimal::Decimal;
use std::ops::ControlFlow;

impl ReadTx for Reader {
    fn units(&self) -> Result<Vec<Unit>, StoreError> {
        Reader::units(self)
    }
    fn warehouses(&self) -> Result<Vec<Warehouse>, StoreError> {
        Reader::warehouses(self)
    }
    fn catalog(&self) -> Result<Vec<CatalogItem>, StoreError> {
        Reader::catalog(self)
    }
    fn standards(&self) -> Result<Vec<StandardLine>, StoreError> {
        Reader::standards(self)
    }
    fn targets(&self) -> Result<Vec<Target>, StoreError> {
        Reader::targets(self)
    }
    fn locations(&self) -> Result<Vec<depot_domain::PlaceLocation>, StoreError> {
        Reader::locations(self)
    }
    fn travel_times(&self) -> Result<Vec<depot_domain::TravelTime>, StoreError> {
        Reader::travel_times(self)
    }
    fn stock_count(&self) -> Result<u64, StoreError> {
        Reader::stock_count(self)
    }
    fn ledger_head(&self) -> Result<(u64, [u8; 32]), StoreError> {
        Reader::ledger_head(self)
    }
    fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError> {
        Reader::history(self, barcode)
    }
    fn barcodes_by(&self, tag: Tag, value: &str) -> Result<Vec<Barcode>, StoreError> {
        Reader::barcodes_by(self, tag, value)
    }
    fn barcodes_by_date(
        &self,
        tag: Tag,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<(chrono::NaiveDate, Barcode)>, StoreError> {
        Reader::barcodes_by_date(self, tag, from, to)
    }
    fn barcodes_starting(&self, prefix: &str, limit: usize) -> Result<Vec<Barcode>, StoreError> {
        Reader::barcodes_starting(self, prefix, limit)
    }
    fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Reader::meta(self, key)
    }
    fn operators(&self) -> Result<Vec<OperatorRecord>, StoreError> {
        Reader::operators(self)
    }
    fn operator(&self, name: &str) -> Result<Option<OperatorRecord>, StoreError> {
        Reader::operator(self, name)
    }
    fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        Reader::audit_log(self)
    }
    fn counts(&self) -> Result<Vec<CountRecord>, StoreError> {
        Reader::counts(self)
    }
    fn count_scans(&self, id: u64) -> Result<Vec<(String, Decimal)>, StoreError> {
        Reader::count_scans(self, id)
    }
    fn count_lines(&self, id: u64) -> Result<Vec<CountLine>, StoreError> {
        Reader::count_lines(self, id)
    }
    fn codes_ignoring_case(&self, code: &str, limit: usize) -> Result<Vec<String>, StoreError> {
        Reader::codes_ignoring_case(self, code, limit)
    }
    fn kit(&self, code: &str) -> Result<Option<KitRecord>, StoreError> {
        Reader::kit(self, code)
    }
    fn kits(&self) -> Result<Vec<KitRecord>, StoreError> {
        Reader::kits(self)
    }
    fn recipients(&self) -> Result<Vec<depot_store::RecipientRecord>, StoreError> {
        Reader::recipients(self)
    }
    fn digests_sent(&self) -> Result<Vec<depot_store::SentRecord>, StoreError> {
        Reader::digests_sent(self)
    }
    fn hq_depots(&self) -> Result<Vec<HqDepot>, StoreError> {
        Reader::hq_depots(self)
    }
    fn hq_depot(&self, code: &str) -> Result<Option<HqDepot>, StoreError> {
        Reader::hq_depot(self, code)
    }
    fn hq_bundles(&self, depot: &str) -> Result<Vec<HqBundle>, StoreError> {
        Reader::hq_bundles(self, depot)
    }
    fn hq_file(&self, depot: &str, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Reader::hq_file(self, depot, name)
    }
    fn hq_movements(&self, depot: &str, from: u64, to: u64) -> Result<Vec<HqMovement>, StoreError> {
        Reader::hq_movements(self, depot, from, to)
    }
    fn hq_shipment_movements(
        &self,
        depot: &str,
        from: u64,
        to: u64,
    ) -> Result<Vec<HqMovement>, StoreError> {
        Reader::hq_shipment_movements(self, depot, from, to)
    }

    fn hq_figures(&self, depot: &str) -> Result<Vec<HqFigures>, StoreError> {
        Reader::hq_figures(self, depot)
    }

    fn visit_stock(
        &self,
        f: &mut dyn FnMut(StockRef<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        ended(Reader::for_each_stock(self, |b, r| until(f(r.to_ref(b)))))
    }
    fn visit_stock_linked(
        &self,
        f: &mut dyn FnMut(StockRef<'_>, Head) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        ended(Reader::for_each_stock_linked(self, |b, r, h| {
            until(f(r.to_ref(b), h))
        }))
    }
    fn visit_movements(
        &self,
        since: u64,
        f: &mut dyn FnMut(Movement) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        ended(Reader::for_each_movement(self, since, |m| until(f(m))))
    }
    fn visit_movements_linked(
        &self,
        since: u64,
        f: &mut dyn FnMut(Movement, u64) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        ended(Reader::for_each_movement_linked(self, since, |m, p| {
            until(f(m, p))
        }))
    }
    fn visit_movement_refs(
        &self,
        since: u64,
        f: &mut dyn FnMut(u64, u64, MovementRef<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        ended(Reader::for_each_movement_ref(
            self,
            since,
            |seq, prev, m| until(f(seq, prev, m)),
        ))
    }
    fn visit_scan(
        &self,
        from: End,
        f: &mut dyn FnMut(&str, StockScan<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        ended(Reader::scan_stock(self, from, |b, s| {
            Ok::<_, Stop>(f(b, s))
        }))
    }
    fn visit_scan_claimed(
        &self,
        from: End,
        claims: &Claims,
        f: &mut dyn FnMut(&str, StockScan<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        ended(Reader::scan_claimed(self, from, claims, |b, s| {
            until(f(b, s))
        }))
    }
    fn visit_stock_claimed(
        &self,
        from: End,
        claims: &Claims,
        f: &mut dyn FnMut(StockRef<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        ended(Reader::for_each_stock_claimed(
            self,
            from,
            claims,
            |b, r| until(f(r.to_ref(b))),
        ))
    }
}
