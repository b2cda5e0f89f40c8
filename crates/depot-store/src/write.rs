//! The port's write transaction: [`WriteTx`], the contract every engine's transaction keeps,
//! and the ledger's rule for one movement applied on it ([`Writer::apply`]), once for every
//! engine.

use depot_domain::msg::store::StoreMsg;
use rust_decimal::Decimal;

use depot_domain::movement::{Movement, NewMovement};
use depot_domain::replay::{self, ItemFacts};
use depot_domain::{
    Barcode, CatalogItem, Module, PlaceLocation, StandardLine, Stock, Target, TravelTime, Unit,
    Warehouse,
};

use crate::hq::{HqBundle, HqDepot, HqFigures, HqFound, HqMovement};
use crate::{
    ApplyError, AuditEntry, CREATED_META, CountLine, CountRecord, Head, KitRecord, OperatorRecord,
    RecipientRecord, SentRecord, StockView, StoreError, Tag, Upsert,
};

/// One write transaction, as an engine gives it: the reads a write needs, the upserts of the
/// register, and the engine's part of the ledger's rule (`item_facts` … `put_stock`), which
/// [`Writer::apply`] drives.
pub trait WriteTx: StockView {
    /// The last movement of a barcode, if any.
    fn last_movement(&self, barcode: &str) -> Result<Option<Movement>, StoreError>;
    /// The last movement of a barcode if it was made less than `secs` seconds from `now`
    /// (either way): what every scan asks to tell a repeat from a new scan.
    fn last_movement_near(
        &self,
        barcode: &str,
        now: chrono::DateTime<chrono::FixedOffset>,
        secs: i64,
    ) -> Result<Option<Movement>, StoreError>;
    /// Known barcodes close to `code` (for "did you mean"), bounded work on any register.
    fn nearest_barcodes(&self, code: &str, n: usize) -> Result<Vec<String>, StoreError>;
    /// Unit and warehouse codes close to `code`.
    fn nearest_places(&self, code: &str, n: usize) -> Result<Vec<String>, StoreError>;
    /// The barcodes whose `tag` has `value`, in barcode order.
    fn barcodes_by(&self, tag: Tag, value: &str) -> Result<Vec<Barcode>, StoreError>;
    /// The assets checked out to `place`, in barcode order.
    fn checked_out_to(&self, place: &str) -> Result<Vec<Barcode>, StoreError>;
    /// The lots of `item` that `owner` holds, in barcode order (first expired, first out looks
    /// among them). By default the item's index, each row read; a server reads them at once.
    fn lots_at(&self, item: &str, owner: &str) -> Result<Vec<depot_domain::Lot>, StoreError> {
        let mut out = Vec::new();
        for b in self.barcodes_by(Tag::Item, item)? {
            if let Some(Stock::Lot(l)) = self.stock(b.as_str())?
                && l.owner.as_str() == owner
            {
                out.push(l);
            }
        }
        Ok(out)
    }
    /// The movements of one barcode, oldest first.
    fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError>;
    /// The next sequence number the ledger will give.
    fn next_seq(&mut self) -> Result<u64, StoreError>;
    fn put_unit(&mut self, u: &Unit) -> Result<Upsert, StoreError>;
    fn put_warehouse(&mut self, w: &Warehouse) -> Result<Upsert, StoreError>;
    fn put_module(&mut self, m: &Module) -> Result<Upsert, StoreError>;
    /// Stores a catalogue item; a changed service life re-indexes the life ends of its
    /// assets.
    fn put_item(&mut self, c: &CatalogItem) -> Result<Upsert, StoreError>;
    fn put_standard(&mut self, l: &StandardLine) -> Result<Upsert, StoreError>;
    fn put_target(&mut self, tg: &Target) -> Result<Upsert, StoreError>;
    /// Stores a place's location (the place must be a unit or warehouse of the register).
    fn put_location(&mut self, l: &PlaceLocation) -> Result<Upsert, StoreError>;
    /// Stores one travel time of the table (both places of the register).
    fn put_travel_time(&mut self, t: &TravelTime) -> Result<Upsert, StoreError>;
    fn operator_count(&self) -> Result<u64, StoreError>;
    fn operator(&self, name: &str) -> Result<Option<OperatorRecord>, StoreError>;
    fn put_operator(&mut self, o: &OperatorRecord) -> Result<(), StoreError>;
    fn audit(&mut self, e: &AuditEntry) -> Result<(), StoreError>;
    /// Opens a stock count; returns its number.
    fn open_count(
        &mut self,
        scope: &str,
        module: Option<&str>,
        at: &str,
        by: &str,
    ) -> Result<u64, StoreError>;
    fn count(&self, id: u64) -> Result<Option<CountRecord>, StoreError>;
    /// Records a barcode found by count `id`; `false` when it was already recorded.
    fn count_scan(&mut self, id: u64, barcode: &str, quantity: Decimal)
    -> Result<bool, StoreError>;
    fn count_scans(&self, id: u64) -> Result<Vec<(String, Decimal)>, StoreError>;
    fn close_count(&mut self, c: &CountRecord, at: &str, by: &str) -> Result<(), StoreError>;
    /// Keeps what count `id` decided at its close, line by line.
    fn put_count_lines(&mut self, id: u64, lines: &[CountLine]) -> Result<(), StoreError>;
    /// What count `id` decided at its close (empty: open, or closed before depot kept it).
    fn count_lines(&self, id: u64) -> Result<Vec<CountLine>, StoreError>;
    fn kit(&self, code: &str) -> Result<Option<KitRecord>, StoreError>;
    fn put_kit(&mut self, k: &KitRecord) -> Result<(), StoreError>;
    /// The digest's recipients, by audience then address.
    fn recipients(&self) -> Result<Vec<RecipientRecord>, StoreError>;
    /// Adds a recipient, or changes the channel of the one of its audience and address.
    fn put_recipient(&mut self, r: &RecipientRecord) -> Result<(), StoreError>;
    /// Removes the recipient of `audience` at `address` (and what was sent to it); `false`
    /// when there was none.
    fn remove_recipient(&mut self, audience: &str, address: &str) -> Result<bool, StoreError>;
    /// What was last sent to the recipient of `audience` at `address`.
    fn digest_sent(&self, audience: &str, address: &str) -> Result<Option<SentRecord>, StoreError>;
    /// Records what was sent to a recipient, in place of what was before.
    fn put_digest_sent(&mut self, s: &SentRecord) -> Result<(), StoreError>;
    /// Overwrites a stock row without a movement: only for tests proving `verify` catches it.
    #[doc(hidden)]
    fn tamper_stock(&mut self, s: &Stock) -> Result<(), StoreError>;
    /// Overwrites a stored movement: only for tests proving `verify` catches it.
    #[doc(hidden)]
    fn tamper_movement(&mut self, m: &Movement) -> Result<(), StoreError>;
    /// Headquarters: a depot enrolled, as this transaction sees it.
    fn hq_depot(&self, code: &str) -> Result<Option<HqDepot>, StoreError>;
    /// Headquarters: enrols a depot or records where its last bundle left off.
    fn put_hq_depot(&mut self, d: &HqDepot) -> Result<(), StoreError>;
    /// Headquarters: a bundle of `depot` ingested, by its manifest's hash.
    fn hq_bundle(&self, depot: &str, sha256: &str) -> Result<Option<HqBundle>, StoreError>;
    fn put_hq_bundle(&mut self, b: &HqBundle) -> Result<(), StoreError>;
    /// Headquarters: keeps a snapshot file of `depot`'s latest bundle, in place of the last.
    fn put_hq_file(&mut self, depot: &str, name: &str, bytes: &[u8]) -> Result<(), StoreError>;
    /// Headquarters: what an ingest looks up first, in one request to a server: the depot
    /// enrolled as `code` and its bundle whose manifest's hash is `sha256` if it was ingested,
    /// or, when no depot is enrolled as `code`, the codes of those enrolled with `public_key`.
    fn hq_look_up(
        &self,
        code: &str,
        public_key: &[u8; 32],
        sha256: &str,
    ) -> Result<HqFound, StoreError>;
    /// Headquarters: keeps the figures of a bundle (its depot's and manifest hash's row).
    fn put_hq_figures(&mut self, f: &HqFigures) -> Result<(), StoreError>;
    /// Headquarters: records a bundle taken in (its movements appended already): the depot's
    /// row as the bundle leaves it, its snapshot `files` in place of the last bundle's, the
    /// bundle, its figures, and the audit log's entry for it. A server engine sends them as
    /// one request.
    fn put_hq_taken(
        &mut self,
        d: &HqDepot,
        files: &[(&str, Vec<u8>)],
        b: &HqBundle,
        figures: &HqFigures,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        self.put_hq_depot(d)?;
        for (name, bytes) in files {
            self.put_hq_file(&d.code, name, bytes)?;
        }
        self.put_hq_bundle(b)?;
        self.put_hq_figures(figures)?;
        self.audit(audit)
    }
    /// Headquarters: appends movements of `depot`'s ledger (seqs it does not hold yet).
    fn append_hq_movements(&mut self, depot: &str, rows: &[HqMovement]) -> Result<(), StoreError>;
    /// Headquarters: the seq and hash of each movement `from..=to` held of `depot`.
    fn hq_movement_hashes(
        &self,
        depot: &str,
        from: u64,
        to: u64,
    ) -> Result<Vec<(u64, [u8; 32])>, StoreError>;
    /// Removes the ledger from `seq` on: only for tests proving `verify` catches it.
    #[doc(hidden)]
    fn tamper_truncate(&mut self, seq: u64) -> Result<(), StoreError>;
    /// Points a movement's history link elsewhere: only for tests proving `verify` catches it.
    #[doc(hidden)]
    fn tamper_link(&mut self, seq: u64, prev: u64) -> Result<(), StoreError>;
    /// Headquarters: overwrites a held movement of `depot` (its seq's): only for tests
    /// proving `hq verify` catches it.
    #[doc(hidden)]
    fn tamper_hq_movement(&mut self, depot: &str, m: &HqMovement) -> Result<(), StoreError>;
    /// A value of the meta table, as this transaction sees it.
    fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Writes a meta value; [`Writer::put_meta`] keeps the keys made at creation.
    #[doc(hidden)]
    fn put_meta_unchecked(&mut self, key: &str, value: &[u8]) -> Result<(), StoreError>;
    /// Starts gathering writes to send together (a server engine's round trips); see
    /// [`Writer::batched`].
    fn begin_batch(&mut self) {}
    /// Sends what was gathered since [`Self::begin_batch`].
    fn end_batch(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
    /// What the ledger's rule needs of an item (tracking, life), if it is in the catalogue.
    fn item_facts(&mut self, item: &str) -> Result<Option<ItemFacts>, StoreError>;
    /// A barcode's stock row with its history head.
    fn stock_head(&self, barcode: &str) -> Result<Option<(Head, Stock)>, StoreError>;
    /// The number and hash of the chain's last movement.
    fn ledger_head(&mut self) -> Result<(u64, [u8; 32]), StoreError>;
    /// Appends a sealed movement; `last` is the same barcode's movement before it (0: none).
    fn append(&mut self, mv: &Movement, last: u64) -> Result<(), StoreError>;
    /// Writes a barcode's stock row after a movement (`before`: the row it replaces).
    fn put_stock(
        &mut self,
        before: Option<&Stock>,
        after: &Stock,
        life_years: Option<u32>,
        head: Head,
    ) -> Result<(), StoreError>;
}

/// One write transaction: an engine's [`WriteTx`].
pub type Writer<'t> = dyn WriteTx + 't;

impl Writer<'_> {
    /// Sets a value of the meta table (the bundle watermark, say), in this transaction. The
    /// keys a database is created with ([`CREATED_META`]) are refused: they say what the
    /// database is, and nothing changes them.
    pub fn put_meta(&mut self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        if CREATED_META.contains(&key) {
            return Err(StoreError::Msg(StoreMsg::MetaWrittenOnce {
                key: key.to_owned(),
            }));
        }
        self.put_meta_unchecked(key, value)
    }

