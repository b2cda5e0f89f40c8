//! Writing: one [`Writer`] per write transaction. Every stock change comes through the port's
//! `Writer::apply`, which computes the new state and seals the movement with the domain's
//! ledger rule; this engine stores the state with its index entries ([`Writer::put_stock`])
//! and appends the movement ([`Writer::append`]), all in this transaction.

use crate::Db;
use std::cell::RefCell;
use std::collections::HashMap;

use redb::{ReadableTable, Table, WriteTransaction};

use depot_domain::movement::Movement;
use depot_domain::replay::ItemFacts;
use depot_domain::{CatalogItem, Module, StandardLine, Stock, Target, Unit, Warehouse};

use crate::StoreError;
use crate::index::{self, Indexed, Tag};
use crate::read::{get_item, get_module, get_unit, get_warehouse, stock_of};
use crate::rows::{
    self, CatalogRow, Head, ModuleRow, MovementRow, StandardRow, StockRow, TargetRow, UnitRow,
    WarehouseRow,
};
use crate::tables::{
    CATALOG, INDEX, LEDGER, MODULES, STANDARDS, STOCK, TARGETS, UNITS, WAREHOUSES,
};
use crate::work::OperatorRecord;
use depot_store::StockView;
pub(crate) use depot_store::Upsert;

type StrTable<'t> = Table<'t, &'static str, &'static [u8]>;

fn upsert(t: &mut StrTable<'_>, key: &str, bytes: &[u8]) -> Result<Upsert, StoreError> {
    let old = t.insert(key, bytes).db()?;
    Ok(match old {
        None => Upsert::New,
        Some(v) if v.value() == bytes => Upsert::Same,
        Some(_) => Upsert::Changed,
    })
}

/// An open write transaction.
pub struct Writer<'t> {
    txn: &'t WriteTransaction,
    stock: StrTable<'t>,
    index: Table<'t, &'static [u8], ()>,
    ledger: Table<'t, u64, &'static [u8]>,
    catalog: StrTable<'t>,
    units: StrTable<'t>,
    warehouses: StrTable<'t>,
    modules: StrTable<'t>,
    items: HashMap<String, Option<CatalogItem>>,
    head: Option<(u64, [u8; 32])>,
    /// New index keys not yet written, while batching (see [`Writer::batched`]).
    pending: Option<PendingKeys>,
    /// The stock values read or written last.
    recent: RefCell<Recent>,
    /// The operator looked up last, and what was found (see `store::work`).
    pub(super) operator: RefCell<Option<(String, Option<OperatorRecord>)>>,
}

/// The stored values of the stock rows a writer read or wrote last (`None`: no such row), most
/// recent first. A scan reads its own row several times in one transaction (the look-up, the
/// repeat guard, the apply) and the receiver's code in between; these copies answer all but
/// the first read. Every write of a stock row goes through `put`, so a copy is never stale.
#[derive(Default)]
struct Recent(Vec<(String, Option<Vec<u8>>)>);

impl Recent {
    const KEEP: usize = 2;

    fn get(&mut self, barcode: &str) -> Option<&Option<Vec<u8>>> {
        let i = self.0.iter().position(|(b, _)| b == barcode)?;
        self.0[..=i].rotate_right(1);
        self.0.first().map(|(_, v)| v)
    }

    fn put(&mut self, barcode: &str, value: Option<Vec<u8>>) {
        self.0.retain(|(b, _)| b != barcode);
        self.0.truncate(Self::KEEP - 1);
        self.0.insert(0, (barcode.to_owned(), value));
    }
}

/// Index keys collected to be written in key order: their bytes, and for each one its first
/// 16 bytes as two numbers (most comparisons end there, without a `memcmp`) and where it is.
#[derive(Default)]
struct PendingKeys {
    bytes: Vec<u8>,
    keys: Vec<(u64, u64, u32, u32)>,
}

impl PendingKeys {
    fn push(&mut self, key: &[u8]) {
        let mut head = [0u8; 16];
        let n = key.len().min(16);
        head[..n].copy_from_slice(&key[..n]);
        let (hi, lo) = head.split_at(8);
        let word = |b: &[u8]| u64::from_be_bytes(b.try_into().unwrap_or_default());
        // Keys are a few dozen bytes and a batch a few megabytes: both fit in a u32.
        self.keys.push((
            word(hi),
            word(lo),
            self.bytes.len() as u32,
            key.len() as u32,
        ));
        self.bytes.extend_from_slice(key);
    }

