//! The port's writes on this engine: `WriteTx` for the engine's writer.

use crate::PgWriter;
use depot_domain::movement::Movement;
use depot_domain::replay::ItemFacts;
use depot_domain::{Barcode, CatalogItem, Module, StandardLine, Stock, Target, Unit, Warehouse};
use depot_store::hq::{HqBundle, HqDepot, HqFigures, HqFound, HqMovement};
use depot_store::{
    AuditEntry, CountLine, CountRecord, Head, KitRecord, OperatorRecord, StoreError, Tag, Upsert,
    WriteTx,
};
use rust_decimal::Decimal;

impl WriteTx for PgWriter<'_> {
    fn last_movement(&self, barcode: &str) -> Result<Option<Movement>, StoreError> {
        PgWriter::last_movement(self, barcode)
    }
    fn last_movement_near(
        &self,
        barcode: &str,
        now: chrono::DateTime<chrono::FixedOffset>,
        secs: i64,
    ) -> Result<Option<Movement>, StoreError> {
        PgWriter::last_movement_near(self, barcode, now, secs)
    }
    fn nearest_barcodes(&self, code: &str, n: usize) -> Result<Vec<String>, StoreError> {
        PgWriter::nearest_barcodes(self, code, n)
    }
    fn nearest_places(&self, code: &str, n: usize) -> Result<Vec<String>, StoreError> {
        PgWriter::nearest_places(self, code, n)
    }
    fn barcodes_by(&self, tag: Tag, value: &str) -> Result<Vec<Barcode>, StoreError> {
        PgWriter::barcodes_by(self, tag, value)
    }
    fn checked_out_to(&self, place: &str) -> Result<Vec<Barcode>, StoreError> {
        PgWriter::checked_out_to(self, place)
    }
    fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError> {
        PgWriter::history(self, barcode)
    }
    fn lots_at(&self, item: &str, owner: &str) -> Result<Vec<depot_domain::Lot>, StoreError> {
        PgWriter::lots_at(self, item, owner)
    }
    fn next_seq(&mut self) -> Result<u64, StoreError> {
        PgWriter::next_seq(self)
    }
    fn put_unit(&mut self, u: &Unit) -> Result<Upsert, StoreError> {
        PgWriter::put_unit(self, u)
    }
    fn put_warehouse(&mut self, w: &Warehouse) -> Result<Upsert, StoreError> {
        PgWriter::put_warehouse(self, w)
    }
    fn put_module(&mut self, m: &Module) -> Result<Upsert, StoreError> {
        PgWriter::put_module(self, m)
    }
    fn put_item(&mut self, c: &CatalogItem) -> Result<Upsert, StoreError> {
        PgWriter::put_item(self, c)
    }
    fn put_standard(&mut self, l: &StandardLine) -> Result<Upsert, StoreError> {
        PgWriter::put_standard(self, l)
    }
    fn put_target(&mut self, tg: &Target) -> Result<Upsert, StoreError> {
        PgWriter::put_target(self, tg)
    }
    fn put_location(&mut self, l: &depot_domain::PlaceLocation) -> Result<Upsert, StoreError> {
        PgWriter::put_location(self, l)
    }
    fn put_travel_time(&mut self, t: &depot_domain::TravelTime) -> Result<Upsert, StoreError> {
        PgWriter::put_travel_time(self, t)
    }
    fn operator_count(&self) -> Result<u64, StoreError> {
        PgWriter::operator_count(self)
    }
    fn operator(&self, name: &str) -> Result<Option<OperatorRecord>, StoreError> {
        PgWriter::operator(self, name)
    }
    fn put_operator(&mut self, o: &OperatorRecord) -> Result<(), StoreError> {
        PgWriter::put_operator(self, o)
    }
    fn audit(&mut self, e: &AuditEntry) -> Result<(), StoreError> {
        PgWriter::audit(self, e)
    }
    fn open_count(
        &mut self,
        scope: &str,
        module: Option<&str>,
        at: &str,
        by: &str,
    ) -> Result<u64, StoreError> {
        PgWriter::open_count(self, scope, module, at, by)
    }
    fn count(&self, id: u64) -> Result<Option<CountRecord>, StoreError> {
        PgWriter::count(self, id)
    }
    fn count_scan(
        &mut self,
        id: u64,
        barcode: &str,
        quantity: Decimal,
    ) -> Result<bool, StoreError> {
        PgWriter::count_scan(self, id, barcode, quantity)
    }
    fn count_scans(&self, id: u64) -> Result<Vec<(String, Decimal)>, StoreError> {
        PgWriter::count_scans(self, id)
    }
    fn close_count(&mut self, c: &CountRecord, at: &str, by: &str) -> Result<(), StoreError> {
        PgWriter::close_count(self, c, at, by)
    }
    fn put_count_lines(&mut self, id: u64, lines: &[CountLine]) -> Result<(), StoreError> {
        PgWriter::put_count_lines(self, id, lines)
    }
    fn count_lines(&self, id: u64) -> Result<Vec<CountLine>, StoreError> {
        PgWriter::count_lines(self, id)
    }
    fn kit(&self, code: &str) -> Result<Option<KitRecord>, StoreError> {
        PgWriter::kit(self, code)
    }
    fn put_kit(&mut self, k: &KitRecord) -> Result<(), StoreError> {
        PgWriter::put_kit(self, k)
    }
    fn recipients(&self) -> Result<Vec<depot_store::RecipientRecord>, StoreError> {
        PgWriter::recipients(self)
    }
    fn put_recipient(&mut self, r: &depot_store::RecipientRecord) -> Result<(), StoreError> {
        PgWriter::put_recipient(self, r)
    }
    fn remove_recipient(&mut self, audience: &str, address: &str) -> Result<bool, StoreError> {
        PgWriter::remove_recipient(self, audience, address)
    }
    fn digest_sent(
        &self,
        audience: &str,
        address: &str,
    ) -> Result<Option<depot_store::SentRecord>, StoreError> {
        PgWriter::digest_sent(self, audience, address)
    }
    fn put_digest_sent(&mut self, s: &depot_store::SentRecord) -> Result<(), StoreError> {
        PgWriter::put_digest_sent(self, s)
    }
    fn tamper_stock(&mut self, s: &Stock) -> Result<(), StoreError> {
        PgWriter::tamper_stock(self, s)
    }
    fn tamper_movement(&mut self, m: &Movement) -> Result<(), StoreError> {
        PgWriter::tamper_movement(self, m)
    }
    fn hq_depot(&self, code: &str) -> Result<Option<HqDepot>, StoreError> {
        PgWriter::hq_depot(self, code)
    }
    fn put_hq_depot(&mut self, d: &HqDepot) -> Result<(), StoreError> {
        PgWriter::put_hq_depot(self, d)
    }
    fn hq_bundle(&self, depot: &str, sha256: &str) -> Result<Option<HqBundle>, StoreError> {
        PgWriter::hq_bundle(self, depot, sha256)
    }
    fn put_hq_bundle(&mut self, b: &HqBundle) -> Result<(), StoreError> {
        PgWriter::put_hq_bundle(self, b)
    }
    fn put_hq_file(&mut self, depot: &str, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
        PgWriter::put_hq_file(self, depot, name, bytes)
    }
    fn put_hq_figures(&mut self, f: &HqFigures) -> Result<(), StoreError> {
        PgWriter::put_hq_figures(self, f)
    }
    fn hq_look_up(
        &self,
        code: &str,
        public_key: &[u8; 32],
        sha256: &str,
    ) -> Result<HqFound, StoreError> {
        PgWriter::hq_look_up(self, code, public_key, sha256)
    }
    fn put_hq_taken(
        &mut self,
        d: &HqDepot,
        files: &[(&str, Vec<u8>)],
        b: &HqBundle,
        figures: &HqFigures,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        PgWriter::put_hq_taken(self, d, files, b, figures, audit)
    }
    fn append_hq_movements(&mut self, depot: &str, rows: &[HqMovement]) -> Result<(), StoreError> {
        PgWriter::append_hq_movements(self, depot, rows)
    }
    fn hq_movement_hashes(
        &self,
        depot: &str,
        from: u64,
        to: u64,
    ) -> Result<Vec<(u64, [u8; 32])>, StoreError> {
        PgWriter::hq_movement_hashes(self, depot, from, to)
    }
    fn tamper_truncate(&mut self, seq: u64) -> Result<(), StoreError> {
        PgWriter::tamper_truncate(self, seq)
    }
    fn tamper_link(&mut self, seq: u64, prev: u64) -> Result<(), StoreError> {
        PgWriter::tamper_link(self, seq, prev)
    }
    fn tamper_hq_movement(&mut self, depot: &str, m: &HqMovement) -> Result<(), StoreError> {
        PgWriter::tamper_hq_movement(self, depot, m)
    }
    fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        PgWriter::meta(self, key)
    }
    fn stock_head(&self, barcode: &str) -> Result<Option<(Head, Stock)>, StoreError> {
        PgWriter::stock_head(self, barcode)
    }
    fn ledger_head(&mut self) -> Result<(u64, [u8; 32]), StoreError> {
        PgWriter::ledger_head(self)
    }
    fn append(&mut self, mv: &Movement, last: u64) -> Result<(), StoreError> {
        PgWriter::append(self, mv, last)
    }
    fn put_stock(
        &mut self,
        before: Option<&Stock>,
        after: &Stock,
        life_years: Option<u32>,
        head: Head,
    ) -> Result<(), StoreError> {
        PgWriter::put_stock(self, before, after, life_years, head)
    }
    fn item_facts(&mut self, item: &str) -> Result<Option<ItemFacts>, StoreError> {
        PgWriter::item_facts(self, item)
    }
    fn put_meta_unchecked(&mut self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        PgWriter::put_meta(self, key, value)
    }
    fn begin_batch(&mut self) {
        PgWriter::begin_batch(self)
    }
    fn end_batch(&mut self) -> Result<(), StoreError> {
        PgWriter::end_batch(self)
    }
}