    /// Runs `f` as one bulk write (an import): the engine may collect what `f` writes and
    /// store it in bulk. Nothing may read indexes meanwhile (`history`, `barcodes_by`,
    /// `last_movement`).
    pub fn batched<T, E>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        self.begin_batch();
        let out = f(self);
        let flushed = self.end_batch();
        let out = out?;
        flushed?;
        Ok(out)
    }

    /// Applies one movement: the new state of its barcode and the movement sealed into the
    /// chain, by the domain's rule; both stored in this transaction. Returns both.
    pub fn apply(&mut self, m: NewMovement) -> Result<(Movement, Stock), ApplyError> {
        let facts = self
            .item_facts(m.item.as_str())?
            .ok_or_else(|| ApplyError::UnknownItem(m.item.clone()))?;
        let barcode = m.barcode.as_str();
        let before = self.stock_head(barcode)?;
        let chain = self.ledger_head()?;
        let item = m.item.clone();
        let uom = || {
            StockView::item(self, item.as_str())
                .ok()
                .flatten()
                .map(|i| i.uom)
                .unwrap_or_default()
        };
        let (mv, after) = replay::step(facts, uom, before.as_ref().map(|(_, s)| s), m, chain)?;
        self.owner_known(before.as_ref().map(|(_, s)| s), &after)?;
        self.persist(&mv, before, &after, facts)?;
        Ok((mv, after))
    }

    /// A new owner must be a unit or a warehouse of the register. Checked here, before anything
    /// is written, so that every engine refuses the same movements the same way: PostgreSQL's
    /// foreign key would refuse it too, but only once the movement was half written, ending
    /// the whole transaction (a scan batch's other scans with it).
    fn owner_known(&self, before: Option<&Stock>, after: &Stock) -> Result<(), ApplyError> {
        let owner = after.owner();
        if before.is_some_and(|b| b.owner() == owner) {
            return Ok(());
        }
        if self.unit(owner.as_str())?.is_some() || self.warehouse(owner.as_str())?.is_some() {
            return Ok(());
        }
        Err(ApplyError::UnknownOwner(owner.clone()))
    }

    /// Appends a movement copied from another database (a depot moved to this engine) as it
    /// was sealed there: it must continue this ledger's chain exactly and carry its own hash;
    /// `link` is its barcode's movement before it (0: none). The stock rows are copied apart
    /// ([`Self::put_copied_stock`]), and `verify` checks the two against each other after.
    pub fn append_copied(&mut self, mv: &Movement, link: u64) -> Result<(), StoreError> {
        let corrupt = |reason: String| StoreError::Corrupt {
            table: "ledger",
            key: mv.seq.to_string(),
            reason,
        };
        let chain = self.ledger_head()?;
        if (mv.seq, mv.prev_hash) != (chain.0 + 1, chain.1) {
            return Err(corrupt(format!(
                "movement {} does not follow movement {} of the chain",
                mv.seq, chain.0
            )));
        }
        if !mv.hash_is_valid() {
            return Err(corrupt("its hash does not match its contents".into()));
        }
        self.append(mv, link)
    }

    /// Writes a stock row copied from another database (a depot moved to this engine), where
    /// its barcode's last movement is `head`; this one holds no row of it yet.
    pub fn put_copied_stock(&mut self, s: &Stock, head: Head) -> Result<(), ApplyError> {
        let facts = self
            .item_facts(s.item().as_str())?
            .ok_or_else(|| ApplyError::UnknownItem(s.item().clone()))?;
        self.owner_known(None, s)?;
        self.put_stock(None, s, facts.life_years, head)?;
        Ok(())
    }

    /// Stores a movement and the state it left its barcode in (`before`: the state it found,
    /// with its last movement).
    fn persist(
        &mut self,
        mv: &Movement,
        before: Option<(Head, Stock)>,
        after: &Stock,
        facts: ItemFacts,
    ) -> Result<(), StoreError> {
        let last = before.as_ref().map_or(0, |(h, _)| h.seq);
        let head = Head {
            seq: mv.seq,
            at: mv.body.at.timestamp(),
        };
        self.append(mv, last)?;
        self.put_stock(
            before.as_ref().map(|(_, s)| s),
            after,
            facts.life_years,
            head,
        )
    }
}