    fn key(&self, &(_, _, at, len): &(u64, u64, u32, u32)) -> &[u8] {
        let at = at as usize;
        self.bytes.get(at..at + len as usize).unwrap_or_default()
    }

    fn sort(&mut self) {
        let mut keys = std::mem::take(&mut self.keys);
        keys.sort_unstable_by(|a, b| {
            (a.0, a.1)
                .cmp(&(b.0, b.1))
                .then_with(|| self.key(a).cmp(self.key(b)))
        });
        self.keys = keys;
    }
}

/// How many index keys a batch collects before it is written (about 40 bytes each).
const BATCH_KEYS: usize = if cfg!(test) { 50 } else { 1 << 19 };

impl<'t> Writer<'t> {
    pub(super) fn new(txn: &'t WriteTransaction) -> Result<Self, StoreError> {
        Ok(Self {
            txn,
            stock: txn.open_table(STOCK).db()?,
            index: txn.open_table(INDEX).db()?,
            ledger: txn.open_table(LEDGER).db()?,
            catalog: txn.open_table(CATALOG).db()?,
            units: txn.open_table(UNITS).db()?,
            warehouses: txn.open_table(WAREHOUSES).db()?,
            modules: txn.open_table(MODULES).db()?,
            items: HashMap::new(),
            head: None,
            pending: None,
            recent: RefCell::default(),
            operator: RefCell::default(),
        })
    }

    pub(super) fn txn(&self) -> &'t WriteTransaction {
        self.txn
    }

    /// Runs `f` on the stored value of `barcode`'s stock row (`None`: no such row).
    fn with_stock<T>(
        &self,
        barcode: &str,
        f: impl FnOnce(Option<&[u8]>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut recent = self.recent.borrow_mut();
        if let Some(v) = recent.get(barcode) {
            return f(v.as_deref());
        }
        let v = self.stock.get(barcode).db()?.map(|g| g.value().to_vec());
        let out = f(v.as_deref());
        recent.put(barcode, v);
        out
    }

    /// The last movement of a barcode, if any.
    pub fn last_movement(&self, barcode: &str) -> Result<Option<Movement>, StoreError> {
        Ok(crate::read::history(&self.stock, &self.ledger, barcode, 1)?.pop())
    }

    /// The last movement of a barcode if it was made less than `secs` seconds from `now`
    /// (either way). The time is kept with the stock row, so an older one costs no ledger
    /// read: this is what every scan asks to tell a repeat from a new scan.
    pub fn last_movement_near(
        &self,
        barcode: &str,
        now: chrono::DateTime<chrono::FixedOffset>,
        secs: i64,
    ) -> Result<Option<Movement>, StoreError> {
        let Some(head) = self.with_stock(barcode, |v| {
            v.map(|b| Ok(rows::decode_stock(barcode, b)?.0)).transpose()
        })?
        else {
            return Ok(None);
        };
        if head.seq == 0 || (now.timestamp() - head.at).abs() >= secs {
            return Ok(None);
        }
        Ok(crate::read::history_from(&self.ledger, barcode, head.seq, 1)?.pop())
    }

    /// Known barcodes close to `code` (for "did you mean"): its neighbours in key order and
    /// the codes that share most of its prefix, ranked by edit distance. Bounded work on any
    /// size of register.
    pub fn nearest_barcodes(&self, code: &str, n: usize) -> Result<Vec<String>, StoreError> {
        let mut cands: Vec<String> = Vec::new();
        for e in self.stock.range(code..).db()?.take(64) {
            cands.push(e.db()?.0.value().to_owned());
        }
        for e in self.stock.range(..code).db()?.rev().take(64) {
            cands.push(e.db()?.0.value().to_owned());
        }
        let keep = code.len().saturating_sub(3).max(1);
        let prefix: String = code.chars().take(keep).collect();
        for e in self.stock.range(prefix.as_str()..).db()?.take(4096) {
            let k = e.db()?.0.value().to_owned();
            if !k.starts_with(&prefix) {
                break;
            }
            cands.push(k);
        }
        Ok(depot_domain::scan::nearest(
            code,
            cands.iter().map(String::as_str),
            n,
        ))
    }

    /// Unit and warehouse codes close to `code`.
    pub fn nearest_places(&self, code: &str, n: usize) -> Result<Vec<String>, StoreError> {
        let mut cands = Vec::new();
        for t in [&self.units, &self.warehouses] {
            for e in t.iter().db()? {
                cands.push(e.db()?.0.value().to_owned());
            }
        }
        Ok(depot_domain::scan::nearest(
            code,
            cands.iter().map(String::as_str),
            n,
        ))
    }

    /// The barcodes whose index entry of `tag` has `value`, in barcode order.
    pub fn barcodes_by(
        &self,
        tag: Tag,
        value: &str,
    ) -> Result<Vec<depot_domain::Barcode>, StoreError> {
        self.debug_assert_no_pending();
        crate::read::barcodes_by(&self.index, tag, value)
    }

    /// The assets checked out to `place`, in barcode order. No index keeps locations (a scan
    /// would have to rewrite it), so this reads the whole stock: for opening a count, not for
    /// every scan.
    pub fn checked_out_to(&self, place: &str) -> Result<Vec<depot_domain::Barcode>, StoreError> {
        let mut out = Vec::new();
        for entry in self.stock.iter().db()? {
            let (k, v) = entry.db()?;
            if let (_, StockRow::Asset(a)) = rows::decode_stock(k.value(), v.value())?
                && a.location == Some(place)
            {
                out.push(depot_domain::Barcode::new(k.value()));
            }
        }
        Ok(out)
    }

    /// The movements of one barcode, oldest first.
    pub fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError> {
        crate::read::history(&self.stock, &self.ledger, barcode, usize::MAX)
    }

    /// The next sequence number the ledger will give.
    pub fn next_seq(&mut self) -> Result<u64, StoreError> {
        Ok(self.ledger_head()?.0 + 1)
    }

    /// The number and hash of the ledger's last movement, where the next one is chained.
    pub fn ledger_head(&mut self) -> Result<(u64, [u8; 32]), StoreError> {
        match self.head {
            Some(h) => Ok(h),
            None => {
                let h = crate::read::ledger_last(&self.ledger)?;
                self.head = Some(h);
                Ok(h)
            }
        }
    }

    /// From here to [`Self::end_batch`], new index keys are collected and written in key
    /// order, some megabytes at a time. The one index table holds keys of every kind (owner,
    /// item, life end, history …), so the keys of one stock row land on as many pages far
    /// apart; a million rows in a row would dirty more pages than redb's cache holds, and have
    /// them written out and read back again and again. Sorted, each batch sweeps the tree once.
    /// Nothing may read the index (`history`, `barcodes_by`, `last_movement`) meanwhile: the
    /// batch is not visible yet.
    pub fn begin_batch(&mut self) {
        self.pending.get_or_insert_default();
    }

    /// Writes the keys collected since [`Self::begin_batch`] and stops collecting.
    pub fn end_batch(&mut self) -> Result<(), StoreError> {
        let flushed = self.flush_index();
        self.pending = None;
        flushed
    }

    fn insert_index(&mut self, key: &[u8]) -> Result<(), StoreError> {
        let Some(p) = &mut self.pending else {
            self.index.insert(key, ()).db()?;
            return Ok(());
        };
        p.push(key);
        if p.keys.len() >= BATCH_KEYS {
            self.flush_index()?;
        }
        Ok(())
    }

    /// Writes the collected index keys in key order.
    fn flush_index(&mut self) -> Result<(), StoreError> {
        let Some(p) = &mut self.pending else {
            return Ok(());
        };
        p.sort();
        for k in &p.keys {
            self.index.insert(p.key(k), ()).db()?;
        }
        p.keys.clear();
        p.bytes.clear();
        Ok(())
    }

    fn debug_assert_no_pending(&self) {
        debug_assert!(
            self.pending.as_ref().is_none_or(|p| p.keys.is_empty()),
            "the index is read while a batch of keys is pending"
        );
    }

    /// What applying a movement needs of an item, from the cache of this transaction.
    pub fn item_facts(&mut self, code: &str) -> Result<Option<ItemFacts>, StoreError> {
        if !self.items.contains_key(code) {
            let i = get_item(&self.catalog, code)?;
            self.items.insert(code.to_owned(), i);
        }
        Ok(self
            .items
            .get(code)
            .and_then(|i| i.as_ref().map(ItemFacts::of)))
    }

    /// A barcode's stored state and what it keeps of its last movement.
    pub fn stock_head(&self, barcode: &str) -> Result<Option<(Head, Stock)>, StoreError> {
        self.with_stock(barcode, |v| {
            v.map(|b| {
                let (head, row) = rows::decode_stock(barcode, b)?;
                Ok((head, row.into_domain(barcode)))
            })
            .transpose()
        })
    }

    /// Stores a barcode's state `s` after its last movement `head` in place of `before` (as
    /// stored until now), and updates its index entries.
    pub fn put_stock(
        &mut self,
        before: Option<&Stock>,
        s: &Stock,
        life_years: Option<u32>,
        head: Head,
    ) -> Result<(), StoreError> {
        let barcode = s.barcode().as_str();
        let row = StockRow::from_domain(s);
        let value = rows::encode_stock(&row, head);
        self.stock.insert(barcode, value.as_slice()).db()?;
        // The life may have been another when the old entry was written; the catalogue upsert
        // re-indexes on a change of life, so the current one is right here.
        let old_row = before.map(StockRow::from_domain);
        let old = old_row.as_ref().map(|r| Indexed::of(r, life_years));
        self.rekey(barcode, old, Indexed::of(&row, life_years))?;
        self.recent.get_mut().put(barcode, Some(value));
        Ok(())
    }

    /// Replaces the index keys of `barcode` for `old` (none: a new row) by those for `new`,
    /// touching only the keys that differ, and nothing when nothing indexed changed.
    fn rekey(
        &mut self,
        barcode: &str,
        old: Option<Indexed<'_>>,
        new: Indexed<'_>,
    ) -> Result<(), StoreError> {
        if old == Some(new) {
            return Ok(());
        }
        let new_keys = new.keys(barcode);
        let old_keys = old.map_or_else(Vec::new, |o| o.keys(barcode));
        if old_keys.iter().any(|k| !new_keys.contains(k)) {
            // A stale key may still be waiting in the batch: write the batch first.
            self.flush_index()?;
            for k in old_keys.iter().filter(|k| !new_keys.contains(k)) {
                self.index.remove(k.as_slice()).db()?;
            }
        }
        for k in new_keys.iter().filter(|k| !old_keys.contains(k)) {
            self.insert_index(k)?;
        }
        Ok(())
    }

    /// Appends a sealed movement whose barcode's movement before it is `before` (0: none).
    pub fn append(&mut self, mv: &Movement, before: u64) -> Result<(), StoreError> {
        let row = MovementRow::from_domain(mv, before);
        self.ledger
            .insert(mv.seq, rows::encode(&row).as_slice())
            .db()?;
        self.head = Some((mv.seq, mv.hash));
        Ok(())
    }

    pub fn put_unit(&mut self, u: &Unit) -> Result<Upsert, StoreError> {
        upsert(
            &mut self.units,
            u.code.as_str(),
            &rows::encode(&UnitRow::from_domain(u)),
        )
    }

    pub fn put_warehouse(&mut self, w: &Warehouse) -> Result<Upsert, StoreError> {
        upsert(
            &mut self.warehouses,
            w.code.as_str(),
            &rows::encode(&WarehouseRow::from_domain(w)),
        )
    }

    pub fn put_module(&mut self, m: &Module) -> Result<Upsert, StoreError> {
        upsert(
            &mut self.modules,
            m.code.as_str(),
            &rows::encode(&ModuleRow::from_domain(m)),
        )
    }

    /// Stores a catalogue item; a changed service life re-indexes the life ends of its assets.
    pub fn put_item(&mut self, c: &CatalogItem) -> Result<Upsert, StoreError> {
        let before = get_item(&self.catalog, c.code.as_str())?;
        let result = upsert(
            &mut self.catalog,
            c.code.as_str(),
            &rows::encode(&CatalogRow::from_domain(c)),
        )?;
        self.items.insert(c.code.to_string(), Some(c.clone()));
        if let Some(b) = before
            && b.life_years != c.life_years
        {
            self.reindex_life(c.code.as_str(), b.life_years, c.life_years)?;
        }
        Ok(result)
    }

    fn reindex_life(
        &mut self,
        item: &str,
        old: Option<u32>,
        new: Option<u32>,
    ) -> Result<(), StoreError> {
        self.flush_index()?;
        let prefix = index::prefix(Tag::Item, item);
        let mut barcodes = Vec::new();
        for entry in self.index.range(prefix.as_slice()..).db()? {
            let (k, _) = entry.db()?;
            if !k.value().starts_with(&prefix) {
                break;
            }
            if let Some(b) = index::barcode_of(k.value(), &prefix) {
                barcodes.push(b.to_owned());
            }
        }
        for b in barcodes {
            let Some(v) = self.stock.get(b.as_str()).db()?.map(|v| v.value().to_vec()) else {
                continue;
            };
            let (_, row) = rows::decode_stock(&b, &v)?;
            self.rekey(&b, Some(Indexed::of(&row, old)), Indexed::of(&row, new))?;
        }
        Ok(())
    }

    pub fn put_standard(&mut self, l: &StandardLine) -> Result<Upsert, StoreError> {
        let mut t = self.txn.open_table(STANDARDS).db()?;
        upsert(
            &mut t,
            &rows::standard_key(l),
            &rows::encode(&StandardRow::from_domain(l)),
        )
    }

    pub fn put_target(&mut self, tg: &Target) -> Result<Upsert, StoreError> {
        let mut t = self.txn.open_table(TARGETS).db()?;
        upsert(
            &mut t,
            &rows::target_key(tg),
            &rows::encode(&TargetRow::from_domain(tg)),
        )
    }

    /// Overwrites a stored stock row without a movement. Only for tests that prove `verify`
    /// catches a state that the ledger does not explain.
    #[doc(hidden)]
    pub fn tamper_stock(&mut self, s: &Stock) -> Result<(), StoreError> {
        let barcode = s.barcode().as_str();
        let head = match self.stock.get(barcode).db()? {
            Some(v) => rows::decode_stock(barcode, v.value())?.0,
            None => Head::default(),
        };
        let value = rows::encode_stock(&StockRow::from_domain(s), head);
        self.stock.insert(barcode, value.as_slice()).db()?;
        self.recent.get_mut().put(barcode, Some(value));
        Ok(())
    }

    /// Overwrites a stored movement (keeping its link to the one before it). Only for tests
    /// that prove `verify` catches it.
    #[doc(hidden)]
    pub fn tamper_movement(&mut self, m: &Movement) -> Result<(), StoreError> {
        let prev = match self.ledger.get(m.seq).db()? {
            Some(v) => rows::decode::<MovementRow>("ledger", &m.seq.to_string(), v.value())?.prev,
            None => 0,
        };
        self.ledger
            .insert(
                m.seq,
                rows::encode(&MovementRow::from_domain(m, prev)).as_slice(),
            )
            .db()?;
        Ok(())
    }
}

impl Writer<'_> {
    /// Removes the last movements of the ledger, from `seq` on. Only for tests that prove
    /// `verify` catches a ledger cut short.
    #[doc(hidden)]
    pub fn tamper_truncate(&mut self, seq: u64) -> Result<(), StoreError> {
        self.ledger.retain_in(seq.., |_, _| false).db()?;
        self.head = None;
        Ok(())
    }

    /// Points a stored movement's history link elsewhere. Only for tests that prove `verify`
    /// catches a broken history.
    #[doc(hidden)]
    pub fn tamper_link(&mut self, seq: u64, prev: u64) -> Result<(), StoreError> {
        let Some(bytes) = self.ledger.get(seq).db()?.map(|v| v.value().to_vec()) else {
            return Ok(());
        };
        let mut row: MovementRow = rows::decode("ledger", &seq.to_string(), &bytes)?;
        row.prev = prev;
        self.ledger
            .insert(seq, rows::encode(&row).as_slice())
            .db()?;
        Ok(())
    }
}

impl StockView for Writer<'_> {
    fn stock(&self, barcode: &str) -> Result<Option<Stock>, StoreError> {
        self.with_stock(barcode, |v| v.map(|b| stock_of(barcode, b)).transpose())
    }
    fn item(&self, code: &str) -> Result<Option<CatalogItem>, StoreError> {
        if let Some(i) = self.items.get(code) {
            return Ok(i.clone());
        }
        get_item(&self.catalog, code)
    }
    fn unit(&self, code: &str) -> Result<Option<Unit>, StoreError> {
        get_unit(&self.units, code)
    }
    fn warehouse(&self, code: &str) -> Result<Option<Warehouse>, StoreError> {
        get_warehouse(&self.warehouses, code)
    }
    fn module(&self, code: &str) -> Result<Option<Module>, StoreError> {
        get_module(&self.modules, code)
    }
    fn modules(&self) -> Result<Vec<Module>, StoreError> {
        let mut out = Vec::new();
        for e in self.modules.iter().db()? {
            let (k, v) = e.db()?;
            let code = k.value();
            out.push(rows::decode::<ModuleRow>("modules", code, v.value())?.into_domain(code));
        }
        Ok(out)
    }
}
